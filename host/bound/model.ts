// The LP of the bound (docs/doctrine.md, "The omniscient bound"), as sparse rows, with no solver attached.
//
// Columns: x_c ≥ 0 rounds fired in opportunity slot c (opportunities.ts); y_j ∈ [0, 1] the probability
// that valued threat j is killed; z_a ≥ 0 the expected damage to asset a. Values and costs are divided by
// `scale` so the LP's numbers stay near 1..1000 (HiGHS's tolerances are absolute).
//
//   minimise   Σ_a z_a + λ Σ_c cost_u(c) x_c
//   kill_j     y_j ≤ Σ_c pk_u(c)[class j] x_c          P(kill) ≤ E[rounds that kill] (union bound)
//   damage_a   z_a ≥ Σ_j v^π_j (1 − y_j)               one row per ordering π found (damage.ts)
//   magazine_u Σ_c x_c ≤ magazine
//   reserve_u  Σ_{c: class ∉ forClasses} x_c ≤ magazine − reserved   (the world refuses to break it)
//   reload_u,k Σ_{c: lastS < (k+1)·T} x_c ≤ ready·(1 + k)  launchers refill only after T
//   channel_u,w (at τ_w, the last step of window w) Σ_{c: lastS ≤ τ_w < interceptMin} x_c ≤ S·channels
//   occupancy_u,w Σ_{c in w} holdMin_c x_c ≤ S·channels·(Δ − step + holdMax_w)
// S = min(salvo limit, ready rounds): the most rounds one engagement, hence one channel, carries.
// Every constraint holds for each realisation of any fire-control policy, so for the expected rounds too;
// aggregation into slots only drops terms or weakens bounds (opportunities.ts), so the LP is a relaxation.
import { cutCoefficients, type AssetRisk, type ValueAtRisk } from './damage.ts';
import type { OpportunitySet } from './opportunities.ts';
import type { BoundProblem } from './problem.ts';

export interface LpRow {
  name: string;
  lower: number;
  upper: number;
  index: number[];
  value: number[];
}

export interface BoundModel {
  scale: number;
  lambda: number;
  numCols: number;
  /** x columns are 0..xCount−1 (one per opportunity), then y (one per valued threat), then z (one per asset at risk). */
  xCount: number;
  yOffset: number;
  zOffset: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rows: LpRow[];
  /** Index of each unit's magazine row, or −1 when the unit has no opportunity. */
  magazineRow: number[];
  /** Orderings already cut, per asset at risk (keys of the position lists). */
  cutKeys: Set<string>[];
}

/** A power of ten that brings the largest asset value to at most 1000. */
export function valueScale(p: BoundProblem): number {
  const top = Math.max(1, ...p.assets.map((a) => a.value));
  return 10 ** Math.max(0, Math.ceil(Math.log10(top)) - 3);
}

export function buildModel(p: BoundProblem, v: ValueAtRisk, opps: OpportunitySet, lambda: number): BoundModel {
  const scale = valueScale(p);
  const xs = opps.list;
  const xCount = xs.length;
  const yOffset = xCount;
  const zOffset = yOffset + v.threats.length;
  const numCols = zOffset + v.assets.length;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  xs.forEach((o, c) => (colCost[c] = (lambda * p.units[o.unit].costPerRound) / scale));
  for (let j = 0; j < v.threats.length; j++) colUpper[yOffset + j] = 1;
  for (let a = 0; a < v.assets.length; a++) colCost[zOffset + a] = 1;
  const rows: LpRow[] = [];

  // kill_j: y_j − Σ pk x ≤ 0. A threat no unit can reach keeps y_j = 0.
  const kill: { index: number[]; value: number[] }[] = v.threats.map((_, j) => ({ index: [yOffset + j], value: [1] }));
  xs.forEach((o, c) => {
    const pk = p.units[o.unit].pk[v.threats[o.threat].class];
    kill[o.threat].index.push(c);
    kill[o.threat].value.push(-pk);
  });
  kill.forEach((r, j) => rows.push({ name: `kill_${v.threats[j].id}`, lower: -Infinity, upper: 0, ...r }));

  const stepS = p.stepS;
  const slotS = opps.slotS;
  const magazineRow = p.units.map(() => -1);
  const byUnit = p.units.map(() => [] as number[]);
  xs.forEach((o, c) => byUnit[o.unit].push(c));
  p.units.forEach((u, ui) => {
    const cols = byUnit[ui];
    if (cols.length === 0) return;
    const ones = (cs: number[]) => ({ index: cs, value: cs.map(() => 1) });
    magazineRow[ui] = rows.length;
    rows.push({ name: `magazine_${u.id}`, lower: -Infinity, upper: u.magazine, ...ones(cols) });

    for (const r of p.doctrine.reserve) {
      if (r.kind !== u.kind) continue;
      const cs = cols.filter((c) => !r.forClasses.includes(v.threats[xs[c].threat].class));
      if (cs.length) rows.push({ name: `reserve_${u.id}_${r.forClasses.join('+')}`, lower: -Infinity, upper: Math.max(0, u.magazine - r.rounds), ...ones(cs) });
    }

    if (u.reloadTimeS > 0 && u.readyRounds < u.magazine) {
      for (let k = 0; u.readyRounds * (1 + k) < u.magazine; k++) {
        const cs = cols.filter((c) => xs[c].lastS < (k + 1) * u.reloadTimeS);
        if (cs.length) rows.push({ name: `reload_${u.id}_${k}`, lower: -Infinity, upper: u.readyRounds * (1 + k), ...ones(cs) });
      }
    }

    const salvo = Math.max(1, Math.min(p.doctrine.salvoLimit, u.readyRounds));
    const cap = salvo * u.guidanceChannels;
    const windows = [...new Set(cols.map((c) => xs[c].window))].sort((a, b) => a - b);
    const at = new Map<number, number[]>(windows.map((w) => [w, []]));
    const tau = (w: number): number => (w + 1) * slotS - stepS;
    for (const c of cols) {
      const o = xs[c];
      for (let w = o.window; tau(w) < o.interceptMinS; w++) if (o.lastS <= tau(w)) at.get(w)?.push(c);
    }
    for (const w of windows) {
      const cs = at.get(w)!;
      if (cs.length) rows.push({ name: `channel_${u.id}_${w}`, lower: -Infinity, upper: cap, ...ones(cs.sort((a, b) => a - b)) });
    }
    if (slotS > stepS) {
      const inWindow = new Map<number, number[]>(windows.map((w) => [w, []]));
      for (const c of cols) inWindow.get(xs[c].window)!.push(c);
      for (const w of windows) {
        const cs = inWindow.get(w)!;
        // Dominated by the channel row when every hold outlasts the window.
        if (!cs.some((c) => xs[c].holdMinS < slotS)) continue;
        const holdMax = Math.max(...cs.map((c) => xs[c].holdMaxS));
        rows.push({ name: `occupancy_${u.id}_${w}`, lower: -Infinity, upper: cap * (slotS - stepS + holdMax), index: cs, value: cs.map((c) => xs[c].holdMinS) });
      }
    }
  });

  const m: BoundModel = { scale, lambda, numCols, xCount, yOffset, zOffset, colCost, colLower, colUpper, rows, magazineRow, cutKeys: v.assets.map(() => new Set()) };
  // The impact-time ordering: the undefended run's own marginals.
  v.assets.forEach((r, a) => addCut(m, r, a, r.threats.map((_, k) => k)));
  return m;
}

/** z_a + Σ v_j y_j ≥ Σ v_j for the ordering `order`; returns the row, or null if that ordering is in already. */
export function cutRow(m: BoundModel, r: AssetRisk, a: number, order: readonly number[]): LpRow | null {
  const key = order.join(',');
  if (m.cutKeys[a].has(key)) return null;
  m.cutKeys[a].add(key);
  const coef = cutCoefficients(r, order).map((x) => x / m.scale);
  const index = [m.zOffset + a];
  const value = [1];
  let rhs = 0;
  coef.forEach((x, k) => {
    if (x === 0) return;
    index.push(m.yOffset + r.threats[k]);
    value.push(x);
    rhs += x;
  });
  return { name: `damage_${a}_${m.cutKeys[a].size}`, lower: rhs, upper: Infinity, index, value };
}

function addCut(m: BoundModel, r: AssetRisk, a: number, order: readonly number[]): void {
  const row = cutRow(m, r, a, order);
  if (row) m.rows.push(row);
}
