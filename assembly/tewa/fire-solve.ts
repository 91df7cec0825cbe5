// The weapon-target assignment of a fire-control cycle. Same objective as the static solver plus what a
// battery imposes: minimise  Σ_j V_j Π_i (1 − p_ij)^x_ij + Σ_i c_i Σ_j x_ij  (c_i = λ · cost per round)
// subject to rounds per unit, at most `channels_i` distinct threats per unit (guidance channels) and at
// most `cap_j` rounds per threat (salvo limit, 1 under shoot-look-shoot). Maximum-marginal-return greedy
// (a round is fired only when it saves more value than it costs), then first-improvement moves and
// swaps, all within the doctrine's work bound. The instance arrays of the static solver are reused.
import { WTA_MAX_WEAPONS, WTA_MAX_TARGETS } from "../board";
import { wtaValue, wtaCount, wtaP } from "./wta-state";

const x = new StaticArray<u8>(WTA_MAX_WEAPONS * WTA_MAX_TARGETS); // rounds of unit i on threat j (≤ 64)
const surv = new StaticArray<f64>(WTA_MAX_TARGETS);
const onTarget = new StaticArray<i32>(WTA_MAX_TARGETS);
const cap = new StaticArray<i32>(WTA_MAX_TARGETS);
const cost = new StaticArray<f64>(WTA_MAX_WEAPONS);
const chanCap = new StaticArray<i32>(WTA_MAX_WEAPONS);
const targetsOf = new StaticArray<i32>(WTA_MAX_WEAPONS);
const used = new StaticArray<i32>(WTA_MAX_WEAPONS);
// Result as a round list in (unit, threat) order.
const roundW = new StaticArray<i32>(WTA_MAX_WEAPONS * 64);
const roundT = new StaticArray<i32>(WTA_MAX_WEAPONS * 64);
let m: i32 = 0, n: i32 = 0, rounds: i32 = 0;
let work: f64 = 0, limit: f64 = 0;
const EPS: f64 = 1e-12;

export function fireSetRow(i: i32, j: i32, stride: i32, p: f64): void { unchecked(wtaP[i * stride + j] = p); }
export function fireSetTarget(j: i32, value: f64, salvo: i32): void { unchecked(wtaValue[j] = value); unchecked(cap[j] = salvo); }
export function fireSetWeapon(i: i32, count: i32, roundCost: f64, channelCap: i32): void {
  unchecked(wtaCount[i] = count); unchecked(cost[i] = roundCost); unchecked(chanCap[i] = channelCap);
}
export function fireRounds(): i32 { return rounds; }
export function fireRoundWeapon(k: i32): i32 { return unchecked(roundW[k]); }
export function fireRoundTarget(k: i32): i32 { return unchecked(roundT[k]); }
export function fireWork(): f64 { return work; }

// @ts-ignore: decorator
@inline function p(i: i32, j: i32): f64 { return unchecked(wtaP[i * n + j]); }

function recompute(j: i32): void {
  let s = 1.0;
  for (let i = 0; i < m; i++) {
    const c = <i32>unchecked(x[i * n + j]);
    if (c > 0) s *= Math.pow(1 - p(i, j), <f64>c);
  }
  unchecked(surv[j] = s);
  work += <f64>m;
}

/** Survival of j without one round of i (i has at least one there). */
function survWithout(i: i32, j: i32): f64 {
  const q = 1 - p(i, j);
  if (q > 1e-9) return unchecked(surv[j]) / q;
  unchecked(x[i * n + j] = <u8>(x[i * n + j] - 1));
  recompute(j);
  const s = unchecked(surv[j]);
  unchecked(x[i * n + j] = <u8>(x[i * n + j] + 1));
  recompute(j);
  return s;
}

/** Net drop of the objective from adding one round of i on j (negative or zero: not worth it). */
function joinGain(i: i32, j: i32): f64 {
  if (unchecked(onTarget[j]) >= unchecked(cap[j])) return 0;
  if (unchecked(x[i * n + j]) == 0 && unchecked(targetsOf[i]) >= unchecked(chanCap[i])) return 0;
  const pij = p(i, j);
  if (pij <= 0) return 0;
  return unchecked(wtaValue[j]) * unchecked(surv[j]) * pij - unchecked(cost[i]);
}

function add(i: i32, j: i32, d: i32): void {
  const before = <i32>unchecked(x[i * n + j]);
  unchecked(x[i * n + j] = <u8>(before + d));
  unchecked(onTarget[j] += d);
  unchecked(used[i] += d);
  if (before == 0 && d > 0) unchecked(targetsOf[i] += 1);
  if (before + d == 0) unchecked(targetsOf[i] -= 1);
  recompute(j);
}

export function fireObjective(): f64 {
  let f = 0.0;
  for (let j = 0; j < n; j++) f += unchecked(wtaValue[j]) * unchecked(surv[j]);
  for (let i = 0; i < m; i++) f += unchecked(cost[i]) * <f64>unchecked(used[i]);
  return f;
}

/** Solves the cycle's problem (m units x n threats); returns the capacity of the round list. */
export function fireSolve(mm: i32, nn: i32, workBound: i32): i32 {
  m = mm; n = nn; rounds = 0; work = 0; limit = <f64>workBound;
  for (let k = 0; k < m * n; k++) unchecked(x[k] = 0);
  for (let j = 0; j < n; j++) { unchecked(surv[j] = 1); unchecked(onTarget[j] = 0); }
  for (let i = 0; i < m; i++) { unchecked(targetsOf[i] = 0); unchecked(used[i] = 0); }
  greedy();
  improve();
  // Round list in (unit, threat) order, at most 64 rounds per unit.
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    const c = min(<i32>unchecked(x[i * n + j]), 64);
    for (let r = 0; r < c && rounds < roundW.length; r++) { unchecked(roundW[rounds] = i); unchecked(roundT[rounds] = j); rounds++; }
  }
  return rounds;
}

function greedy(): void {
  let guard = WTA_MAX_WEAPONS * 64;
  while (guard-- > 0 && work < limit) {
    let bi = -1, bj = -1;
    let best = EPS;
    for (let i = 0; i < m; i++) {
      if (unchecked(used[i]) >= unchecked(wtaCount[i])) continue;
      for (let j = 0; j < n; j++) {
        const g = joinGain(i, j);
        if (g > best) { best = g; bi = i; bj = j; }
      }
    }
    work += <f64>(m * n);
    if (bi < 0) return;
    add(bi, bj, 1);
  }
}

/** First-improvement moves of one round (to another threat, or not fired) and swaps, until no gain. */
function improve(): void {
  let guard = 64;
  let improved = true;
  while (improved && guard-- > 0 && work < limit) {
    improved = false;
    for (let i = 0; i < m && work < limit; i++) {
      for (let j = 0; j < n; j++) {
        if (unchecked(x[i * n + j]) == 0) continue;
        // Value lost by taking one round of i off j, net of its cost.
        const lose = unchecked(wtaValue[j]) * (survWithout(i, j) - unchecked(surv[j])) - unchecked(cost[i]);
        if (lose < -EPS) { add(i, j, -1); improved = true; continue; } // not worth firing
        add(i, j, -1);
        let best = lose + EPS, to = -1;
        for (let t = 0; t < n; t++) {
          if (t == j) continue;
          const g = joinGain(i, t);
          if (g > best) { best = g; to = t; }
        }
        work += <f64>n;
        add(i, to >= 0 ? to : j, 1);
        if (to >= 0) improved = true;
      }
    }
  }
}
