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
  unitCount, unitDown, readyRounds, launcherCapacity, magazine, reloadS, reloadWhole, costPerRound, costWeight, pk, assetCount, ax, ay, assetValue, decoyShare,
  lookaheadWorkBound, salvoLimit, shootLookShoot,
} from "./battery";
import { forecastCount, forecastRemaining, forecastAim, fStartMs, fClass, fBearing, fSpread, fValue, fEntry, fDecoy, fAlt, fSpeed } from "./forecast";
import { passKill, passShots, terminalKill } from "./reach";
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
const gArriveMs = new StaticArray<f64>(LOOKAHEAD_GROUPS); // when the group starts to arrive
const gKill = new StaticArray<real>(LOOKAHEAD_GROUPS * MAX_FIRE_UNITS);
// Rounds those kills take: one round an engagement with shoot-look-shoot, a salvo where only one engagement
// fits (a ballistic missile crosses a long-range zone in one), so rounds per kill differ by group.
const gNeed = new StaticArray<real>(LOOKAHEAD_GROUPS * MAX_FIRE_UNITS);
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
    const g = newGroup(max(tMs, unchecked(fStartMs[f])));
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

function newGroup(arriveMs: f64): i32 {
  const g = groups++;
  unchecked(gArriveMs[g] = arriveMs);
  unchecked(gCount[g] = 0); unchecked(gValue[g] = 0);
  const row = g * MAX_FIRE_UNITS;
  const nu = unitCount();
  for (let u = 0; u < nu; u++) { unchecked(gKill[row + u] = 0); unchecked(gNeed[row + u] = 0); }
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
    const shots = passShots(u, cls, ax_, ay_, bx, by, alt, speed);
    if (shots <= 0) continue;
    const p = <f64>unchecked(pk[u * CLASS_COUNT + cls]);
    const sls = shootLookShoot && shots >= 2;
    const n = sls ? shots : salvoLimit; // engagements of one round, or one salvo
    const kill = 1 - Math.pow(1 - p, <f64>n);
    unchecked(gKill[row + u] += <real>(left * kill));
    unchecked(gNeed[row + u] += <real>(left * (sls ? kill / p : <f64>n)));
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
    g = newGroup(nowMs);
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

/**
 * Whether unit u should leave this threat to a cheaper unit it will meet on its way to `asset`: the
 * cheapest capable layer first. u compares its own shot now, pk_u·v − π_u (π = λ·cost + the value of a
 * round), with what waiting for unit w is worth, P_w·v − π_w·P_w/pk_w: w's chance of a kill on the path
 * (shoot-look-shoot, reach.ts), less the rounds it spends on the way (P_w/pk_w in expectation). u leaves
 * the threat only to a unit that will be able to fire then (rounds ready, or reloaded before the threat
 * gets there) and will not hold its rounds from a threat of this stake (holdsRound), and only while the
 * threats already left to w this cycle (`leftTo`, by unit) are fewer than its ready rounds: a crew with
 * four interceptor drones is no later layer for forty drones. Without the stake in the comparison, a
 * long-range SAM left a drone to a short-range SAM that held its rounds for the cruise missiles, which
 * left it to a gun with one channel, and the drone went through untouched. Returns the unit it leaves
 * the threat to, or −1.
 */
export function cheaperLater(u: i32, cls: i32, asset: i32, x: real, y: real, z: real, speed: real, stake: f64, tMs: f64,
  leftTo: StaticArray<i32>): i32 {
  if (asset < 0 || !(stake > 0)) return -1;
  const pu = <f64>unchecked(pk[u * CLASS_COUNT + cls]);
  if (!(pu > 0)) return -1;
  const priceU = unchecked(unitPrice[u]) + unchecked(roundValue[u]);
  const now = pu * stake - priceU;
  const dx = <f64>(unchecked(ax[asset]) - x), dy = <f64>(unchecked(ay[asset]) - y);
  const arriveMs = speed > 0 ? tMs + Math.sqrt(dx * dx + dy * dy) / <f64>speed * 1000 : tMs;
  const nu = unitCount();
  for (let w = 0; w < nu; w++) {
    if (w == u || unchecked(free[w]) || unchecked(unitDown[w])) continue;
    const pw = <f64>unchecked(pk[w * CLASS_COUNT + cls]);
    if (!(pw > 0)) continue;
    const price = unchecked(unitPrice[w]) + unchecked(roundValue[w]);
    if (!(price / pw < priceU / pu)) continue;
    // Rounds when the threat comes: ready now, or a reload from the magazine done before it arrives.
    const ready = unchecked(readyRounds[w]) > 0
      || (unchecked(magazine[w]) > 0 && tMs + <f64>unchecked(reloadS[w]) * 1000 < arriveMs);
    if (!ready || unchecked(leftTo[w]) >= max(1, unchecked(readyRounds[w])) || holdsRound(w, stake, tMs)) continue;
    const pass = <f64>passKill(w, cls, x, y, unchecked(ax[asset]), unchecked(ay[asset]), z, speed);
    if (!(pass > 0)) continue;
    if (pass * stake - price * pass / pw >= now) return w;
  }
  return -1;
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
    const perKill = <f64>unchecked(gNeed[row + u]) / k;
    const mine = v - (unchecked(unitPrice[u]) + price) * perKill;
    if (!(mine > 0)) continue;
    // Kills taken by units ahead of u in this group's order (better net value per kill; ties: lower index).
    let ahead: f64 = 0;
    for (let w = 0; w < nu; w++) {
      if (w == u) continue;
      const kw = <f64>unchecked(gKill[row + w]);
      if (!(kw > 0)) continue;
      const theirs = v - (unchecked(unitPrice[w]) + unchecked(roundValue[w])) * (<f64>unchecked(gNeed[row + w]) / kw);
      if (theirs > mine || (theirs == mine && w < u)) ahead += kw;
    }
    const left = unchecked(gCount[g]) - ahead;
    const r = left > 0 ? min(k, left) * perKill : 0;
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
          const k = <f64>unchecked(gKill[row + u]);
          if (k > 0) hi = max(hi, unchecked(gValue[g]) * k / <f64>unchecked(gNeed[row + u]));
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
 * Whether unit u must hold its next round from a threat of value `v` at tMs: the settled programme gives
 * u's rounds to later groups worth KEEP_RATIO times more, and u will not have that many rounds ready when
 * the first of them arrives (roundsAt: its ready rounds, and what it reloads before then), unless its
 * launchers, refilled only once empty, can be emptied now and refilled in time (cycles()). The price alone
 * does not hold such rounds when the forecast seems to leave rounds to spare (price 0), yet a model
 * slightly off then spends them on the first drones, and a launcher that reloads in half an hour is empty
 * for the missiles that come twenty minutes later.
 */
export function holdsRound(u: i32, v: f64, tMs: f64): bool {
  // The rounds the programme gives to groups worth KEEP_RATIO times more, and when the first of them comes.
  let kept: f64 = 0;
  let firstMs: f64 = Infinity;
  for (let g = 0; g < groups; g++) {
    const r = <f64>unchecked(gRounds[g * MAX_FIRE_UNITS + u]);
    if (r > 0 && unchecked(gValue[g]) > KEEP_RATIO * v) { kept += r; firstMs = min(firstMs, unchecked(gArriveMs[g])); }
  }
  if (!(kept > 0) || roundsAt(u, 1, firstMs, tMs) >= kept) return false;
  return !cycles(u, kept, firstMs, tMs);
}

/**
 * Whether a launcher refilled only once empty may spend its ready rounds now and meet the later groups
 * with the refill: the refill holds what they keep (a full launcher at most), and there is time to empty
 * the launcher and reload before the first of them arrives at firstMs (with CYCLE_SLACK_MS to spare).
 */
function cycles(u: i32, kept: f64, firstMs: f64, tMs: f64): bool {
  if (!unchecked(reloadWhole[u])) return false;
  const cap = <f64>unchecked(launcherCapacity[u]);
  const refill = min(cap, <f64>unchecked(magazine[u]));
  const deadlineMs = firstMs - <f64>unchecked(reloadS[u]) * 1000 - CYCLE_SLACK_MS;
  return refill >= min(kept, cap) && tMs < deadlineMs;
}

/** Time kept between emptying a launcher for a refill and the refill the later groups need, ms. */
const CYCLE_SLACK_MS: f64 = 600000;

/**
 * Rounds unit u will have ready at atMs if it fires `n` now and nothing more before then. With the
 * whole-launcher policy a launcher left part-full is never refilled: only a shot that empties it starts
 * the reload, which is done reloadS later.
 */
export function roundsAt(u: i32, n: i32, atMs: f64, tMs: f64): f64 {
  const ready = <f64>(unchecked(readyRounds[u]) - n);
  const mag = <f64>unchecked(magazine[u]);
  const cap = <f64>unchecked(launcherCapacity[u]);
  const reload = <f64>unchecked(reloadS[u]) * 1000;
  if (!(mag > 0)) return ready;
  if (unchecked(reloadWhole[u])) {
    if (ready > 0) return ready;
    return tMs + reload <= atMs ? min(cap, mag) : 0;
  }
  return min(cap, ready + (reload > 0 ? min(mag, Math.floor(max(0, atMs - tMs) / reload)) : mag));
}

/** Demand groups of the last look-ahead (for the ABI and tests). */
export function demandGroups(): i32 { return groups; }
export function demandCount(g: i32): f64 { return g >= 0 && g < groups ? unchecked(gCount[g]) : NaN; }
export function demandValue(g: i32): f64 { return g >= 0 && g < groups ? unchecked(gValue[g]) : NaN; }
export function demandKill(g: i32, u: i32): f64 {
  return g >= 0 && g < groups && u >= 0 && u < MAX_FIRE_UNITS ? <f64>unchecked(gKill[g * MAX_FIRE_UNITS + u]) : NaN;
}
