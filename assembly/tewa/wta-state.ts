// State of the weapon–target assignment (WTA) solver: the instance (written by the host through the ABI),
// the solution as one target per weapon round, and per-target survival products kept so that a move is
// priced in O(1). All f64 whatever `real` is: the search compares differences of nearly equal sums.
import { WTA_MAX_WEAPONS, WTA_MAX_TARGETS } from "../board";

/** Rounds the firmware holds per weapon on average: Σ counts may not exceed WTA_MAX_ROUNDS. */
export const WTA_ROUNDS_PER_WEAPON: i32 = 8;
export const WTA_MAX_ROUNDS: i32 = WTA_MAX_WEAPONS * WTA_ROUNDS_PER_WEAPON;
export const UNUSED: i32 = -1;

// Instance, as written by the host. The solver never modifies it.
export const wtaValue = new StaticArray<f64>(WTA_MAX_TARGETS);
export const wtaCount = new StaticArray<i32>(WTA_MAX_WEAPONS);
/** Kill probability of one round of weapon i on target j at [i * n + j] (packed rows of the current n). */
export const wtaP = new StaticArray<f64>(WTA_MAX_WEAPONS * WTA_MAX_TARGETS);

// Solution: rounds are numbered in weapon order (weapon 0's rounds first).
export const roundWeapon = new StaticArray<i32>(WTA_MAX_ROUNDS);
export const roundTarget = new StaticArray<i32>(WTA_MAX_ROUNDS);

// Fire-control constraints (docs/wta.md): a cost per round of weapon i (value units; F adds it for every
// round fired), at most targetCap[j] rounds on target j (salvo limit), at most weaponSpread[i] distinct
// targets for weapon i (guidance channels). The static problem has none: constraintsClear().
export const roundCost = new StaticArray<f64>(WTA_MAX_WEAPONS);
export const targetCap = new StaticArray<i32>(WTA_MAX_TARGETS);
export const weaponSpread = new StaticArray<i32>(WTA_MAX_WEAPONS);
const onTarget = new StaticArray<i32>(WTA_MAX_TARGETS);
const firstRound = new StaticArray<i32>(WTA_MAX_WEAPONS);
let constrained = false;
let costly = false;

export function constraintsClear(): void {
  for (let i = 0; i < WTA_MAX_WEAPONS; i++) { unchecked(roundCost[i] = 0); unchecked(weaponSpread[i] = i32.MAX_VALUE); }
  for (let j = 0; j < WTA_MAX_TARGETS; j++) unchecked(targetCap[j] = i32.MAX_VALUE);
}
/** Whether caps apply to the current problem. */
export function isConstrained(): bool { return constrained; }
/** The VLSN step prices cycles by survival alone: it applies without caps and round costs. */
export function vlsnApplies(): bool { return !constrained && !costly; }

// Survival of target j is 0 when a round with p = 1 is on it (zeros[j] > 0), else prodNZ[j], the product of
// the other rounds' (1 - p). Keeping the sure kills apart lets a removal divide instead of re-multiplying.
const prodNZ = new StaticArray<f64>(WTA_MAX_TARGETS);
const zeros = new StaticArray<i32>(WTA_MAX_TARGETS);
export const surv = new StaticArray<f64>(WTA_MAX_TARGETS);

let m: i32 = 0;
let n: i32 = 0;
let r: i32 = 0;
export function nWeapons(): i32 { return m; }
export function nTargets(): i32 { return n; }
export function nRounds(): i32 { return r; }

/** Evaluations of moves, swaps, improvement-graph arcs and greedy gains since the last solve began. */
let workDone: f64 = 0;
export function work(): f64 { return workDone; }
// @ts-ignore: decorator
@inline export function addWork(k: i32): void { workDone += <f64>k; }

// @ts-ignore: decorator
@inline export function pk(i: i32, j: i32): f64 { return unchecked(wtaP[i * n + j]); }

/** Sizes the problem and lays out the rounds; the caller has validated m, n and the counts. */
export function wtaReset(weapons: i32, targets: i32, rounds: i32): void {
  m = weapons; n = targets; r = rounds;
  workDone = 0;
  constrained = false;
  costly = false;
  for (let i = 0; i < m; i++) {
    if (unchecked(weaponSpread[i]) < i32.MAX_VALUE) constrained = true;
    if (unchecked(roundCost[i]) != 0) costly = true;
  }
  for (let j = 0; j < n; j++) if (unchecked(targetCap[j]) < i32.MAX_VALUE) constrained = true;
  let k = 0;
  for (let i = 0; i < m; i++) {
    unchecked(firstRound[i] = k);
    const c = unchecked(wtaCount[i]);
    for (let c0 = 0; c0 < c; c0++) { unchecked(roundWeapon[k] = i); unchecked(roundTarget[k] = UNUSED); k++; }
  }
  rebuild();
}

/** Recomputes every survival from the round list (round order, so the result is reproducible). */
export function rebuild(): void {
  for (let j = 0; j < n; j++) { unchecked(prodNZ[j] = 1.0); unchecked(zeros[j] = 0); unchecked(onTarget[j] = 0); }
  for (let k = 0; k < r; k++) {
    const j = unchecked(roundTarget[k]);
    if (j < 0) continue;
    unchecked(onTarget[j] += 1);
    const q = 1.0 - pk(unchecked(roundWeapon[k]), j);
    if (q == 0) unchecked(zeros[j] += 1); else unchecked(prodNZ[j] *= q);
  }
  for (let j = 0; j < n; j++) unchecked(surv[j] = zeros[j] > 0 ? 0.0 : prodNZ[j]);
}

/** Recomputes one target's survival from scratch, so accepted moves never accumulate rounding drift. */
export function refresh(j: i32): void {
  if (j < 0) return;
  let prod = 1.0;
  let z = 0;
  let c = 0;
  for (let k = 0; k < r; k++) {
    if (unchecked(roundTarget[k]) != j) continue;
    c++;
    const q = 1.0 - pk(unchecked(roundWeapon[k]), j);
    if (q == 0) z++; else prod *= q;
  }
  unchecked(onTarget[j] = c);
  unchecked(prodNZ[j] = prod);
  unchecked(zeros[j] = z);
  unchecked(surv[j] = z > 0 ? 0.0 : prod);
}

/** Survival of target j if one round of weapon i (currently on j) left it. */
// @ts-ignore: decorator
@inline export function survWithout(i: i32, j: i32): f64 {
  const q = 1.0 - pk(i, j);
  const z = unchecked(zeros[j]);
  if (q == 0) return z > 1 ? 0.0 : unchecked(prodNZ[j]);
  return z > 0 ? 0.0 : unchecked(prodNZ[j]) / q;
}

/** Rise of F if round k left its target (0 for an unused round): V_j · S_j⁻ · p_ij − cost_i. */
// @ts-ignore: decorator
@inline export function leaveCost(k: i32): f64 {
  const j = unchecked(roundTarget[k]);
  if (j < 0) return 0;
  const i = unchecked(roundWeapon[k]);
  return unchecked(wtaValue[j]) * survWithout(i, j) * pk(i, j) - unchecked(roundCost[i]);
}

/** Drop of F if one more round of weapon i joined target j: V_j · S_j · p_ij − cost_i. */
// @ts-ignore: decorator
@inline export function joinGain(i: i32, j: i32): f64 {
  return unchecked(wtaValue[j]) * unchecked(surv[j]) * pk(i, j) - unchecked(roundCost[i]);
}

/** Whether round k (of weapon i) may move to target t under the caps (t = UNUSED always may). */
export function canMove(k: i32, t: i32): bool {
  if (!constrained || t < 0) return true;
  const from = unchecked(roundTarget[k]);
  if (from == t) return true;
  if (unchecked(onTarget[t]) >= unchecked(targetCap[t])) return false;
  return canMoveSpread(k, t);
}

/** The channel part of canMove: weapon i's distinct targets after round k moves to t. */
export function canMoveSpread(k: i32, t: i32): bool {
  const i = unchecked(roundWeapon[k]);
  const spread = unchecked(weaponSpread[i]);
  if (spread == i32.MAX_VALUE) return true;
  // Distinct targets of weapon i after the move: its other rounds' targets, plus t.
  const a = unchecked(firstRound[i]), b = a + unchecked(wtaCount[i]);
  let distinct = 1; // t itself
  for (let q = a; q < b; q++) {
    const u = unchecked(roundTarget[q]);
    if (q == k || u < 0) continue;
    if (u == t) return true; // already on t: no new target
    let seen = false;
    for (let w = a; w < q; w++) if (w != k && unchecked(roundTarget[w]) == u) { seen = true; break; }
    if (!seen) distinct++;
  }
  addWork(b - a);
  return distinct <= spread;
}

/** canMove(k, t) for every target t at once, with the same work the n calls would have added: weapon
 *  i's other targets are listed once (movePrepare), not once per t (moveAllowed). */
const markedBy = new StaticArray<i32>(WTA_MAX_TARGETS); // round list stamp that marked the target
let markStamp: i32 = 0;
let mvFrom: i32 = 0, mvSpread: i32 = 0, mvDistinct: i32 = 0, mvRounds: i32 = 0;

/** Sets up moveAllowed() for round k. */
export function movePrepare(k: i32): void {
  mvFrom = unchecked(roundTarget[k]);
  const i = unchecked(roundWeapon[k]);
  mvSpread = constrained ? unchecked(weaponSpread[i]) : i32.MAX_VALUE;
  const a = unchecked(firstRound[i]), b = a + unchecked(wtaCount[i]);
  mvRounds = b - a;
  // The targets of weapon i's other rounds, and how many distinct ones (t itself counted as in canMoveSpread).
  mvDistinct = 1;
  if (mvSpread == i32.MAX_VALUE) return;
  if (markStamp == i32.MAX_VALUE) {
    for (let t = 0; t < WTA_MAX_TARGETS; t++) unchecked(markedBy[t] = 0);
    markStamp = 0;
  }
  markStamp++;
  for (let q = a; q < b; q++) {
    const u = unchecked(roundTarget[q]);
    if (q == k || u < 0 || unchecked(markedBy[u]) == markStamp) continue;
    unchecked(markedBy[u] = markStamp);
    mvDistinct++;
  }
}

/** canMove(k, t) for the round of the last movePrepare: 0 refused, 1 allowed, and +2 when canMoveSpread
 *  would have scanned the weapon's rounds (the caller adds that work: moveWork per such target). */
// @ts-ignore: decorator
@inline export function moveAllowed(t: i32): i32 {
  if (!constrained || t == mvFrom) return 1;
  if (unchecked(onTarget[t]) >= unchecked(targetCap[t])) return 0;
  if (mvSpread == i32.MAX_VALUE || unchecked(markedBy[t]) == markStamp) return 1;
  return 2 | <i32>(mvDistinct <= mvSpread);
}
export function moveWork(): i32 { return mvRounds; }

/** Moves round k to target j (or UNUSED) and refreshes both targets. */
export function moveRound(k: i32, j: i32): void {
  const old = unchecked(roundTarget[k]);
  unchecked(roundTarget[k] = j);
  refresh(old);
  refresh(j);
}

/** F = Σ_j V_j S_j (+ the cost of every round fired), summed in target order, then round order. */
export function objective(): f64 {
  let f = 0.0;
  for (let j = 0; j < n; j++) f += unchecked(wtaValue[j]) * unchecked(surv[j]);
  if (costly) for (let k = 0; k < r; k++) if (unchecked(roundTarget[k]) >= 0) f += unchecked(roundCost[roundWeapon[k]]);
  return f;
}

export function saveTo(dst: StaticArray<i32>): void {
  for (let k = 0; k < r; k++) unchecked(dst[k] = roundTarget[k]);
}

export function loadFrom(src: StaticArray<i32>): void {
  for (let k = 0; k < r; k++) unchecked(roundTarget[k] = src[k]);
  rebuild();
}
