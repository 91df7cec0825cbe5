// The two cheap neighbourhoods of the WTA local search, both first-improvement sweeps in round order:
// moving one round to the target where it lowers F most (O(R·n) per sweep), and exchanging the targets of
// two rounds of different weapons (O(R²) per sweep). Each evaluation is O(1) from the survival products.
import {
  wtaValue, roundWeapon, roundTarget, nTargets, nRounds, pk, survWithout, leaveCost, joinGain,
  moveRound, refresh, objective, work, addWork, canMoveSpread, isConstrained, roundCost, UNUSED, movePrepare,
  moveAllowed, moveWork,
} from "./wta-state";

/** A move must lower F by more than this fraction of F: floating-point noise never counts as progress. */
export const WTA_REL_EPS: f64 = 1e-12;

/** One sweep of single-round moves; returns whether any was applied. Stops early at `limit` work. */
export function movePass(limit: f64): bool {
  const n = nTargets(), rounds = nRounds();
  const eps = WTA_REL_EPS * objective();
  let improved = false;
  for (let k = 0; k < rounds; k++) {
    if (work() >= limit) break;
    const i = unchecked(roundWeapon[k]), j = unchecked(roundTarget[k]);
    // Rounds of one weapon on one target are interchangeable: price only the first of a run.
    if (k > 0 && unchecked(roundWeapon[k - 1]) == i && unchecked(roundTarget[k - 1]) == j) continue;
    const lose = leaveCost(k);
    const caps = isConstrained();
    if (caps) movePrepare(k); // canMove(k, t) below, answered per target in O(1) with the same work
    let best = 0.0;
    let to = -1;
    for (let t = 0; t < n; t++) {
      if (t == j) continue;
      const g = joinGain(i, t);
      if (g > best) {
        let ok = true;
        if (caps) {
          const allowed = moveAllowed(t);
          if (allowed & 2) addWork(moveWork());
          ok = (allowed & 1) != 0;
        }
        if (ok) { best = g; to = t; }
      }
    }
    addWork(n);
    // Not firing the round (UNUSED, gain 0) helps only when it costs more than it saves (lose < 0).
    if (j >= 0 && lose < -eps && -lose >= best) { moveRound(k, UNUSED); improved = true; }
    else if (to >= 0 && lose - best < -eps) { moveRound(k, to); improved = true; }
  }
  return improved;
}

/** One sweep of pairwise target exchanges; returns whether any was applied. */
export function swapPass(limit: f64): bool {
  const rounds = nRounds();
  const eps = WTA_REL_EPS * objective();
  let improved = false;
  for (let a = 0; a < rounds; a++) {
    if (work() >= limit) break;
    const ia = unchecked(roundWeapon[a]);
    for (let b = a + 1; b < rounds; b++) {
      const ib = unchecked(roundWeapon[b]);
      const ja = unchecked(roundTarget[a]), jb = unchecked(roundTarget[b]);
      if (ib == ia || jb == ja) continue;
      // At ja weapon ia leaves and ib joins; at jb the reverse. Distinct targets, so the two terms add.
      let d = 0.0;
      if (ja >= 0) d += unchecked(wtaValue[ja]) * survWithout(ia, ja) * (pk(ia, ja) - pk(ib, ja));
      if (jb >= 0) d += unchecked(wtaValue[jb]) * survWithout(ib, jb) * (pk(ib, jb) - pk(ia, jb));
      // With one round unused, the swap changes which weapon's round is fired, and so the cost.
      if (ja < 0) d += unchecked(roundCost[ia]) - unchecked(roundCost[ib]);
      if (jb < 0) d += unchecked(roundCost[ib]) - unchecked(roundCost[ia]);
      if (d < -eps && (!isConstrained() || swapAllowed(a, b))) {
        unchecked(roundTarget[a] = jb);
        unchecked(roundTarget[b] = ja);
        refresh(ja);
        refresh(jb);
        improved = true;
      }
    }
    addWork(rounds - a - 1);
  }
  return improved;
}

/** Caps of a swap of rounds a and b: target counts do not change, the weapons' spreads may. */
function swapAllowed(a: i32, b: i32): bool {
  const ja = unchecked(roundTarget[a]), jb = unchecked(roundTarget[b]);
  // Check each side as a move with the other round already gone from its target.
  unchecked(roundTarget[b] = UNUSED);
  const okA = canMoveIgnoringCap(a, jb);
  unchecked(roundTarget[b] = jb);
  unchecked(roundTarget[a] = UNUSED);
  const okB = canMoveIgnoringCap(b, ja);
  unchecked(roundTarget[a] = ja);
  return okA && okB;
}

/** canMove without the target cap (a swap keeps every target's round count). */
function canMoveIgnoringCap(k: i32, t: i32): bool {
  if (t < 0) return true;
  return canMoveSpread(k, t);
}
