// Solves the bound's LP with HiGHS (npm `highs`, WebAssembly), adding damage cuts until none is violated,
// and optionally the MILP (whole rounds). HiGHS is loaded on first use: commands other than `bound` never
// pay for it.
import type { Highs, Model } from 'highs';
import { separatingOrder, cutCoefficients, type ValueAtRisk } from './damage.ts';
import { cutRow, type BoundModel, type LpRow } from './model.ts';

let highsPromise: Promise<Highs> | null = null;
async function loadHighs(): Promise<Highs> {
  // The package's declarations describe the ESM default export; TypeScript's CommonJS interop view of it
  // is the module namespace, hence the cast.
  highsPromise ??= import('highs').then((m) => (m.default as unknown as () => Promise<Highs>)());
  return highsPromise;
}

export interface SolveOptions {
  /** Most rounds of cut generation (each a warm-started re-solve). */
  maxCutRounds?: number;
  /** Solve the MILP too (integer rounds per slot). */
  milp?: boolean;
  /** HiGHS time limit for the MILP, s. */
  milpTimeLimitS?: number;
}

export interface LpSolution {
  /** Objective = valueLost + λ·cost, in value units. */
  objective: number;
  valueLost: number;
  cost: number;
  x: Float64Array;
  y: Float64Array;
  /** Row duals (value units per unit of the row), from the final LP. */
  rowDual: Float64Array;
  cutRounds: number;
  cuts: number;
  /** True when the last round found no violated cut (the convex closure of the damage is reached). */
  converged: boolean;
  iterations: number;
}

export interface MilpSolution {
  /** The MILP's proven lower bound (HiGHS's dual bound), value units: a valid bound even if not optimal. */
  bound: number;
  objective: number;
  valueLost: number;
  cost: number;
  optimal: boolean;
  status: string;
  x: Float64Array;
  cutRounds: number;
}

export interface SolveResult {
  lp: LpSolution;
  milp: MilpSolution | null;
  rows: number;
  cols: number;
  nonzeros: number;
  solveMs: number;
}

const STATUS: Record<number, string> = { 7: 'optimal', 8: 'infeasible', 10: 'unbounded', 13: 'time limit', 14: 'iteration limit', 16: 'solution limit', 17: 'interrupted' };

function csr(rows: readonly LpRow[], numCols: number) {
  const starts = new Int32Array(rows.length + 1);
  let nz = 0;
  rows.forEach((r, i) => {
    nz += r.index.length;
    starts[i + 1] = nz;
  });
  const indices = new Int32Array(nz);
  const values = new Float64Array(nz);
  let k = 0;
  for (const r of rows) {
    for (let i = 0; i < r.index.length; i++, k++) {
      indices[k] = r.index[i];
      values[k] = r.value[i];
    }
  }
  return {
    lower: Float64Array.from(rows, (r) => r.lower),
    upper: Float64Array.from(rows, (r) => r.upper),
    matrix: { format: 'csr' as const, numRows: rows.length, numCols, starts, indices, values },
  };
}

/** Violated damage cuts at y: one per asset whose best ordering's cut exceeds its z by more than a tolerance. */
export function violatedCuts(m: BoundModel, v: ValueAtRisk, col: ArrayLike<number>): LpRow[] {
  const q = Float64Array.from(v.threats, (_, j) => 1 - col[m.yOffset + j]);
  const out: LpRow[] = [];
  v.assets.forEach((r, a) => {
    const order = separatingOrder(r, q);
    const coef = cutCoefficients(r, order);
    const need = coef.reduce((s, x, k) => s + x * q[r.threats[k]], 0) / m.scale;
    const z = col[m.zOffset + a];
    if (need <= z + 1e-7 * (1 + r.value / m.scale)) return;
    const row = cutRow(m, r, a, order);
    if (row) out.push(row);
  });
  return out;
}

function split(m: BoundModel, col: ArrayLike<number>, costPerX: (c: number) => number): { valueLost: number; cost: number } {
  let valueLost = 0;
  for (let a = m.zOffset; a < m.numCols; a++) valueLost += col[a];
  let cost = 0;
  for (let c = 0; c < m.xCount; c++) cost += col[c] * costPerX(c);
  return { valueLost: valueLost * m.scale, cost };
}

function runOptimal(model: Model, what: string): void {
  model.run();
  const s = model.getModelStatus();
  if (s !== 7) throw new Error(`HiGHS: the ${what} ended with status ${STATUS[s] ?? s}`);
}

export async function solveBound(m: BoundModel, v: ValueAtRisk, costPerX: (c: number) => number, opts: SolveOptions = {}): Promise<SolveResult> {
  try {
    return await solveWith(await loadHighs(), m, v, costPerX, opts);
  } catch (e) {
    // A WebAssembly abort (out of memory) says nothing about the model: say how big it was.
    const msg = (e as Error).message;
    if (msg.startsWith('HiGHS:')) throw e;
    throw new Error(`HiGHS failed on a model of ${m.numCols} columns and ${m.rows.length} rows (${msg}); a longer --slot makes it smaller`);
  }
}

async function solveWith(highs: Highs, m: BoundModel, v: ValueAtRisk, costPerX: (c: number) => number, opts: SolveOptions): Promise<SolveResult> {
  const t0 = performance.now();
  const base = csr(m.rows, m.numCols);
  const model = highs.createModel({
    numCols: m.numCols, numRows: m.rows.length, colCost: m.colCost, colLower: m.colLower, colUpper: m.colUpper,
    rowLower: base.lower, rowUpper: base.upper, matrix: base.matrix,
  });
  try {
    model.options.set({ output_flag: false });
    let rounds = 0;
    let cuts = 0;
    let converged = false;
    let iterations = 0;
    const maxRounds = opts.maxCutRounds ?? 200;
    for (;;) {
      runOptimal(model, 'LP');
      iterations += Number(model.info.get('simplex_iteration_count'));
      if (rounds >= maxRounds) break;
      const add = violatedCuts(m, v, model.getSolution().colValue);
      if (add.length === 0) {
        converged = true;
        break;
      }
      m.rows.push(...add);
      model.addRows(csr(add, m.numCols));
      cuts += add.length;
      rounds++;
    }
    const sol = model.getSolution();
    const lpSplit = split(m, sol.colValue, costPerX);
    const lp: LpSolution = {
      objective: model.getObjectiveValue() * m.scale,
      ...lpSplit,
      x: sol.colValue.slice(0, m.xCount),
      y: sol.colValue.slice(m.yOffset, m.zOffset),
      rowDual: sol.rowDual.map((d) => d * m.scale),
      cutRounds: rounds,
      cuts,
      converged,
      iterations,
    };

    let milp: MilpSolution | null = null;
    if (opts.milp) {
      if (m.xCount > 0) model.changeColsIntegrality({ kind: 'range', from: 0, to: m.xCount - 1 }, new Int32Array(m.xCount).fill(1));
      model.options.set({ time_limit: opts.milpTimeLimitS ?? 120, mip_rel_gap: 1e-6 });
      let mipRounds = 0;
      let status = 0;
      for (;;) {
        model.run();
        status = model.getModelStatus();
        if (status !== 7 && status !== 13) throw new Error(`HiGHS: the MILP ended with status ${STATUS[status] ?? status}`);
        if (status !== 7 || mipRounds >= maxRounds) break;
        const add = violatedCuts(m, v, model.getSolution().colValue);
        if (add.length === 0) break;
        m.rows.push(...add);
        model.addRows(csr(add, m.numCols));
        mipRounds++;
      }
      const ms = model.getSolution();
      const bound = Number(model.info.get('mip_dual_bound')) * m.scale;
      milp = {
        bound, objective: model.getObjectiveValue() * m.scale, ...split(m, ms.colValue, costPerX), optimal: status === 7,
        status: STATUS[status] ?? String(status), x: ms.colValue.slice(0, m.xCount), cutRounds: mipRounds,
      };
    }
    const nonzeros = m.rows.reduce((s, r) => s + r.index.length, 0);
    return { lp, milp, rows: m.rows.length, cols: m.numCols, nonzeros, solveMs: performance.now() - t0 };
  } finally {
    model.dispose();
  }
}
