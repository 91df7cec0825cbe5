// Every doctrine on every raid of a family (`parapet scenario evaluate`): raid k of the family is run once
// per doctrine with the same simulation seed, so the runs are paired and the comparison is on the paired
// differences (parapet − each baseline), whose spread leaves out how hard each raid is. Runs go to the
// worker threads of `parapet simulate --runs` (loop-runs.ts); figures and intervals are loop-stats.ts's.
import { DOCTRINES, type DoctrineName, type SimulationResult } from './loop-core.ts';
import { runMany, type RunJob } from './loop-runs.ts';
import { meanInterval, numericLeaves, type Interval } from './loop-stats.ts';
import { generateRaid, type RaidFamily } from './raid-family.ts';
import { checkScenario } from './scenario.ts';

/** The figures compared, by their path in the run summary. */
export const FAMILY_FIGURES: [label: string, path: string, money: boolean][] = [
  ['value lost', 'damage.lost', true],
  ['  by drones', 'damage.byThreatClass.drone', true],
  ['  by cruise missiles', 'damage.byThreatClass.cruise', true],
  ['  by ballistic missiles', 'damage.byThreatClass.ballistic', true],
  ['threats launched', 'threats.all.launched', false],
  ['threats intercepted', 'threats.all.intercepted', false],
  ['  drones', 'threats.drone.intercepted', false],
  ['  decoys', 'threats.decoy.intercepted', false],
  ['  cruise missiles', 'threats.cruise.intercepted', false],
  ['  ballistic missiles', 'threats.ballistic.intercepted', false],
  ['cruise missiles launched', 'threats.cruise.launched', false],
  ['ballistic missiles launched', 'threats.ballistic.launched', false],
  ['threats leaked', 'threats.all.leaked', false],
  ['interceptor rounds', 'spend.total.rounds', false],
  ['interceptor cost', 'spend.total.cost', true],
];

export interface FamilyEvaluation {
  family: string;
  seeds: number[];
  doctrines: DoctrineName[];
  /** Per doctrine, per figure path: one value per seed, in seed order. */
  values: Record<string, Record<string, number[]>>;
  /** Per doctrine, per figure path: mean and 95 % interval of the mean over the raids. */
  means: Record<string, Record<string, Interval>>;
  /** Per "parapet − <baseline>", per figure path: mean and 95 % interval of the paired differences. */
  differences: Record<string, Record<string, Interval>>;
}

export interface FamilyEvalOptions {
  seeds: readonly number[];
  doctrines?: readonly DoctrineName[];
  board?: string;
  untilS?: number;
  threads?: number;
  onDone?: (done: number, total: number) => void;
}

/** The runs: every seed's raid, generated once, under every doctrine; results in job order. */
export async function evaluateFamily(family: RaidFamily, o: FamilyEvalOptions): Promise<FamilyEvaluation> {
  const doctrines = [...(o.doctrines ?? DOCTRINES)];
  const jobs: RunJob[] = o.seeds.flatMap((seed) => {
    const label = `${family.file} seed ${seed}`;
    const scenario = checkScenario(generateRaid(family, seed).scenario, label);
    return doctrines.map((doctrine) => ({ file: label, scenario, seed: scenario.seed, doctrine, board: o.board ?? 'host', untilS: o.untilS }));
  });
  const results = await runMany(jobs, { threads: o.threads, onDone: o.onDone });
  return pairedFigures(family.name, [...o.seeds], doctrines, results);
}

/** Means per doctrine and paired differences against the first doctrine, from results in (seed, doctrine) order. */
export function pairedFigures(family: string, seeds: number[], doctrines: DoctrineName[], results: readonly SimulationResult[]): FamilyEvaluation {
  const values: FamilyEvaluation['values'] = {};
  doctrines.forEach((d, j) => {
    values[d] = {};
    const leaves = seeds.map((_, i) => numericLeaves(results[i * doctrines.length + j].summary));
    for (const [, path] of FAMILY_FIGURES) values[d][path] = leaves.map((m) => m.get(path) ?? 0);
  });
  const means: FamilyEvaluation['means'] = {};
  for (const d of doctrines) means[d] = Object.fromEntries(FAMILY_FIGURES.map(([, p]) => [p, meanInterval(values[d][p])]));
  const differences: FamilyEvaluation['differences'] = {};
  const [first, ...others] = doctrines;
  for (const d of others) {
    differences[`${first} − ${d}`] = Object.fromEntries(FAMILY_FIGURES.map(([, p]) => [p, meanInterval(values[first][p].map((v, i) => v - values[d][p][i]))]));
  }
  return { family, seeds, doctrines, values, means, differences };
}

const fmt = (v: number, money: boolean): string => (!Number.isFinite(v) ? 'n/a' : money ? `${(v / 1e6).toFixed(1)} M` : v.toFixed(1));
const cell = (i: Interval | undefined, money: boolean): string =>
  !i || !Number.isFinite(i.mean) ? 'n/a' : Number.isFinite(i.lo) ? `${fmt(i.mean, money)} [${fmt(i.lo, money)}, ${fmt(i.hi, money)}]` : fmt(i.mean, money);

export function formatFamilyEvaluation(e: FamilyEvaluation): string {
  const heads = [...e.doctrines, ...Object.keys(e.differences)];
  const rows = [['', ...heads], ...FAMILY_FIGURES.map(([label, path, money]) => [
    label, ...e.doctrines.map((d) => cell(e.means[d][path], money)), ...Object.keys(e.differences).map((k) => cell(e.differences[k][path], money)),
  ])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => `  ${r.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ')}`.trimEnd());
  return [
    `Raid family ${e.family}: ${e.seeds.length} raids (seeds ${e.seeds[0]}…${e.seeds[e.seeds.length - 1]}), every doctrine on the same raids and simulation seeds;`,
    `mean [95 % confidence interval of the mean]; differences paired by raid (Student's t, ${e.seeds.length - 1} degrees of freedom)`,
    ...lines,
  ].join('\n');
}
