// `parapet report`: one run directory (or two, side by side) into a self-contained HTML page: the summary
// table, then the charts the run log allows, with a note for whatever it does not hold.
import { cycleHistogram, eventTimeline, spendBars, threatsOverTime, tracksOverTime, type RunPoints, type SpendRow } from './charts.ts';
import { esc } from './format.ts';
import { figure, note, page } from './html.ts';
import { distinctLabels, openRunDir, type RunDir } from './run-dir.ts';
import { threatSeries, trackSeries, type CountPoint, type ThreatEvent } from './series.ts';
import { summaryTables } from './table.ts';

const CLASS_ORDER = ['drone', 'decoy', 'cruise', 'ballistic'];

function describe(r: RunDir): string {
  const s = r.summary;
  const src = (r.meta.source ?? {}) as Record<string, unknown>;
  const facts: [string, unknown][] = [
    ['directory', r.dir], ['kind', r.kind], ['scenario', s.scenario ?? src.scenario], ['source file', src.file], ['seed', s.seed ?? src.seed],
    ['doctrine', s.doctrine], ['board', s.board ?? r.meta.board], ['simulated', typeof s.simulatedS === 'number' ? `${s.simulatedS} s` : undefined],
  ];
  const dl = facts.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(String(v))}</dd>`).join('');
  const missing = r.missing.length ? note(`${r.label}: not in this run log: ${r.missing.join(', ')}; what needs them is left out.`) : '';
  return `<h3>${esc(r.label)}</h3>\n<dl class="runs">${dl}</dl>\n${missing}`;
}

/** Runs that lack a file, named in a note; the rest go on. */
function lacking(runs: RunDir[], files: string[], what: string): string {
  const without = runs.filter((r) => files.some((f) => r.missing.includes(f)));
  return without.length ? note(`${what}: needs ${files.join(' and ')}, not in the run log of ${without.map((r) => r.label).join(', ')}.`) : '';
}

async function threatCharts(runs: RunDir[]): Promise<string> {
  const withLog = runs.filter((r) => r.present.has('world.jsonl') && r.present.has('outcomes.jsonl'));
  const gap = lacking(runs, ['world.jsonl', 'outcomes.jsonl'], 'Threats over time and the intercept and leak timeline');
  if (withLog.length === 0) return gap;
  const series = await Promise.all(withLog.map((r) => threatSeries(r.file('world.jsonl'), r.file('outcomes.jsonl'), CLASS_ORDER)));
  const classes = [...new Set(series.flatMap((s) => s.classes))];
  const points: RunPoints<CountPoint>[] = series.map((s, i) => ({ run: withLog[i].label, values: s.points }));
  const events: RunPoints<ThreatEvent>[] = series.map((s, i) => ({ run: withLog[i].label, values: s.events }));
  const out = [gap, figure(await threatsOverTime(points, classes),
    'Threats by class over time: alive (launched, neither intercepted nor impacted; world.jsonl), intercepted and leaked so far (outcomes.jsonl).')];
  out.push(events.some((e) => e.values.length > 0)
    ? figure(await eventTimeline(events, classes), 'Intercepts (at the intercept time) and leaks (at the impact time), one mark per threat.')
    : note('No threat was intercepted or leaked in the run log.'));
  return out.join('\n');
}

async function spendChart(runs: RunDir[]): Promise<string> {
  const rows: SpendRow[] = runs.flatMap((r) => {
    const by = ((r.summary.spend ?? {}) as { byUnitKind?: Record<string, { rounds: number; cost: number }> }).byUnitKind ?? {};
    return Object.entries(by).map(([kind, f]) => ({ run: r.label, kind, rounds: f.rounds, cost: f.cost }));
  });
  if (rows.length === 0) return note('Rounds and cost by fire-unit kind: summary.json has no spend figures (a replay fires nothing).');
  return figure(await spendBars(rows, runs.length), 'Rounds fired and their cost by fire-unit kind (summary.json).');
}

async function trackChart(runs: RunDir[]): Promise<string> {
  const withLog = runs.filter((r) => r.present.has('tracks.jsonl'));
  const gap = lacking(runs, ['tracks.jsonl'], 'Tracks over time');
  if (withLog.length === 0) return gap;
  const points = await Promise.all(withLog.map(async (r) => ({ run: r.label, values: await trackSeries(r.file('tracks.jsonl')) })));
  return [gap, figure(await tracksOverTime(points), 'Confirmed and coasting tracks the firmware holds at each cycle (tracks.jsonl).')].join('\n');
}

async function cycleChart(runs: RunDir[]): Promise<string> {
  const withTimes = runs.filter((r) => Array.isArray(r.timing?.cycleMs) && r.timing.cycleMs.length > 0);
  const others = runs.filter((r) => !withTimes.includes(r));
  const gap = others.map((r) => note(r.timing
    ? `Cycle time, ${r.label}: the run log holds no per-cycle times, so no histogram; the median, p99 and maximum of timing.json are in the table above.`
    : `Cycle time, ${r.label}: the run log has no timing.json, so no cycle times.`)).join('\n');
  if (withTimes.length === 0) return gap;
  const points = withTimes.map((r) => ({ run: r.label, values: r.timing!.cycleMs!.map((ms) => ({ ms })) }));
  return [gap, figure(await cycleHistogram(points), 'Wall-clock time of each firmware cycle (timing.json).')].join('\n');
}

/** The report of one run directory, or of several side by side. */
export async function buildReport(dirs: string[]): Promise<string> {
  const runs = dirs.map(openRunDir);
  distinctLabels(runs);
  const title = runs.length === 1 ? `Parapet run report: ${runs[0].label}` : `Parapet run report: ${runs.map((r) => r.label).join(' vs ')}`;
  const body = [
    '<h2>Runs</h2>', ...runs.map(describe),
    '<h2>Summary</h2>', summaryTables(runs),
    '<h2>Threats over time</h2>', await threatCharts(runs),
    '<h2>Rounds and cost</h2>', await spendChart(runs),
    '<h2>Tracks</h2>', await trackChart(runs),
    '<h2>Cycle time</h2>', await cycleChart(runs),
  ];
  return page(title, body.filter((s) => s !== '').join('\n'));
}
