// The time series the charts draw, read from the run log's JSONL files in one streaming pass each:
//  - threats over time by class: alive from world.jsonl (the world's truth at every firmware cycle: the
//    threats launched and neither killed nor impacted), intercepted and leaked cumulated from outcomes.jsonl
//    (kill assessments "killed" at their intercept time, impacts at their impact time);
//  - the intercept and leak events themselves;
//  - tracks held per firmware cycle (confirmed, coasting) from tracks.jsonl, for any run log.
import { badRecord, readJsonl } from './jsonl.ts';

/** At most this many time points per chart line: every k-th cycle, and the last. */
export const MAX_POINTS = 300;

export interface CountPoint { tMin: number; series: string; state: string; count: number }
export interface ThreatEvent { tMin: number; class: string; kind: 'intercepted' | 'leaked'; threatId: number }

const minutes = (ms: number): number => ms / 60_000;

function thin<T>(xs: T[]): T[] {
  const k = Math.ceil(xs.length / MAX_POINTS);
  return k <= 1 ? xs : xs.filter((_, i) => i % k === 0 || i === xs.length - 1);
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Per firmware cycle of world.jsonl: time and alive threats by class; and each threat's class. */
async function readWorld(file: string): Promise<{ cycles: { t: number; alive: Map<string, number> }[]; classOf: Map<number, string> }> {
  const cycles: { t: number; alive: Map<string, number> }[] = [];
  const classOf = new Map<number, string>();
  for await (const { line, record } of readJsonl<{ timeMs?: unknown; threats?: unknown }>(file)) {
    if (!num(record.timeMs) || !Array.isArray(record.threats)) throw badRecord(file, line, 'expected {timeMs, threats: [...]}');
    const alive = new Map<string, number>();
    for (const t of record.threats as { id?: unknown; class?: unknown }[]) {
      if (!num(t?.id) || typeof t.class !== 'string') throw badRecord(file, line, 'a threat without a numeric id and a class');
      classOf.set(t.id, t.class);
      alive.set(t.class, (alive.get(t.class) ?? 0) + 1);
    }
    cycles.push({ t: record.timeMs, alive });
  }
  return { cycles, classOf };
}

/** Kills (at the intercept) and impacts (at the impact) of outcomes.jsonl, each threat once, in time order. */
export async function readEvents(file: string, classOf: ReadonlyMap<number, string>): Promise<ThreatEvent[]> {
  const events: ThreatEvent[] = [];
  const seen = new Set<number>();
  for await (const { line, record: r } of readJsonl(file)) {
    if (r.kind === 'killed' && num(r.threatId)) {
      if (!num(r.interceptMs)) throw badRecord(file, line, 'a kill without interceptMs');
      if (seen.has(r.threatId)) continue;
      seen.add(r.threatId);
      events.push({ tMin: minutes(r.interceptMs), class: classOf.get(r.threatId) ?? 'unknown', kind: 'intercepted', threatId: r.threatId });
    } else if (r.kind === 'impact') {
      if (!num(r.impactMs) || !num(r.threatId) || typeof r.class !== 'string') throw badRecord(file, line, 'an impact without impactMs, threatId and class');
      if (seen.has(r.threatId)) continue;
      seen.add(r.threatId);
      events.push({ tMin: minutes(r.impactMs), class: r.class, kind: 'leaked', threatId: r.threatId });
    }
  }
  return events.sort((a, b) => a.tMin - b.tMin || a.threatId - b.threatId);
}

export interface ThreatSeries { points: CountPoint[]; events: ThreatEvent[]; classes: string[] }

/** Alive, intercepted and leaked threats by class over time, and the events. */
export async function threatSeries(worldFile: string, outcomesFile: string, classOrder: readonly string[]): Promise<ThreatSeries> {
  const { cycles, classOf } = await readWorld(worldFile);
  const events = await readEvents(outcomesFile, classOf);
  const seen = new Set([...classOf.values(), ...events.map((e) => e.class)]);
  const classes = [...classOrder.filter((c) => seen.has(c)), ...[...seen].filter((c) => !classOrder.includes(c)).sort()];
  const done = { intercepted: new Map<string, number>(), leaked: new Map<string, number>() };
  const points: CountPoint[] = [];
  let next = 0;
  const kept = new Set(thin(cycles));
  for (const c of cycles) {
    for (; next < events.length && events[next].tMin <= minutes(c.t); next++) {
      const e = events[next];
      done[e.kind].set(e.class, (done[e.kind].get(e.class) ?? 0) + 1);
    }
    if (!kept.has(c)) continue;
    for (const cls of classes) {
      points.push({ tMin: minutes(c.t), series: cls, state: 'alive', count: c.alive.get(cls) ?? 0 });
      points.push({ tMin: minutes(c.t), series: cls, state: 'intercepted', count: done.intercepted.get(cls) ?? 0 });
      points.push({ tMin: minutes(c.t), series: cls, state: 'leaked', count: done.leaked.get(cls) ?? 0 });
    }
  }
  return { points, events, classes };
}

/** Confirmed and coasting tracks per firmware cycle of tracks.jsonl. */
export async function trackSeries(file: string): Promise<CountPoint[]> {
  const cycles: { t: number; confirmed: number; coasting: number }[] = [];
  for await (const { line, record } of readJsonl<{ timeMs?: unknown; tracks?: unknown }>(file)) {
    if (!num(record.timeMs) || !Array.isArray(record.tracks)) throw badRecord(file, line, 'expected {timeMs, tracks: [...]}');
    let confirmed = 0;
    let coasting = 0;
    for (const t of record.tracks as { status?: unknown }[]) {
      if (t?.status === 'coasting') coasting++;
      else confirmed++;
    }
    cycles.push({ t: record.timeMs, confirmed, coasting });
  }
  return thin(cycles).flatMap((c) => [
    { tMin: minutes(c.t), series: 'tracks', state: 'confirmed', count: c.confirmed },
    { tMin: minutes(c.t), series: 'tracks', state: 'coasting', count: c.coasting },
  ]);
}
