// The bound of one problem: value at risk → opportunities → LP → HiGHS, and the figures the report prints.
import { valueAtRisk } from './damage.ts';
import { buildModel } from './model.ts';
import { opportunities } from './opportunities.ts';
import type { BoundProblem, RunFigures } from './problem.ts';
import { solveBound } from './solve.ts';

/** Above this many round columns the MILP is refused: branch and bound would not end in useful time. */
export const MILP_MAX_COLUMNS = 5000;
export const DEFAULT_SLOT_S = 10;

export interface BoundOptions {
  /** Launch-time slot, s (a multiple of the world's step). */
  slotS?: number;
  /** Weight of interceptor cost; the scenario doctrine's costWeight by default. */
  lambda?: number;
  milp?: boolean;
  maxCutRounds?: number;
  milpTimeLimitS?: number;
}

export interface UnitBound {
  id: string;
  kind: string;
  magazine: number;
  opportunities: number;
  /** Rounds and cost at the LP optimum. */
  rounds: number;
  cost: number;
  /** −dual of the magazine row: value lost avoided per extra round, value units. */
  shadowPrice: number;
  milpRounds: number | null;
}

export interface ClassBound {
  class: string;
  threats: number;
  reachable: number;
  /** Σ of the damage each threat would do alone: what is at stake per class, before diminishing returns. */
  alone: number;
  expectedKills: number;
}

export interface BoundResult {
  lambda: number;
  /** Opportunities only from each threat's first plot given to fire control (--after-detection). */
  afterDetection: boolean;
  slotS: number;
  stepS: number;
  endS: number;
  model: { opportunities: number; steps: number; runOnly: number; rows: number; cols: number; nonzeros: number; cutRounds: number; cuts: number; converged: boolean; iterations: number };
  undefended: number;
  lp: { objective: number; valueLost: number; cost: number; rounds: number };
  milp: { bound: number; objective: number; valueLost: number; cost: number; optimal: boolean; status: string } | null;
  units: UnitBound[];
  byClass: ClassBound[];
  run: (RunFigures & { objective: number; gap: number | null; objectiveGap: number | null }) | null;
  buildMs: number;
  solveMs: number;
}

export async function computeBound(p: BoundProblem, opts: BoundOptions = {}, run: RunFigures | null = null): Promise<BoundResult> {
  const t0 = performance.now();
  const slotS = opts.slotS ?? Math.max(p.stepS, DEFAULT_SLOT_S);
  const lambda = opts.lambda ?? p.doctrine.costWeight;
  const v = valueAtRisk(p);
  const opps = opportunities(p, v, slotS);
  if (opts.milp && opps.list.length > MILP_MAX_COLUMNS) {
    throw new Error(`--milp: the model has ${opps.list.length} round columns, more than the ${MILP_MAX_COLUMNS} the MILP is run on; use a shorter run (simulate --until) or a longer --slot, or drop --milp for the LP bound`);
  }
  const m = buildModel(p, v, opps, lambda);
  const buildMs = performance.now() - t0;
  const unitCost = (c: number): number => p.units[opps.list[c].unit].costPerRound;
  const s = await solveBound(m, v, unitCost, { milp: opts.milp, maxCutRounds: opts.maxCutRounds, milpTimeLimitS: opts.milpTimeLimitS });

  const units: UnitBound[] = p.units.map((u, i) => {
    let rounds = 0;
    let milpRounds = 0;
    let count = 0;
    opps.list.forEach((o, c) => {
      if (o.unit !== i) return;
      count++;
      rounds += s.lp.x[c];
      if (s.milp) milpRounds += s.milp.x[c];
    });
    const row = m.magazineRow[i];
    const price = row < 0 ? 0 : -s.lp.rowDual[row];
    return {
      id: u.id, kind: u.kind, magazine: u.magazine, opportunities: count, rounds, cost: rounds * u.costPerRound,
      // A dual within the solver's tolerance of zero is zero (and never −0).
      shadowPrice: Math.abs(price) < 1e-9 * m.scale ? 0 : price,
      milpRounds: s.milp ? milpRounds : null,
    };
  });

  const reach = new Set(opps.list.map((o) => o.threat));
  const classes = [...new Set(v.threats.map((t) => t.class))].sort();
  const byClass = classes.map((cls) => {
    const js = v.threats.map((t, j) => ({ t, j })).filter(({ t }) => t.class === cls);
    return {
      class: cls, threats: js.length, reachable: js.filter(({ j }) => reach.has(j)).length,
      alone: js.reduce((a, { j }) => a + v.threatAlone[j], 0), expectedKills: js.reduce((a, { j }) => a + s.lp.y[j], 0),
    };
  });

  const runOut = run && {
    ...run,
    objective: run.valueLost + lambda * run.interceptorCost,
    // Below a thousandth of a currency unit the bound's figure is the solver's rounding, not a loss.
    gap: s.lp.valueLost > 1e-3 ? run.valueLost / s.lp.valueLost : null,
    objectiveGap: s.lp.objective > 1e-3 ? (run.valueLost + lambda * run.interceptorCost) / s.lp.objective : null,
  };
  return {
    lambda, afterDetection: p.firstPlotS !== undefined, slotS, stepS: p.stepS, endS: p.endS,
    model: {
      opportunities: opps.list.length, steps: opps.steps, runOnly: opps.runOnly, rows: s.rows, cols: s.cols, nonzeros: s.nonzeros,
      cutRounds: s.lp.cutRounds, cuts: s.lp.cuts, converged: s.lp.converged, iterations: s.lp.iterations,
    },
    undefended: v.undefended,
    lp: { objective: s.lp.objective, valueLost: s.lp.valueLost, cost: s.lp.cost, rounds: units.reduce((a, u) => a + u.rounds, 0) },
    milp: s.milp && { bound: s.milp.bound, objective: s.milp.objective, valueLost: s.milp.valueLost, cost: s.milp.cost, optimal: s.milp.optimal, status: s.milp.status },
    units, byClass, run: runOut, buildMs, solveMs: s.solveMs,
  };
}
