// The closed loop: simulator → wire frames → firmware → ORDER frames → battery → simulator, as fast as the
// machine goes. Every world step:
//   1. the world's kill assessments (and phantom shots that reached their intercept) are logged, and
//      reports whose assessment delay has passed go back to fire control (KILL frames to the firmware, or
//      the baseline's own bookkeeping);
//   2. the plots of every radar scan that ended are sent as PLOTS frames, those within the range each radar
//      is configured to cover (loop-config.ts: where it still sees the raid's typical target with Pd ≥ ½);
//      the firmware never deletes a track beyond every sensor's range, so a plot from out there would
//      start a track that lives for ever (docs/simulate.md);
//   3. if a scan ended, the firmware steps at this time (its batches are whole scans: stepping mid-scan
//      would count a miss on every target the beam had not reached yet), launcher status changes go out as
//      EFFECTOR frames first, and this cycle's orders are carried out in the world at once.
// Everything is a function of the scenario and the seed; only the wall-clock timings differ between runs.
// This module has no Node imports: the viewer's live mode runs it in a browser worker. loop.ts adds the
// firmware loaded from build/ and the run log on disk.
import type { StepOutput } from '../link/firmware-link.ts';
import type { Plot, TrackRecord, SensorConfig, TrackerConfig } from '../link/frames.ts';
import type {
  FireOrder, AssetConfig, FireUnitConfig, DoctrineConfig, Lethality, KillAssessment, EffectorStatus,
} from '../link/tewa-frames.ts';
import type { TrackSample, TruthSample } from '../metrics/quality.ts';
import { percentile } from '../metrics/stats.ts';
import { NearestBaseline } from './baseline.ts';
import { LayeredBaseline } from './baseline-layered.ts';
import { Battery, type BatteryOrder, type ExecResult, type Report } from './loop-battery.ts';
import { firmwareSetup, type FirmwareSetup } from './loop-config.ts';
import type { LookaheadConfig, ForecastGroup, ReserveRule } from '../link/lookahead-frames.ts';
import { simLog, type LogSink } from './loop-log.ts';
import type { Scenario } from './scenario.ts';
import { summarise, type RunSummary } from './summary.ts';
import { World } from './world.ts';
import { hypot3 } from '../hypot.ts';

export type DoctrineName = 'parapet' | 'nearest' | 'layered';
export const DOCTRINES: DoctrineName[] = ['parapet', 'nearest', 'layered'];

export interface SimulateOptions {
  seed?: number;
  doctrine?: DoctrineName;
  board?: string;
  /** Directory for the run log (docs/simulate.md), written by loop.ts; none when absent. */
  out?: string;
  /** Stop after this simulated time, s (a slice of a long scenario); the scenario's duration by default. */
  untilS?: number;
  /** The scenario file, for the run log's meta.json. */
  file?: string;
  /** The key of the link to the firmware in process (docs/security.md): absent, a random one per run;
   *  null, none (development mode). Nothing of it reaches the outputs. */
  key?: Uint8Array | null;
  onProgress?: (timeS: number, endS: number) => void;
}

/** Wall-clock figures: the only part of a run that differs between two runs of the same seed. */
export interface RunTiming { wallMs: number; cycles: number; cycleMsMedian: number; cycleMsP99: number; cycleMsMax: number }

/** What a run gives back: plain data, so that it crosses from a worker thread. */
export interface SimulationResult { summary: RunSummary; timing: RunTiming; warnings: string[]; files: string[] }

/** A run with the world and the battery it ran against, for checks against ground truth. */
export interface LoopRun { result: SimulationResult; world: World; battery: Battery }

/**
 * What the loop needs of fire control: the in-process firmware (FirmwareLink), or one behind a serial
 * line (host/emulator/serial-link.ts). Everything but the step is fire-and-forget; the step is the loop's
 * `yield`, so one loop body serves both, and both feed the firmware the same frames in the same order.
 */
export interface FireControlLink {
  configureSensor(c: SensorConfig): void;
  configureTracker(c: TrackerConfig): void;
  configureAsset(a: AssetConfig): void;
  configureFireUnit(u: FireUnitConfig): void;
  configureDoctrine(d: DoctrineConfig): void;
  configureLethality(l: Lethality): void;
  configureLookahead(c: LookaheadConfig): void;
  configureForecast(g: ForecastGroup): void;
  configureReserve(r: ReserveRule): void;
  sendPlots(sensorId: number, plots: readonly Plot[]): void;
  sendKill(k: KillAssessment): void;
  sendEffector(e: EffectorStatus): void;
  firmwareStats(): Record<string, number>;
}

function configure(link: FireControlLink, s: FirmwareSetup): void {
  for (const c of s.sensors) link.configureSensor(c);
  link.configureTracker(s.tracker);
  for (const a of s.assets) link.configureAsset(a);
  for (const u of s.fireUnits) link.configureFireUnit(u);
  link.configureDoctrine(s.doctrine);
  link.configureLethality(s.lethality);
  for (const r of s.reserves) link.configureReserve(r);
  for (const g of s.forecast) link.configureForecast(g);
  link.configureLookahead(s.lookahead);
}

/**
 * The loop body: yields the time of each firmware cycle and resumes with that cycle's output. The run log
 * goes to `sink` (files in Node, loop.ts; the viewer's live index in a browser worker), none when null.
 */
export function* loopBody(sc: Scenario, opts: SimulateOptions, link: FireControlLink, sink: LogSink | null): Generator<number, LoopRun, StepOutput> {
  const wall0 = performance.now();
  const seed = opts.seed ?? sc.seed;
  const doctrine = opts.doctrine ?? 'parapet';
  const board = opts.board ?? 'host';
  let endS = Math.min(opts.untilS ?? sc.durationS, sc.durationS);
  const world = new World(sc, { seed });
  const setup = firmwareSetup(sc, doctrine === 'parapet');
  const coverage = new Map(setup.sensors.map((c) => [c.id, c.maxRange]));
  configure(link, setup);
  const battery = new Battery(world, sc, setup.doctrine.killAssessS);
  const baseline = doctrine === 'nearest' ? new NearestBaseline(sc, world, setup.centre)
    : doctrine === 'layered' ? new LayeredBaseline(sc, world, setup.doctrine.killAssessS) : null;
  const log = sink ? simLog(sink, sc, { seed, doctrine, board, file: opts.file, setup }) : null;

  const firstDetectionMs = new Map<number, number>();
  const truth: TruthSample[] = [];
  const tracks: TrackSample[] = [];
  const plotTruths = new Map<number, number[]>();
  const lastPlot = new Map<number, number>();
  const killedIds = new Set<number>();
  const impactIds = new Set<number>();
  const cycleMs: number[] = [];
  let issued = 0;
  let beyondCoverage = 0;

  const report = (r: Report): void => {
    if (baseline) baseline.report(r);
    else if (r.shot.order.engagementId !== null) {
      link.sendKill({ engagementId: r.shot.order.engagementId, trackNumber: r.shot.order.trackNumber, killed: r.outcome === 'killed', timeMs: Math.round(r.dueS * 1000) });
    }
  };
  const effectors = (ordered: ReadonlyMap<number, number>, timeMs: number): void => {
    if (baseline) return; // the firmware knows no fire units in the baseline
    for (const c of battery.statusChanges(ordered)) {
      link.sendEffector({ unitId: c.unitIndex, down: false, readyRounds: Math.min(0xffff, c.ready), magazine: Math.min(0xffff, c.stock), timeMs });
    }
  };

  for (let step = world.step(); step && step.timeS <= endS; step = world.step()) {
    const nowMs = Math.round(step.timeS * 1000);
    for (const a of step.assessments) if (a.outcome === 'killed') killedIds.add(a.threatId);
    for (const i of step.impacts) impactIds.add(i.threatId);
    const outcomes = battery.assess(step.assessments);
    log?.outcomes(step, outcomes);
    for (const r of battery.dueReports()) report(r);

    for (const scan of step.scans) {
      const plots: Plot[] = [];
      const range = coverage.get(scan.sensorId)!;
      for (const p of scan.plots) {
        if (p.a > range) { beyondCoverage++; continue; }
        battery.notePlot(p.plotId, p.truthId);
        if (p.truthId >= 0 && !(firstDetectionMs.get(p.truthId)! <= p.timeMs)) firstDetectionMs.set(p.truthId, p.timeMs);
        plots.push({ plotId: p.plotId, kind: p.kind, timeMs: p.timeMs, a: p.a, b: p.b, c: p.c });
      }
      log?.scan(scan, plots);
      link.sendPlots(scan.sensorId, plots);
    }
    opts.onProgress?.(step.timeS, endS);
    if (step.scans.length === 0) continue;

    effectors(new Map(), nowMs); // reloads since the last cycle
    const t0 = performance.now();
    const out = yield nowMs;
    cycleMs.push(performance.now() - t0);
    if (out.stop) { endS = step.timeS; break; } // fire control is gone: the run so far is the run

    for (const tr of out.picture.tracks) {
      battery.noteTrack(tr.trackNumber, tr.lastPlotId);
      tracks.push({ timeMs: nowMs, trackNumber: tr.trackNumber, position: { x: tr.x, y: tr.y, z: tr.z } });
      if (lastPlot.get(tr.trackNumber) === tr.lastPlotId) continue;
      lastPlot.set(tr.trackNumber, tr.lastPlotId);
      const list = plotTruths.get(tr.trackNumber) ?? [];
      list.push(battery.truthOf(tr.trackNumber) ?? -1);
      plotTruths.set(tr.trackNumber, list);
    }
    for (const g of step.truth) truth.push({ timeMs: nowMs, truthId: g.id, position: { x: g.x, y: g.y, z: g.z } });

    const exec = (o: BatteryOrder, fw?: FireOrder): ExecResult => {
      issued++;
      const r = battery.execute(o);
      log?.order(nowMs, doctrine, o, r, fw);
      return r;
    };
    if (baseline) {
      baseline.decide(out.picture.tracks, (o) => exec(o).ok);
    } else {
      const ordered = new Map<number, number>();
      for (const o of out.orders) {
        ordered.set(o.unitId, (ordered.get(o.unitId) ?? 0) + o.rounds);
        const r = exec(orderOf(o, out.picture.tracks), o);
        // No battery would fire it: the engagement is over at once, so fire control may assign again.
        if (!r.ok) link.sendKill({ engagementId: o.engagementId, trackNumber: o.trackNumber, killed: false, timeMs: nowMs });
      }
      effectors(ordered, nowMs); // orders the world refused, which the firmware counted as fired
    }
    log?.cycle(nowMs, step.truth, out.picture.tracks, out.threats);
  }

  const summary = summarise({
    scenario: sc, seed, doctrine, board, endS, world, shots: battery.shots, issued, refusals: battery.refusals, killedIds, impactIds,
    quality: { truth, tracks, firstDetectionMs, plotTruths }, firmware: link.firmwareStats(), plotsBeyondCoverage: beyondCoverage,
  });
  const timing: RunTiming = {
    wallMs: performance.now() - wall0,
    cycles: cycleMs.length,
    cycleMsMedian: percentile(cycleMs, 0.5),
    cycleMsP99: percentile(cycleMs, 0.99),
    cycleMsMax: cycleMs.length ? Math.max(...cycleMs) : NaN,
  };
  const files = log ? log.close(summary, timing) : [];
  return { result: { summary, timing, warnings: setup.warnings, files }, world, battery };
}

/** A firmware ORDER record as a battery order: the unit's wire id is its index in the scenario. */
function orderOf(o: FireOrder, tracks: readonly TrackRecord[]): BatteryOrder {
  const t = tracks.find((x) => x.trackNumber === o.trackNumber);
  return {
    unitIndex: o.unitId, trackNumber: o.trackNumber, rounds: o.rounds, point: { x: o.x, y: o.y, z: o.z },
    trackSpeed: t ? hypot3(t.vx, t.vy, t.vz) : 0, engagementId: o.engagementId,
  };
}

