// The summary table: every figure of summary.json (and the cycle times of timing.json), one column per run.
// Each cell carries where its number comes from (data-file, data-path), the exact value (data-value) and
// the scale it is printed at (data-scale), so the page can be checked against the run log.
import type { RunDir } from './run-dir.ts';
import {
  COUNT, CYCLES, MONEY, MS, MS_AS_S, METRES, PERCENT, RATIO, SQUARE_METRES, esc, formatNumber, type NumberFormat,
} from './format.ts';

type Source = 'summary.json' | 'timing.json';
interface Figure { label: string; path: string; format: NumberFormat; file?: Source }

const THREAT_COLUMNS = ['launched', 'detected', 'engaged', 'intercepted', 'leaked', 'alive'];
const SPEND_COLUMNS: [string, string, NumberFormat][] = [
  ['rounds', 'rounds', COUNT], ['cost', 'cost', MONEY], ['engagements', 'engagements', COUNT], ['phantomRounds', 'rounds on nothing', COUNT],
];

function get(o: unknown, path: string): unknown {
  // A path is split on dots: the summary's keys hold none.
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

const source = (run: RunDir, file: Source): unknown => (file === 'summary.json' ? run.summary : run.timing);

/** The keys of an object in the summary of any of the runs, in first-seen order. */
function keysOf(runs: RunDir[], path: string): string[] {
  const keys: string[] = [];
  for (const r of runs) {
    const o = get(r.summary, path);
    if (o && typeof o === 'object') for (const k of Object.keys(o)) if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

function cell(run: RunDir, index: number, f: Figure): string {
  const file = f.file ?? 'summary.json';
  const v = get(source(run, file), f.path);
  if (v === undefined) return `<td class="absent" data-run="${index}">—</td>`;
  if (v !== null && typeof v !== 'number') return `<td data-run="${index}">${esc(String(v))}</td>`;
  return `<td data-run="${index}" data-file="${file}" data-path="${esc(f.path)}" data-value="${esc(JSON.stringify(v))}" data-scale="${f.format.scale}">${formatNumber(v, f.format)}</td>`;
}

const anyHas = (runs: RunDir[], f: Figure): boolean => runs.some((r) => get(source(r, f.file ?? 'summary.json'), f.path) !== undefined);

/** Figures as rows, runs as columns. */
function figureTable(title: string, runs: RunDir[], figures: Figure[]): string {
  const shown = figures.filter((f) => anyHas(runs, f));
  if (shown.length === 0) return '';
  const head = `<tr><th></th>${runs.map((r) => `<th>${esc(r.label)}</th>`).join('')}</tr>`;
  const rows = shown.map((f) => `<tr><th scope="row">${esc(f.label)}</th>${runs.map((r, i) => cell(r, i, f)).join('')}</tr>`);
  return `<h3>${esc(title)}</h3>\n<table class="figures">\n${head}\n${rows.join('\n')}\n</table>`;
}

/** Rows × columns of one object of the summary (threats by class, spend by unit kind), a row per run. */
function matrixTable(title: string, runs: RunDir[], rows: { label: string; path: string }[], columns: [string, string, NumberFormat][]): string {
  const present = rows.filter((row) => runs.some((r) => get(r.summary, row.path) !== undefined));
  if (present.length === 0) return '';
  const several = runs.length > 1;
  const head = `<tr><th></th>${several ? '<th>run</th>' : ''}${columns.map(([, label]) => `<th>${esc(label)}</th>`).join('')}</tr>`;
  const body = present.flatMap((row) => runs.map((r, i) => {
    const first = i === 0 ? `<th scope="row"${several ? ` rowspan="${runs.length}"` : ''}>${esc(row.label)}</th>` : '';
    const cells = columns.map(([key, , format]) => cell(r, i, { label: key, path: `${row.path}.${key}`, format })).join('');
    return `<tr>${first}${several ? `<td class="run">${esc(r.label)}</td>` : ''}${cells}</tr>`;
  }));
  return `<h3>${esc(title)}</h3>\n<table class="figures">\n${head}\n${body.join('\n')}\n</table>`;
}

export function summaryTables(runs: RunDir[]): string {
  const threats = matrixTable('Threats by class', runs,
    keysOf(runs, 'threats').map((c) => ({ label: c, path: `threats.${c}` })), THREAT_COLUMNS.map((c) => [c, c, COUNT]));
  const damage = figureTable('Damage (value)', runs, [
    { label: 'undefended', path: 'damage.undefended', format: MONEY },
    { label: 'lost', path: 'damage.lost', format: MONEY },
    { label: 'saved', path: 'damage.saved', format: MONEY },
    ...keysOf(runs, 'damage.byAssetKind').map((k) => ({ label: `lost: ${k}`, path: `damage.byAssetKind.${k}`, format: MONEY })),
    ...keysOf(runs, 'damage.byThreatClass').map((k) => ({ label: `lost to ${k}`, path: `damage.byThreatClass.${k}`, format: MONEY })),
  ]);
  const spend = matrixTable('Rounds and cost by fire-unit kind', runs,
    [...keysOf(runs, 'spend.byUnitKind').map((k) => ({ label: k, path: `spend.byUnitKind.${k}` })), { label: 'all', path: 'spend.total' }], SPEND_COLUMNS);
  const orders = figureTable('Orders', runs, [
    { label: 'issued', path: 'orders.issued', format: COUNT },
    { label: 'fired at a threat', path: 'orders.fired', format: COUNT },
    { label: 'fired at nothing', path: 'orders.phantom', format: COUNT },
    { label: 'refused', path: 'orders.refused', format: COUNT },
    ...keysOf(runs, 'orders.refusedBy').map((k) => ({ label: `refused: ${k}`, path: `orders.refusedBy.${k}`, format: COUNT })),
  ]);
  const exchange = figureTable('Cost-exchange', runs, [
    { label: 'interceptor cost spent', path: 'costExchange.costSpent', format: MONEY },
    { label: 'value saved', path: 'costExchange.valueSaved', format: MONEY },
    { label: 'cost per value saved', path: 'costExchange.costPerValueSaved', format: RATIO },
    { label: 'cost per threat cost destroyed', path: 'costExchange.costPerThreatCost', format: RATIO },
  ]);
  const tracking = figureTable('Track quality', runs, [
    { label: 'GOSPA (mean)', path: 'tracking.gospaMeanM', format: METRES },
    { label: 'localisation (mean)', path: 'tracking.localisationMeanM2', format: SQUARE_METRES },
    { label: 'missed (mean)', path: 'tracking.missedMeanM2', format: SQUARE_METRES },
    { label: 'false (mean)', path: 'tracking.falseMeanM2', format: SQUARE_METRES },
    { label: 'coverage', path: 'tracking.coverage', format: PERCENT },
    { label: 'confirmation latency', path: 'tracking.latencyMsMean', format: MS_AS_S },
    { label: 'confirmation latency, cycles', path: 'tracking.latencyScansMean', format: CYCLES },
    { label: 'false tracks', path: 'tracking.falseTracks', format: COUNT },
    { label: 'track breaks', path: 'tracking.trackBreaks', format: COUNT },
    { label: 'ID swaps', path: 'tracking.idSwaps', format: COUNT },
    { label: 'purity', path: 'tracking.purity', format: PERCENT },
  ]);
  const firmware = figureTable('Firmware', runs, [
    { label: 'cycles', path: 'firmware.steps', format: COUNT },
    { label: 'plots given', path: 'firmware.plots', format: COUNT },
    { label: 'plots beyond coverage (not given)', path: 'firmware.plotsBeyondCoverage', format: COUNT },
    { label: 'tracks started', path: 'firmware.tracksCreated', format: COUNT },
    { label: 'plots dropped for capacity', path: 'firmware.plotsDropped', format: COUNT },
    { label: 'tracks dropped for capacity', path: 'firmware.tracksDropped', format: COUNT },
    { label: 'orders', path: 'firmware.orders', format: COUNT },
    { label: 'plots (replay)', path: 'plots', format: COUNT },
    { label: 'steps (replay)', path: 'steps', format: COUNT },
    { label: 'cycle time, median', path: 'cycleMsMedian', format: MS, file: 'timing.json' },
    { label: 'cycle time, p99', path: 'cycleMsP99', format: MS, file: 'timing.json' },
    { label: 'cycle time, max', path: 'cycleMsMax', format: MS, file: 'timing.json' },
    { label: 'wall-clock time of the run', path: 'wallMs', format: MS, file: 'timing.json' },
    { label: 'wall-clock time (replay)', path: 'wallMs', format: MS },
  ]);
  return [threats, damage, spend, orders, exchange, tracking, firmware].filter((s) => s !== '').join('\n');
}
