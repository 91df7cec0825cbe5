// Workload (b): 2-D assignment kernels side by side on the same matrices — dense random costs, and the
// gated matrices of the firmware cycle. Parapet's LAPJV / LAPJVsp (assembly/lap-abi.ts) against SciPy
// and the npm Munkres packages, timed pair by pair. Every answer's cost is recomputed here from its
// assignment, and any optimum that differs from Parapet's is reported as a disagreement.
import { Firmware } from '../host/firmware.ts';
import { pairedRatio, spread, type Spread } from './stats.ts';
import type { GatedPairs } from './tracker-cycle.ts';
import { type NpmLap, NPM_PACKAGES } from './peers/npm-lap.ts';
import type { Problem, SciPy } from './peers/scipy.ts';

interface LapExports {
  memory: WebAssembly.Memory;
  lapDenseBuffer(): number; lapDenseCapacity(): number; lapDenseSolve(n: number): number; lapDenseAssignment(): number;
  lapSparseRowStart(): number; lapSparseColumns(): number; lapSparseCosts(): number; lapSparseSolve(n: number): number;
  lapSparseAssignment(): number; lapSparseRowCapacity(): number; lapSparseEdgeCapacity(): number;
}

/** One matrix of the workload, in the forms the solvers take. */
export interface LapCase {
  name: string; size: string;
  /** Square dense (random) or rows × cols GNN matrix: gated cost min(c, 0), 0 = not assigned. */
  dense?: { rows: number; cols: number; data: Float64Array };
  /** Block form of the gated matrix (sparse, square, always has a perfect matching). */
  csr?: Extract<Problem, { kind: 'csr' }>;
}

export interface LapResult {
  name: string; size: string; solver: string; form: string;
  ms?: Spread; ratio?: Spread; objective?: number; status: 'ok' | 'did not finish' | 'not run'; note?: string;
}

/** Seeded uniform [0, 1) costs (mulberry32). */
export function randomDense(n: number, seed: number): LapCase {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { name: 'dense random', size: `${n} × ${n}`, dense: { rows: n, cols: n, data: Float64Array.from({ length: n * n }, rnd) } };
}

/** The gated matrix in both forms. Block form (rows: tracks then "plot is new"; columns: plots then
 *  "track missed"): track i – plot j at the GNN cost, track i – its own miss column and plot j's new row
 *  – plot j at 0, and new row j – miss column i at 0 for each gated pair, so taking (i, j) frees both
 *  dummies to pair up. Its optimum equals that of the rows × cols matrix of min(c, 0). */
export function gatedCase(targets: number, g: GatedPairs, denseLimit: number): LapCase {
  const { rows: m, cols: n } = g, N = m + n;
  const adj: [number, number][][] = Array.from({ length: N }, () => []);
  for (let k = 0; k < g.row.length; k++) {
    adj[g.row[k]].push([g.col[k], g.cost[k]]);
    adj[m + g.col[k]].push([n + g.row[k], 0]);
  }
  for (let i = 0; i < m; i++) adj[i].push([n + i, 0]);
  for (let j = 0; j < n; j++) adj[m + j].push([j, 0]);
  const indptr = new Int32Array(N + 1), nnz = adj.reduce((s, r) => s + r.length, 0);
  const indices = new Int32Array(nnz), data = new Float64Array(nnz);
  let e = 0;
  adj.forEach((r, i) => { r.sort((a, b) => a[0] - b[0]); for (const [j, c] of r) { indices[e] = j; data[e++] = c; } indptr[i + 1] = e; });
  const c: LapCase = { name: `gated, ${targets} targets`, size: `${m} × ${n}, ${g.row.length} pairs`,
    csr: { kind: 'csr', rows: N, cols: N, indptr, indices, data } };
  if (Math.max(m, n) <= denseLimit) {
    const d = new Float64Array(m * n);
    for (let k = 0; k < g.row.length; k++) d[g.row[k] * n + g.col[k]] = Math.min(d[g.row[k] * n + g.col[k]], g.cost[k]);
    c.dense = { rows: m, cols: n, data: d };
  }
  return c;
}

/** Cost of a rows × cols assignment (x[i] = column or −1), summed in row order. */
function denseCost(d: { rows: number; cols: number; data: Float64Array }, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.rows; i++) if (x[i] >= 0 && x[i] < d.cols) s += d.data[i * d.cols + x[i]];
  return s;
}

/** Cost of a perfect matching over the CSR edges; NaN if it uses an absent edge or is not a permutation. */
function csrCost(p: Extract<Problem, { kind: 'csr' }>, x: ArrayLike<number>): number {
  const used = new Uint8Array(p.cols);
  let s = 0;
  for (let i = 0; i < p.rows; i++) {
    let c = NaN;
    for (let e = p.indptr[i]; e < p.indptr[i + 1]; e++) if (p.indices[e] === x[i]) { c = p.data[e]; break; }
    if (Number.isNaN(c) || used[x[i]]++) return NaN;
    s += c;
  }
  return s;
}

const agree = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Runs `call` often enough that one sample lasts ≥ 3 ms; ms per call. */
function timeCall(call: () => void, inner: number): number {
  const t0 = performance.now();
  for (let r = 0; r < inner; r++) call();
  return (performance.now() - t0) / inner;
}
const innerFor = (ms: number) => Math.max(1, Math.min(500, Math.ceil(3 / Math.max(ms, 1e-4))));

export class Parapet {
  readonly ex: LapExports;
  constructor() { this.ex = Firmware.load('bench').exports as unknown as LapExports; }
  get denseCapacity(): number { return this.ex.lapDenseCapacity(); }

  /** Pads rows × cols square with zeros (a row or column left over is simply not assigned). */
  loadDense(d: { rows: number; cols: number; data: Float64Array }): number {
    const n = Math.max(d.rows, d.cols), buf = new Float64Array(this.ex.memory.buffer, this.ex.lapDenseBuffer(), n * n);
    if (d.rows === n && d.cols === n) buf.set(d.data);
    else { buf.fill(0); for (let i = 0; i < d.rows; i++) buf.set(d.data.subarray(i * d.cols, (i + 1) * d.cols), i * n); }
    return n;
  }
  denseAnswer(d: { rows: number }): Int32Array { return Int32Array.from(new Int32Array(this.ex.memory.buffer, this.ex.lapDenseAssignment(), d.rows)); }

  loadCsr(p: Extract<Problem, { kind: 'csr' }>): void {
    if (p.rows > this.ex.lapSparseRowCapacity() || p.data.length > this.ex.lapSparseEdgeCapacity()) throw new Error(`${p.rows} rows, ${p.data.length} edges: beyond the sparse capacity`);
    const b = this.ex.memory.buffer;
    new Int32Array(b, this.ex.lapSparseRowStart(), p.rows + 1).set(p.indptr);
    new Int32Array(b, this.ex.lapSparseColumns(), p.indices.length).set(p.indices);
    new Float64Array(b, this.ex.lapSparseCosts(), p.data.length).set(p.data);
  }
  csrAnswer(p: { rows: number }): Int32Array { return Int32Array.from(new Int32Array(this.ex.memory.buffer, this.ex.lapSparseAssignment(), p.rows)); }
}

export interface LapOptions { repeats: number; npmCapMs: number; npmBudgetMs: number; scipy?: SciPy; scipyIndex: Map<LapCase, { csr?: number; dense?: number }> }

/** The SciPy problem file's records for the cases, and where each case's forms sit in it. */
export function scipyProblems(cases: readonly LapCase[]): { problems: Problem[]; index: Map<LapCase, { csr?: number; dense?: number }> } {
  const problems: Problem[] = [], index = new Map<LapCase, { csr?: number; dense?: number }>();
  for (const c of cases) {
    const at: { csr?: number; dense?: number } = {};
    if (c.csr) { at.csr = problems.length; problems.push(c.csr); }
    if (c.dense) { at.dense = problems.length; problems.push({ kind: 'dense', ...c.dense }); }
    index.set(c, at);
  }
  return { problems, index };
}

/** Times every solver on one case; returns rows for the table and the disagreements found. */
export async function runCase(c: LapCase, parapet: Parapet, npm: Map<string, NpmLap>, dnf: Set<string>, o: LapOptions):
  Promise<{ rows: LapResult[]; errors: string[] }> {
  const rows: LapResult[] = [], errors: string[] = [];
  const base = { name: c.name, size: c.size };
  // Parapet's reference: the sparse solver on the block form if there is one, else the dense solver.
  const ref = c.csr
    ? { solver: 'Parapet LAPJVsp', form: `sparse block form, ${c.csr.rows} rows, ${c.csr.data.length} edges`,
      load: () => parapet.loadCsr(c.csr!), call: () => parapet.ex.lapSparseSolve(c.csr!.rows), cost: () => csrCost(c.csr!, parapet.csrAnswer(c.csr!)) }
    : { solver: 'Parapet LAPJV', form: 'dense', load: () => parapet.loadDense(c.dense!),
      call: () => parapet.ex.lapDenseSolve(c.dense!.rows), cost: () => denseCost(c.dense!, parapet.denseAnswer(c.dense!)) };
  ref.load();
  const refReturned = ref.call();
  const objective = ref.cost();
  if (!agree(refReturned, objective)) errors.push(`${c.name}: ${ref.solver} returned ${refReturned}, its assignment costs ${objective}`);
  const refInner = innerFor(timeCall(ref.call, 1));
  const refMs: number[] = [];
  const check = (solver: string, cost: number) => {
    if (!agree(cost, objective)) errors.push(`${c.name} (${c.size}): ${solver} found ${cost}, ${ref.solver} ${objective}`);
  };

  /** Interleaves Parapet's reference solve with the peer's, run by run. */
  const paired = async (solver: string, form: string, run: () => Promise<{ ms: number; cost: number } | undefined>, budgetMs = Infinity) => {
    const peer: number[] = [], mine: number[] = [];
    // An untimed first call warms the peer's JIT or caches up, unless that call alone is slow.
    const first = await run();
    if (!first) return false;
    check(solver, first.cost);
    if (first.ms > 500) { peer.push(first.ms); mine.push(timeCall(ref.call, refInner)); }
    let spent = first.ms;
    for (let r = peer.length; r < o.repeats && spent < budgetMs; r++) {
      ref.load();
      mine.push(timeCall(ref.call, refInner));
      const out = await run();
      if (!out) return false;
      check(solver, out.cost);
      peer.push(out.ms);
      spent += out.ms;
    }
    refMs.push(...mine);
    rows.push({ ...base, solver, form, ms: spread(peer), ratio: pairedRatio(peer, mine), objective, status: 'ok' });
    return true;
  };

  if (c.csr && c.dense && Math.max(c.dense.rows, c.dense.cols) <= parapet.denseCapacity) {
    const d = c.dense;
    const n = parapet.loadDense(d), call = () => parapet.ex.lapDenseSolve(n), inner = innerFor(timeCall(call, 1));
    await paired('Parapet LAPJV', `dense, padded to ${n} square`, async () => {
      parapet.loadDense(d);
      const ms = timeCall(call, inner);
      return { ms, cost: denseCost(d, parapet.denseAnswer(d)) };
    });
  }
  const at = o.scipy && o.scipyIndex.get(c);
  if (o.scipy && at) {
    const forms = [[at.csr, 'min_weight_full_bipartite_matching, sparse block form', (x: number[]) => csrCost(c.csr!, x)],
      [at.dense, 'linear_sum_assignment, dense', (x: number[]) => denseCost(c.dense!, x)]] as const;
    for (const [k, label, cost] of forms) {
      if (k === undefined) continue;
      const inner = innerFor((await o.scipy.solve(k)).ms);
      await paired('SciPy', label, async () => { const r = await o.scipy!.solve(k, inner); return { ms: r.ms, cost: cost(r.x) }; });
    }
  }
  for (const pkg of NPM_PACKAGES) {
    const d = c.dense;
    const key = `${pkg}:${c.name.startsWith('gated') ? 'gated' : 'dense'}`;
    if (!d) { rows.push({ ...base, solver: pkg, form: 'dense', status: 'not run', note: 'dense form beyond the bench limit' }); continue; }
    if (dnf.has(key)) { rows.push({ ...base, solver: pkg, form: 'dense', status: 'not run', note: 'did not finish on a smaller matrix' }); continue; }
    const lap = npm.get(pkg)!;
    const ok = await paired(pkg, d.rows === d.cols ? 'dense' : 'dense rectangular', async () => {
      const r = await lap.solve(d.rows, d.cols, d.data, o.npmCapMs);
      return r && { ms: r.ms, cost: denseCost(d, r.x) };
    }, o.npmBudgetMs);
    if (!ok) {
      dnf.add(key);
      rows.push({ ...base, solver: pkg, form: 'dense', status: 'did not finish', note: `did not finish in ${(o.npmCapMs / 1000).toFixed(0)} s` });
    }
  }
  if (!refMs.length) refMs.push(timeCall(ref.call, refInner));
  rows.unshift({ ...base, solver: ref.solver, form: ref.form, ms: spread(refMs), objective, status: 'ok' });
  return { rows, errors };
}
