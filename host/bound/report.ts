// What `parapet bound` prints: a table for people, or JSON for machines (docs/doctrine.md). The figures
// are rounded the same way every time, so the output of one run directory is always the same bytes
// (wall-clock times are printed, but only in the text, and not in --json unless asked).
import type { BoundResult } from './bound.ts';

/**
 * Money in the scenario's currency unit: millions, or thousands below a million (gun rounds cost
 * hundreds). Below half a unit it is the solver's rounding (a −0 or a −1e−9), printed as 0.
 */
function money(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) < 0.5) return '0.0 M';
  return Math.abs(v) < 1e6 ? `${(v / 1e3).toFixed(1)} k` : `${(v / 1e6).toFixed(1)} M`;
}

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

export function formatBound(r: BoundResult, opts: { timing?: boolean } = {}): string {
  const out: string[] = [];
  const head = r.run ? `${r.run.scenario}, seed ${r.run.seed}, ${r.endS} s (${r.run.dir})` : `${r.endS} s`;
  out.push(`${r.afterDetection ? 'Lower bound on value lost, each threat from its first plot given to fire control' : 'Omniscient lower bound on value lost'}: ${head}`);
  const m = r.model;
  out.push(`  model: ${m.opportunities} slots of ${r.slotS} s (${m.steps} unit × threat × step opportunities${m.runOnly ? `, ${m.runOnly} of them the run's own beyond the truth-planned ones` : ''}), `
    + `${m.cols} columns, ${m.rows} rows, ${m.nonzeros} nonzeros; ${m.cuts} damage cuts in ${m.cutRounds} rounds${m.converged ? '' : ' (cut limit reached: the bound is valid, not the tightest)'}; λ = ${r.lambda}`);
  if (opts.timing) out.push(`  build ${(r.buildMs / 1000).toFixed(1)} s, solve ${(r.solveMs / 1000).toFixed(1)} s (${m.iterations} simplex iterations)`);
  out.push(`LP bound: value lost ≥ ${money(r.lp.valueLost)} at ${money(r.lp.cost)} of interceptors (${r.lp.rounds.toFixed(1)} rounds); value lost + λ·cost ≥ ${money(r.lp.objective)}; undefended ${money(r.undefended)}`);
  if (r.milp) {
    out.push(`MILP (whole rounds per slot): ${r.milp.status}, bound ${money(r.milp.bound)}; at its solution value lost ${money(r.milp.valueLost)}, cost ${money(r.milp.cost)}, objective ${money(r.milp.objective)}`);
  }
  if (r.run) {
    out.push(`Run (${r.run.doctrine}): value lost ${money(r.run.valueLost)}, interceptors ${money(r.run.interceptorCost)} (${r.run.rounds} rounds), value lost + λ·cost ${money(r.run.objective)}`);
    // With a bound of (nearly) nothing lost the ratio has no finite value: say so rather than print one.
    const lost = r.run.gap === null ? 'the bound loses nothing (no finite ratio)' : `the run's value lost is ${r.run.gap.toFixed(2)}× the bound's`;
    const obj = r.run.objectiveGap === null ? 'the bound\'s value lost + λ·cost is nil' : `its value lost + λ·cost ${r.run.objectiveGap.toFixed(2)}× the bound's`;
    out.push(`  gap: ${lost}; ${obj}`);
  }
  out.push('Fire units at the LP optimum (shadow price: value lost avoided per extra round in the magazine)');
  out.push(...table([
    ['unit', 'kind', 'slots', 'magazine', 'rounds', ...(r.milp ? ['MILP rounds'] : []), 'cost', 'shadow price'],
    ...r.units.map((u) => [u.id, u.kind, String(u.opportunities), String(u.magazine), u.rounds.toFixed(1), ...(r.milp ? [String(Math.round(u.milpRounds ?? 0))] : []), money(u.cost), money(u.shadowPrice)]),
  ]));
  out.push('Threats with a warhead that would hit an asset within the run (damage alone: each on intact assets; reachable: has an opportunity)');
  out.push(...table([
    ['class', 'threats', 'reachable', 'damage alone', 'expected kills'],
    ...r.byClass.map((c) => [c.class, String(c.threats), String(c.reachable), money(c.alone), c.expectedKills.toFixed(2)]),
  ]));
  return out.join('\n');
}

/** The result as JSON; wall-clock times only with `timing`, so the default output is reproducible. */
export function boundJson(r: BoundResult, opts: { timing?: boolean } = {}): string {
  const { buildMs, solveMs, ...rest } = r;
  const round = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v);
  return JSON.stringify(opts.timing ? { ...rest, timing: { buildMs, solveMs } } : rest, round, 2);
}
