// The viewer's time index of a run log, fed one record at a time: from the JSONL files in Node
// (run-index.ts), or from the simulation's own log lines in the browser worker of live mode
// (page/live-worker.ts). No Node imports, so both bundle it. Every lookup by time is a binary search:
// the cycle at or before t, the plots of the fade window, the engagements in flight (sorted by firing
// time, within the longest flight), and kills and leaks so far (a prefix of lists sorted by time), so a
// frame costs the same at the end of a Kyiv night as at its start.
import type { RunLogStream } from '../sim/runlog.ts';
import { EventIndex, lastAtOrBefore, firstAtOrAfter, type Engagement } from './event-index.ts';

export interface Extent { minX: number; maxX: number; minY: number; maxY: number }

type Rec = Record<string, unknown>;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The cycle shown at time t: the last one at or before t (the first one before the log starts). */
export function cycleAt(cycles: ArrayLike<number>, t: number): number {
  if (cycles.length === 0) return -1;
  return Math.max(0, lastAtOrBefore(cycles, t));
}

/** A bad record: what is wrong with it; the file reader adds file and line. */
export class RecordError extends Error {}

export class FrameIndex {
  /** Firmware cycle times, ascending (tracks.jsonl), and per cycle its tracks and threats as JSON text. */
  readonly cycles: number[] = [];
  readonly trackLines: string[] = [];
  readonly threatLines: (string | null)[] = [];
  /** Threats in flight in the world at each cycle (world.jsonl), for the "alive" count. */
  readonly alive: (number | null)[] = [];
  /** Plots sorted by time, as columns. */
  readonly plots = { t: [] as number[], sensor: [] as number[], x: [] as number[], y: [] as number[] };
  /** Engagements, kills and leaks. */
  readonly events = new EventIndex();
  private readonly byEngagement = new Map<string, Engagement>();
  /** Plan-view extent (m) of every track position. */
  readonly extent: Extent = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  /** The world's count of a cycle not logged yet (the simulator writes world.jsonl before tracks.jsonl). */
  private pendingAlive: { timeMs: number; n: number } | null = null;

  grow(x: unknown, y: unknown): void {
    if (!num(x) || !num(y)) return;
    const e = this.extent;
    if (x < e.minX) e.minX = x; if (x > e.maxX) e.maxX = x;
    if (y < e.minY) e.minY = y; if (y > e.maxY) e.maxY = y;
  }

  /** One record of a run log stream, as written in its JSONL file. */
  add(stream: RunLogStream, r: Rec): void {
    switch (stream) {
      case 'tracks.jsonl': this.addCycle(r); return;
      case 'threats.jsonl': {
        const i = this.exactCycle(r.timeMs);
        if (i >= 0 && Array.isArray(r.threats)) this.threatLines[i] = JSON.stringify(r.threats);
        return;
      }
      case 'world.jsonl': {
        if (!Array.isArray(r.threats) || !num(r.timeMs)) return;
        const i = this.exactCycle(r.timeMs);
        if (i >= 0) this.alive[i] = r.threats.length; else this.pendingAlive = { timeMs: r.timeMs, n: r.threats.length };
        return;
      }
      case 'plots.jsonl': if (num(r.timeMs) && num(r.x) && num(r.y)) this.addPlot(r.timeMs, num(r.sensor) ? r.sensor : 0, r.x, r.y); return;
      case 'orders.jsonl': this.addOrder(r); return;
      case 'outcomes.jsonl': this.addOutcome(r); return;
      default:
    }
  }

  private exactCycle(t: unknown): number {
    if (!num(t)) return -1;
    const i = lastAtOrBefore(this.cycles, t);
    return i >= 0 && this.cycles[i] === t ? i : -1;
  }

  private addCycle(r: Rec): void {
    if (!num(r.timeMs) || !Array.isArray(r.tracks)) throw new RecordError('a cycle needs timeMs and tracks');
    if (this.cycles.length && r.timeMs < this.cycles[this.cycles.length - 1]) throw new RecordError('cycles out of time order');
    for (const k of r.tracks as Rec[]) this.grow(k.x, k.y);
    this.cycles.push(r.timeMs);
    this.trackLines.push(JSON.stringify(r.tracks));
    this.threatLines.push(null);
    const p = this.pendingAlive;
    this.alive.push(p && p.timeMs === r.timeMs ? p.n : null);
    this.pendingAlive = null;
  }

  /** Plots come per scan, a scan's plots spread over its period: insertion from the end keeps time order. */
  private addPlot(t: number, sensor: number, x: number, y: number): void {
    const p = this.plots;
    let i = p.t.length;
    p.t.push(t); p.sensor.push(sensor); p.x.push(x); p.y.push(y);
    for (; i > 0 && p.t[i - 1] > t; i--) {
      p.t[i] = p.t[i - 1]; p.sensor[i] = p.sensor[i - 1]; p.x[i] = p.x[i - 1]; p.y[i] = p.y[i - 1];
    }
    p.t[i] = t; p.sensor[i] = sensor; p.x[i] = x; p.y[i] = y;
  }

  /** Engagements: every order the world carried out (fired or phantom), until its intercept time. */
  private addOrder(r: Rec): void {
    if ((r.result !== 'fired' && r.result !== 'phantom') || !num(r.interceptMs) || !num(r.timeMs) || !r.point) return;
    const e: Engagement = {
      engagement: String(r.engagement), unit: String(r.unit), trackNumber: r.trackNumber as number, threatId: (r.threatId as number) ?? null,
      result: r.result, firedMs: r.timeMs, interceptMs: r.interceptMs, point: r.point as Engagement['point'],
    };
    this.events.addEngagement(e);
    this.byEngagement.set(e.engagement, e);
  }

  /** Kills are drawn at the engagement's planned intercept point (the outcome carries no position); leaks at
   *  the impact point the world recorded. */
  private addOutcome(r: Rec): void {
    if (!num(r.timeMs)) return;
    if (r.kind === 'killed') {
      const e = this.byEngagement.get(String(r.engagement));
      this.events.addKill({ timeMs: r.timeMs, threatId: (r.threatId as number) ?? null, x: e?.point.x ?? NaN, y: e?.point.y ?? NaN, unit: r.unit as string });
    } else if (r.kind === 'impact') {
      const p = (r.point ?? {}) as Rec;
      this.events.addLeak({ timeMs: r.timeMs, threatId: (r.threatId as number) ?? null, x: p.x as number, y: p.y as number, class: r.class as string });
    }
  }

  /** The plots of (t − fadeMs, t], each with its age. */
  plotsAt(t: number, fadeMs: number): { sensor: number; x: number; y: number; ageMs: number }[] {
    const { t: pt, sensor, x, y } = this.plots;
    const out = [];
    for (let k = firstAtOrAfter(pt, t - fadeMs); k < pt.length && pt[k] <= t; k++) out.push({ sensor: sensor[k], x: x[k], y: y[k], ageMs: t - pt[k] });
    return out;
  }
}

/**
 * The picture at time t as JSON text (GET /api/frame): the cycle's stored track and threat text is put in
 * as it is, without parsing it again. Without `events`, the engagements, kills and leaks are left out
 * (the page has them from /api/events) and only their counts are given.
 */
export function frameJson(ix: FrameIndex, t: number, fadeMs: number, events = true): string {
  const i = cycleAt(ix.cycles, t);
  const ev = ix.events.at(t);
  const rest = {
    plots: ix.plotsAt(t, fadeMs), ...(events ? ev : {}),
    counts: { alive: i < 0 ? null : ix.alive[i], intercepted: ev.kills.length, leaked: ev.leaks.length },
  };
  const tracks = i < 0 ? '[]' : ix.trackLines[i], threats = i < 0 ? '[]' : ix.threatLines[i] ?? '[]';
  return `{"t":${JSON.stringify(t)},"cycleMs":${i < 0 ? 'null' : ix.cycles[i]},"tracks":${tracks},"threats":${threats},${JSON.stringify(rest).slice(1)}`;
}

function asList(v: unknown): Rec[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Rec[]) : [];
}

/** Plots fade over two scans of the slowest radar: long enough to see a track's recent plots. */
export function fadeMsOf(meta: Rec): number {
  return 2000 * Math.max(1, ...asList(meta.sensors).map((s) => (num(s.scanPeriodS) ? s.scanPeriodS : 1)));
}

/**
 * GET /api/meta: what does not change with time, from the run log's meta.json and the index. The plan view
 * is fitted to every site and every track position; a live run, whose tracks are not known yet, to the
 * sensors' coverage rings instead (the firmware is given no plot beyond them).
 */
export function viewMeta(ix: FrameIndex, meta: Rec, run: { label: string; kind: string; summary: unknown; live?: boolean }): Rec {
  const e = { ...ix.extent };
  const grow = (x: unknown, y: unknown) => {
    if (!num(x) || !num(y)) return;
    e.minX = Math.min(e.minX, x); e.maxX = Math.max(e.maxX, x); e.minY = Math.min(e.minY, y); e.maxY = Math.max(e.maxY, y);
  };
  for (const s of [...asList(meta.assets), ...asList(meta.fireUnits)]) { const p = (s.position ?? {}) as Rec; grow(p.eastM, p.northM); }
  for (const s of asList(meta.sensors)) {
    grow(s.east, s.north);
    if (run.live && num(s.east) && num(s.north) && num(s.maxRange)) { grow(s.east - s.maxRange, s.north - s.maxRange); grow(s.east + s.maxRange, s.north + s.maxRange); }
  }
  if (!Number.isFinite(e.minX)) Object.assign(e, { minX: -1000, maxX: 1000, minY: -1000, maxY: 1000 });
  return {
    label: run.label, kind: run.kind, live: run.live ?? false, source: meta.source, origin: meta.origin,
    assets: asList(meta.assets), fireUnits: asList(meta.fireUnits), sensors: asList(meta.sensors),
    cycles: ix.cycles.length, startMs: ix.cycles[0] ?? 0, endMs: ix.cycles[ix.cycles.length - 1] ?? 0,
    extent: e, fadeMs: fadeMsOf(meta), summary: run.summary,
  };
}
