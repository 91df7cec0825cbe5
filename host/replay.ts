// Replays recorded plots through a firmware over the wire, one antenna scan per step, and scores the
// track picture against the identities the recording carries (Mode S addresses): identities stay on
// this side of the link, the firmware only ever sees plot ids.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Firmware } from './firmware.ts';
import { provisionedLink } from './link/auth-key.ts';
import { DEFAULT_TRACKER_CONFIG, type Plot, type SensorConfig, type TrackerConfig, type TrackRecord } from './link/frames.ts';
import { percentile } from './metrics/stats.ts';
import type { RadarInfo } from './sources/plots-from-asterix.ts';
import * as P from '../assembly/protocol.ts';

/**
 * Tracker parameters for airliners seen by rotating surveillance radars (4–5 s scans), instead of the
 * defaults tuned for 1 s synthetic raids: see docs/run-log.md, "Tracker parameters for replay".
 */
export const REPLAY_TRACKER_CONFIG: Readonly<TrackerConfig> = Object.freeze({
  ...DEFAULT_TRACKER_CONFIG,
  accelSigma: 5,
  deleteMisses: 4,
  // An overflight crosses the cone of silence in 80–120 s with no plot and no miss counted; at σa 5 m/s²
  // its predicted σ reaches 3–5 km by then, and the default 2 km limit would delete it halfway.
  maxPositionSigma: 2000,
  // Slow low targets (helicopters) jitter by up to 1° in azimuth: a plot that lands beyond the gate of
  // a track that missed is taken as that track's, not as a new aircraft's.
  initGuardChi2: 150,
  // Aircraft on the ground: σa down to 1.5 m/s² when slow, so a parked aircraft's gate does not reach
  // the next stand; and one seen only now and then coasts until its misses are unlikely (α 10⁻⁴).
  accelSigmaMin: 1.5,
  coastAlpha: 1e-4,
});

/**
 * Upper edge of a surveillance radar's elevation coverage, degrees: above it lies the cone of silence,
 * where missing plots are not misses. 40° is the usual SSR antenna figure; in the Barcelona recording
 * the overflights at FL 310–380 vanish between 33.5° and 36° and come back at 37–39° (35° gives the
 * same figures: the few scans between 35° and 40° stay under the deletion's 4 misses).
 */
export const SENSOR_MAX_ELEVATION_DEG = 40;

/**
 * Noise and coverage of a recorded surveillance radar, for CONFIG/SENSOR. σ range: 4 LSBs of the
 * category's range field (29 m for CAT048, 58 m for CAT001), σ azimuth 0.08° (the EUROCONTROL SSR
 * figure); both are above what Mode S monopulse radars deliver, so gates never hinge on them. σ
 * elevation: one value per sensor on the wire, but the height behind it has a σ of ~30 m at any range;
 * `SENSOR_SIGMA_EL` keeps the firmware's vertical σ (≈ r·σel) at or above that beyond 5 km.
 */
export const SENSOR_SIGMA_AZ = (0.08 * Math.PI) / 180;
export const SENSOR_SIGMA_EL = 0.006;
export const SENSOR_PD = 0.95;
/** False plots per m³: SSR replies are rarely false; a few reflections a scan over the coverage. */
export const SENSOR_FALSE_DENSITY = 1e-14;

/**
 * Margin added to the farthest plot of the recording to make the coverage given to the firmware. None is
 * needed: a track that leaves the coverage is no longer missed, but the firmware deletes it once its
 * predicted position uncertainty passes the limit.
 */
export const COVERAGE_MARGIN_M = 0;

export function radarSensorConfig(r: RadarInfo, o: { sigmaRange?: number; sigmaAz?: number; sigmaEl?: number; maxElevationDeg?: number } = {}): SensorConfig {
  const sigmaRange = o.sigmaRange ?? 4 * r.rangeLsbM;
  return {
    id: r.sensorId, east: r.enu[0], north: r.enu[1], up: r.enu[2], sigmaRange, sigmaAz: o.sigmaAz ?? SENSOR_SIGMA_AZ,
    sigmaEl: o.sigmaEl ?? SENSOR_SIGMA_EL, sigmaCart: sigmaRange, maxRange: r.maxRangeM + COVERAGE_MARGIN_M, pd: SENSOR_PD,
    falseDensity: SENSOR_FALSE_DENSITY, scanPeriodS: r.periodS, maxElevationDeg: o.maxElevationDeg ?? SENSOR_MAX_ELEVATION_DEG,
  };
}

/** Groups plots carrying a sensor id and scan number into scans, in time order. */
export function scansOf(plots: readonly (Plot & { sensorId: number; scan: number })[]): ReplayScan[] {
  const m = new Map<string, ReplayScan>();
  for (const p of plots) {
    const key = `${p.sensorId}/${p.scan}`;
    let s = m.get(key);
    if (!s) m.set(key, (s = { sensorId: p.sensorId, scan: p.scan, plots: [] }));
    s.plots.push({ plotId: p.plotId, kind: p.kind, timeMs: p.timeMs, a: p.a, b: p.b, c: p.c });
  }
  return [...m.values()];
}

/** The plots of one antenna revolution of one sensor: one firmware batch. */
export interface ReplayScan {
  sensorId: number;
  scan: number;
  plots: Plot[];
}

export interface ReplayStep {
  timeMs: number;
  tracks: TrackRecord[];
}

export interface ReplayRun {
  steps: ReplayStep[];
  /** plot id → number of the confirmed track it updated (seen through TRACKS lastPlotId). */
  trackOfPlot: Map<number, number>;
  /** track number → ids of the plots that updated it while confirmed, in order, with the step time. */
  plotsOfTrack: Map<number, { plotId: number; timeMs: number }[]>;
  stats: Record<string, number>;
  wallMs: number;
}

/**
 * Sends every scan, then steps at the time of its latest plot, so each firmware batch is exactly one
 * revolution of one radar: stepping earlier would cut a revolution in two and count the aircraft not yet
 * swept as missed. Scans of several radars are interleaved by their end time.
 */
export function runReplay(sensors: readonly SensorConfig[], scans: readonly ReplayScan[],
  opts: { board?: string; tracker?: TrackerConfig; key?: Uint8Array | null; onStep?: (k: number, n: number) => void } = {}): ReplayRun {
  const t0 = performance.now();
  const fw = Firmware.load(opts.board ?? 'host');
  const link = provisionedLink(fw, opts.key); // a random key unless one is given: the authenticated path, as on a line
  for (const s of sensors) link.configureSensor(s);
  link.configureTracker(opts.tracker ?? REPLAY_TRACKER_CONFIG);
  const byEnd = new Map<number, ReplayScan[]>();
  for (const s of scans) {
    if (s.plots.length === 0) continue;
    const end = Math.max(...s.plots.map((p) => p.timeMs));
    push(byEnd, end, s);
  }
  const ends = [...byEnd.keys()].sort((a, b) => a - b);
  const steps: ReplayStep[] = [];
  const trackOfPlot = new Map<number, number>();
  const plotsOfTrack = new Map<number, { plotId: number; timeMs: number }[]>();
  const last = new Map<number, number>();
  ends.forEach((end, k) => {
    for (const s of byEnd.get(end)!) link.sendPlots(s.sensorId, s.plots);
    const { picture } = link.step(end);
    steps.push({ timeMs: end, tracks: picture.tracks });
    for (const tr of picture.tracks) {
      if (last.get(tr.trackNumber) === tr.lastPlotId) continue; // coasting: no new plot
      last.set(tr.trackNumber, tr.lastPlotId);
      trackOfPlot.set(tr.lastPlotId, tr.trackNumber);
      push(plotsOfTrack, tr.trackNumber, { plotId: tr.lastPlotId, timeMs: end });
    }
    opts.onStep?.(k + 1, ends.length);
  });
  return { steps, trackOfPlot, plotsOfTrack, stats: fw.stats(), wallMs: performance.now() - t0 };
}

/** Origin of a plot: a target id, null for a known false plot (clutter), undefined when unknown. */
export type IdentityOf = (plotId: number) => string | null | undefined;

export interface IdentityScore {
  /** Distinct targets among the plots, and those seen (first to last plot) for at least `minSeenS`. */
  aircraft: number;
  eligible: number;
  /** Eligible aircraft with a plot in a confirmed track whose majority aircraft they are. */
  covered: number;
  coverage: number;
  /** Confirmed tracks with at least one plot of known origin. */
  tracks: number;
  /** Mean over those tracks of the majority aircraft's share of their plots of known origin. */
  purity: number;
  /** The same share over all their plots together. */
  purityPlots: number;
  /** Covering-track changes along an aircraft's plots (a handover or a loss and a new track). */
  breaks: number;
  /** Those of them after the aircraft went unseen (no plot) for longer than `gapS`: the radar lost it. */
  breaksAfterGap: number;
  aircraftHours: number;
  breaksPerAircraftHour: number;
  /** A track that moves on to another aircraft (for two plots or more); an exchange counts once. */
  idSwaps: number;
  /** Single plots of another aircraft taken by a track that then goes on with its own. */
  strayPlots: number;
  /** Share of the eligible aircraft's plots that updated a confirmed track. */
  plotsInTracks: number;
  /** Median time from an eligible aircraft's first plot to its first plot in a confirmed track, s. */
  latencyMedianS: number;
  /** Confirmed tracks without any plot of known origin. */
  tracksWithoutIdentity: number;
  /** Eligible aircraft never covered, for inspection. */
  missed: string[];
}

/**
 * Scores a replay by plot identities. Every figure counts plots (what the radar saw), never positions:
 * the recording has no other truth. Plots of unknown origin are left out of purity.
 */
export function scoreByIdentity(plots: readonly { plotId: number; timeMs: number }[], identityOf: IdentityOf,
  run: Pick<ReplayRun, 'trackOfPlot' | 'plotsOfTrack'>, opts: { minSeenS?: number; gapS?: number } = {}): IdentityScore {
  const minSeenS = opts.minSeenS ?? 60;
  const gapMs = (opts.gapS ?? Infinity) * 1000;
  const plotsOf = new Map<string, { plotId: number; timeMs: number }[]>();
  for (const p of plots) {
    const id = identityOf(p.plotId);
    if (typeof id === 'string') push(plotsOf, id, p);
  }
  // Majority aircraft and purity of each track.
  const majority = new Map<number, string>();
  const purities: number[] = [];
  let majorityPlots = 0, knownPlots = 0, tracksWithoutIdentity = 0;
  for (const [track, list] of run.plotsOfTrack) {
    const counts = new Map<string, number>();
    let known = 0;
    for (const { plotId } of list) {
      const id = identityOf(plotId);
      if (id === undefined) continue;
      known++;
      if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (known === 0) { tracksWithoutIdentity++; continue; }
    let best: string | null = null, n = 0;
    for (const [id, c] of counts) if (c > n) { best = id; n = c; }
    if (best !== null) majority.set(track, best);
    purities.push(n / known);
    majorityPlots += n;
    knownPlots += known;
  }
  // Aircraft-centric: coverage, breaks, latency.
  let eligible = 0, covered = 0, breaks = 0, breaksAfterGap = 0, hours = 0, inTracks = 0, eligiblePlots = 0;
  const latencies: number[] = [];
  const missed: string[] = [];
  for (const [id, list0] of plotsOf) {
    const list = [...list0].sort((a, b) => a.timeMs - b.timeMs);
    const span = (list[list.length - 1].timeMs - list[0].timeMs) / 1000;
    hours += span / 3600;
    let prev: number | undefined;
    let firstCovered: number | undefined;
    let mine = 0;
    // Longest time without any plot of the aircraft since its last plot in a confirmed track.
    let lastSeen = list[0].timeMs, unseen = 0;
    for (const p of list) {
      unseen = Math.max(unseen, p.timeMs - lastSeen);
      lastSeen = p.timeMs;
      const track = run.trackOfPlot.get(p.plotId);
      if (track === undefined) continue;
      mine++;
      if (prev !== undefined && track !== prev) {
        breaks++;
        if (unseen > gapMs) breaksAfterGap++;
      }
      prev = track;
      unseen = 0;
      if (firstCovered === undefined && majority.get(track) === id) firstCovered = p.timeMs;
    }
    if (span < minSeenS) continue;
    eligible++;
    eligiblePlots += list.length;
    inTracks += mine;
    if (firstCovered !== undefined) { covered++; latencies.push((firstCovered - list[0].timeMs) / 1000); } else missed.push(id);
  }
  // Track-centric: swaps and strays.
  const swapEvents: { timeMs: number; track: number; from: string; to: string }[] = [];
  let strayPlots = 0;
  for (const [track, list] of run.plotsOfTrack) {
    const ids = list.map((a) => ({ id: identityOf(a.plotId), timeMs: a.timeMs })).filter((a): a is { id: string; timeMs: number } => typeof a.id === 'string');
    let cur: string | undefined;
    for (let i = 0; i < ids.length; i++) {
      const { id, timeMs } = ids[i];
      if (cur === undefined || id === cur) { cur = id; continue; }
      if (i + 1 < ids.length && ids[i + 1].id === id) { swapEvents.push({ timeMs, track, from: cur, to: id }); cur = id; } else strayPlots++;
    }
  }
  const paired = new Set<number>();
  let idSwaps = 0;
  swapEvents.forEach((a, ia) => {
    if (paired.has(ia)) return;
    paired.add(ia);
    idSwaps++;
    const ib = swapEvents.findIndex((b, i) => !paired.has(i) && b.track !== a.track && b.from === a.to && b.to === a.from
      && Math.abs(b.timeMs - a.timeMs) <= 10_000);
    if (ib >= 0) paired.add(ib);
  });
  const mean = purities.reduce((s, x) => s + x, 0) / purities.length;
  return {
    aircraft: plotsOf.size, eligible, covered, coverage: covered / eligible, tracks: purities.length,
    purity: mean, purityPlots: majorityPlots / knownPlots, breaks, breaksAfterGap, aircraftHours: hours,
    breaksPerAircraftHour: breaks / hours, idSwaps, strayPlots, plotsInTracks: inTracks / eligiblePlots,
    latencyMedianS: percentile(latencies, 0.5), tracksWithoutIdentity, missed: missed.sort(),
  };
}

/** One plot line of the run log (docs/run-log.md). */
export interface LoggedPlot {
  timeMs: number;
  sensor: number;
  plotId: number;
  range?: number;
  az?: number;
  el?: number;
  sigmaEl?: number;
  x: number;
  y: number;
  z: number;
}

/** Writes meta.json, plots.jsonl, tracks.jsonl, summary.json (and truth.jsonl when given) to `dir`. */
export function writeRunLog(dir: string, log: {
  meta: object; plots: readonly LoggedPlot[]; steps: readonly ReplayStep[]; summary: object;
  truth?: readonly { plotId: number; truth: string | null }[];
}): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['meta.json', JSON.stringify(log.meta, null, 2) + '\n'],
    ['plots.jsonl', jsonl(log.plots)],
    ['tracks.jsonl', jsonl(log.steps.map((s) => ({ timeMs: s.timeMs, tracks: s.tracks.map(trackLine) })))],
    ['summary.json', JSON.stringify(log.summary, null, 2) + '\n'],
  ];
  if (log.truth) files.push(['truth.jsonl', jsonl(log.truth)]);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

function trackLine(t: TrackRecord) {
  return {
    trackNumber: t.trackNumber, status: t.status === P.TRACK_COASTING ? 'coasting' : 'confirmed', hits: t.hits, misses: t.misses,
    x: t.x, y: t.y, z: t.z, vx: t.vx, vy: t.vy, vz: t.vz, posSigma: t.posSigma, velSigma: t.velSigma,
    lastPlotId: t.lastPlotId, sinceUpdateS: t.sinceUpdateS,
  };
}

function jsonl(rows: readonly object[]): string {
  const parts: string[] = [];
  for (const r of rows) parts.push(JSON.stringify(r));
  return parts.length ? parts.join('\n') + '\n' : '';
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v); else m.set(k, [v]);
}
