// Optimal dense linear assignment (shortest augmenting paths with potentials, the Jonker–Volgenant /
// Kuhn–Munkres family, O(n³)): minimises Σ cost[i][assign[i]] over an n x n matrix in static memory.
import { real, MAX_CLUSTER } from "../board";
import { CLUSTER_CELLS } from "../limits";

export const lapCost = new StaticArray<real>(CLUSTER_CELLS); // row-major n x n
export const lapRowToCol = new StaticArray<i32>(MAX_CLUSTER);
const u = new StaticArray<real>(MAX_CLUSTER + 1);
const v = new StaticArray<real>(MAX_CLUSTER + 1);
const colRow = new StaticArray<i32>(MAX_CLUSTER + 1); // 1-based row matched to each column, 0 = none
const way = new StaticArray<i32>(MAX_CLUSTER + 1);
const minv = new StaticArray<real>(MAX_CLUSTER + 1);
const used = new StaticArray<bool>(MAX_CLUSTER + 1);
const INF: real = <real>1e30;

export function lapSolve(n: i32): void {
  assert(n >= 1 && n <= MAX_CLUSTER);
  for (let j = 0; j <= n; j++) { unchecked(u[j] = 0); unchecked(v[j] = 0); unchecked(colRow[j] = 0); unchecked(way[j] = 0); }
  for (let i = 1; i <= n; i++) {
    unchecked(colRow[0] = i);
    let j0 = 0;
    for (let j = 0; j <= n; j++) { unchecked(minv[j] = INF); unchecked(used[j] = false); }
    let guard = n + 1;
    do {
      unchecked(used[j0] = true);
      const i0 = unchecked(colRow[j0]);
      let delta = INF;
      let j1 = 0;
      const row = (i0 - 1) * n;
      for (let j = 1; j <= n; j++) {
        if (!unchecked(used[j])) {
          const cur = unchecked(lapCost[row + j - 1]) - unchecked(u[i0]) - unchecked(v[j]);
          if (cur < unchecked(minv[j])) { unchecked(minv[j] = cur); unchecked(way[j] = j0); }
          if (unchecked(minv[j]) < delta) { delta = unchecked(minv[j]); j1 = j; }
        }
      }
      for (let j = 0; j <= n; j++) {
        if (unchecked(used[j])) { unchecked(u[colRow[j]] += delta); unchecked(v[j] -= delta); }
        else unchecked(minv[j] -= delta);
      }
      j0 = j1;
    } while (unchecked(colRow[j0]) != 0 && guard-- > 0);
    let guard2 = n + 1;
    do {
      const j1 = unchecked(way[j0]);
      unchecked(colRow[j0] = colRow[j1]);
      j0 = j1;
    } while (j0 != 0 && guard2-- > 0);
  }
  for (let j = 1; j <= n; j++) unchecked(lapRowToCol[colRow[j] - 1] = j - 1);
}
