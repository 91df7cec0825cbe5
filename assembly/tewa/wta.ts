// Static target-based weapon–target assignment: minimise F(x) = Σ_j V_j · Π_i (1 − p_ij)^x_ij subject to
// Σ_j x_ij ≤ count_i. Greedy start (maximum marginal return), then iterated local search: descend with
// moves, swaps and VLSN cycle exchanges to a local optimum, kick a few rounds at random, descend again,
// keep the best; all within a caller-given work bound (evaluated moves/arcs), so the run time is bounded
// and the result depends only on the instance, the bound and the seed.
import { WTA_MAX_WEAPONS, WTA_MAX_TARGETS } from "../board";
import {
  WTA_MAX_ROUNDS, UNUSED, wtaValue, wtaCount, wtaP, roundWeapon, roundTarget, nWeapons, nTargets, nRounds, pk,
  wtaReset, rebuild, objective, saveTo, loadFrom, work, addWork, moveRound, canMove, vlsnApplies,
} from "./wta-state";
import { greedy } from "./wta-greedy";
import { movePass, swapPass, WTA_REL_EPS } from "./wta-local";
import { vlsnStep } from "./wta-vlsn";

// Results below zero are errors; wtaErrorIndex() then tells which element was refused.
export const WTA_ERR_SIZE: f64 = -1;   // m or n outside 1..capacity
export const WTA_ERR_COUNT: f64 = -2;  // a negative round count (index: weapon)
export const WTA_ERR_ROUNDS: f64 = -3; // Σ counts above WTA_MAX_ROUNDS
export const WTA_ERR_VALUE: f64 = -4;  // a value that is negative, NaN or infinite (index: target)
export const WTA_ERR_PROB: f64 = -5;   // a probability outside [0, 1] or NaN (index: i * n + j)
export const WTA_ERR_WORK: f64 = -6;   // a negative work bound

/** Restarts in a row without a better solution after which the search ends before its work bound. */
export const WTA_STALL_RESTARTS: i32 = 2000;

const best = new StaticArray<i32>(WTA_MAX_ROUNDS);
let errIndex: i32 = -1;
let greedyF: f64 = NaN;
let rng: u32 = 1;

export function wtaErrorIndex(): i32 { return errIndex; }
export function wtaGreedyValue(): f64 { return greedyF; }

function nextU32(): u32 {
  let x = rng;
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  rng = x;
  return x;
}

function below(k: i32): i32 { return <i32>(nextU32() % <u32>k); }

/** Checks the instance in place; returns the total rounds, or an error code (and sets errIndex). */
function validate(m: i32, n: i32): f64 {
  errIndex = -1;
  if (m < 1 || m > WTA_MAX_WEAPONS) { errIndex = 0; return WTA_ERR_SIZE; }
  if (n < 1 || n > WTA_MAX_TARGETS) { errIndex = 1; return WTA_ERR_SIZE; }
  let rounds = 0;
  for (let i = 0; i < m; i++) {
    const c = unchecked(wtaCount[i]);
    if (c < 0) { errIndex = i; return WTA_ERR_COUNT; }
    if (c > WTA_MAX_ROUNDS - rounds) { errIndex = i; return WTA_ERR_ROUNDS; }
    rounds += c;
  }
  for (let j = 0; j < n; j++) {
    const v = unchecked(wtaValue[j]);
    if (!(v >= 0) || !isFinite(v)) { errIndex = j; return WTA_ERR_VALUE; }
  }
  for (let k = 0; k < m * n; k++) {
    const p = unchecked(wtaP[k]);
    if (!(p >= 0 && p <= 1)) { errIndex = k; return WTA_ERR_PROB; }
  }
  return <f64>rounds;
}

/** Local search to a local optimum of all three neighbourhoods (or until `limit`). */
function descend(limit: f64): void {
  const guard = nRounds() * nTargets() + 16; // F falls at every step, but bound the loop anyway
  for (let it = 0; it < guard && work() < limit; it++) {
    if (movePass(limit)) continue;
    if (swapPass(limit)) continue;
    if (!vlsnApplies() || !vlsnStep(limit)) return;
  }
}

/** Sends 2..k random rounds to random targets they can reach: a kick out of the current local optimum. */
function perturb(): void {
  const rounds = nRounds(), n = nTargets();
  const strength = 2 + below(max(1, min(rounds / 4, 8)));
  for (let s = 0; s < strength; s++) {
    const k = below(rounds);
    const i = unchecked(roundWeapon[k]);
    for (let tries = 0; tries < 8; tries++) {
      const t = below(n);
      if (pk(i, t) > 0 && t != unchecked(roundTarget[k]) && canMove(k, t)) { moveRound(k, t); break; }
    }
  }
  addWork(strength);
}

/** Rounds on a target they cannot hurt are not fired; a weapon's rounds are listed by ascending target. */
function canonical(): void {
  const m = nWeapons();
  let first = 0;
  for (let i = 0; i < m; i++) {
    const c = unchecked(wtaCount[i]);
    for (let k = first; k < first + c; k++) {
      const t = unchecked(roundTarget[k]);
      if (t >= 0 && pk(i, t) == 0) unchecked(roundTarget[k] = UNUSED);
    }
    // Insertion sort, UNUSED last.
    for (let k = first + 1; k < first + c; k++) {
      const t = unchecked(roundTarget[k]);
      const key = t < 0 ? i32.MAX_VALUE : t;
      let h = k - 1;
      while (h >= first) {
        const u = unchecked(roundTarget[h]);
        if ((u < 0 ? i32.MAX_VALUE : u) <= key) break;
        unchecked(roundTarget[h + 1] = u);
        h--;
      }
      unchecked(roundTarget[h + 1] = t);
    }
    first += c;
  }
  rebuild();
}

/** Solves the instance in wtaValue / wtaCount / wtaP; returns F of the best solution or an error code. */
export function solve(m: i32, n: i32, workBound: i32, seed: u32): f64 {
  greedyF = NaN;
  wtaReset(0, 0, 0); // a refused instance leaves no stale solution behind
  if (workBound < 0) { errIndex = -1; return WTA_ERR_WORK; }
  const checked = validate(m, n);
  if (checked < 0) return checked;
  const rounds = <i32>checked;
  wtaReset(m, n, rounds);
  rng = seed != 0 ? seed : 0x9e3779b9;
  greedy();
  greedyF = objective();
  if (rounds == 0 || workBound == 0) { canonical(); return objective(); }
  const limit = work() + <f64>workBound;
  descend(limit);
  let bestF = objective();
  saveTo(best);
  // Iterated local search: every restart costs at least one sweep, so the work bound ends the loop; on
  // small instances a long run of fruitless restarts ends it sooner.
  let stall = 0;
  for (let it = 0; it < workBound && work() < limit && stall < WTA_STALL_RESTARTS; it++) {
    perturb();
    descend(limit);
    const f = objective();
    stall++;
    if (f < bestF - WTA_REL_EPS * bestF) { bestF = f; saveTo(best); stall = 0; }
    else if (f > bestF + WTA_REL_EPS * bestF) loadFrom(best); // plateaus are kept: they let the walk drift
  }
  loadFrom(best);
  canonical();
  return objective();
}
