// The value of a round: what one more round of each fire unit is worth against the threats still to come,
// the opportunity cost the per-cycle assignment adds to a round's price (cycle.ts). Without it the
// assignment spends a scarce round on the first threat worth more than the round's money, and the
// missiles that only that unit could stop arrive to an empty magazine.
//
// Demand is what the current cycle cannot act on: the forecast's groups still to arrive (forecast.ts)
// and the tracked threats no unit can engage yet, pooled by class and value. Each demand group g has an
// expected count n_g, a value v_g per threat, and for each unit u a kill capacity K_gu (the expected kills
// u can make on g's paths, reach.ts) at pk_gu per round. The look-ahead is the linear programme
//
//     max Σ_gu (v_g − c_u / pk_gu) y_gu   s.t.  Σ_u y_gu ≤ n_g,  0 ≤ y_gu ≤ K_gu,  Σ_g y_gu / pk_gu ≤ R_u
//
// (y = expected kills, c_u = λ·cost of a round, R_u = rounds left), and a round's value is the price μ_u of
// u's rounds row. For given prices the programme splits by group: each group takes kills from the units
// with the best net value per kill v_g − (c_u + μ_u)/pk_gu first (a fractional knapsack). The prices are
// found unit by unit (coordinate descent on the dual): μ_u is the least price at which the rounds u's
// groups ask of it fit its rounds, found by bisection; passes repeat until no price moves. Every loop is
// bounded and the work is counted against the doctrine's bound.
import { real, MAX_FIRE_UNITS } from "../board";
import { LOOKAHEAD_GROUPS, LOOKAHEAD_TRACK_GROUPS } from "../limits";
import { CLASS_COUNT, CLASS_DRONE, CLASS_UNKNOWN, STAT_LOOKAHEAD_RUNS, STAT_LOOKAHEAD_WORK, STAT_LOOKAHEAD_CUT, STAT_LOOKAHEAD_GROUPS_DROPPED } from "../protocol";
import { statAdd, statSet } from "../stats";
import {
  unitCount, unitDown, readyRounds, magazine, reloadS, costPerRound, costWeight, pk, assetCount, ax, ay, assetValue, decoyShare,
  lookaheadWorkBound,
} from "./battery";
import { forecastCount, forecastRemaining, forecastAim, fStartMs, fClass, fBearing, fSpread, fValue, fEntry, fDecoy, fAlt, fSpeed } from "./forecast";
import { passKill, terminalKill } from "./reach";
import { lethality } from "./threat";
import { truncSat } from "../util/trunc";

/** μ_u: the value of one round of unit u, in value units, from the last look-ahead. */
export const roundValue = new StaticArray<f64>(MAX_FIRE_UNITS);

const PASSES: i32 = 8;
const BISECTIONS: i32 = 24;
/** Bearings sampled across a forecast group's axis. */
const AXIS_SAMPLES: i32 = 5;
/** Value bands of the tracked threats' groups: a factor of 4 each, below the most valuable threat possible. */
const VALUE_BANDS: i32 = LOOKAHEAD_TRACK_GROUPS / CLASS_COUNT;

// Demand groups, and per (group, unit) the kill capacity (the Pk of a round is the unit's for the class).
const gCount = new StaticArray<f64>(LOOKAHEAD_GROUPS);
const gValue = new StaticArray<f64>(LOOKAHEAD_GROUPS); // per threat (the sum while a tracked group fills)
const gClass = new StaticArray<i32>(LOOKAHEAD_GROUPS);
const gArriveMs = new StaticArray<f64>(LOOKAHEAD_GROUPS); // when the group starts to arrive
const gKill = new StaticArray<real>(LOOKAHEAD_GROUPS * MAX_FIRE_UNITS);
// Rounds of unit u the settled programme gives group g: what u keeps for it (keptRounds()).
const gRounds = new StaticArray<real>(LOOKAHEAD_GROUPS * MAX_FIRE_UNITS);
/** A group is kept from a threat when one of its threats is worth this many times more. */
const KEEP_RATIO: f64 = 1.25;
let groups: i32 = 0;
// Tracked groups by (class, value band): their slot in the demand table, −1 while empty.
const trackGroup = new StaticArray<i32>(LOOKAHEAD_TRACK_GROUPS);
const rounds = new StaticArray<f64>(MAX_FIRE_UNITS); // R_u
const unitPrice = new StaticArray<f64>(MAX_FIRE_UNITS); // c_u = λ·cost
// Units whose rounds cannot run out and cost nothing worth pricing (e.g. jammers): the first layer.
const free = new StaticArray<bool>(MAX_FIRE_UNITS);
const FREE_ROUNDS: i32 = 4096;
const FREE_PRICE: f64 = 1e-5; // of the most one threat can destroy
let work: f64 = 0;
let topValue: f64 = 0; // the most one threat can destroy: the scale of the value bands
let nowMs: f64 = 0; // time of the look-ahead

export function roundValueClear(): void {
  for (let u = 0; u < MAX_FIRE_UNITS; u++) unchecked(roundValue[u] = 0);
  groups = 0;
  topValue = 0;
}

/** Value of a tracked threat of class `cls` that reaches `asset`: its warhead on that asset, less decoys. */
export function valueAtRisk(cls: i32, asset: i32): f64 {
  if (asset < 0) return 0;
  const v = <f64>lethality(cls) * <f64>unchecked(assetValue[asset]);
  return cls == CLASS_DRONE || cls == CLASS_UNKNOWN ? v * (1 - <f64>decoyShare) : v;
}

/** Starts a look-ahead at tMs: the forecast's groups still to come. */
export function demandBegin(tMs: f64): void {
  groups = 0;
  nowMs = tMs;
  work = 0;
  const nu = unitCount();
  const na = assetCount();
  topValue = 0;
  for (let a = 0; a < na; a++) topValue = max(topValue, <f64>unchecked(assetValue[a]));
  let topLethal: f64 = 0;
  for (let c = 0; c < CLASS_COUNT; c++) topLethal = max(topLethal, <f64>lethality(c));
  topValue *= topLethal;
  for (let u = 0; u < nu; u++) {
    const left = unchecked(unitDown[u]) ? 0 : unchecked(readyRounds[u]) + unchecked(magazine[u]);
    unchecked(rounds[u] = <f64>left);
    unchecked(unitPrice[u] = <f64>costWeight * <f64>unchecked(costPerRound[u]));
    unchecked(free[u] = left >= FREE_ROUNDS && unchecked(unitPrice[u]) <= FREE_PRICE * topValue);
  }
  for (let k = 0; k < LOOKAHEAD_TRACK_GROUPS; k++) unchecked(trackGroup[k] = -1);
  const nf = forecastCount();
  for (let f = 0; f < nf; f++) {
    const n = <f64>forecastRemaining(f, tMs);
    let weightSum: f64 = 0;
    for (let a = 0; a < na; a++) weightSum += <f64>forecastAim(f, a, unchecked(assetValue[a]));
    if (!(n > 0) || na == 0 || !(weightSum > 0)) continue;
    if (groups >= LOOKAHEAD_GROUPS) { statAdd(STAT_LOOKAHEAD_GROUPS_DROPPED, 1); continue; }
    const cls = unchecked(fClass[f]);
    const g = newGroup(cls, max(tMs, unchecked(fStartMs[f])));
    // What one arrival destroys, less the decoys among them (no warhead).
    unchecked(gValue[g] = <f64>unchecked(fValue[f]) * (1 - <f64>unchecked(fDecoy[f])));
    // Paths from AXIS_SAMPLES bearings across the axis to every asset, weighted as the forecast aims (by
    // value when it does not say).
    const share = n / (weightSum * <f64>AXIS_SAMPLES);
    for (let s = 0; s < AXIS_SAMPLES; s++) {
      const b = unchecked(fBearing[f]) + unchecked(fSpread[f]) * <real>(s - (AXIS_SAMPLES >> 1)) / <real>(AXIS_SAMPLES >> 1);
      const ex = <real>(<f64>unchecked(fEntry[f]) * Math.sin(<f64>b)), ey = <real>(<f64>unchecked(fEntry[f]) * Math.cos(<f64>b));
      for (let a = 0; a < na; a++) {
        const w = <f64>forecastAim(f, a, unchecked(assetValue[a]));
        if (!(w > 0)) continue;
        addPath(g, cls, ex, ey, unchecked(ax[a]), unchecked(ay[a]), unchecked(fAlt[f]), unchecked(fSpeed[f]), share * w);
      }
    }
  }
}

function newGroup(cls: i32, arriveMs: f64): i32 {
  const g = groups++;
  unchecked(gArriveMs[g] = arriveMs);
  unchecked(gCount[g] = 0); unchecked(gValue[g] = 0); unchecked(gClass[g] = cls);
  const row = g * MAX_FIRE_UNITS;
  const nu = unitCount();
  for (let u = 0; u < nu; u++) unchecked(gKill[row + u] = 0);
  return g;
}

/**
 * Adds `weight` threats of group g flying from A to B. The free units (rounds beyond counting, no price)
 * fight first on the very path, so what the priced units face is what survives them; their paths overlap,
 * so this is done path by path, not by summing each unit's share.
 */
function addPath(g: i32, cls: i32, ax_: real, ay_: real, bx: real, by: real, alt: real, speed: real, weight: f64): void {
  const nu = unitCount();
  let survive: f64 = 1;
  for (let u = 0; u < nu; u++) {
    if (unchecked(free[u])) survive *= 1 - <f64>terminalKill(u, cls, ax_, ay_, bx, by, alt, speed);
  }
  const left = weight * survive;
  if (!(left > 0)) return;
  unchecked(gCount[g] += left);
  const row = g * MAX_FIRE_UNITS;
  for (let u = 0; u < nu; u++) {
    if (unchecked(free[u]) || !(unchecked(rounds[u]) > 0)) continue;
    unchecked(gKill[row + u] += <real>(left * <f64>passKill(u, cls, ax_, ay_, bx, by, alt, speed)));
  }
  work += <f64>nu;
}

/**
 * Adds a tracked threat no unit can engage this cycle: class `cls`, at (x, y, z) with horizontal speed
 * `speed`, most threatened asset `asset`.
 */
export function demandAddTracked(cls: i32, asset: i32, x: real, y: real, z: real, speed: real): void {
  const v = valueAtRisk(cls, asset);
  if (!(v > 0) || !(topValue > 0)) return;
  const band = truncSat(min<f64>(<f64>(VALUE_BANDS - 1), Math.log2(topValue / v) * 0.5));
  const key = cls * VALUE_BANDS + max(0, band);
  let g = unchecked(trackGroup[key]);
  if (g < 0) {
    if (groups >= LOOKAHEAD_GROUPS) { statAdd(STAT_LOOKAHEAD_GROUPS_DROPPED, 1); return; }
    g = newGroup(cls, nowMs);
    unchecked(trackGroup[key] = g);
  }
  const before = unchecked(gCount[g]);
  addPath(g, cls, x, y, unchecked(ax[asset]), unchecked(ay[asset]), z, speed, 1);
  unchecked(gValue[g] += v * (unchecked(gCount[g]) - before)); // a sum until demandSolve() takes the mean
}

/**
 * Probability that a threat of class `cls` at (x, y, z), flying at `speed` to `asset`, survives the free
 * units on its way (as of the last look-ahead): the share of its value the priced units still have to save.
 */
export function freeSurvival(cls: i32, asset: i32, x: real, y: real, z: real, speed: real): f64 {
  if (asset < 0) return 1;
  const nu = unitCount();
  let survive: f64 = 1;
  for (let u = 0; u < nu; u++) {
    if (unchecked(free[u])) survive *= 1 - <f64>terminalKill(u, cls, x, y, unchecked(ax[asset]), unchecked(ay[asset]), z, speed);
  }
  return survive;
}

/**
 * freeSurvival() for a threat whose aim is not known yet: the mean over the assets ahead of it (closing on
 * them), weighted by value. Far out, a track's most threatened asset is where its present heading passes
 * nearest, which a dog-legging drone soon leaves.
 */
export function freeSurvivalAhead(cls: i32, x: real, y: real, z: real, vx: real, vy: real): f64 {
  const na = assetCount();
  const speed = sqrt<real>(vx * vx + vy * vy);
  let sum: f64 = 0, weights: f64 = 0;
  for (let a = 0; a < na; a++) {
    const dx = unchecked(ax[a]) - x, dy = unchecked(ay[a]) - y;
    if (dx * vx + dy * vy <= 0) continue; // behind it
    const w = <f64>unchecked(assetValue[a]);
    sum += w * freeSurvival(cls, a, x, y, z, speed);
    weights += w;
  }
  return weights > 0 ? sum / weights : 1;
}

/** Least chance of a kill on its way that makes a cheaper unit worth waiting for. */
const DEFER_KILL: real = 0.5;

/**
 * Whether a cheaper unit (a lower price per kill, money and round value together) will get a fair chance
 * (DEFER_KILL) at this threat on its way to `asset`: then unit u leaves it to that one, the cheapest capable
 * layer first. A long-range SAM that reaches a cruise missile before the short-range SAMs do would otherwise
 * spend the round the ballistic missiles need, because it reaches first, not because it is the better use.
 */
export function cheaperLater(u: i32, cls: i32, asset: i32, x: real, y: real, z: real, speed: real): bool {
  if (asset < 0) return false;
  const pu = <f64>unchecked(pk[u * CLASS_COUNT + cls]);
  if (!(pu > 0)) return false;
  const mine = (unchecked(unitPrice[u]) + unchecked(roundValue[u])) / pu;
  const nu = unitCount();
  for (let w = 0; w < nu; w++) {
    if (w == u || unchecked(free[w]) || unchecked(unitDown[w]) || unchecked(readyRounds[w]) + unchecked(magazine[w]) <= 0) continue;
    const pw = <f64>unchecked(pk[w * CLASS_COUNT + cls]);
    if (!(pw > 0) || !((unchecked(unitPrice[w]) + unchecked(roundValue[w])) / pw < mine)) continue;
    if (passKill(w, cls, x, y, unchecked(ax[asset]), unchecked(ay[asset]), z, speed) >= DEFER_KILL) return true;
  }
  return false;
}

/** Rounds unit u is asked for at the current prices: its share of each group it serves (kept per group when
 *  `record`). */
function consumption(u: i32, price: f64, record: bool = false): f64 {
  const nu = unitCount();
  let used: f64 = 0;
  for (let g = 0; g < groups; g++) {
    const row = g * MAX_FIRE_UNITS;
    const k = <f64>unchecked(gKill[row + u]);
    if (!(k > 0)) continue;
    const v = unchecked(gValue[g]);
    const cls = unchecked(gClass[g]);
    const p = <f64>unchecked(pk[u * CLASS_COUNT + cls]);
    const mine = v - (unchecked(unitPrice[u]) + price) / p;
    if (!(mine > 0)) continue;
    // Kills taken by units ahead of u in this group's order (better net value per kill; ties: lower index).
    let ahead: f64 = 0;
    for (let w = 0; w < nu; w++) {
      if (w == u) continue;
      const kw = <f64>unchecked(gKill[row + w]);
      if (!(kw > 0)) continue;
      const theirs = v - (unchecked(unitPrice[w]) + unchecked(roundValue[w])) / <f64>unchecked(pk[w * CLASS_COUNT + cls]);
      if (theirs > mine || (theirs == mine && w < u)) ahead += kw;
    }
    const left = unchecked(gCount[g]) - ahead;
    const r = left > 0 ? min(k, left) / p : 0;
    used += r;
    if (record) unchecked(gRounds[row + u] = <real>r);
  }
  work += <f64>(groups * nu);
  return used;
}

/** Settles the prices of the groups added since demandBegin(); returns false when the work bound cut it. */
export function demandSolve(): bool {
  // A tracked group's value is its members' mean (the forecast's are per threat already).
  for (let k = 0; k < LOOKAHEAD_TRACK_GROUPS; k++) {
    const g = unchecked(trackGroup[k]);
    if (g >= 0 && unchecked(gCount[g]) > 0) unchecked(gValue[g] = unchecked(gValue[g]) / unchecked(gCount[g]));
  }
  const nu = unitCount();
  const bound = <f64>lookaheadWorkBound;
  let settled = false;
  for (let pass = 0; pass < PASSES && !settled && work < bound; pass++) {
    settled = true;
    for (let u = 0; u < nu && work < bound; u++) {
      const old = unchecked(roundValue[u]);
      let price: f64 = 0;
      if (unchecked(rounds[u]) > 0 && consumption(u, 0) > unchecked(rounds[u])) {
        // Above hi no group wants u's rounds at all; bisect for the least price at which they fit.
        let lo: f64 = 0, hi: f64 = 0;
        for (let g = 0; g < groups; g++) {
          const row = g * MAX_FIRE_UNITS;
          if (unchecked(gKill[row + u]) > 0) hi = max(hi, unchecked(gValue[g]) * <f64>unchecked(pk[u * CLASS_COUNT + gClass[g]]));
        }
        for (let b = 0; b < BISECTIONS; b++) {
          const mid = 0.5 * (lo + hi);
          if (consumption(u, mid) > unchecked(rounds[u])) lo = mid; else hi = mid;
        }
        price = hi;
      }
      unchecked(roundValue[u] = price);
      if (abs(price - old) > 1e-3 * max(abs(old), 1.0)) settled = false;
    }
  }
  // What each unit's rounds go to at the settled prices.
  for (let g = 0; g < groups; g++) for (let u = 0; u < nu; u++) unchecked(gRounds[g * MAX_FIRE_UNITS + u] = 0);
  for (let u = 0; u < nu; u++) consumption(u, unchecked(roundValue[u]), true);
  statAdd(STAT_LOOKAHEAD_RUNS, 1);
  statSet(STAT_LOOKAHEAD_WORK, work);
  if (!settled) statAdd(STAT_LOOKAHEAD_CUT, 1);
  return settled;
}

/**
 * Whether unit u must hold its next round from a threat of value `v` at tMs: the programme gives u's rounds
 * to later groups worth KEEP_RATIO times more, and u will not have more rounds than that by the time the
 * first of them arrives (its ready rounds, and what it reloads before then). The price alone does not
 * hold such rounds when the forecast seems to leave rounds to spare (price 0), yet a model slightly off
 * then spends them on the first drones, and a launcher that reloads in half an hour is empty for the
 * missiles that come twenty minutes later.
 */
export function holdsRound(u: i32, v: f64, tMs: f64): bool {
  let kept: f64 = 0;
  let firstMs: f64 = Infinity;
  for (let g = 0; g < groups; g++) {
    const r = <f64>unchecked(gRounds[g * MAX_FIRE_UNITS + u]);
    if (r > 0 && unchecked(gValue[g]) > KEEP_RATIO * v) { kept += r; firstMs = min(firstMs, unchecked(gArriveMs[g])); }
  }
  if (!(kept > 0)) return false;
  let left = <f64>unchecked(readyRounds[u]);
  const mag = <f64>unchecked(magazine[u]);
  const reload = <f64>unchecked(reloadS[u]) * 1000;
  if (mag > 0) left += reload > 0 ? min(mag, Math.floor(max(0, firstMs - tMs) / reload)) : mag;
  return left - 1 < kept;
}

/** Demand groups of the last look-ahead (for the ABI and tests). */
export function demandGroups(): i32 { return groups; }
export function demandCount(g: i32): f64 { return g >= 0 && g < groups ? unchecked(gCount[g]) : NaN; }
export function demandValue(g: i32): f64 { return g >= 0 && g < groups ? unchecked(gValue[g]) : NaN; }
export function demandKill(g: i32, u: i32): f64 {
  return g >= 0 && g < groups && u >= 0 && u < MAX_FIRE_UNITS ? <f64>unchecked(gKill[g * MAX_FIRE_UNITS + u]) : NaN;
}
