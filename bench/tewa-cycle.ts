// Full firmware cycle with threat evaluation and weapon assignment: N threats inbound on a defended city,
// a layered battery of 24 fire units. The time of `step` (tracking + TEWA) and of a tracking-only
// firmware on the same plots, so the TEWA share is measured pair by pair.
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG } from '../host/link/frames.ts';
import { DEFAULT_DOCTRINE, type FireUnitConfig } from '../host/link/tewa-frames.ts';
import { Rng } from '../host/sim/rng.ts';
import { percentile } from '../host/metrics/stats.ts';

export function battery(): FireUnitConfig[] {
  const units: FireUnitConfig[] = [];
  const base = { up: 0, minAlt: 0, maxTargetSpeed: 3000, magazine: 0, reloadS: 60 };
  for (let i = 0; i < 24; i++) {
    const a = (2 * Math.PI * i) / 24, r = i < 4 ? 3000 : 8000;
    const kind = i < 4 ? 'long-range-sam' : i < 10 ? 'short-range-sam' : i < 20 ? 'gun' : 'interceptor-drone';
    units.push({ ...base, id: i + 1, kind, east: r * Math.sin(a), north: r * Math.cos(a),
      minRange: kind === 'gun' ? 0 : 500, maxRange: kind === 'long-range-sam' ? 100_000 : kind === 'gun' ? 2500 : 15_000,
      maxAlt: kind === 'long-range-sam' ? 25_000 : 5000, interceptorSpeed: kind === 'gun' ? 900 : 800, reactionS: 3,
      channels: kind === 'long-range-sam' ? 8 : 4, readyRounds: kind === 'gun' ? 100 : 8,
      pk: { unknown: 0.5, drone: 0.7, cruise: 0.6, ballistic: kind === 'long-range-sam' ? 0.7 : 0 },
      costPerRound: kind === 'long-range-sam' ? 4e6 : kind === 'short-range-sam' ? 5e5 : kind === 'gun' ? 300 : 5000 } as FireUnitConfig);
  }
  return units;
}

/** 20 defended assets, the 24-unit battery and a doctrine that weighs round cost lightly. */
export function configureBattery(link: FirmwareLink): void {
  for (let a = 0; a < 20; a++) {
    link.configureAsset({ id: a + 1, kind: 1, east: 6000 * Math.sin(a), north: 6000 * Math.cos(a * 1.3), up: 0, radius: 800, value: 1e7 });
  }
  for (const u of battery()) link.configureFireUnit(u);
  link.configureDoctrine({ ...DEFAULT_DOCTRINE, costWeight: 0.001 });
}

export function measureTewa(threats: number, steps = 30, withTewa = true): { medianMs: number; p99Ms: number; orders: number } {
  const fw = Firmware.load('host');
  const link = new FirmwareLink(fw);
  link.configureSensor({ id: 1, east: 0, north: 0, up: 0, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, sigmaCart: 30,
    maxRange: 200_000, pd: 0.9, falseDensity: 1e-13, scanPeriodS: 1 });
  link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, accelSigma: 3 });
  if (withTewa) configureBattery(link);
  const rng = new Rng(`tewa-${threats}`);
  const targets = Array.from({ length: threats }, () => {
    const b = rng.uniform(0, 2 * Math.PI), r = rng.uniform(15_000, 60_000), s = rng.chance(0.9) ? 50 : 220;
    const aim = rng.uniform(0, 2 * Math.PI), ar = rng.uniform(0, 6000);
    const x = r * Math.sin(b), y = r * Math.cos(b), dx = ar * Math.sin(aim) - x, dy = ar * Math.cos(aim) - y, d = Math.hypot(dx, dy);
    return { x, y, z: s > 100 ? 80 : rng.uniform(300, 2000), vx: (s * dx) / d, vy: (s * dy) / d };
  });
  const times: number[] = [];
  let orders = 0;
  let plotId = 1;
  for (let k = 1; k <= steps; k++) {
    const plots = [];
    for (const t of targets) {
      t.x += t.vx; t.y += t.vy;
      if (rng.chance(0.9)) plots.push({ plotId: plotId++, kind: 'cartesian' as const, timeMs: k * 1000, a: t.x + rng.normal(0, 30), b: t.y + rng.normal(0, 30), c: t.z + rng.normal(0, 30) });
    }
    link.sendPlots(1, plots);
    const t0 = performance.now();
    fw.step(k * 1000);
    const dt = performance.now() - t0;
    if (k > 10) times.push(dt);
    orders = fw.stat(32);
  }
  return { medianMs: percentile(times, 0.5), p99Ms: percentile(times, 0.99), orders };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const n of [80, 550]) {
    const full = measureTewa(n), track = measureTewa(n, 30, false);
    console.log(JSON.stringify({ threats: n, stepWithTewaMs: full.medianMs, p99: full.p99Ms, trackingOnlyMs: track.medianMs, tewaMs: full.medianMs - track.medianMs, orders: full.orders }));
  }
}
