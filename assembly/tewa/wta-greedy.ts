// Maximum-marginal-return greedy: repeatedly commit the remaining weapon round and target with the largest
// drop of F. Each weapon caches its best target; committing on target k only lowers gains on k, so only the
// weapons whose cached best was k need a rescan. Ties go to the lower weapon, then the lower target.
import { WTA_MAX_WEAPONS } from "../board";
import {
  wtaCount, roundTarget, nWeapons, nTargets, nRounds, joinGain, movePrepare, moveAllowed, moveWork, refresh, addWork,
} from "./wta-state";

const left = new StaticArray<i32>(WTA_MAX_WEAPONS);     // rounds not yet committed
const nextRound = new StaticArray<i32>(WTA_MAX_WEAPONS); // index of the weapon's next free round
const bestT = new StaticArray<i32>(WTA_MAX_WEAPONS);
const bestG = new StaticArray<f64>(WTA_MAX_WEAPONS);

function rescan(i: i32): void {
  const n = nTargets();
  let g = 0.0;
  let t = -1;
  if (unchecked(left[i]) <= 0) { unchecked(bestG[i] = 0); unchecked(bestT[i] = -1); return; }
  movePrepare(unchecked(nextRound[i]));
  let charged = 0;
  for (let j = 0; j < n; j++) {
    const allowed = moveAllowed(j);
    charged += allowed >> 1;
    if ((allowed & 1) == 0) continue; // a refused target gains 0, never more than g
    const v = joinGain(i, j);
    if (v > g) { g = v; t = j; }
  }
  addWork(charged * moveWork());
  addWork(n);
  unchecked(bestG[i] = g);
  unchecked(bestT[i] = t);
}

/** Assigns rounds greedily from an all-unused solution. Rounds with no positive gain stay unused. */
export function greedy(): void {
  const m = nWeapons();
  let first = 0;
  for (let i = 0; i < m; i++) {
    unchecked(left[i] = wtaCount[i]);
    unchecked(nextRound[i] = first);
    first += unchecked(wtaCount[i]);
    rescan(i);
  }
  const rounds = nRounds();
  for (let step = 0; step < rounds; step++) {
    let w = -1;
    let g = 0.0;
    for (let i = 0; i < m; i++) {
      if (unchecked(left[i]) > 0 && unchecked(bestG[i]) > g) { g = unchecked(bestG[i]); w = i; }
    }
    if (w < 0) return; // nothing left that lowers F
    const k = unchecked(bestT[w]);
    unchecked(roundTarget[nextRound[w]] = k);
    refresh(k);
    unchecked(nextRound[w] += 1);
    unchecked(left[w] -= 1);
    for (let i = 0; i < m; i++) {
      if (unchecked(left[i]) > 0 && unchecked(bestT[i]) == k) rescan(i);
    }
  }
}
