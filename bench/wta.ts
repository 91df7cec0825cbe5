// Workload (c): the firmware's static weapon–target assignment (wtaSolve through host/wta/solve.ts, the
// default work bound) on seeded random instances: one round per weapon, 30 % of pairs out of envelope.
import type { WtaInstance } from '../host/wta/instance.ts';
import { solveWta, WTA_DEFAULT_WORK, type WtaExports } from '../host/wta/solve.ts';
import { Firmware } from '../host/firmware.ts';
import { Rng } from '../host/sim/rng.ts';
import { spread, type Spread } from './stats.ts';

export interface WtaResult { weapons: number; targets: number; ms: Spread; objective: number; greedy: number; work: number }

export function wtaInstance(m: number, n: number): WtaInstance {
  const rng = new Rng(`wta-${m}x${n}`);
  return {
    name: `random ${m} x ${n}`,
    weapons: Array.from({ length: m }, (_, i) => ({ id: `w${i}`, count: 1 })),
    targets: Array.from({ length: n }, (_, j) => ({ id: `t${j}`, value: rng.uniform(1, 100) })),
    p: Array.from({ length: m }, () => Array.from({ length: n }, () => (rng.chance(0.7) ? rng.uniform(0.2, 0.9) : 0))),
  };
}

export function measureWta(m: number, n: number, repeats: number): WtaResult {
  const fw = Firmware.load('host').exports as unknown as WtaExports;
  const inst = wtaInstance(m, n);
  solveWta(fw, inst); // warm-up
  const runs = Array.from({ length: repeats }, () => solveWta(fw, inst, { work: WTA_DEFAULT_WORK }));
  const last = runs.at(-1)!;
  return { weapons: m, targets: n, ms: spread(runs.map((r) => r.ms)), objective: last.objective, greedy: last.greedy, work: last.work };
}
