// Firmware cycle time (ingest of a scan's PLOTS frames + step) against the number of targets, with
// clutter equal to targets: median and p99 over the scans after warm-up, and the log-log growth exponent.
import { generateRaid } from '../host/sim/synthetic.ts';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { sensorConfigOf } from '../host/raid-runner.ts';
import { encodeFrame, encodePlots, MAX_PLOTS_PER_FRAME, DEFAULT_TRACKER_CONFIG } from '../host/link/frames.ts';
import { percentile } from '../host/metrics/stats.ts';
import * as P from '../assembly/protocol.ts';

export interface CycleResult { targets: number; clutter: number; scans: number; medianMs: number; p99Ms: number; confirmed: number }

export function measureCycle(targets: number, opts: { board?: string; scans?: number; warmup?: number; seed?: number } = {}): CycleResult {
  const scans = opts.scans ?? 40;
  const warmup = opts.warmup ?? 10;
  const radar = { id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange: 150_000, pd: 0.9 };
  // Keep the target density of the 550-target raid: the start ring grows with the square root of the count.
  const scale = Math.sqrt(targets / 550);
  const raid = generateRaid({ seed: opts.seed ?? 1, targets, scanPeriodS: 1, scans, sensors: [radar], pd: 0.9,
    clutterPerScan: targets, clutter: 'fixed', startRadius: 40_000 * Math.max(1, scale), aimRadius: 5000 * Math.max(1, scale) });
  radar.maxRange = 150_000 * Math.max(1, scale);
  const fw = Firmware.load(opts.board ?? 'host');
  const link = new FirmwareLink(fw);
  link.configureSensor(sensorConfigOf(radar, 1, targets / (Math.PI * radar.maxRange ** 2 * 20_000)));
  link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, accelSigma: 2, verticalAccelSigma: 1 });
  // Frames are encoded before timing: the cycle is the firmware's work only.
  let seq = 0;
  const frames = raid.scans.map((scan) => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < scan.plots.length; i += MAX_PLOTS_PER_FRAME) {
      const plots = scan.plots.slice(i, i + MAX_PLOTS_PER_FRAME).map(({ plotId, kind, timeMs, a, b, c }) => ({ plotId, kind, timeMs, a, b, c }));
      parts.push(encodeFrame(P.FRAME_PLOTS, seq++ & 0xffff, encodePlots(scan.sensorId, plots)));
    }
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let off = 0;
    for (const p of parts) { all.set(p, off); off += p.length; }
    return { t: scan.timeMs, bytes: all };
  });
  const ex = fw.exports;
  const mem = () => new Uint8Array(ex.memory.buffer);
  const rx = ex.rxBuffer(), cap = ex.rxCapacity();
  const times: number[] = [];
  frames.forEach(({ t, bytes }, k) => {
    const t0 = performance.now();
    for (let off = 0; off < bytes.length; off += cap) {
      const chunk = bytes.subarray(off, Math.min(bytes.length, off + cap));
      mem().set(chunk, rx);
      ex.ingest(chunk.length);
    }
    ex.step(t);
    const dt = performance.now() - t0;
    if (k >= warmup) times.push(dt);
  });
  return { targets, clutter: targets, scans: times.length, medianMs: percentile(times, 0.5), p99Ms: percentile(times, 0.99),
    confirmed: fw.stat(P.STAT_TRACKS_CONFIRMED) };
}

/** Slope of log(time) against log(targets), least squares. */
export function growthExponent(rows: { targets: number; medianMs: number }[]): number {
  const xs = rows.map((r) => Math.log(r.targets)), ys = rows.map((r) => Math.log(r.medianMs));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0, den = 0;
  xs.forEach((x, i) => { num += (x - mx) * (ys[i] - my); den += (x - mx) ** 2; });
  return num / den;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const n of sizes.length ? sizes : [64, 256, 550, 1024, 4096]) console.log(JSON.stringify(measureCycle(n)));
}
