// Sparse linear assignment, Jonker–Volgenant on an edge list (LAPJVsp): the phases of lapjv.ts over the
// rows of a CSR matrix (row i's edges are first[i] .. first[i+1]−1, column kk[e], cost cc[e]); a pair
// without an edge is forbidden. The augmenting paths use a binary heap instead of linear scans: gated
// matrices of a raid are thousands of columns wide but a path only ever meets a handful, so each
// augmentation costs what it explores, never the width. Static buffers; every loop has a bound.
import { MAX_TRACKS, MAX_PLOTS, LAP_DENSE } from "../board";
import { MAX_PAIRS } from "../limits";

/** Capacity: any batch of this board in the GNN block form (tracks + plots rows, two edges per gated
 *  pair plus one per row); none on boards without the dense bench buffer. */
export const LAPSP_ROWS: i32 = LAP_DENSE > 0 ? MAX_TRACKS + MAX_PLOTS : 0;
export const LAPSP_EDGES: i32 = LAP_DENSE > 0 ? 2 * MAX_PAIRS + LAPSP_ROWS : 0;

export const spFirst = new StaticArray<i32>(LAPSP_ROWS + 1);
export const spCol = new StaticArray<i32>(LAPSP_EDGES);
export const spCost = new StaticArray<f64>(LAPSP_EDGES);
/** Result: column of each row. */
export const spRowCol = new StaticArray<i32>(LAPSP_ROWS);
const colRow = new StaticArray<i32>(LAPSP_ROWS);
const rowCost = new StaticArray<f64>(LAPSP_ROWS); // cost of each row's assigned edge
const v = new StaticArray<f64>(LAPSP_ROWS);
const d = new StaticArray<f64>(LAPSP_ROWS);
const pred = new StaticArray<i32>(LAPSP_ROWS);
const predCost = new StaticArray<f64>(LAPSP_ROWS); // cost of the edge pred[j] → j
const seen = new StaticArray<i32>(LAPSP_ROWS); // stamp of the augmentation that reached the column
const done = new StaticArray<i32>(LAPSP_ROWS); // stamp of the augmentation that settled it
const doneList = new StaticArray<i32>(LAPSP_ROWS);
const free = new StaticArray<i32>(LAPSP_ROWS);
const matches = new StaticArray<i32>(LAPSP_ROWS);
const heapKey = new StaticArray<f64>(LAPSP_EDGES + 1);
const heapCol = new StaticArray<i32>(LAPSP_EDGES + 1);
let heapSize: i32 = 0;
let stamp: i32 = 0;
const INF: f64 = Infinity;

/** Solves the n × n problem held in spFirst/spCol/spCost. Returns the optimal cost, or NaN when n or
 *  the edge count is out of range, a cost is not finite, or no perfect matching exists. */
export function lapjvSparse(n: i32): f64 {
  if (n < 1 || n > LAPSP_ROWS) return NaN;
  if (unchecked(spFirst[0]) != 0 || unchecked(spFirst[n]) > LAPSP_EDGES) return NaN;
  if (!columnReduction(n)) return NaN;
  // Every row took a column: each column has its least cost, a lower bound of any assignment, so this one
  // is optimal and the dual adjustments below have nothing to serve.
  let nFree = 0;
  for (let i = 0; i < n; i++) nFree += <i32>(unchecked(matches[i]) == 0);
  if (nFree > 0) nFree = reductionTransfer(n);
  for (let pass = 0; pass < 2 && nFree > 0; pass++) nFree = augmentingRowReduction(n, nFree);
  if (nFree > 0) {
    for (let j = 0; j < n; j++) { unchecked(seen[j] = 0); unchecked(done[j] = 0); }
    stamp = 0;
    for (let f = 0; f < nFree; f++) if (!augment(n, unchecked(free[f]))) return NaN;
  }
  let total: f64 = 0;
  for (let i = 0; i < n; i++) total += unchecked(rowCost[i]);
  return total;
}

/** As in lapjv.ts, over the edges; also the input check (rows in order and not empty, columns in range,
 *  costs finite: their sum is), so the edges are read once. False on bad input or an edgeless column.
 *  Of equal least costs a column takes the last row's: in the GNN block form the zero-cost dummies tie,
 *  and the last row is then a "plot is new" row, which needs a column, rather than the track row that
 *  already holds its plot's; a well-separated batch is then solved by this phase alone. */
function columnReduction(n: i32): bool {
  const x = spRowCol;
  for (let j = 0; j < n; j++) { unchecked(v[j] = INF); unchecked(pred[j] = -1); }
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const e0 = unchecked(spFirst[i]), end = unchecked(spFirst[i + 1]);
    if (end <= e0) return false;
    for (let e = e0; e < end; e++) {
      const j = unchecked(spCol[e]), h = unchecked(spCost[e]);
      if (<u32>j >= <u32>n) return false;
      sum += h;
      if (h <= unchecked(v[j])) { unchecked(v[j] = h); unchecked(pred[j] = i); }
    }
  }
  if (!isFinite(sum)) return false;
  for (let i = 0; i < n; i++) { unchecked(x[i] = -1); unchecked(matches[i] = 0); }
  for (let j = n - 1; j >= 0; j--) {
    const i = unchecked(pred[j]);
    if (i < 0) return false; // a column without edges
    const k = unchecked(matches[i]) + 1;
    unchecked(matches[i] = k);
    if (k == 1) {
      unchecked(x[i] = j); unchecked(colRow[j] = i); unchecked(rowCost[i] = v[j]);
    } else if (unchecked(v[j]) < unchecked(v[x[i]])) {
      unchecked(colRow[x[i]] = -1);
      unchecked(x[i] = j); unchecked(colRow[j] = i); unchecked(rowCost[i] = v[j]);
    } else {
      unchecked(colRow[j] = -1);
    }
  }
  return true;
}

function reductionTransfer(n: i32): i32 {
  let nFree = 0;
  for (let i = 0; i < n; i++) {
    const k = unchecked(matches[i]);
    if (k == 0) { unchecked(free[nFree++] = i); continue; }
    if (k != 1) continue;
    const j1 = unchecked(spRowCol[i]);
    let least = INF;
    for (let e = unchecked(spFirst[i]), end = unchecked(spFirst[i + 1]); e < end; e++) {
      const j = unchecked(spCol[e]);
      if (j == j1) continue;
      const h = unchecked(spCost[e]) - unchecked(v[j]);
      if (h < least) least = h;
    }
    if (least < INF) unchecked(v[j1] -= least); // a row with one edge keeps its price
  }
  return nFree;
}

function augmentingRowReduction(n: i32, count: i32): i32 {
  const x = spRowCol;
  let k = 0, nFree = 0;
  let retries = n * 8 + 64; // see lapjv.ts
  while (k < count) {
    const i = unchecked(free[k++]);
    let u1 = INF, u2 = INF, c1: f64 = 0, c2: f64 = 0;
    let j1 = -1, j2 = -1;
    for (let e = unchecked(spFirst[i]), end = unchecked(spFirst[i + 1]); e < end; e++) {
      const j = unchecked(spCol[e]), c = unchecked(spCost[e]);
      const h = c - unchecked(v[j]);
      if (h < u2) {
        if (h >= u1) { u2 = h; j2 = j; c2 = c; }
        else { u2 = u1; u1 = h; j2 = j1; c2 = c1; j1 = j; c1 = c; }
      }
    }
    let i0 = unchecked(colRow[j1]);
    const strict = u1 < u2 && u2 < INF;
    if (strict) unchecked(v[j1] -= u2 - u1);
    else if (i0 >= 0 && j2 >= 0) { j1 = j2; c1 = c2; i0 = unchecked(colRow[j2]); }
    unchecked(x[i] = j1); unchecked(colRow[j1] = i); unchecked(rowCost[i] = c1);
    if (i0 >= 0) {
      unchecked(x[i0] = -1);
      if (strict && retries-- > 0) unchecked(free[--k] = i0);
      else unchecked(free[nFree++] = i0);
    }
  }
  return nFree;
}

/** Dijkstra from free row `f` on reduced costs until a free column is settled; false if none is reachable. */
function augment(n: i32, f: i32): bool {
  const x = spRowCol;
  stamp++;
  heapSize = 0;
  let nDone = 0, end = -1;
  let least: f64 = 0;
  relaxRow(f, 0);
  const bound = unchecked(spFirst[n]) + n + 1; // pushes never exceed edges + 1
  for (let guard = 0; guard < bound && heapSize > 0; guard++) {
    const h = unchecked(heapKey[1]), j = unchecked(heapCol[1]);
    heapPop();
    if (unchecked(done[j]) == stamp || h > unchecked(d[j])) continue; // stale entry
    unchecked(done[j] = stamp);
    unchecked(doneList[nDone++] = j);
    if (unchecked(colRow[j]) < 0) { end = j; least = h; break; }
    const i = unchecked(colRow[j]);
    // Row i's own column has the least reduced cost, so every step out of it is ≥ 0.
    relaxRow(i, h - (unchecked(rowCost[i]) - unchecked(v[j])));
  }
  if (end < 0) return false;
  for (let k = 0; k < nDone; k++) {
    const j = unchecked(doneList[k]);
    unchecked(v[j] += d[j] - least);
  }
  let j = end;
  for (let guard = 0; guard <= n; guard++) {
    const i = unchecked(pred[j]);
    unchecked(colRow[j] = i);
    const next = unchecked(x[i]);
    unchecked(x[i] = j);
    unchecked(rowCost[i] = predCost[j]);
    j = next;
    if (i == f) break;
  }
  return true;
}

// @ts-ignore: decorator
@inline function relaxRow(i: i32, base: f64): void {
  for (let e = unchecked(spFirst[i]), end = unchecked(spFirst[i + 1]); e < end; e++) {
    const k = unchecked(spCol[e]);
    if (unchecked(done[k]) == stamp) continue;
    const c = unchecked(spCost[e]);
    const nd = base + c - unchecked(v[k]);
    if (unchecked(seen[k]) != stamp || nd < unchecked(d[k])) {
      unchecked(seen[k] = stamp);
      unchecked(d[k] = nd);
      unchecked(pred[k] = i);
      unchecked(predCost[k] = c);
      heapPush(nd, k);
    }
  }
}

function heapPush(key: f64, col: i32): void {
  let at = ++heapSize;
  for (let guard = 0; guard < 32 && at > 1; guard++) {
    const up = at >> 1;
    if (unchecked(heapKey[up]) <= key) break;
    unchecked(heapKey[at] = heapKey[up]);
    unchecked(heapCol[at] = heapCol[up]);
    at = up;
  }
  unchecked(heapKey[at] = key);
  unchecked(heapCol[at] = col);
}

function heapPop(): void {
  const key = unchecked(heapKey[heapSize]), col = unchecked(heapCol[heapSize]);
  heapSize--;
  let at = 1;
  for (let guard = 0; guard < 32; guard++) {
    let child = at << 1;
    if (child > heapSize) break;
    if (child < heapSize && unchecked(heapKey[child + 1]) < unchecked(heapKey[child])) child++;
    if (unchecked(heapKey[child]) >= key) break;
    unchecked(heapKey[at] = heapKey[child]);
    unchecked(heapCol[at] = heapCol[child]);
    at = child;
  }
  unchecked(heapKey[at] = key);
  unchecked(heapCol[at] = col);
}
