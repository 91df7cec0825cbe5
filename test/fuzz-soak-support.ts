// Overload and soak drivers: the firmware fed through the ABI on simulated time (the scan clock, never the
// wall clock), with every figure taken from its own counters (stat, TELEMETRY) and output frames.
//
// Soak: a battery (one surveillance radar, one asset, one fire unit with a deep magazine, the look-ahead on)
// under a synthetic raid for hours: a wave of targets every few minutes from a random bearing across the
// radar's coverage, clutter every scan, detection probability 0.9, kills reported for the orders, a forecast
// for the look-ahead. Checked
// every step: the heap top never moves; the step's work stays within its bounds (coarse gate 2048 × (track +
// plot capacity), the assignment's and the look-ahead's configured work bounds, a small overshoot of the
// last iteration allowed); every plot sent is counted in plotsIn and none is dropped while the load is
// within the board's capacity (one sensor: one batch a step); every confirmed track that leaves the picture goes by a rule — K consecutive
// misses, coasting unseen (out of coverage) until its σ limit, or a reported kill — never while it was
// being updated.
import * as P from '../assembly/protocol.ts';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink, type StepOutput } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, type Plot } from '../host/link/frames.ts';
import { DEFAULT_DOCTRINE } from '../host/link/tewa-frames.ts';
import { DEFAULT_LOOKAHEAD } from '../host/link/lookahead-frames.ts';
import { unit } from './tewa-support.ts';
import { CITY } from './hardening-replay.ts';

export const SOAK_SENSOR = {
  id: 1, east: 0, north: 0, up: 20, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.001, sigmaCart: 30,
  maxRange: 100_000, pd: 0.9, falseDensity: 1e-12, scanPeriodS: 4,
};
const LOOKAHEAD = { ...DEFAULT_LOOKAHEAD, enabled: true, periodS: 30 };
/** The assignment may finish the iteration that crosses its bound: allowed overshoot, work units. */
export const WTA_OVERSHOOT = 1000;

/** Coarse-gate work one batch may do: the bound (2048 × (track + plot capacity), assembly/track/gate.ts) is
 *  checked before each plot, so the last plot's walk completes: its cell's entries (at most 6 per track)
 *  and the wide list (at most 1 per track) past the bound. */
export const gateBound = (capTracks: number, capPlots: number) => 2048 * (capTracks + capPlots) + 7 * capTracks;

export interface SoakOptions { board: string; hours: number; seed?: number; scanS?: number; waveEveryS?: number; perWave?: number; clutter?: number }

export interface SoakFigures {
  board: string; hours: number; scans: number; plotsSent: number; targets: number;
  tracksCreated: number; tracksDeleted: number; maxTracks: number; maxConfirmed: number;
  maxGateWork: number; gateBound: number; maxWtaWork: number; wtaBound: number; maxLookaheadWork: number; lookaheadBound: number; lookaheads: number;
  orders: number; kills: number; plotsDropped: number; tracksDropped: number; txOverflows: number; plotsInvalid: number; plotsLate: number;
  /** Confirmed tracks that left the picture by each rule, and otherwise (must be 0). */
  deletedByMisses: number; deletedCoasting: number; deletedKilled: number; lost: number; lostTracks: string[];
  heapTopMoved: number; workOverBound: number;
}

interface Target { id: number; x: number; y: number; z: number; vx: number; vy: number; killed: boolean; until: number }

export function soak(o: SoakOptions): SoakFigures {
  const scanS = o.scanS ?? 4, waveEveryS = o.waveEveryS ?? 300, perWave = o.perWave ?? 12, clutter = o.clutter ?? 20;
  let s = (o.seed ?? 1) >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const fw = Firmware.load(o.board);
  const link = new FirmwareLink(fw);
  const S = (id: number) => fw.stat(id);
  const R = SOAK_SENSOR.maxRange;
  link.configureSensor({ ...SOAK_SENSOR, scanPeriodS: scanS, falseDensity: clutter / (Math.PI * R * R * 20_000) });
  link.configureTracker(DEFAULT_TRACKER_CONFIG);
  link.configureAsset(CITY);
  link.configureFireUnit(unit({ id: 10, maxRange: 20_000, readyRounds: 8, magazine: 65_535, reloadS: 10, channels: 4 }));
  link.configureDoctrine(DEFAULT_DOCTRINE);
  link.configureLookahead(LOOKAHEAD);
  // What intelligence expects over the whole soak: the look-ahead prices rounds against it.
  link.configureForecast({ id: 1, cls: 'cruise', count: 40, startMs: 0, endMs: o.hours * 3_600_000, bearingRad: 1, spreadRad: Math.PI,
    value: 5000, entryM: 90_000, decoyShare: 0.2, altM: 1500, speedMps: 180, aims: [{ assetId: CITY.id, weight: 1 }] });
  const heapTop = S(P.STAT_HEAP_TOP);
  const f: SoakFigures = {
    board: o.board, hours: o.hours, scans: 0, plotsSent: 0, targets: 0, tracksCreated: 0, tracksDeleted: 0, maxTracks: 0, maxConfirmed: 0,
    maxGateWork: 0, gateBound: gateBound(S(P.STAT_CAP_TRACKS), S(P.STAT_CAP_PLOTS)), maxWtaWork: 0, wtaBound: DEFAULT_DOCTRINE.wtaWorkBound, maxLookaheadWork: 0, lookaheadBound: LOOKAHEAD.workBound, lookaheads: 0,
    orders: 0, kills: 0, plotsDropped: 0, tracksDropped: 0, txOverflows: 0, plotsInvalid: 0, plotsLate: 0,
    deletedByMisses: 0, deletedCoasting: 0, deletedKilled: 0, lost: 0, lostTracks: [], heapTopMoved: 0, workOverBound: 0,
  };
  const targets: Target[] = [];
  const pending: { atMs: number; engagementId: number; trackNumber: number; killed: boolean }[] = [];
  const plotTarget = new Map<number, number>();
  const killedTracks = new Set<number>();
  let last = new Map<number, StepOutput['picture']['tracks'][number]>();
  let plotId = 1, nextTarget = 1, wave = 0;
  const endS = o.hours * 3600;
  for (let k = 1; k * scanS <= endS; k++) {
    const tS = k * scanS, tMs = tS * 1000;
    if ((tS - scanS) % waveEveryS < scanS || k === 1) {
      // Every other wave aims at the defended area, the others cross the coverage 30-60 km from it; a tenth of
      // the targets vanish on the way (landed, shot down by someone else): their tracks must go by misses.
      const bearing = rnd() * 2 * Math.PI, crossing = (wave++ & 1) === 1, offset = crossing ? 30_000 + 30_000 * rnd() : 0;
      for (let i = 0; i < perWave; i++) {
        const b = bearing + 0.3 * (rnd() - 0.5), r0 = 0.9 * R, speed = 100 + 150 * rnd();
        const aim = [offset * Math.cos(bearing) + 3000 * (rnd() - 0.5), -offset * Math.sin(bearing) + 3000 * (rnd() - 0.5)];
        const x = r0 * Math.sin(b), y = r0 * Math.cos(b), d = Math.hypot(aim[0] - x, aim[1] - y);
        const life = rnd() < 0.1 ? (0.3 + 0.5 * rnd()) * r0 / speed : (2.2 * R) / speed;
        targets.push({ id: nextTarget++, x, y, z: 500 + 2500 * rnd(), vx: speed * (aim[0] - x) / d, vy: speed * (aim[1] - y) / d, killed: false, until: tS + life });
      }
    }
    for (const t of targets) { t.x += t.vx * scanS; t.y += t.vy * scanS; }
    for (let i = targets.length - 1; i >= 0; i--) if (targets[i].until < tS || targets[i].killed) targets.splice(i, 1);
    const plots: Plot[] = [];
    for (const t of targets) {
      if (Math.hypot(t.x, t.y) > R || rnd() > SOAK_SENSOR.pd) continue;
      plotTarget.set(plotId, t.id);
      plots.push({ plotId: plotId++, kind: 'cartesian', timeMs: tMs, a: t.x + 30 * gauss(), b: t.y + 30 * gauss(), c: t.z + 30 * gauss() });
    }
    for (let i = 0; i < clutter; i++) {
      const r = R * Math.sqrt(rnd()), a = 2 * Math.PI * rnd();
      plots.push({ plotId: plotId++, kind: 'cartesian', timeMs: tMs, a: r * Math.sin(a), b: r * Math.cos(a), c: 20_000 * rnd() });
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i];
      if (p.atMs > tMs) continue;
      link.sendKill({ engagementId: p.engagementId, trackNumber: p.trackNumber, killed: p.killed, timeMs: p.atMs });
      pending.splice(i, 1);
    }
    const plotsIn = S(P.STAT_PLOTS_IN), gate0 = S(P.STAT_GATE_WORK), runs0 = S(P.STAT_LOOKAHEAD_RUNS);
    link.sendPlots(SOAK_SENSOR.id, plots);
    f.plotsSent += plots.length;
    if (S(P.STAT_PLOTS_IN) - plotsIn !== plots.length) throw new Error(`scan ${k}: ${S(P.STAT_PLOTS_IN) - plotsIn} plots counted of ${plots.length}`);
    const out = link.step(tMs);
    f.scans++;
    if (S(P.STAT_HEAP_TOP) !== heapTop) f.heapTopMoved++;
    const gate = S(P.STAT_GATE_WORK) - gate0, wta = S(P.STAT_WTA_WORK), la = S(P.STAT_LOOKAHEAD_RUNS) > runs0 ? S(P.STAT_LOOKAHEAD_WORK) : 0;
    f.maxGateWork = Math.max(f.maxGateWork, gate); f.maxWtaWork = Math.max(f.maxWtaWork, wta); f.maxLookaheadWork = Math.max(f.maxLookaheadWork, la);
    if (gate > f.gateBound || wta > f.wtaBound + WTA_OVERSHOOT || la > f.lookaheadBound) f.workOverBound++;
    f.maxTracks = Math.max(f.maxTracks, S(P.STAT_TRACKS_ACTIVE));
    f.maxConfirmed = Math.max(f.maxConfirmed, S(P.STAT_TRACKS_CONFIRMED));
    // Kill assessment: a planned intercept of a real target kills it half the time.
    for (const order of out.orders) {
      const tgt = plotTarget.get(last.get(order.trackNumber)?.lastPlotId ?? -1);
      const killed = tgt !== undefined && rnd() < 0.5;
      pending.push({ atMs: order.interceptMs, engagementId: order.engagementId, trackNumber: order.trackNumber, killed });
      if (killed) { killedTracks.add(order.trackNumber); const t = targets.find((x) => x.id === tgt); if (t) t.until = order.interceptMs / 1000; }
    }
    // Confirmed tracks that left the picture: by which rule.
    const now = new Map(out.picture.tracks.map((t) => [t.trackNumber, t]));
    for (const [n, t] of last) {
      if (now.has(n)) continue;
      if (killedTracks.has(n)) f.deletedKilled++;
      else if (t.misses >= DEFAULT_TRACKER_CONFIG.deleteMisses - 1) f.deletedByMisses++;
      else if (t.sinceUpdateS >= 2 * scanS - 1e-3) f.deletedCoasting++;
      else { f.lost++; if (f.lostTracks.length < 10) f.lostTracks.push(`scan ${k}: track ${n} ${JSON.stringify(t)}`); }
    }
    last = now;
    for (const [id] of plotTarget) { if (id < plotId - 20_000) plotTarget.delete(id); else break; }
  }
  f.targets = nextTarget - 1;
  f.tracksCreated = S(P.STAT_TRACKS_CREATED); f.tracksDeleted = S(P.STAT_TRACKS_DELETED);
  f.orders = S(P.STAT_ORDERS); f.kills = S(P.STAT_KILLS_REPORTED); f.lookaheads = S(P.STAT_LOOKAHEAD_RUNS);
  f.plotsDropped = S(P.STAT_PLOTS_DROPPED); f.tracksDropped = S(P.STAT_TRACKS_DROPPED); f.txOverflows = S(P.STAT_TX_OVERFLOWS);
  f.plotsInvalid = S(P.STAT_PLOTS_INVALID); f.plotsLate = S(P.STAT_PLOTS_LATE);
  return f;
}
