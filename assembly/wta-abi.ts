// Weapon–target assignment ABI (docs/wta.md): the host writes the instance into three static buffers,
// calls wtaSolve, and reads one target per weapon round back. Numbers and linear memory only.
import { WTA_MAX_WEAPONS, WTA_MAX_TARGETS } from "./board";
import {
  WTA_MAX_ROUNDS, wtaValue, wtaCount, wtaP, roundTarget, nRounds, work, constraintsClear, roundCost, targetCap, weaponSpread,
} from "./tewa/wta-state";
import { solve, wtaErrorIndex as errorIndex, wtaGreedyValue } from "./tewa/wta";

/** f64[WTA_MAX_TARGETS]: value V_j of target j. */
export function wtaValues(): usize { return changetype<usize>(wtaValue); }
/** i32[WTA_MAX_WEAPONS]: rounds of weapon i. */
export function wtaCounts(): usize { return changetype<usize>(wtaCount); }
/** f64[WTA_MAX_WEAPONS * WTA_MAX_TARGETS]: p_ij at index i * n + j (packed rows of the n passed to wtaSolve). */
export function wtaProb(): usize { return changetype<usize>(wtaP); }

export function wtaMaxWeapons(): i32 { return WTA_MAX_WEAPONS; }
export function wtaMaxTargets(): i32 { return WTA_MAX_TARGETS; }
export function wtaMaxRounds(): i32 { return WTA_MAX_ROUNDS; }

/**
 * Solves the instance of m weapons and n targets. `workBound` caps the evaluations of the local search
 * (0: greedy only); `seed` drives its random restarts. Returns F of the assignment, or a negative error
 * code (-1 sizes, -2 count, -3 total rounds, -4 value, -5 probability, -6 work bound).
 */
export function wtaSolve(m: i32, n: i32, workBound: i32, seed: u32): f64 {
  constraintsClear(); // the static problem: no round costs, no caps
  return solve(m, n, workBound, seed);
}

/** Index of the element a failed wtaSolve refused: weapon, target, i * n + j, or 0 / 1 for m / n. */
export function wtaErrorIndex(): i32 { return errorIndex(); }
/** F of the greedy start of the last solve. */
export function wtaGreedyObjective(): f64 { return wtaGreedyValue(); }
/** i32[wtaRounds()]: target of each round in weapon order (weapon 0's rounds first), -1 = not fired. */
export function wtaRoundTarget(): usize { return changetype<usize>(roundTarget); }
export function wtaRounds(): i32 { return nRounds(); }
/** Evaluations spent by the last solve (greedy included). */
export function wtaWork(): f64 { return work(); }


/** f64[WTA_MAX_WEAPONS]: cost of one round of weapon i, in value units (constrained solve only). */
export function wtaCosts(): usize { return changetype<usize>(roundCost); }
/** i32[WTA_MAX_TARGETS]: most rounds on target j (salvo limit). */
export function wtaTargetCaps(): usize { return changetype<usize>(targetCap); }
/** i32[WTA_MAX_WEAPONS]: most distinct targets of weapon i (guidance channels). */
export function wtaWeaponSpreads(): usize { return changetype<usize>(weaponSpread); }

/**
 * The fire-control form the firmware solves every cycle: F + Σ cost of rounds fired, with the caps
 * written in wtaCosts / wtaTargetCaps / wtaWeaponSpreads (i32.MAX_VALUE = no cap).
 */
export function wtaSolveConstrained(m: i32, n: i32, workBound: i32, seed: u32): f64 { return solve(m, n, workBound, seed); }
