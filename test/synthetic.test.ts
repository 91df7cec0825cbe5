// The raid generator against closed-form geometry and statistical bounds. Seeds are fixed, so each
// bound is deterministic; the bounds are ±4.5 σ (two-sided tail ≈ 7e-6), wide enough that a correct
// generator passes for essentially any seed, narrow enough to catch a wrong σ, Pd or clutter mean.
import { describe, expect, it } from 'vitest';
import { Rng } from '../host/sim/rng.ts';
import { crossingPair, generateRaid, observeTargets, type Plot, type RadarSite, type TargetState } from '../host/sim/synthetic.ts';

const Z = 4.5;
const TWO_PI = 2 * Math.PI;

const site = (over: Partial<RadarSite> = {}): RadarSite => ({
  id: 1,
  east: 0,
  north: 0,
  up: 0,
  sigmaRange: 0,
  sigmaAz: 0,
  sigmaEl: 0,
  sigmaCartesian: 0,
  maxRange: 100_000,
  pd: 1,
  ...over,
});
const still = (id: number, x: number, y: number, z: number): TargetState => ({ id, x, y, z, vx: 0, vy: 0, vz: 0 });
const plotsOf = (raid: { scans: { plots: Plot[] }[] }) => raid.scans.flatMap((s) => s.plots);
/** Wilson–Hilferty bounds for a χ²(n) variable at ±z. */
const chi2Bounds = (n: number, z: number): [number, number] => {
  const s = Math.sqrt(2 / (9 * n));
  return [n * (1 - 2 / (9 * n) - z * s) ** 3, n * (1 - 2 / (9 * n) + z * s) ** 3];
};
/** Signed angle difference in (-π, π]. */
const angleDiff = (a: number, b: number) => {
  const d = (((a - b) % TWO_PI) + TWO_PI) % TWO_PI;
  return d > Math.PI ? d - TWO_PI : d;
};

describe('Rng', () => {
  it('forks depend on the key, not on how much of the parent was consumed', () => {
    const a = new Rng(42);
    const before = a.fork('x').nextU32();
    for (let i = 0; i < 10; i++) a.nextU32();
    expect(a.fork('x').nextU32()).toBe(before);
    expect(a.fork('y').nextU32()).not.toBe(before);
  });

  it('gives uniform and normal deviates with the right moments', () => {
    const r = new Rng(7);
    const n = 20_000;
    const u = Array.from({ length: n }, () => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(Math.abs(u.reduce((s, x) => s + x, 0) / n - 0.5)).toBeLessThan(Z * Math.sqrt(1 / 12 / n));
    const g = Array.from({ length: n }, () => r.normal());
    expect(Math.abs(g.reduce((s, x) => s + x, 0) / n)).toBeLessThan(Z / Math.sqrt(n));
    const [lo, hi] = chi2Bounds(n, Z);
    const ss = g.reduce((s, x) => s + x * x, 0);
    expect(ss).toBeGreaterThan(lo);
    expect(ss).toBeLessThan(hi);
  });
});

describe('generateRaid', () => {
  const base = {
    seed: 1234,
    targets: 10,
    scanPeriodS: 4,
    scans: 20,
    sensors: [site({ sigmaRange: 30, sigmaAz: 0.002, sigmaEl: 0.003, pd: 0.8 }), site({ id: 2, east: 5000, sigmaRange: 50, sigmaAz: 0.003, sigmaEl: 0.004, pd: 0.9 })],
    clutterPerScan: 3,
  };

  it('is deterministic in its seed', () => {
    expect(generateRaid(base)).toEqual(generateRaid(base));
    const other = generateRaid({ ...base, seed: 1235 });
    expect(other.truth).not.toEqual(generateRaid(base).truth);
    expect(plotsOf(other)).not.toEqual(plotsOf(generateRaid(base)));
  });

  it('numbers plots uniquely over the raid and records each truth’s first plot time', () => {
    const raid = generateRaid({ ...base, rotating: true });
    const plots = plotsOf(raid);
    expect(new Set(plots.map((p) => p.plotId)).size).toBe(plots.length);
    expect(plots.every((p) => Number.isInteger(p.plotId) && p.plotId >= 1 && p.plotId <= 0xffffffff)).toBe(true);
    for (const [id, t] of raid.firstDetection) {
      expect(t).toBe(Math.min(...plots.filter((p) => p.truthId === id).map((p) => p.timeMs)));
    }
  });

  it('splits the speed mix exactly and starts targets on the ring, aimed into the defended area', () => {
    const raid = generateRaid({ ...base, targets: 10, speeds: [{ speed: 50, fraction: 0.3 }, { speed: 250, fraction: 0.7 }], altitude: [1000, 2000], startRadius: 30_000, aimRadius: 4000 });
    const first = raid.truth[0].targets;
    const speeds = first.map((t) => Math.hypot(t.vx, t.vy, t.vz));
    expect(speeds.filter((s) => Math.abs(s - 50) < 1e-9)).toHaveLength(3);
    expect(speeds.filter((s) => Math.abs(s - 250) < 1e-9)).toHaveLength(7);
    for (const t of first) {
      expect(Math.hypot(t.x, t.y)).toBeCloseTo(30_000, 6);
      expect(t.z).toBeGreaterThanOrEqual(1000);
      expect(t.z).toBeLessThanOrEqual(2000);
      expect(t.vz).toBe(0);
      // Distance from the origin to the straight line of flight: |p × v| / |v|.
      expect(Math.abs(t.x * t.vy - t.y * t.vx) / Math.hypot(t.vx, t.vy)).toBeLessThanOrEqual(4000 + 1e-6);
      // Flying inwards.
      expect(t.x * t.vx + t.y * t.vy).toBeLessThan(0);
    }
    // Truth follows constant velocity: state at scan k = state at 0 + v·k·T.
    const k = 7;
    raid.truth[k].targets.forEach((t, i) => {
      expect(t.x).toBeCloseTo(first[i].x + first[i].vx * k * 4, 6);
      expect(t.y).toBeCloseTo(first[i].y + first[i].vy * k * 4, 6);
    });
  });
});

describe('observeTargets', () => {
  it('places a target 10 km due north at azimuth 0, range 10 km', () => {
    const raid = observeTargets([still(1, 0, 10_000, 0)], { seed: 1, scanPeriodS: 1, scans: 1, sensors: [site()] });
    expect(raid.scans[0].plots).toEqual([{ plotId: 1, kind: 'polar', timeMs: 0, a: 10_000, b: 0, c: 0, truthId: 1 }]);
  });

  it('measures azimuth clockwise from north and relative to the site', () => {
    const s = site({ east: 1000, north: -2000, up: 50 });
    // Offsets from the site: east 3 km → π/2; south 4 km → π; west → 3π/2; up 3 km over north 4 km → el asin(3/5).
    const targets = [still(1, 4000, -2000, 50), still(2, 1000, -6000, 50), still(3, -2000, -2000, 50), still(4, 1000, 2000, 3050)];
    const plots = plotsOf(observeTargets(targets, { seed: 1, scanPeriodS: 1, scans: 1, sensors: [s] }));
    const by = (id: number) => plots.find((p) => p.truthId === id)!;
    expect(by(1).b).toBeCloseTo(Math.PI / 2, 12);
    expect(by(1).a).toBeCloseTo(3000, 9);
    expect(by(2).b).toBeCloseTo(Math.PI, 12);
    expect(by(3).b).toBeCloseTo((3 * Math.PI) / 2, 12);
    expect(by(4)).toMatchObject({ b: 0 });
    expect(by(4).a).toBeCloseTo(5000, 9);
    expect(by(4).c).toBeCloseTo(Math.asin(3 / 5), 12);
    // Beam order: plots sorted by azimuth.
    expect(plots.map((p) => p.truthId)).toEqual([4, 1, 2, 3]);
  });

  it('gives noiseless Cartesian plots at the target position', () => {
    const raid = observeTargets([still(1, 123, -456, 789)], { seed: 1, scanPeriodS: 1, scans: 1, sensors: [site({ east: 10, north: 20 })], measurement: 'cartesian' });
    expect(raid.scans[0].plots[0]).toMatchObject({ kind: 'cartesian', a: 123, b: -456, c: 789 });
  });

  it('detects with the configured Pd (binomial bounds) and never outside coverage', () => {
    const n = 4000;
    const pd = 0.7;
    const raid = observeTargets([still(1, 0, 20_000, 1000), still(2, 0, 90_000, 1000)], { seed: 99, scanPeriodS: 1, scans: n, sensors: [site({ pd, maxRange: 50_000 })] });
    const hits = plotsOf(raid).filter((p) => p.truthId === 1).length;
    expect(Math.abs(hits - n * pd)).toBeLessThan(Z * Math.sqrt(n * pd * (1 - pd)));
    expect(plotsOf(raid).filter((p) => p.truthId === 2)).toHaveLength(0);
  });

  it('adds polar noise with the configured σ (χ² bounds)', () => {
    const n = 3000;
    const s = site({ sigmaRange: 30, sigmaAz: 0.002, sigmaEl: 0.003, east: 500, north: 700, up: 20 });
    const t = still(1, 500 + 8000, 700 + 6000, 20 + 2000); // from the site: r = √(8² + 6² + 2²) km
    const raid = observeTargets([t], { seed: 5, scanPeriodS: 1, scans: n, sensors: [s] });
    const plots = plotsOf(raid);
    expect(plots).toHaveLength(n);
    const r = Math.hypot(8000, 6000, 2000);
    const az = Math.atan2(8000, 6000);
    const el = Math.asin(2000 / r);
    const [lo, hi] = chi2Bounds(n, Z);
    const check = (res: number[], sigma: number) => {
      const chi2 = res.reduce((acc, x) => acc + (x / sigma) ** 2, 0);
      expect(chi2).toBeGreaterThan(lo);
      expect(chi2).toBeLessThan(hi);
      expect(Math.abs(res.reduce((acc, x) => acc + x, 0) / n)).toBeLessThan((Z * sigma) / Math.sqrt(n));
    };
    check(plots.map((p) => p.a - r), 30);
    check(plots.map((p) => angleDiff(p.b, az)), 0.002);
    check(plots.map((p) => p.c - el), 0.003);
    expect(plots.every((p) => p.b >= 0 && p.b < TWO_PI)).toBe(true);
  });

  it('adds Cartesian noise with the configured σ per axis (χ² bounds)', () => {
    const n = 3000;
    const raid = observeTargets([still(1, 4000, 3000, 1500)], { seed: 6, scanPeriodS: 1, scans: n, sensors: [site({ sigmaCartesian: 25 })], measurement: 'cartesian' });
    const plots = plotsOf(raid);
    const [lo, hi] = chi2Bounds(n, Z);
    for (const [axis, truth] of [['a', 4000], ['b', 3000], ['c', 1500]] as const) {
      const chi2 = plots.reduce((acc, p) => acc + ((p[axis] - truth) / 25) ** 2, 0);
      expect(chi2).toBeGreaterThan(lo);
      expect(chi2).toBeLessThan(hi);
    }
  });

  it('stamps rotating-beam plots when the beam crosses the target, at the target’s position then', () => {
    const T = 10; // s
    const targets = [still(1, 5000, 0, 0), still(2, -5000, 0, 0), { id: 3, x: 3000, y: 3000, z: 1000, vx: -250, vy: 100, vz: 0 }];
    const raid = observeTargets(targets, { seed: 3, scanPeriodS: T, scans: 5, sensors: [site()], rotating: true, startTimeMs: 1000 });
    for (const scan of raid.scans) {
      const at = (id: number) => scan.plots.find((p) => p.truthId === id)!;
      expect(at(1).timeMs).toBeCloseTo(scan.timeMs + (T * 1000) / 4, 6); // due east: a quarter turn
      expect(at(2).timeMs).toBeCloseTo(scan.timeMs + (3 * T * 1000) / 4, 6); // due west
      // The moving target: its true position at the plot time lies at the beam's azimuth, and the
      // (noiseless) plot measures that position, not the one at scan start.
      const p = at(3);
      const dt = (p.timeMs - 1000) / 1000;
      const x = 3000 - 250 * dt;
      const y = 3000 + 100 * dt;
      const beamAz = (TWO_PI * (p.timeMs - scan.timeMs)) / (T * 1000);
      expect(angleDiff(Math.atan2(x, y), beamAz)).toBeCloseTo(0, 9);
      expect(p.a).toBeCloseTo(Math.hypot(x, y, 1000), 6);
      expect(p.timeMs).toBeGreaterThan(scan.timeMs);
      expect(p.timeMs).toBeLessThan(scan.timeMs + T * 1000);
      // Plots come in time order.
      expect(scan.plots.map((q) => q.timeMs)).toEqual([...scan.plots.map((q) => q.timeMs)].sort((u, v) => u - v));
    }
  });

  it('draws Poisson clutter with the configured mean, inside coverage, beam-timed', () => {
    const n = 2000;
    const lambda = 5;
    const s = site({ maxRange: 30_000, minElevation: 0.01, maxElevation: 0.5 });
    const raid = observeTargets([], { seed: 11, scanPeriodS: 2, scans: n, sensors: [s], clutterPerScan: lambda, rotating: true });
    const counts = raid.scans.map((sc) => sc.plots.length);
    const total = counts.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - n * lambda)).toBeLessThan(Z * Math.sqrt(n * lambda));
    // Poisson: variance = mean. Var of the sample variance ≈ (μ4 − σ⁴)/n = (λ + 2λ²)/n.
    const m = total / n;
    const variance = counts.reduce((a, c) => a + (c - m) ** 2, 0) / (n - 1);
    expect(Math.abs(variance - lambda)).toBeLessThan(Z * Math.sqrt((lambda + 2 * lambda * lambda) / n));
    const plots = plotsOf(raid);
    expect(plots.every((p) => p.truthId === -1 && p.a >= 0 && p.a <= 30_000 && p.c >= 0.01 && p.c <= 0.5)).toBe(true);
    // Uniform azimuth: mean π, σ of the mean (2π/√12)/√N.
    const azMean = plots.reduce((a, p) => a + p.b, 0) / plots.length;
    expect(Math.abs(azMean - Math.PI)).toBeLessThan((Z * TWO_PI) / Math.sqrt(12 * plots.length));
    for (const sc of raid.scans.slice(0, 20)) {
      for (const p of sc.plots) expect(p.timeMs).toBeCloseTo(sc.timeMs + (2000 * p.b) / TWO_PI, 6);
    }
  });

  it('draws exactly the configured count with fixed clutter, per sensor', () => {
    const raid = observeTargets([], { seed: 12, scanPeriodS: 1, scans: 50, sensors: [site(), site({ id: 2 })], clutterPerScan: 4, clutter: 'fixed' });
    expect(raid.scans).toHaveLength(100);
    expect(raid.scans.every((sc) => sc.plots.length === 4)).toBe(true);
  });
});

describe('crossingPair', () => {
  it('reaches exactly the requested minimum separation at the crossing time', () => {
    const speed = 200;
    const d = 200;
    const angle = Math.PI / 6;
    const raid = crossingPair({ seed: 1, scanPeriodS: 1, scans: 61, sensors: [site()], speed, separation: d, angle, heading: 1 });
    const tc = 30_000; // the middle scan
    const vrel = 2 * speed * Math.sin(angle / 2); // |v1 − v2| for equal speeds at `angle`
    for (const f of raid.truth) {
      const [a, b] = f.targets;
      expect(Math.hypot(a.vx, a.vy)).toBeCloseTo(speed, 9);
      expect(Math.hypot(b.vx, b.vy)).toBeCloseTo(speed, 9);
      expect(a.z).toBe(b.z);
      // Closed form for constant velocities with perpendicular offset d at tc.
      const expected = Math.hypot(d, (vrel * (f.timeMs - tc)) / 1000);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(expected, 6);
    }
    const [a, b] = raid.truth[30].targets;
    expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(d, 6);
    expect((a.x + b.x) / 2).toBeCloseTo(0, 6);
    expect((a.y + b.y) / 2).toBeCloseTo(20_000, 6);
    expect(Math.acos((a.vx * b.vx + a.vy * b.vy) / speed ** 2)).toBeCloseTo(angle, 9);
    expect(Math.atan2(a.vx, a.vy)).toBeCloseTo(1, 9);
  });

  it('keeps parallel targets at the separation', () => {
    const raid = crossingPair({ seed: 1, scanPeriodS: 1, scans: 5, sensors: [site()], speed: 100, separation: 300, angle: 0 });
    for (const f of raid.truth) expect(Math.hypot(f.targets[0].x - f.targets[1].x, f.targets[0].y - f.targets[1].y)).toBeCloseTo(300, 6);
  });
});
