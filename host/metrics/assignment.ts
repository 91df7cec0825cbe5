// Rectangular linear assignment: minimum-cost matching of every row of the smaller side.
//
// Shortest augmenting path with dual potentials (the Hungarian / Jonker–Volgenant family, in the
// compact form popularised by e-maxx): each new row is added by one Dijkstra-like search over
// reduced costs, so n rows against m ≥ n columns cost O(n²·m). Written here rather than taken from
// npm because it is ~40 lines, has no runtime dependency, and the metric layer must stay exact and
// auditable; test/gospa.test.ts checks it against enumeration of every permutation.

export interface Assignment {
  /** rowToCol[i] = column matched to row i, or -1 when the row is left over (rows > cols). */
  rowToCol: number[];
  /** colToRow[j] = row matched to column j, or -1 when the column is left over (cols > rows). */
  colToRow: number[];
  /** Sum of cost[i][rowToCol[i]] over matched rows. */
  cost: number;
}

/**
 * Minimum-cost assignment of min(rows, cols) pairs. `cost[i][j]` must be finite; all rows must have the
 * same length. An empty matrix (or rows of length 0) yields an empty matching with cost 0.
 */
export function solveAssignment(cost: readonly (readonly number[])[]): Assignment {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0].length;
  for (const row of cost) {
    if (row.length !== cols) throw new Error('solveAssignment: ragged cost matrix');
    for (const x of row) if (!Number.isFinite(x)) throw new Error('solveAssignment: non-finite cost');
  }
  const rowToCol = new Array<number>(rows).fill(-1);
  const colToRow = new Array<number>(cols).fill(-1);
  if (rows === 0 || cols === 0) return { rowToCol, colToRow, cost: 0 };

  // The search below needs n ≤ m; solve the transpose otherwise.
  const flip = rows > cols;
  const n = flip ? cols : rows;
  const m = flip ? rows : cols;
  const a = (i: number, j: number): number => (flip ? cost[j][i] : cost[i][j]);

  // 1-based arrays; index 0 is the virtual column the current row starts from.
  const u = new Array<number>(n + 1).fill(0); // row potentials
  const v = new Array<number>(m + 1).fill(0); // column potentials
  const p = new Array<number>(m + 1).fill(0); // p[j] = row matched to column j (0 = free)
  const way = new Array<number>(m + 1).fill(0); // predecessor column on the shortest path
  const minv = new Array<number>(m + 1);
  const used = new Array<boolean>(m + 1);

  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = a(i0 - 1, j - 1) - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      // Shift potentials so the tree's reduced costs stay ≥ 0 and the new edge becomes tight.
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    // Augment along the alternating path back to the virtual column.
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }

  let total = 0;
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    const r = flip ? j - 1 : p[j] - 1;
    const c = flip ? p[j] - 1 : j - 1;
    rowToCol[r] = c;
    colToRow[c] = r;
    total += cost[r][c];
  }
  return { rowToCol, colToRow, cost: total };
}
