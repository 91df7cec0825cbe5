// The firmware's assignment solvers (assembly/track/lapjv.ts, lapjvsp.ts, through assembly/lap-abi.ts):
// the optimum of exhaustive search on small matrices, the optimum of the O(n³) Hungarian they replaced,
// padding, forbidden pairs, ties, refusals, and the sparse solver against the dense one.
import { beforeAll, describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Firmware } from '../host/firmware.ts';
import { listBoards, loadBoard } from '../host/boards/board.ts';

interface LapExports {
  memory: WebAssembly.Memory;
  lapDenseBuffer(): number; lapDenseCapacity(): number; lapDenseSolve(n: number): number; lapDenseAssignment(): number;
  lapSparseRowStart(): number; lapSparseColumns(): number; lapSparseCosts(): number; lapSparseSolve(n: number): number;
  lapSparseAssignment(): number;
}
let ex: LapExports; // the bench board's firmware (55 MB of memory), loaded before the tests
beforeAll(() => { ex = Firmware.load('bench').exports as unknown as LapExports; });

/** Dense solve of a row-major n × n matrix: the returned cost and the assignment. */
function dense(c: ArrayLike<number>, n: number): { cost: number; x: number[] } {
  new Float64Array(ex.memory.buffer, ex.lapDenseBuffer(), n * n).set(c);
  const cost = ex.lapDenseSolve(n);
  return { cost, x: Array.from(new Int32Array(ex.memory.buffer, ex.lapDenseAssignment(), n)) };
}

/** Sparse solve: edges where `keep` holds. */
function sparse(c: ArrayLike<number>, n: number, keep: (i: number, j: number) => boolean): { cost: number; x: number[] } {
  const first = new Int32Array(ex.memory.buffer, ex.lapSparseRowStart(), n + 1);
  const cols = new Int32Array(ex.memory.buffer, ex.lapSparseColumns(), n * n);
  const costs = new Float64Array(ex.memory.buffer, ex.lapSparseCosts(), n * n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    first[i] = m;
    for (let j = 0; j < n; j++) if (keep(i, j)) { cols[m] = j; costs[m++] = c[i * n + j]; }
  }
  first[n] = m;
  const cost = ex.lapSparseSolve(n);
  return { cost, x: Array.from(new Int32Array(ex.memory.buffer, ex.lapSparseAssignment(), n)) };
}

const isPermutation = (x: number[]) => new Set(x).size === x.length && x.every((j) => j >= 0 && j < x.length);
const costOf = (c: ArrayLike<number>, n: number, x: number[]) => x.reduce((s, j, i) => s + c[i * n + j], 0);

function bruteForce(c: ArrayLike<number>, n: number): number {
  let best = Infinity;
  const used = new Array<boolean>(n).fill(false);
  const walk = (i: number, sum: number): void => {
    if (i === n) { best = Math.min(best, sum); return; }
    for (let j = 0; j < n; j++) if (!used[j]) { used[j] = true; walk(i + 1, sum + c[i * n + j]); used[j] = false; }
  };
  walk(0, 0);
  return best;
}

/** The firmware's previous solver (shortest augmenting paths with potentials, O(n³)), line for line. */
function hungarian(c: ArrayLike<number>, n: number): number {
  const u = new Float64Array(n + 1), v = new Float64Array(n + 1), p = new Int32Array(n + 1), way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity), used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0];
      let delta = Infinity, j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = c[(i0 - 1) * n + j - 1] - u[i0] - v[j];
        if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
        if (minv[j] < delta) { delta = minv[j]; j1 = j; }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) { u[p[j]] += delta; v[j] -= delta; } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do { const j1 = way[j0]; p[j0] = p[j1]; j0 = j1; } while (j0 !== 0);
  }
  let total = 0;
  for (let j = 1; j <= n; j++) total += c[(p[j] - 1) * n + j - 1];
  return total;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const matrix = (maxN: number, values: fc.Arbitrary<number>) => fc.integer({ min: 1, max: maxN })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(values, { minLength: n * n, maxLength: n * n })));

describe('dense LAPJV', () => {
  it('has the capacity of the bench board descriptor', () => {
    expect(ex.lapDenseCapacity()).toBe(loadBoard('bench').capacities.lapDense);
    expect(ex.lapDenseCapacity()).toBe(2048);
  });

  it('gives the optimum where column reduction alone may assign every row (zero diagonal, ties; n ≤ 7)', () => {
    // Each column's least cost is on the diagonal, so column reduction can finish the solve (its early
    // exit); zeros elsewhere tie with it and send columns to other rows, leaving rows for the later phases.
    fc.assert(fc.property(matrix(7, fc.integer({ min: 0, max: 4 })), ([n, c]) => {
      const d = Float64Array.from(c, (v, k) => (k % (n + 1) === 0 ? 0 : v));
      const r = dense(d, n);
      expect(isPermutation(r.x)).toBe(true);
      expect(r.cost).toBe(0);
      expect(close(r.cost, bruteForce(d, n))).toBe(true);
    }), { numRuns: 200 });
  });

  it('finds the optimum of exhaustive search (n ≤ 7, real and small-integer costs)', () => {
    const values = fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: 0, max: 3 }));
    fc.assert(fc.property(matrix(7, values), ([n, c]) => {
      const r = dense(c, n);
      expect(isPermutation(r.x)).toBe(true);
      expect(close(r.cost, costOf(c, n, r.x))).toBe(true);
      expect(close(r.cost, bruteForce(c, n))).toBe(true);
    }), { numRuns: 400 });
  });

  it('finds the optimum of the Hungarian it replaced (random n ≤ 64)', () => {
    const values = fc.oneof(fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: -3, max: 3 }));
    fc.assert(fc.property(matrix(64, values), ([n, c]) => {
      const r = dense(c, n);
      expect(isPermutation(r.x)).toBe(true);
      expect(close(r.cost, hungarian(c, n))).toBe(true);
    }), { numRuns: 150 });
  });

  it('solves a rectangular problem padded square, as the cluster association does', () => {
    // 5 tracks × 3 plots, GNN costs min(c, 0): padding columns cost 0 (track missed).
    const rows = 5, cols = 3, n = 5;
    const g = [[-4, -1, 0], [-3, -3, -2], [0, -5, -1], [-1, 0, -6], [-2, -2, -2]];
    const c = new Float64Array(n * n);
    g.forEach((r, i) => r.forEach((v, j) => { c[i * n + j] = v; }));
    const r = dense(c, n);
    expect(r.cost).toBe(-15); // (0,0) −4, (2,1) −5, (3,2) −6
    expect(r.x.slice(0, rows).filter((j) => j < cols)).toHaveLength(3);
    expect(close(r.cost, bruteForce(c, n))).toBe(true);
  });

  it('keeps off forbidden pairs (a large cost) whenever a permitted assignment exists', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 1e6 }), (n, seed) => {
      let s = seed;
      const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const BIG = 1e9;
      // The diagonal is always permitted, so a permitted assignment exists.
      const c = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 || rnd() < 0.3 ? rnd() * 10 : BIG));
      const r = dense(c, n);
      expect(r.cost).toBeLessThan(BIG);
      expect(r.x.every((j, i) => c[i * n + j] < BIG)).toBe(true);
      expect(close(r.cost, hungarian(c, n))).toBe(true);
    }), { numRuns: 60 });
  });

  it('handles degenerate ties: constant, zero, identical rows, and 0/1 costs', () => {
    for (const n of [1, 2, 5, 33, 64, 300]) {
      expect(dense(new Float64Array(n * n).fill(7), n).cost).toBe(7 * n);
      expect(dense(new Float64Array(n * n), n).cost).toBe(0);
      const rowsSame = Float64Array.from({ length: n * n }, (_, k) => k % n);
      expect(dense(rowsSame, n).cost).toBe((n * (n - 1)) / 2);
      const bits = Float64Array.from({ length: n * n }, (_, k) => ((k * 2654435761) >>> 7) & 1);
      const r = dense(bits, n);
      expect(isPermutation(r.x)).toBe(true);
      if (n <= 64) expect(r.cost).toBe(hungarian(bits, n));
    }
  });

  it('refuses n out of range and non-finite costs with NaN', () => {
    expect(ex.lapDenseSolve(0)).toBeNaN();
    expect(ex.lapDenseSolve(2049)).toBeNaN();
    expect(dense([1, 2, NaN, 4], 2).cost).toBeNaN();
    expect(dense([1, Infinity, 3, 4], 2).cost).toBeNaN();
    expect(dense([1, 2, 3, 4], 2).cost).toBe(5); // and recovers
  });
});

describe('sparse LAPJVsp', () => {
  it('equals the dense solver with absent edges forbidden (n ≤ 40, ~30 % density plus a diagonal)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1e6 }), (n, seed) => {
      let s = seed;
      const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const mask = Array.from({ length: n * n }, (_, k) => k % (n + 1) === 0 || rnd() < 0.3);
      const c = Float64Array.from({ length: n * n }, (_, k) => (mask[k] ? Math.round(rnd() * 20) - 10 : 1e9));
      const sp = sparse(c, n, (i, j) => mask[i * n + j]);
      expect(isPermutation(sp.x)).toBe(true);
      expect(sp.x.every((j, i) => mask[i * n + j])).toBe(true);
      expect(close(sp.cost, costOf(c, n, sp.x))).toBe(true);
      expect(close(sp.cost, dense(c, n).cost)).toBe(true);
    }), { numRuns: 200 });
  });

  it('finds the optimum of exhaustive search on complete graphs (n ≤ 6)', () => {
    fc.assert(fc.property(matrix(6, fc.integer({ min: -5, max: 5 })), ([n, c]) => {
      expect(close(sparse(c, n, () => true).cost, bruteForce(c, n))).toBe(true);
    }), { numRuns: 200 });
  });

  // The GNN block form of the bench's gated matrices (bench/lap-kernels.ts gatedCase): tracks then "plot is
  // new" rows, plots then "track missed" columns, zero-cost dummies that tie everywhere. A well-separated
  // batch is solved by column reduction alone (the early exit); crowded ones need the later phases.
  it('solves the GNN block form with its tied zero dummies to the optimum of min(c, 0) (m, n ≤ 6)', () => {
    const gated = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.boolean())
      .chain(([m, n, separated]) => fc.tuple(fc.constant(m), fc.constant(n),
        fc.array(fc.tuple(fc.integer({ min: 0, max: m - 1 }), fc.integer({ min: 0, max: n - 1 }),
          fc.oneof(fc.integer({ min: -8, max: 3 }), fc.double({ min: -20, max: 5, noNaN: true }))), { minLength: 1, maxLength: m * n })
          .map((pairs) => separated ? pairs.filter(([i, j]) => i === j) : pairs)));
    fc.assert(fc.property(gated, ([m, n, pairs]) => {
      const N = m + n, cost = new Map<string, number>();
      for (const [i, j, c] of pairs) cost.set(`${i},${j}`, Math.min(cost.get(`${i},${j}`) ?? Infinity, c));
      const big = 1e9, c = new Float64Array(N * N).fill(big);
      for (const [key, v] of cost) {
        const [i, j] = key.split(',').map(Number);
        c[i * N + j] = v; // track i takes plot j
        c[(m + j) * N + n + i] = 0; // then plot j's "new" row can take track i's "missed" column
      }
      for (let i = 0; i < m; i++) c[i * N + n + i] = 0; // track i missed
      for (let j = 0; j < n; j++) c[(m + j) * N + j] = 0; // plot j new
      const sp = sparse(c, N, (i, j) => c[i * N + j] < big);
      // The optimum of the rows × cols matrix of min(c, 0), by exhaustive search over the padded square.
      const k = Math.max(m, n), small = new Float64Array(k * k);
      for (const [key, v] of cost) { const [i, j] = key.split(',').map(Number); small[i * k + j] = Math.min(v, 0); }
      expect(isPermutation(sp.x)).toBe(true);
      expect(close(sp.cost, costOf(c, N, sp.x))).toBe(true);
      expect(close(sp.cost, bruteForce(small, k))).toBe(true);
    }), { numRuns: 300 });
  });

  it('says NaN when no perfect matching exists or the input is malformed', () => {
    // Rows 0 and 1 can only use column 0.
    expect(sparse([1, 9, 9, 2, 9, 9, 9, 9, 3], 3, (i, j) => j === 0 || i === 2).cost).toBeNaN();
    // A row without edges.
    expect(sparse([1, 2, 3, 4], 2, (i) => i === 0).cost).toBeNaN();
    expect(ex.lapSparseSolve(0)).toBeNaN();
    expect(sparse([1, 2, 3, 4], 2, () => true).cost).toBe(5);
  });
});

// The kernels' buffers and the sparse solver live on the bench board only; every other board refuses
// the solves (and its module and memory carry neither), while the gated-pairs view stays everywhere.
describe.each(listBoards().filter((b) => b !== 'bench'))('board %s without assignment kernels', (name) => {
  const fx = Firmware.load(name).exports as unknown as LapExports & { lapSparseRowCapacity(): number; lapGatePairs(): number };
  it('refuses the dense and sparse solves', () => {
    expect(loadBoard(name).capacities.lapDense ?? 0).toBe(0);
    expect(fx.lapDenseCapacity()).toBe(0);
    expect(fx.lapSparseRowCapacity()).toBe(0);
    expect(fx.lapDenseSolve(1)).toBeNaN();
    expect(fx.lapSparseSolve(1)).toBeNaN();
    expect(fx.lapGatePairs()).toBe(0);
  });
});
