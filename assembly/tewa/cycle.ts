// One threat-evaluation and weapon-assignment cycle, run by `step` after tracking:
// classify and evaluate every confirmed track, price every feasible (fire unit, threat) pair from the
// intercept geometry, solve the weapon-target assignment with round costs, channel and salvo limits, and
// turn it into fire orders. Shoot-look-shoot: a threat gets one round when a second engagement would still
// fit before its time-to-go, otherwise a salvo up to the doctrine's limit.
import { real, MAX_TRACKS, MAX_FIRE_UNITS, WTA_MAX_WEAPONS, WTA_MAX_TARGETS } from "../board";
import {
  TRACK_TENTATIVE, CLASS_BALLISTIC, CLASS_DRONE, CLASS_UNKNOWN, CLASS_COUNT, UNIT_LONG_RANGE_SAM, STAT_THREATS, STAT_ORDERS, STAT_ROUNDS_FIRED,
  STAT_WTA_OBJECTIVE, STAT_WTA_WORK,
} from "../protocol";
import { statAdd, statSet } from "../stats";
import { heapsortBy } from "../util/heapsort";
import { radixsortBy } from "../util/radixsort";
import { active, trackCount, tx, ty, tz, tvx, tvy, tvz, tTime, tStatus, tClass, tKilled, tEngaged } from "../track/tracks";
import { positionSigmaAt, velocitySigma } from "../track/maintain";
import { classify, lastConfidence } from "./classify";
import { evaluate, threatValue, threatTgo, threatAsset, threatPHit } from "./threat";
import { intercept, interceptT, ix, iy, iz, reachA, reachB } from "./intercept";
import {
  ux, uy, uz, unitCount, unitKind, unitDown, readyRounds, magazine, channels, busyChannels, pk, costPerRound, costWeight, salvoLimit,
  shootLookShoot, reserveForBallistic, killAssessS, wtaWorkBound, reloadTo, spendRounds, reserveHolds, lookaheadOn,
  lookaheadPeriodS, decoyShare,
} from "./battery";
import { roundValue, roundValueClear, demandBegin, demandAddTracked, demandSolve, freeSurvivalAhead, holdsRound, valueAtRisk, cheaperLater } from "./round-value";
import { engagementsAdvance, engagementOpen, engagementRoom } from "./engage";
import { WTA_MAX_ROUNDS, wtaValue, wtaCount, wtaP, roundCost, targetCap, weaponSpread, roundWeapon, roundTarget, nRounds, work } from "./wta-state";
import { solve } from "./wta";
import { orderAdd, ordersClear } from "./orders";

// Threat table of this step (evaluated confirmed tracks), read by the THREATS output.
export const thSlot = new StaticArray<i32>(MAX_TRACKS);
export const thValue = new StaticArray<real>(MAX_TRACKS);
export const thTgo = new StaticArray<real>(MAX_TRACKS);
export const thAsset = new StaticArray<i32>(MAX_TRACKS);
export const thPHit = new StaticArray<real>(MAX_TRACKS);
export const thConf = new StaticArray<real>(MAX_TRACKS);
const thKey = new StaticArray<real>(MAX_TRACKS);
const thOrder = new StaticArray<i32>(MAX_TRACKS);
const px = new StaticArray<real>(MAX_TRACKS);
const py = new StaticArray<real>(MAX_TRACKS);
const pz = new StaticArray<real>(MAX_TRACKS);
let threats: i32 = 0;
export function threatCount(): i32 { return threats; }

// WTA columns (candidate threats) and rows (fire units offered this cycle).
const colThreat = new StaticArray<i32>(WTA_MAX_TARGETS);
const rowUnit = new StaticArray<i32>(WTA_MAX_WEAPONS);
const rowReachA = new StaticArray<real>(WTA_MAX_WEAPONS);
const rowReachB = new StaticArray<real>(WTA_MAX_WEAPONS);
const colX = new StaticArray<real>(WTA_MAX_TARGETS); // threat position at the step time
const colY = new StaticArray<real>(WTA_MAX_TARGETS);
const colZ = new StaticArray<real>(WTA_MAX_TARGETS);
const colSpeed = new StaticArray<real>(WTA_MAX_TARGETS);
const colEarliest = new StaticArray<real>(WTA_MAX_TARGETS); // earliest feasible intercept, s
const colStake = new StaticArray<f64>(WTA_MAX_TARGETS); // what the threat would destroy past the free units
const colSurvive = new StaticArray<f64>(WTA_MAX_TARGETS); // chance it gets past the free units
const colLeftTo = new StaticArray<i32>(WTA_MAX_TARGETS); // the cheaper unit this cycle left it to, or −1
const leftTo = new StaticArray<i32>(MAX_FIRE_UNITS); // threats left to each unit this cycle

let seed: u32 = 1;
let lookaheadMs: f64 = -Infinity; // time of the last look-ahead

export function tewaReset(): void { threats = 0; seed = 1; lookaheadMs = -Infinity; roundValueClear(); }

export function tewaStep(tMs: f64): void {
  reloadTo(tMs);
  engagementsAdvance(tMs);
  ordersClear();
  evaluateThreats(tMs);
  statSet(STAT_THREATS, <f64>threats);
  if (unitCount() == 0) return;
  // The value of a round, every look-ahead period of the picture's time (and again if time went back).
  if (lookaheadOn && (tMs - lookaheadMs >= <f64>lookaheadPeriodS * 1000 || tMs < lookaheadMs)) {
    lookahead(tMs);
    lookaheadMs = tMs;
  }
  if (threats == 0) return;
  assign(tMs);
}

/** Prices every unit's rounds against the forecast and the tracked threats no unit can engage yet. */
function lookahead(tMs: f64): void {
  demandBegin(tMs);
  const nu = unitCount();
  for (let h = 0; h < threats; h++) {
    const s = unchecked(thSlot[h]);
    if (unchecked(tKilled[s]) || unchecked(tEngaged[s]) > 0 || unchecked(thAsset[h]) < 0) continue;
    const vx = unchecked(tvx[s]), vy = unchecked(tvy[s]), vz = unchecked(tvz[s]);
    // A threat some unit can engage now is this cycle's assignment's to decide, not the look-ahead's.
    let now = false;
    for (let u = 0; u < nu && !now; u++) {
      if (unchecked(unitDown[u]) || unchecked(readyRounds[u]) <= 0) continue;
      const dx = unchecked(px[h]) - unchecked(ux[u]), dy = unchecked(py[h]) - unchecked(uy[u]), dz = unchecked(pz[h]) - unchecked(uz[u]);
      const reach = reachA(u) + sqrt<real>(vx * vx + vy * vy + vz * vz) * reachB(u);
      if (dx * dx + dy * dy + dz * dz > reach * reach) continue;
      now = intercept(u, unchecked(px[h]), unchecked(py[h]), unchecked(pz[h]), vx, vy, vz, unchecked(thTgo[h]))
        && unchecked(pk[u * CLASS_COUNT + tClass[s]]) > 0;
    }
    if (now) continue;
    demandAddTracked(<i32>unchecked(tClass[s]), unchecked(thAsset[h]), unchecked(px[h]), unchecked(py[h]), unchecked(pz[h]),
      sqrt<real>(vx * vx + vy * vy));
  }
  demandSolve();
}

function evaluateThreats(tMs: f64): void {
  threats = 0;
  const nt = trackCount();
  for (let k = 0; k < nt; k++) {
    const s = unchecked(active[k]);
    if (<i32>unchecked(tStatus[s]) == TRACK_TENTATIVE) continue;
    const dt = <real>((tMs - unchecked(tTime[s])) * 0.001);
    const x = unchecked(tx[s]) + unchecked(tvx[s]) * dt;
    const y = unchecked(ty[s]) + unchecked(tvy[s]) * dt;
    const z = unchecked(tz[s]) + unchecked(tvz[s]) * dt;
    const cls = classify(unchecked(tvx[s]), unchecked(tvy[s]), unchecked(tvz[s]), z);
    unchecked(tClass[s] = <u8>cls);
    evaluate(x, y, z, unchecked(tvx[s]), unchecked(tvy[s]), unchecked(tvz[s]), positionSigmaAt(s, dt), velocitySigma(s, dt), cls);
    const h = threats++;
    unchecked(thSlot[h] = s);
    unchecked(thValue[h] = unchecked(tKilled[s]) ? <real>0 : threatValue);
    unchecked(thTgo[h] = threatTgo);
    unchecked(thAsset[h] = threatAsset);
    unchecked(thPHit[h] = threatPHit);
    unchecked(thConf[h] = lastConfidence());
    unchecked(px[h] = x); unchecked(py[h] = y); unchecked(pz[h] = z);
  }
}

/** Pk per round of unit u (row i) on column j when it can intercept in time, else 0; keeps the column's
 *  earliest intercept. */
function pairPk(_i: i32, u: i32, j: i32): real {
  const h = unchecked(colThreat[j]);
  const s = unchecked(thSlot[h]);
  if (!intercept(u, unchecked(px[h]), unchecked(py[h]), unchecked(pz[h]), unchecked(tvx[s]), unchecked(tvy[s]), unchecked(tvz[s]), unchecked(thTgo[h]))) return 0;
  const cls = <i32>unchecked(tClass[s]);
  let p = unchecked(pk[u * CLASS_COUNT + cls]);
  // Reserve rules: the last long-range rounds are kept for ballistic threats, and whatever CONFIG/RESERVE keeps.
  if (cls != CLASS_BALLISTIC && unchecked(unitKind[u]) == UNIT_LONG_RANGE_SAM
      && unchecked(readyRounds[u]) + unchecked(magazine[u]) <= reserveForBallistic) p = 0;
  if (reserveHolds(u, cls)) p = 0;
  // The look-ahead's reserve: rounds the programme keeps for later threats far more valuable than this one.
  if (p > 0 && lookaheadOn && holdsRound(u, unchecked(colStake[j]), stepMs)) p = 0;
  // The cheapest capable layer first: leave it to a cheaper unit that will get a fair chance on its way.
  if (p > 0 && lookaheadOn) {
    const vx = unchecked(tvx[s]), vy = unchecked(tvy[s]);
    const w = cheaperLater(u, cls, unchecked(thAsset[h]), unchecked(px[h]), unchecked(py[h]), unchecked(pz[h]), sqrt<real>(vx * vx + vy * vy),
      unchecked(colStake[j]), stepMs, leftTo);
    if (w >= 0) {
      p = 0;
      // A threat counts once against the unit it is left to, whichever units leave it.
      if (unchecked(colLeftTo[j]) < 0) { unchecked(colLeftTo[j] = w); unchecked(leftTo[w] += 1); }
    }
  }
  if (p > 0) unchecked(colEarliest[j] = min(colEarliest[j], interceptT));
  return p;
}

let stepMs: f64 = 0; // the time of this cycle, for pairPk

function assign(tMs: f64): void {
  stepMs = tMs;
  // Candidates: valuable, not destroyed, no engagement in progress; most valuable first when they
  // outnumber the solver's columns.
  let nc = 0;
  for (let h = 0; h < threats; h++) {
    const s = unchecked(thSlot[h]);
    if (unchecked(thValue[h]) <= 0 || unchecked(tKilled[s]) || unchecked(tEngaged[s]) > 0) continue;
    unchecked(thOrder[nc] = h);
    unchecked(thKey[h] = -unchecked(thValue[h]));
    nc++;
  }
  if (nc == 0) return;
  if (!radixsortBy(thOrder, thKey, 0, nc)) heapsortBy(thOrder, thKey, 0, nc);
  const n = min(nc, WTA_MAX_TARGETS);
  for (let j = 0; j < n; j++) unchecked(colThreat[j] = thOrder[j]);
  // Rows: fire units able to engage now.
  let m = 0;
  const nu = unitCount();
  for (let u = 0; u < nu && m < WTA_MAX_WEAPONS; u++) {
    if (unchecked(unitDown[u]) || unchecked(readyRounds[u]) <= 0) continue;
    if (unchecked(channels[u]) - unchecked(busyChannels[u]) <= 0) continue;
    unchecked(rowUnit[m++] = u);
  }
  if (m == 0) return;
  for (let u = 0; u < nu; u++) unchecked(leftTo[u] = 0);
  let budget = WTA_MAX_ROUNDS; // the solver's round list is bounded
  for (let i = 0; i < m; i++) {
    const u = unchecked(rowUnit[i]);
    const free = unchecked(channels[u]) - unchecked(busyChannels[u]);
    const c = min(min(unchecked(readyRounds[u]), free * salvoLimit), budget);
    budget -= c;
    unchecked(wtaCount[i] = c);
    // A round's price: its money (λ·cost) and, with the look-ahead, what it would save later.
    unchecked(roundCost[i] = <f64>(costWeight * unchecked(costPerRound[u])) + (lookaheadOn ? unchecked(roundValue[u]) : 0));
    unchecked(weaponSpread[i] = free);
    unchecked(rowReachA[i] = reachA(u));
    unchecked(rowReachB[i] = reachB(u));
  }
  // Pair prices: Pk per round where an intercept is feasible before the threat's time-to-go. Rows outer:
  // a unit's constants stay put while the columns stream by, and most pairs end at the reach test.
  for (let j = 0; j < n; j++) {
    const h = unchecked(colThreat[j]);
    const s = unchecked(thSlot[h]);
    const vx = unchecked(tvx[s]), vy = unchecked(tvy[s]), vz = unchecked(tvz[s]);
    unchecked(colX[j] = px[h]); unchecked(colY[j] = py[h]); unchecked(colZ[j] = pz[h]);
    unchecked(colSpeed[j] = sqrt<real>(vx * vx + vy * vy + vz * vz));
    unchecked(colEarliest[j] = <real>1e9);
    // With the look-ahead: the chance it gets past the free units on its way, and what it then destroys.
    unchecked(colSurvive[j] = 1);
    unchecked(colStake[j] = 0);
    unchecked(colLeftTo[j] = -1);
    if (lookaheadOn) {
      const cls = <i32>unchecked(tClass[s]);
      const survive = freeSurvivalAhead(cls, unchecked(px[h]), unchecked(py[h]), unchecked(pz[h]), vx, vy);
      unchecked(colSurvive[j] = survive);
      unchecked(colStake[j] = survive * valueAtRisk(cls, unchecked(thAsset[h])));
    }
  }
  for (let i = 0; i < m; i++) {
    const u = unchecked(rowUnit[i]);
    const x0 = unchecked(ux[u]), y0 = unchecked(uy[u]), z0 = unchecked(uz[u]);
    const ra = unchecked(rowReachA[i]), rb = unchecked(rowReachB[i]);
    const row = i * n;
    for (let j = 0; j < n; j++) {
      let p: real = 0;
      const dx = unchecked(colX[j]) - x0, dy = unchecked(colY[j]) - y0, dz = unchecked(colZ[j]) - z0;
      const reach = ra + unchecked(colSpeed[j]) * rb;
      if (dx * dx + dy * dy + dz * dz <= reach * reach) p = pairPk(i, u, j);
      unchecked(wtaP[row + j] = <f64>p);
    }
  }
  for (let j = 0; j < n; j++) {
    const h = unchecked(colThreat[j]);
    // Shoot-look-shoot when a second engagement still fits: intercept, assessment, second intercept.
    const sls = shootLookShoot && unchecked(thTgo[h]) > <real>2 * unchecked(colEarliest[j]) + killAssessS;
    // Expected damage: a drone-like track may be a decoy, which destroys nothing.
    const s = unchecked(thSlot[h]);
    const cls = <i32>unchecked(tClass[s]);
    const live = cls == CLASS_DRONE || cls == CLASS_UNKNOWN ? <real>1 - decoyShare : <real>1;
    let v = <f64>(unchecked(thValue[h]) * live);
    // With the look-ahead, only what would get past the free units on its way (jammers) is at stake.
    if (lookaheadOn) v *= unchecked(colSurvive[j]);
    unchecked(wtaValue[j] = v);
    unchecked(targetCap[j] = sls ? 1 : salvoLimit);
  }
  const f = solve(m, n, wtaWorkBound, seed++);
  assert(f >= 0); // the instance was built valid here
  statSet(STAT_WTA_OBJECTIVE, f);
  statSet(STAT_WTA_WORK, work());
  // Orders: one per (unit, threat) pair, with the pair's rounds (a unit's rounds come sorted by target).
  const r = nRounds();
  let k = 0;
  let guard = r + 1;
  while (k < r && guard-- > 0) {
    const i = unchecked(roundWeapon[k]), j = unchecked(roundTarget[k]);
    let rounds = 1;
    while (k + rounds < r && unchecked(roundWeapon[k + rounds]) == i && unchecked(roundTarget[k + rounds]) == j) rounds++;
    k += rounds;
    if (j < 0 || !engagementRoom()) continue;
    const u = unchecked(rowUnit[i]);
    const h = unchecked(colThreat[j]);
    const s = unchecked(thSlot[h]);
    // The intercept again, for its time and point (the pair table kept only Pk).
    const ok = intercept(u, unchecked(px[h]), unchecked(py[h]), unchecked(pz[h]), unchecked(tvx[s]), unchecked(tvy[s]), unchecked(tvz[s]), unchecked(thTgo[h]));
    assert(ok);
    const t = interceptT;
    const pRound = unchecked(pk[u * CLASS_COUNT + tClass[s]]);
    const pAll = <real>1 - <real>Math.pow(<f64>(1 - pRound), <f64>rounds);
    const interceptMs = tMs + <f64>t * 1000;
    const id = engagementOpen(s, u, rounds, tMs, interceptMs, pAll);
    spendRounds(u, rounds, tMs);
    orderAdd(id, s, u, rounds, rounds == 1 && shootLookShoot, interceptMs, ix, iy, iz, pRound, unchecked(thValue[h]), unchecked(thTgo[h]));
    statAdd(STAT_ORDERS, 1);
    statAdd(STAT_ROUNDS_FIRED, <f64>rounds);
  }
}
