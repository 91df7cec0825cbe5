// The text tables `parapet simulate` prints: one run in full, or several seeds (and doctrines side by side)
// as mean and 95 % confidence interval per figure.
import type { RunTiming, SimulationResult } from './loop.ts';
import { aggregate, type Interval } from './loop-stats.ts';
import { FALSE_TRACK_STEPS, GOSPA_C_M } from './summary.ts';

const CLASSES = ['drone', 'decoy', 'cruise', 'ballistic', 'all'] as const;
const COLUMNS = ['launched', 'detected', 'engaged', 'intercepted', 'leaked', 'alive'] as const;

/** Money in the scenario's currency unit, in millions. */
const money = (v: number): string => (Number.isFinite(v) ? `${(v / 1e6).toFixed(v !== 0 && Math.abs(v) < 1e6 ? 3 : 1)} M` : 'n/a');
const num = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : 'n/a');

function table(rows: string[][], indent = '  '): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

export function formatRun(r: SimulationResult): string {
  const s = r.summary;
  const out = [`Parapet closed loop: ${s.scenario}, seed ${s.seed}, doctrine ${s.doctrine}, board ${s.board}: ${s.simulatedS} s simulated in ${num(r.timing.wallMs / 1000)} s`];
  for (const w of r.warnings) out.push(`  warning: ${w}`);
  out.push('Threats');
  out.push(...table([['', ...COLUMNS], ...CLASSES.map((c) => [c, ...COLUMNS.map((k) => String(s.threats[c][k]))])]));
  const kinds = Object.entries(s.damage.byAssetKind).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${money(v)}`).join(', ');
  const by = Object.entries(s.damage.byThreatClass).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${money(v)}`).join(', ');
  out.push(`Damage: lost ${money(s.damage.lost)}${kinds ? ` (${kinds})` : ''} of ${money(s.damage.undefended)} undefended; saved ${money(s.damage.saved)}`);
  if (by) out.push(`  done by: ${by}`);
  out.push('Interceptors');
  out.push(...table([['', 'rounds', 'cost', 'engagements', 'on nothing'],
    ...Object.entries(s.spend.byUnitKind).map(([k, f]) => [k, String(f.rounds), money(f.cost), String(f.engagements), String(f.phantomRounds)]),
    ['all', String(s.spend.total.rounds), money(s.spend.total.cost), String(s.spend.total.engagements), String(s.spend.total.phantomRounds)]]));
  const refused = Object.entries(s.orders.refusedBy).map(([k, v]) => `${k} ${v}`).join(', ');
  out.push(`Orders: ${s.orders.issued} issued, ${s.orders.fired} fired at a threat, ${s.orders.phantom} at nothing (clutter or a dead threat), ${s.orders.refused} refused by the battery${refused ? ` (${refused})` : ''}`);
  const cer = s.costExchange.costPerValueSaved;
  out.push(`Cost-exchange: ${money(s.costExchange.costSpent)} spent / ${money(s.costExchange.valueSaved)} saved = ${cer === null ? 'n/a' : cer.toFixed(4)} (per cost of threats destroyed: n/a, the scenario gives no threat costs)`);
  const t = s.tracking;
  out.push(`Tracking: GOSPA ${num(t.gospaMeanM)} m (c ${GOSPA_C_M} m, p 2), coverage ${pct(t.coverage)}, confirmation latency ${num(t.latencyMsMean / 1000)} s (${num(t.latencyScansMean)} cycles), `
    + `false tracks ${t.falseTracks} (≥ ${FALSE_TRACK_STEPS} cycles on nothing), breaks ${t.trackBreaks}, ID swaps ${t.idSwaps}, purity ${pct(t.purity)}`);
  out.push(`Firmware: ${s.firmware.steps} cycles, ${s.firmware.plots} plots (${s.firmware.plotsBeyondCoverage} beyond coverage not given), ${s.firmware.tracksCreated} tracks started, `
    + `${s.firmware.plotsDropped} plots / ${s.firmware.tracksDropped} tracks dropped for capacity; cycle ${num(r.timing.cycleMsMedian, 3)} ms median, ${num(r.timing.cycleMsP99, 3)} ms p99`);
  if (r.files.length) out.push(`Run log: ${r.files.length} files in ${r.files[0].replace(/[/\\][^/\\]*$/, '')}`);
  return out.join('\n');
}

/** The figures compared across seeds, by their path in the summary (or the timing). */
const FIGURES: [string, string, (v: number) => string][] = [
  ['threats intercepted', 'threats.all.intercepted', (v) => num(v)],
  ['  drones', 'threats.drone.intercepted', (v) => num(v)],
  ['  decoys', 'threats.decoy.intercepted', (v) => num(v)],
  ['  cruise missiles', 'threats.cruise.intercepted', (v) => num(v)],
  ['  ballistic missiles', 'threats.ballistic.intercepted', (v) => num(v)],
  ['threats leaked', 'threats.all.leaked', (v) => num(v)],
  ['value lost', 'damage.lost', money],
  ['  by drones', 'damage.byThreatClass.drone', money],
  ['  by cruise missiles', 'damage.byThreatClass.cruise', money],
  ['  by ballistic missiles', 'damage.byThreatClass.ballistic', money],
  ['value saved', 'damage.saved', money],
  ['interceptor rounds', 'spend.total.rounds', (v) => num(v)],
  ['  long-range SAM', 'spend.byUnitKind.long-range-sam.rounds', (v) => num(v)],
  ['  short-range SAM', 'spend.byUnitKind.short-range-sam.rounds', (v) => num(v)],
  ['  mobile fire group', 'spend.byUnitKind.mobile-fire-group.rounds', (v) => num(v)],
  ['  interceptor drone', 'spend.byUnitKind.interceptor-drone.rounds', (v) => num(v)],
  ['  electronic warfare', 'spend.byUnitKind.ew.rounds', (v) => num(v)],
  ['rounds at nothing', 'spend.total.phantomRounds', (v) => num(v)],
  ['interceptor cost', 'spend.total.cost', money],
  ['cost / value saved', 'costExchange.costPerValueSaved', (v) => num(v, 4)],
  ['orders refused', 'orders.refused', (v) => num(v)],
  ['GOSPA, m', 'tracking.gospaMeanM', (v) => num(v)],
  ['confirmation latency, s', 'tracking.latencyMsMean', (v) => num(v / 1000)],
  ['cycle median, ms', 'timing.cycleMsMedian', (v) => num(v, 3)],
  ['cycle p99, ms', 'timing.cycleMsP99', (v) => num(v, 3)],
];

export interface DoctrineAggregate { doctrine: string; runs: number; figures: Record<string, Interval> }

/** Mean and interval of every figure, per doctrine, over its runs. */
export function aggregateRuns(results: readonly SimulationResult[]): DoctrineAggregate[] {
  const doctrines = [...new Set(results.map((r) => r.summary.doctrine))];
  return doctrines.map((d) => {
    const mine = results.filter((r) => r.summary.doctrine === d);
    return { doctrine: d, runs: mine.length, figures: aggregate(mine.map((r) => ({ ...r.summary, timing: r.timing as RunTiming }))) };
  });
}

export function formatAggregate(scenario: string, seeds: readonly number[], aggs: readonly DoctrineAggregate[]): string {
  const cell = (i: Interval | undefined, f: (v: number) => string): string =>
    !i || !Number.isFinite(i.mean) ? 'n/a' : Number.isFinite(i.lo) ? `${f(i.mean)} [${f(i.lo)}, ${f(i.hi)}]` : f(i.mean);
  const out = [`Parapet closed loop: ${scenario}, ${seeds.length} seeds (${seeds[0]}…${seeds[seeds.length - 1]}); mean [95 % confidence interval of the mean]`];
  out.push(...table([['', ...aggs.map((a) => a.doctrine)], ...FIGURES.map(([label, path, f]) => [label, ...aggs.map((a) => cell(a.figures[path], f))])]));
  return out.join('\n');
}
