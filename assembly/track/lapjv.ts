// Dense linear assignment, Jonker–Volgenant (LAPJV, 1987): minimises Σ c[i][x[i]] over an n × n f64
// matrix (row-major). Column reduction and reduction transfer give every row a cheap start, two passes
// of augmenting row reduction settle most rows, and each row still free gets a shortest augmenting path
// found by Dijkstra-like scans over a column list. Only column prices v are kept: a row's price is
// implicit, u[i] = c[i][x[i]] − v[x[i]], because every assigned row sits on a column of least reduced
// cost c[i][j] − v[j] (the invariant each phase keeps). Static buffers; every loop has a bound.
import { MAX_CLUSTER, LAP_DENSE } from "../board";

/** Largest n: the board's cluster limit, or its bench capacity if larger. */
export const LAPJV_MAX: i32 = max(MAX_CLUSTER, LAP_DENSE);
/** Result: column of each row. Valid until the next solve (a `step` solves clusters). */
export const lapjvRowCol = new StaticArray<i32>(LAPJV_MAX);
const colRow = new StaticArray<i32>(LAPJV_MAX); // row of each column, −1 = free
const v = new StaticArray<f64>(LAPJV_MAX); // column prices
const d = new StaticArray<f64>(LAPJV_MAX); // path lengths of one augmentation
const pred = new StaticArray<i32>(LAPJV_MAX); // row before each column on the path; column reduction's argmin
const colList = new StaticArray<i32>(LAPJV_MAX); // [0, low) scanned, [low, up) at the current minimum, rest to do
const free = new StaticArray<i32>(LAPJV_MAX); // rows without a column
const matches = new StaticArray<i32>(LAPJV_MAX); // columns whose minimum lies in each row
const INF: f64 = Infinity;

/** Solves the n × n problem in `c` (finite costs; forbid a pair with a large one). Returns the optimal
 *  cost, or NaN when n is out of range or a cost is not finite. */
export function lapjv(c: StaticArray<f64>, n: i32): f64 {
  if (n < 1 || n > LAPJV_MAX || <i64>n * n > <i64>c.length) return NaN;
  const x = lapjvRowCol;
  if (n == 1) {
    unchecked(x[0] = 0); unchecked(colRow[0] = 0);
    return isFinite(unchecked(c[0])) ? unchecked(c[0]) : NaN;
  }
  if (!columnReduction(c, n)) return NaN;
  // Every row took a column: each column has its least cost, a lower bound of any assignment, so this one
  // is optimal, and the price transfer has nothing to serve.
  let nFree = 0;
  for (let i = 0; i < n; i++) nFree += <i32>(unchecked(matches[i]) == 0);
  if (nFree > 0) nFree = reductionTransfer(c, n);
  for (let pass = 0; pass < 2 && nFree > 0; pass++) nFree = augmentingRowReduction(c, n, nFree);
  for (let f = 0; f < nFree; f++) augment(c, n, unchecked(free[f]));
  let total: f64 = 0;
  for (let i = 0; i < n; i++) total += unchecked(c[i * n + x[i]]);
  return total;
}

/** v[j] = least cost of column j; each column goes to its argmin row unless that row already holds one
 *  with a lower price. Rows are scanned in memory order (the column-wise scan of the paper is strided).
 *  False if a cost is NaN or infinite: their sum then is, so the check costs one add per entry. */
function columnReduction(c: StaticArray<f64>, n: i32): bool {
  const x = lapjvRowCol;
  let sum: f64 = 0;
  for (let j = 0; j < n; j++) { unchecked(v[j] = c[j]); unchecked(pred[j] = 0); sum += unchecked(c[j]); }
  for (let i = 1; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const h = unchecked(c[row + j]);
      sum += h;
      if (h < unchecked(v[j])) { unchecked(v[j] = h); unchecked(pred[j] = i); }
    }
  }
  if (!isFinite(sum)) return false;
  for (let i = 0; i < n; i++) { unchecked(x[i] = -1); unchecked(matches[i] = 0); }
  for (let j = n - 1; j >= 0; j--) {
    const i = unchecked(pred[j]);
    const m = unchecked(matches[i]) + 1;
    unchecked(matches[i] = m);
    if (m == 1) {
      unchecked(x[i] = j); unchecked(colRow[j] = i);
    } else if (unchecked(v[j]) < unchecked(v[x[i]])) {
      unchecked(colRow[x[i]] = -1);
      unchecked(x[i] = j); unchecked(colRow[j] = i);
    } else {
      unchecked(colRow[j] = -1);
    }
  }
  return true;
}

/** A row holding exactly one column lowers that column's price to its second-best reduced cost, so the
 *  column looks dearer to every other row. Returns the number of free rows, listed in `free`. */
function reductionTransfer(c: StaticArray<f64>, n: i32): i32 {
  const x = lapjvRowCol;
  let nFree = 0;
  for (let i = 0; i < n; i++) {
    const m = unchecked(matches[i]);
    if (m == 0) { unchecked(free[nFree++] = i); continue; }
    if (m != 1) continue;
    const j1 = unchecked(x[i]), row = i * n;
    let least = INF;
    for (let j = 0; j < n; j++) {
      if (j == j1) continue;
      const h = unchecked(c[row + j]) - unchecked(v[j]);
      if (h < least) least = h;
    }
    unchecked(v[j1] -= least);
  }
  return nFree;
}

/** One pass over the free rows: each takes its cheapest column at a price lowered to its second-cheapest
 *  (or, on a tie, the second column), evicting the holder, which is retried at once when the price fell
 *  strictly, else in the next pass. Returns the rows still free, listed in `free`. */
function augmentingRowReduction(c: StaticArray<f64>, n: i32, count: i32): i32 {
  const x = lapjvRowCol;
  let k = 0, nFree = 0;
  // Retries of an evicted row are bounded: on floating-point costs the price steps can be tiny. Rows
  // left over go to the augmenting paths, which finish the job whatever this pass achieved.
  let retries = n * 8 + 64;
  while (k < count) {
    const i = unchecked(free[k++]);
    const row = i * n;
    let u1 = unchecked(c[row]) - unchecked(v[0]), u2 = INF;
    let j1 = 0, j2 = -1;
    for (let j = 1; j < n; j++) {
      const h = unchecked(c[row + j]) - unchecked(v[j]);
      if (h < u2) {
        if (h >= u1) { u2 = h; j2 = j; }
        else { u2 = u1; u1 = h; j2 = j1; j1 = j; }
      }
    }
    let i0 = unchecked(colRow[j1]);
    const strict = u1 < u2 && u2 < INF;
    if (strict) unchecked(v[j1] -= u2 - u1);
    else if (i0 >= 0 && j2 >= 0) { j1 = j2; i0 = unchecked(colRow[j2]); }
    unchecked(x[i] = j1); unchecked(colRow[j1] = i);
    if (i0 >= 0) {
      unchecked(x[i0] = -1);
      // nFree < k here, so both writes land on entries already consumed.
      if (strict && retries-- > 0) unchecked(free[--k] = i0);
      else unchecked(free[nFree++] = i0);
    }
  }
  return nFree;
}

/** Shortest augmenting path from free row `f` (Dijkstra on reduced costs, linear scans: the matrix is
 *  dense, so a scan costs no more than reading a row), then new prices and the flip along the path. */
function augment(c: StaticArray<f64>, n: i32, f: i32): void {
  const x = lapjvRowCol;
  const rowF = f * n;
  for (let j = 0; j < n; j++) {
    unchecked(d[j] = c[rowF + j] - v[j]);
    unchecked(pred[j] = f);
    unchecked(colList[j] = j);
  }
  let low = 0, up = 0, last = -1, end = -1;
  let least: f64 = 0;
  for (let guard = 0; guard <= n && end < 0; guard++) {
    if (up == low) {
      // Next level: gather the columns of least d; stop if one of them is free.
      last = low - 1;
      least = unchecked(d[colList[up++]]);
      for (let k = up; k < n; k++) {
        const j = unchecked(colList[k]);
        const h = unchecked(d[j]);
        if (h <= least) {
          if (h < least) { up = low; least = h; }
          unchecked(colList[k] = colList[up]);
          unchecked(colList[up++] = j);
        }
      }
      for (let k = low; k < up; k++) {
        if (unchecked(colRow[colList[k]]) < 0) { end = unchecked(colList[k]); break; }
      }
      if (end >= 0) break;
    }
    // Scan the row holding the next column at the current level.
    const j1 = unchecked(colList[low++]);
    const i = unchecked(colRow[j1]);
    const row = i * n;
    const h = unchecked(c[row + j1]) - unchecked(v[j1]) - least;
    for (let k = up; k < n; k++) {
      const j = unchecked(colList[k]);
      const v2 = unchecked(c[row + j]) - unchecked(v[j]) - h;
      if (v2 < unchecked(d[j])) {
        unchecked(pred[j] = i);
        if (v2 == least) {
          if (unchecked(colRow[j]) < 0) { end = j; break; }
          unchecked(colList[k] = colList[up]);
          unchecked(colList[up++] = j);
        }
        unchecked(d[j] = v2);
      }
    }
  }
  assert(end >= 0);
  for (let k = 0; k <= last; k++) {
    const j = unchecked(colList[k]);
    unchecked(v[j] += d[j] - least);
  }
  let j = end;
  for (let guard = 0; guard <= n; guard++) {
    const i = unchecked(pred[j]);
    unchecked(colRow[j] = i);
    const next = unchecked(x[i]);
    unchecked(x[i] = j);
    j = next;
    if (i == f) break;
  }
}
