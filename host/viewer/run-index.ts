// The viewer's time index of one run log, built once at start-up by streaming the JSONL files
// (host/report/jsonl.ts). Per firmware cycle it keeps the raw tracks and threats lines, parsed again only
// for the one cycle a request asks for, so a Kyiv-sized log is not held as millions of objects.
import { openRunDir, type LogFile, type RunDir } from '../report/run-dir.ts';
import { badRecord, readJsonl } from '../report/jsonl.ts';

export interface Engagement { engagement: string; unit: string; trackNumber: number; threatId: number | null; result: string; firedMs: number; interceptMs: number; point: { x: number; y: number; z?: number } }
export interface Marker { timeMs: number; threatId: number | null; x: number; y: number; unit?: string; class?: string }

export interface RunIndex {
  run: RunDir;
  /** Firmware cycle times, ascending (tracks.jsonl). */
  cycles: number[];
  trackLines: string[];
  threatLines: (string | null)[];
  /** Threats in flight in the world at each cycle (world.jsonl), for the "alive" count. */
  alive: (number | null)[];
  /** Plots sorted by time, as columns: the frame takes a recent window of them. */
  plots: { t: Float64Array; sensor: Int32Array; x: Float64Array; y: Float64Array };
  engagements: Engagement[];
  kills: Marker[];
  leaks: Marker[];
  /** Plan-view extent (m) of every site and track position, so the page can fit the picture once. */
  extent: { minX: number; maxX: number; minY: number; maxY: number };
  fadeMs: number;
}

type Rec = Record<string, unknown>;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

async function each(run: RunDir, name: LogFile, fn: (r: Rec, line: number, file: string) => void): Promise<void> {
  if (!run.present.has(name)) return;
  const file = run.file(name);
  for await (const { line, record } of readJsonl(file)) fn(record, line, file);
}

/** The cycle shown at time t: the last one at or before t (the first one before the log starts). */
export function cycleAt(cycles: number[], t: number): number {
  let lo = 0, hi = cycles.length - 1;
  if (hi < 0) return -1;
  if (t < cycles[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cycles[mid] <= t) lo = mid; else hi = mid - 1;
  }
  return lo;
}

export async function buildRunIndex(dir: string): Promise<RunIndex> {
  const run = openRunDir(dir);
  if (!run.present.has('tracks.jsonl')) throw new Error(`${dir}: no tracks.jsonl, nothing to show`);
  const extent = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  const grow = (x: unknown, y: unknown) => {
    if (!num(x) || !num(y)) return;
    extent.minX = Math.min(extent.minX, x); extent.maxX = Math.max(extent.maxX, x);
    extent.minY = Math.min(extent.minY, y); extent.maxY = Math.max(extent.maxY, y);
  };
  const sites = [...asList(run.meta.assets), ...asList(run.meta.fireUnits)];
  for (const s of sites) { const p = (s.position ?? {}) as Rec; grow(p.eastM, p.northM); }
  for (const s of asList(run.meta.sensors)) grow(s.east, s.north);

  const cycles: number[] = [], trackLines: string[] = [];
  await each(run, 'tracks.jsonl', (r, line, file) => {
    if (!num(r.timeMs) || !Array.isArray(r.tracks)) throw badRecord(file, line, 'a cycle needs timeMs and tracks');
    if (cycles.length && r.timeMs < cycles[cycles.length - 1]) throw badRecord(file, line, 'cycles out of time order');
    for (const t of r.tracks as Rec[]) grow(t.x, t.y);
    cycles.push(r.timeMs);
    trackLines.push(JSON.stringify(r.tracks));
  });
  // threats.jsonl and world.jsonl have one line per cycle too; matched by time, not by line number.
  const threatLines: (string | null)[] = cycles.map(() => null);
  await each(run, 'threats.jsonl', (r) => {
    const i = cycleAt(cycles, r.timeMs as number);
    if (cycles[i] === r.timeMs && Array.isArray(r.threats)) threatLines[i] = JSON.stringify(r.threats);
  });
  const alive: (number | null)[] = cycles.map(() => null);
  await each(run, 'world.jsonl', (r) => {
    const i = cycleAt(cycles, r.timeMs as number);
    if (cycles[i] === r.timeMs && Array.isArray(r.threats)) alive[i] = r.threats.length;
  });

  const raw: [number, number, number, number][] = [];
  await each(run, 'plots.jsonl', (r) => { if (num(r.timeMs) && num(r.x) && num(r.y)) raw.push([r.timeMs, num(r.sensor) ? r.sensor : 0, r.x, r.y]); });
  raw.sort((a, b) => a[0] - b[0]); // written per sensor batch, not in time order
  const plots = { t: new Float64Array(raw.length), sensor: new Int32Array(raw.length), x: new Float64Array(raw.length), y: new Float64Array(raw.length) };
  raw.forEach(([t, s, x, y], i) => { plots.t[i] = t; plots.sensor[i] = s; plots.x[i] = x; plots.y[i] = y; });

  // Engagements: every order the world carried out (fired or phantom) until its intercept time.
  const engagements: Engagement[] = [];
  await each(run, 'orders.jsonl', (r) => {
    if ((r.result !== 'fired' && r.result !== 'phantom') || !num(r.interceptMs) || !r.point) return;
    engagements.push({ engagement: String(r.engagement), unit: String(r.unit), trackNumber: r.trackNumber as number, threatId: (r.threatId as number) ?? null, result: r.result, firedMs: r.timeMs as number, interceptMs: r.interceptMs, point: r.point as Engagement['point'] });
  });
  const byEngagement = new Map(engagements.map((e) => [e.engagement, e]));
  // Kills are drawn at the engagement's planned intercept point (the outcome carries no position);
  // leaks at the impact point the world recorded.
  const kills: Marker[] = [], leaks: Marker[] = [];
  await each(run, 'outcomes.jsonl', (r) => {
    if (r.kind === 'killed') {
      const e = byEngagement.get(String(r.engagement));
      kills.push({ timeMs: r.timeMs as number, threatId: (r.threatId as number) ?? null, x: e?.point.x ?? NaN, y: e?.point.y ?? NaN, unit: r.unit as string });
    } else if (r.kind === 'impact') {
      const p = (r.point ?? {}) as Rec;
      leaks.push({ timeMs: r.timeMs as number, threatId: (r.threatId as number) ?? null, x: p.x as number, y: p.y as number, class: r.class as string });
    }
  });
  // Plots fade over two scans of the slowest radar: long enough to see a track's recent plots.
  const slowest = Math.max(1, ...asList(run.meta.sensors).map((s) => (num(s.scanPeriodS) ? s.scanPeriodS : 1)));
  if (!Number.isFinite(extent.minX)) Object.assign(extent, { minX: -1000, maxX: 1000, minY: -1000, maxY: 1000 });
  return { run, cycles, trackLines, threatLines, alive, plots, engagements, kills, leaks, extent, fadeMs: 2 * slowest * 1000 };
}

function asList(v: unknown): Rec[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Rec[]) : [];
}

/** GET /api/meta: what does not change with time. */
export function metaOf(ix: RunIndex): Rec {
  const m = ix.run.meta;
  return {
    label: ix.run.label, kind: ix.run.kind, source: m.source, origin: m.origin,
    assets: asList(m.assets), fireUnits: asList(m.fireUnits), sensors: asList(m.sensors),
    cycles: ix.cycles.length, startMs: ix.cycles[0] ?? 0, endMs: ix.cycles[ix.cycles.length - 1] ?? 0,
    extent: ix.extent, fadeMs: ix.fadeMs, summary: ix.run.summary,
  };
}

/** GET /api/frame?t=ms: the picture at time t, from the cycle at or before t. */
export function frameAt(ix: RunIndex, t: number): Rec {
  const i = cycleAt(ix.cycles, t);
  const tracks = i < 0 ? [] : JSON.parse(ix.trackLines[i]);
  const threats = i < 0 || ix.threatLines[i] === null ? [] : JSON.parse(ix.threatLines[i]!);
  const plots = [];
  const { t: pt, sensor, x, y } = ix.plots;
  for (let k = firstAtOrAfter(pt, t - ix.fadeMs); k < pt.length && pt[k] <= t; k++) plots.push({ sensor: sensor[k], x: x[k], y: y[k], ageMs: t - pt[k] });
  const upTo = (list: Marker[]) => list.filter((m) => m.timeMs <= t);
  const kills = upTo(ix.kills), leaks = upTo(ix.leaks);
  return {
    t, cycleMs: i < 0 ? null : ix.cycles[i], tracks, threats, plots,
    engagements: ix.engagements.filter((e) => e.firedMs <= t && t < e.interceptMs),
    kills, leaks,
    counts: { alive: i < 0 ? null : ix.alive[i], intercepted: kills.length, leaked: leaks.length },
  };
}

function firstAtOrAfter(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}
