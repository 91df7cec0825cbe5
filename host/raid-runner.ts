// Runs a synthetic raid (host/sim/synthetic.ts) through a firmware over the wire and scores the track
// picture against the generator's ground truth.
import { Firmware } from './firmware.ts';
import { FirmwareLink } from './link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig, type TrackPicture, type SensorConfig } from './link/frames.ts';
import type { Raid, RadarSite } from './sim/synthetic.ts';
import { trackQuality, type QualitySummary, type TruthSample, type TrackSample } from './metrics/quality.ts';

export interface RaidRunOptions {
  board?: string;
  tracker?: Partial<TrackerConfig>;
  /** Plots are stamped across the scan (rotating beam): step at the end of each scan. */
  rotating?: boolean;
  /** Clutter density given to the firmware, per m³ (default 1e-12). */
  falseDensity?: number;
  /** GOSPA cut-off (m) and the run length that makes a track false (steps). */
  gospaC?: number;
  falseTrackSteps?: number;
  onStep?: (k: number, total: number) => void;
}

export interface RaidRunResult {
  pictures: TrackPicture[];
  stepMs: number[];
  stats: Record<string, number>;
  quality: QualitySummary;
  /** TRACKS and TELEMETRY bytes of every step, concatenated: for determinism checks. */
  output: Uint8Array[];
}

export function sensorConfigOf(site: RadarSite, scanPeriodS: number, falseDensity: number): SensorConfig {
  return {
    id: site.id, east: site.east, north: site.north, up: site.up,
    sigmaRange: site.sigmaRange, sigmaAz: site.sigmaAz, sigmaEl: site.sigmaEl,
    sigmaCart: site.sigmaCartesian ?? site.sigmaRange, maxRange: site.maxRange, pd: site.pd ?? 0.9,
    falseDensity, scanPeriodS,
  };
}

export function runRaid(raid: Raid, scanPeriodS: number, opts: RaidRunOptions = {}): RaidRunResult {
  const fw = Firmware.load(opts.board ?? 'host');
  const link = new FirmwareLink(fw);
  for (const site of raid.sensors) link.configureSensor(sensorConfigOf(site, scanPeriodS, opts.falseDensity ?? 1e-12));
  link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, ...opts.tracker });
  const plotTruth = new Map<number, number>();
  const byTime = new Map<number, Raid['scans']>();
  for (const scan of raid.scans) {
    const t = opts.rotating ? scan.timeMs + scanPeriodS * 1000 : scan.timeMs;
    const list = byTime.get(t) ?? [];
    list.push(scan);
    byTime.set(t, list);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const pictures: TrackPicture[] = [];
  const stepMs: number[] = [];
  const output: Uint8Array[] = [];
  const plotTruths = new Map<number, number[]>();
  const lastPlot = new Map<number, number>();
  times.forEach((t, k) => {
    for (const scan of byTime.get(t)!) {
      for (const p of scan.plots) plotTruth.set(p.plotId, p.truthId);
      link.sendPlots(scan.sensorId, scan.plots.map((p) => ({ plotId: p.plotId, kind: p.kind, timeMs: p.timeMs, a: p.a, b: p.b, c: p.c })));
    }
    const t0 = performance.now();
    const out = link.step(t);
    stepMs.push(performance.now() - t0);
    pictures.push(out.picture);
    output.push(out.bytes);
    for (const tr of out.picture.tracks) {
      if (lastPlot.get(tr.trackNumber) === tr.lastPlotId) continue;
      lastPlot.set(tr.trackNumber, tr.lastPlotId);
      const list = plotTruths.get(tr.trackNumber) ?? [];
      list.push(plotTruth.get(tr.lastPlotId) ?? -1);
      plotTruths.set(tr.trackNumber, list);
    }
    opts.onStep?.(k + 1, times.length);
  });
  const truthTimes = new Set(raid.truth.map((s) => s.timeMs));
  const truth: TruthSample[] = raid.truth.flatMap((s) =>
    s.targets.map((g) => ({ timeMs: s.timeMs, truthId: g.id, position: { x: g.x, y: g.y, z: g.z } })));
  const tracks: TrackSample[] = pictures.filter((p) => truthTimes.has(p.timeMs)).flatMap((p) =>
    p.tracks.map((tr) => ({ timeMs: p.timeMs, trackNumber: tr.trackNumber, position: { x: tr.x, y: tr.y, z: tr.z } })));
  const quality = trackQuality(
    { truth, tracks, firstDetectionMs: raid.firstDetection, plotTruths },
    { c: opts.gospaC ?? 500, p: 2, falseTrackSteps: opts.falseTrackSteps ?? 5 },
  );
  return { pictures, stepMs, stats: fw.stats(), quality, output };
}
