// Workload (a): the full firmware cycle — the scan's PLOTS frames through `ingest`, then `step`: tracking,
// TEWA with the battery of tewa-cycle.ts, and the TRACKS, THREATS, ORDERS and TELEMETRY frames out —
// against the number of targets, with clutter equal to targets. Also the gated pairs of a scan, the
// sparse matrices of workload (b).
import { generateRaid, type Raid, type RadarSite } from '../host/sim/synthetic.ts';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { sensorConfigOf } from '../host/raid-runner.ts';
import { encodeFrame, encodePlots, MAX_PLOTS_PER_FRAME, DEFAULT_TRACKER_CONFIG } from '../host/link/frames.ts';
import * as P from '../assembly/protocol.ts';
import { configureBattery } from './tewa-cycle.ts';
import { spread, growthExponent, type Spread } from './stats.ts';

/** Straight-flying targets: the small white-noise acceleration of the raid tests. */
export const TRACKER = { ...DEFAULT_TRACKER_CONFIG, accelSigma: 2, verticalAccelSigma: 1 };

/** A raid and its scans already encoded as wire frames, so the timed cycle is the firmware's work only. */
export interface RaidFixture { targets: number; radar: RadarSite; raid: Raid; falseDensity: number; frames: Uint8Array[] }

export function raidFixture(targets: number, scans: number, seed = 1): RaidFixture {
  // Keep the target density of the 550-target raid: the start ring grows with the square root of the count.
  const scale = Math.max(1, Math.sqrt(targets / 550));
  const radar: RadarSite = { id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002,
    maxRange: 150_000 * scale, pd: 0.9 };
  const raid = generateRaid({ seed, targets, scanPeriodS: 1, scans, sensors: [radar], pd: 0.9,
    clutterPerScan: targets, clutter: 'fixed', startRadius: 40_000 * scale, aimRadius: 5000 * scale });
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
    return all;
  });
  return { targets, radar, raid, frames, falseDensity: targets / (Math.PI * radar.maxRange ** 2 * 20_000) };
}

/** The gated track × plot pairs of one batch, rows and columns numbered compactly in order of appearance. */
export interface GatedPairs { rows: number; cols: number; row: Int32Array; col: Int32Array; cost: Float64Array }

interface CycleExports {
  memory: WebAssembly.Memory; rxBuffer(): number; rxCapacity(): number; ingest(n: number): number; step(t: number): number;
  lapGatePairs(): number; lapGateTracks(): number; lapGatePlots(): number; lapGateCosts(): number;
}

/** One firmware instance configured for a fixture; scan(k) runs and times scan k. */
export class FirmwareCycle {
  readonly fw: Firmware;
  private readonly ex: CycleExports;

  constructor(private readonly fx: RaidFixture, opts: { board?: string; tewa?: boolean } = {}) {
    this.fw = Firmware.load(opts.board ?? 'host');
    this.ex = this.fw.exports as unknown as CycleExports;
    const link = new FirmwareLink(this.fw);
    link.configureSensor(sensorConfigOf(fx.radar, 1, fx.falseDensity));
    link.configureTracker(TRACKER);
    if (opts.tewa ?? true) configureBattery(link);
  }

  /** Ingest of scan k's frames plus step, in ms. */
  scan(k: number): number {
    const ex = this.ex, bytes = this.fx.frames[k];
    const rx = ex.rxBuffer(), cap = ex.rxCapacity();
    const t0 = performance.now();
    for (let off = 0; off < bytes.length; off += cap) {
      const chunk = bytes.subarray(off, Math.min(bytes.length, off + cap));
      new Uint8Array(ex.memory.buffer, rx, chunk.length).set(chunk);
      ex.ingest(chunk.length);
    }
    ex.step(this.fx.raid.scans[k].timeMs);
    return performance.now() - t0;
  }

  stat(id: number): number { return this.fw.stat(id); }

  /** The pairs gated by the last batch (one radar: the whole last scan). */
  gated(): GatedPairs {
    const ex = this.ex, n = ex.lapGatePairs(), buf = ex.memory.buffer;
    const slot = new Int32Array(buf, ex.lapGateTracks(), n), pos = new Int32Array(buf, ex.lapGatePlots(), n);
    const cost = Float64Array.from(new Float64Array(buf, ex.lapGateCosts(), n)); // the host build's real is f64
    const rowOf = new Map<number, number>(), colOf = new Map<number, number>();
    const row = new Int32Array(n), col = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      if (!rowOf.has(slot[k])) rowOf.set(slot[k], rowOf.size);
      if (!colOf.has(pos[k])) colOf.set(pos[k], colOf.size);
      row[k] = rowOf.get(slot[k])!;
      col[k] = colOf.get(pos[k])!;
    }
    return { rows: rowOf.size, cols: colOf.size, row, col, cost };
  }
}

export interface CycleResult { targets: number; clutter: number; scans: number; ms: Spread; p99Ms: number; confirmed: number; orders: number }

/** Times every scan after `warmup`; with TEWA unless told otherwise. */
export function measureCycle(targets: number, opts: { scans?: number; warmup?: number; tewa?: boolean } = {}): CycleResult {
  const scans = opts.scans ?? 40, warmup = opts.warmup ?? 10;
  const fx = raidFixture(targets, scans);
  const cycle = new FirmwareCycle(fx, { tewa: opts.tewa });
  const times: number[] = [];
  for (let k = 0; k < scans; k++) {
    const dt = cycle.scan(k);
    if (k >= warmup) times.push(dt);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { targets, clutter: targets, scans: times.length, ms: spread(times), p99Ms: sorted[Math.floor(0.99 * (sorted.length - 1))],
    confirmed: cycle.stat(P.STAT_TRACKS_CONFIRMED), orders: cycle.stat(P.STAT_ORDERS) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows = (sizes.length ? sizes : [64, 256, 550, 1024, 4096]).map((n) => measureCycle(n));
  for (const r of rows) console.log(JSON.stringify(r));
  const fit = rows.filter((r) => r.targets >= 256);
  if (fit.length >= 2) console.log(`growth exponent: ${growthExponent(fit.map((r) => r.targets), fit.map((r) => r.ms.median)).toFixed(2)}`);
}
