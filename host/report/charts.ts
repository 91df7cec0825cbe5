// The report's charts as Vega-Lite specifications, rendered to inline SVG (svg.ts).
import type { TopLevelSpec } from 'vega-lite';
import type { CountPoint, ThreatEvent } from './series.ts';
import { renderSvg } from './svg.ts';

const STATE_COLOURS = { domain: ['alive', 'intercepted', 'leaked'], range: ['#d08c00', '#2c7a3f', '#c0392b'] };
const BASE = { background: 'white', config: { font: 'sans-serif', view: { stroke: '#ccc' } } } as const;
const time = { field: 'tMin', type: 'quantitative', title: 'time, min' } as const;

/** One row of small charts per run when there are several. */
const byRun = (runs: number): object => (runs > 1 ? { row: { field: 'run', type: 'nominal', title: null } } : {});

export interface RunPoints<T> { run: string; values: T[] }
const flat = <T>(runs: RunPoints<T>[]): (T & { run: string })[] => runs.flatMap((r) => r.values.map((v) => ({ ...v, run: r.run })));

/** Counts by state over time as step lines; `encoding` adds to time, count and one row per run. */
function countsOverTime(runs: RunPoints<CountPoint>[], width: number, height: number, title: string, encoding: object): Promise<string> {
  return renderSvg({
    ...BASE,
    data: { values: flat(runs) },
    mark: { type: 'line', interpolate: 'step-after' },
    width,
    height,
    encoding: { x: time, y: { field: 'count', type: 'quantitative', title }, ...encoding, ...byRun(runs.length) },
  } as TopLevelSpec);
}

/** Threats alive, intercepted and leaked (cumulative) over time, a small chart per class. */
export function threatsOverTime(runs: RunPoints<CountPoint>[], classes: string[]): Promise<string> {
  return countsOverTime(runs, 170, 120, 'threats', {
    color: { field: 'state', type: 'nominal', scale: STATE_COLOURS, title: null },
    column: { field: 'series', type: 'nominal', title: null, sort: classes },
  });
}

/** Every intercept and every leak, at its time, by class. */
export function eventTimeline(runs: RunPoints<ThreatEvent>[], classes: string[]): Promise<string> {
  return renderSvg({
    ...BASE,
    data: { values: flat(runs) },
    mark: { type: 'point', filled: true, size: 60, opacity: 0.8 },
    width: 700,
    encoding: {
      x: time,
      y: { field: 'class', type: 'nominal', title: null, sort: classes },
      yOffset: { field: 'kind', type: 'nominal' },
      color: { field: 'kind', type: 'nominal', scale: STATE_COLOURS, title: null },
      shape: { field: 'kind', type: 'nominal', title: null },
      tooltip: [{ field: 'threatId' }, { field: 'tMin', format: '.1f' }],
      ...byRun(runs.length),
    },
  } as TopLevelSpec);
}

export interface SpendRow { run: string; kind: string; rounds: number; cost: number }

/** Rounds and cost by fire-unit kind, bars side by side per run. */
export function spendBars(rows: SpendRow[], runs: number): Promise<string> {
  const bars = (field: 'rounds' | 'cost', title: string): object => ({
    mark: 'bar',
    width: 300,
    encoding: {
      y: { field: 'kind', type: 'nominal', title: null },
      x: { field, type: 'quantitative', title },
      ...(runs > 1 ? { yOffset: { field: 'run', type: 'nominal' } } : {}),
      color: { field: 'run', type: 'nominal', title: null, legend: runs > 1 ? {} : null },
    },
  });
  return renderSvg({ ...BASE, data: { values: rows }, hconcat: [bars('rounds', 'rounds'), bars('cost', 'cost')] } as TopLevelSpec);
}

/** Confirmed and coasting tracks the firmware holds, per cycle. */
export function tracksOverTime(runs: RunPoints<CountPoint>[]): Promise<string> {
  return countsOverTime(runs, 700, 140, 'tracks', { color: { field: 'state', type: 'nominal', title: null } });
}

/** Histogram of per-cycle times, ms (only when the run log holds them). */
export function cycleHistogram(runs: RunPoints<{ ms: number }>[]): Promise<string> {
  return renderSvg({
    ...BASE,
    data: { values: flat(runs) },
    mark: 'bar',
    width: 500,
    height: 140,
    encoding: {
      x: { field: 'ms', type: 'quantitative', bin: { maxbins: 40 }, title: 'cycle time, ms' },
      y: { aggregate: 'count', type: 'quantitative', title: 'cycles' },
      color: { field: 'run', type: 'nominal', title: null },
      ...byRun(runs.length),
    },
  } as TopLevelSpec);
}
