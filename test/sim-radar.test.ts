// The radar model against closed forms and independent computations: the 4/3-earth horizon, Swerling I
// and III single-pulse Pd (checked against the integral definition evaluated numerically here, and against
// a simulation of the square-law detector on I/Q samples), the R⁻⁴ radar equation, coverage limits,
// beam-crossing time stamps, and the radar's own detection and clutter draws against binomial and Poisson
// bounds. Seeds are fixed, so every bound is deterministic; ±4.5 σ keeps a correct model passing for
// essentially any seed while catching a wrong Pd, σ or rate.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Rng } from '../host/sim/rng.ts';
import { detectionProbability, radarHorizonM, radarSnr, dbToLinear } from '../host/sim/detection.ts';
import { beamTime, coverage, radarScan, targetPd } from '../host/sim/radar.ts';
import { checkScenario, type Radar } from '../host/sim/scenario.ts';
import { SimStreams } from '../host/sim/streams.ts';
import type { Threat } from '../host/sim/threats.ts';
import type { TargetState } from '../host/sim/synthetic.ts';

const Z = 4.5;
const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;

/** A radar from the single-drone teaching scenario, with overrides. */
function radarWith(over: Partial<Radar> = {}): Radar {
  const raw = JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8'));
  return { ...checkScenario(raw, 'teach').radars[0], ...over };
}

/** A threat that follows `at(t)` for all time (launched at 0, never impacts). */
function fakeThreat(id: number, rcsM2: number, at: (t: number) => Omit<TargetState, 'id'>): Threat {
  return {
    id, waveId: 'test', class: 'drone', decoy: false, rcsM2, launchTimeS: 0, impactTimeS: 1e12, aimAssetId: 'x',
    impactPoint: { eastM: 0, northM: 0 }, speedMps: 0, maxTurnRateDegS: 0, stateAt: (t) => ({ id, ...at(t) }),
  };
}
const still = (x: number, y: number, z: number) => () => ({ x, y, z, vx: 0, vy: 0, vz: 0 });
const always = () => true;

/**
 * Pd by the definition: the square-law detector's output with a fixed SNR s is a Poisson(s) mixture of
 * Gamma(j+1, 1) laws, so Pd(s) = Σ_j Pois(j; s)·P(Gamma(j+1) > T), with P(Gamma(j+1) > T) the Poisson
 * CDF of T at j; then Pd = ∫ Pd(s) p(s) ds over the fluctuation law (Simpson's rule).
 */
function pdByIntegral(meanSnr: number, pfa: number, swerling: 1 | 3): number {
  const T = -Math.log(pfa);
  const density = swerling === 1 ? (s: number) => Math.exp(-s / meanSnr) / meanSnr : (s: number) => ((4 * s) / meanSnr ** 2) * Math.exp((-2 * s) / meanSnr);
  const sMax = 40 * meanSnr;
  const jCap = Math.ceil(sMax + 12 * Math.sqrt(sMax) + 40);
  const lnFact = [0];
  for (let j = 1; j <= jCap; j++) lnFact.push(lnFact[j - 1] + Math.log(j));
  const cdfT: number[] = []; // P(Poisson(T) ≤ j)
  for (let j = 0, acc = 0; j <= jCap; j++) cdfT.push((acc += Math.exp(-T + j * Math.log(T) - lnFact[j])));
  const pdFixed = (s: number): number => {
    if (s === 0) return pfa;
    const lo = Math.max(0, Math.floor(s - 12 * Math.sqrt(s) - 20));
    const hi = Math.min(jCap, Math.ceil(s + 12 * Math.sqrt(s) + 20));
    let sum = 0;
    for (let j = lo; j <= hi; j++) sum += Math.exp(-s + j * Math.log(s) - lnFact[j]) * cdfT[j];
    return sum;
  };
  const n = 4000;
  const h = sMax / n;
  let total = 0;
  for (let i = 0; i <= n; i++) total += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * pdFixed(i * h) * density(i * h);
  return (total * h) / 3;
}

const binomialOk = (hits: number, n: number, p: number): boolean => Math.abs(hits - n * p) <= Z * Math.sqrt(n * p * (1 - p)) + 1;

describe('radar horizon (4/3 earth)', () => {
  it('matches √(2kRe·ha) + √(2kRe·ht) and the 4.12 km·√m rule of thumb', () => {
    const kRe = (4 / 3) * 6_371_000;
    const d = radarHorizonM(10, 100);
    expect(d).toBeCloseTo(Math.sqrt(2 * kRe * 10) + Math.sqrt(2 * kRe * 100), 6);
    expect(d / 1000).toBeCloseTo(54.26, 1);
    expect(Math.abs(d / (4120 * (Math.sqrt(10) + Math.sqrt(100))) - 1)).toBeLessThan(0.003);
    expect(radarHorizonM(0, 0)).toBe(0);
  });

  it('hides a low flier beyond the horizon and shows it inside', () => {
    const radar = radarWith({ antennaHeightM: 10, maxRangeM: 400_000, position: { eastM: 0, northM: 0 } });
    const d = radarHorizonM(10, 100);
    expect(coverage(radar, { x: 0, y: d - 50, z: 100 }).verdict).toBe('covered');
    expect(coverage(radar, { x: 0, y: d + 50, z: 100 }).verdict).toBe('horizon');
    // The same distance at altitude is well above the horizon.
    expect(coverage(radar, { x: 0, y: d + 50, z: 3000 }).verdict).toBe('covered');
    // With a huge SNR, the scan sees the inside target every time and the outside one never.
    const big = radarWith({ antennaHeightM: 10, maxRangeM: 400_000, position: { eastM: 0, northM: 0 }, clutterPerScan: 0,
      detection: { referenceSnrDb: 120, referenceRangeM: 50_000, referenceRcsM2: 1, pfa: 1e-6, swerling: 1 } });
    const threats = [fakeThreat(1, 0.05, still(0, d - 50, 100)), fakeThreat(2, 0.05, still(0, d + 50, 100))];
    const streams = new SimStreams(5);
    const seen = new Set<number>();
    for (let k = 0; k < 20; k++) for (const p of radarScan(big, k, threats, always, streams, 1).plots) seen.add(p.truthId);
    expect([...seen]).toEqual([1]);
  });
});

describe('single-pulse Pd', () => {
  it('matches the integral definition for Swerling I and III', () => {
    for (const pfa of [1e-6, 1e-4]) {
      for (const snrDb of [3, 10, 13, 20]) {
        const s = dbToLinear(snrDb);
        for (const sw of [1, 3] as const) expect(detectionProbability(s, pfa, sw)).toBeCloseTo(pdByIntegral(s, pfa, sw), 6);
      }
    }
  });

  it('gives the textbook 21.1 dB for Pd 0.9 at Pfa 1e-6 (Swerling I), and Pfa at zero SNR', () => {
    // Solve Pd(S) = 0.9 by bisection on the closed form.
    let lo = 0;
    let hi = 1e4;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (detectionProbability(mid, 1e-6, 1) < 0.9) lo = mid;
      else hi = mid;
    }
    expect(10 * Math.log10(lo)).toBeCloseTo(21.14, 1);
    expect(detectionProbability(0, 1e-6, 1)).toBeCloseTo(1e-6, 12);
    expect(detectionProbability(0, 1e-6, 3)).toBeCloseTo(1e-6, 12);
    // A Swerling III target (one dominant scatterer) fluctuates less, so it is easier to detect at high SNR.
    expect(detectionProbability(100, 1e-6, 3)).toBeGreaterThan(detectionProbability(100, 1e-6, 1));
  });

  it('agrees with a simulated square-law detector on I/Q samples', () => {
    const rng = new Rng(2024);
    const n = 20_000;
    const pfa = 1e-3;
    const T = -Math.log(pfa);
    for (const sw of [1, 3] as const) {
      for (const S of [5, 20]) {
        let hits = 0;
        for (let i = 0; i < n; i++) {
          // Signal power: exponential (Swerling I) or chi-square with 4 dof (III, a sum of two exponentials).
          const power = sw === 1 ? -S * Math.log(1 - rng.uniform()) : (-S / 2) * (Math.log(1 - rng.uniform()) + Math.log(1 - rng.uniform()));
          const phase = rng.uniform(0, TWO_PI);
          const i0 = Math.sqrt(power) * Math.cos(phase) + rng.normal(0, Math.SQRT1_2);
          const q0 = Math.sqrt(power) * Math.sin(phase) + rng.normal(0, Math.SQRT1_2);
          if (i0 * i0 + q0 * q0 > T) hits++;
        }
        expect(binomialOk(hits, n, detectionProbability(S, pfa, sw))).toBe(true);
      }
    }
  });
});

describe('radar equation', () => {
  it('scales SNR as σ/R⁴ from the reference point', () => {
    expect(radarSnr(1000, 50_000, 1, 1, 50_000)).toBeCloseTo(1000, 9);
    expect(radarSnr(1000, 50_000, 1, 1, 100_000)).toBeCloseTo(1000 / 16, 9);
    expect(radarSnr(1000, 50_000, 1, 0.1, 25_000)).toBeCloseTo(1000 * 0.1 * 16, 9);
    const radar = radarWith();
    const d = radar.detection;
    const expected = detectionProbability(dbToLinear(d.referenceSnrDb) * 0.05 * (d.referenceRangeM / 40_000) ** 4, d.pfa, d.swerling);
    expect(targetPd(radar, 0.05, 40_000)).toBeCloseTo(expected, 12);
  });
});

describe('radar scans', () => {
  it('detects a covered target at the closed-form Pd (binomial bounds), Swerling I and III', () => {
    for (const swerling of [1, 3] as const) {
      const radar = radarWith({ clutterPerScan: 0, position: { eastM: 0, northM: 0 }, detection: { referenceSnrDb: 28, referenceRangeM: 50_000, referenceRcsM2: 1, pfa: 1e-6, swerling } });
      const threat = fakeThreat(1, 0.03, still(30_000, 45_000, 1500));
      const pd = targetPd(radar, 0.03, Math.hypot(30_000, 45_000, 1500 - radar.antennaHeightM));
      expect(pd).toBeGreaterThan(0.2);
      expect(pd).toBeLessThan(0.8);
      const streams = new SimStreams(11);
      const n = 4000;
      let hits = 0;
      for (let k = 0; k < n; k++) hits += radarScan(radar, k, [threat], always, streams, 1).plots.length;
      expect(binomialOk(hits, n, pd)).toBe(true);
    }
  });

  it('adds Gaussian polar noise with the configured σ', () => {
    const radar = radarWith({ clutterPerScan: 0, position: { eastM: 0, northM: 0 }, noise: { rangeM: 40, azDeg: 0.5, elDeg: 0.8 },
      detection: { referenceSnrDb: 120, referenceRangeM: 50_000, referenceRcsM2: 1, pfa: 1e-6, swerling: 1 } });
    const truth = coverage(radar, { x: 10_000, y: 10_000, z: 2000 }).polar;
    const streams = new SimStreams(3);
    const res = { r: [] as number[], az: [] as number[], el: [] as number[] };
    for (let k = 0; k < 3000; k++) {
      const p = radarScan(radar, k, [fakeThreat(1, 1, still(10_000, 10_000, 2000))], always, streams, 1).plots[0];
      res.r.push(p.a - truth.range);
      res.az.push(p.b - truth.az);
      res.el.push(p.c - truth.el);
    }
    const check = (xs: number[], sigma: number): void => {
      const n = xs.length;
      const mean = xs.reduce((s, x) => s + x, 0) / n;
      const ss = xs.reduce((s, x) => s + x * x, 0) / sigma ** 2; // χ²(n) about the true mean 0
      expect(Math.abs(mean)).toBeLessThan((Z * sigma) / Math.sqrt(n));
      expect(Math.abs(ss - n)).toBeLessThan(Z * Math.sqrt(2 * n));
    };
    check(res.r, 40);
    check(res.az, 0.5 * DEG);
    check(res.el, 0.8 * DEG);
  });

  it('stamps a plot when the rotating beam crosses the target', () => {
    const radar = radarWith({ clutterPerScan: 0, scanPeriodS: 4, position: { eastM: 0, northM: 0 },
      detection: { referenceSnrDb: 120, referenceRangeM: 50_000, referenceRcsM2: 1, pfa: 1e-6, swerling: 1 }, noise: { rangeM: 0, azDeg: 0, elDeg: 0 } });
    // A still target due east is crossed a quarter of the way through the scan.
    const east = radarScan(radar, 3, [fakeThreat(1, 1, still(20_000, 0, 1000))], always, new SimStreams(1), 1).plots[0];
    expect(east.timeMs).toBeCloseTo((3 * 4 + 1) * 1000, 6);
    // A sector radar sweeps its sector once per period: 30° into a 90° sector is a third of the scan.
    const sector = { ...radar, sector: { fromDeg: 90, toDeg: 180 } };
    const at120 = radarScan(sector, 3, [fakeThreat(1, 1, still(20_000 * Math.sin(120 * DEG), 20_000 * Math.cos(120 * DEG), 1000))], always, new SimStreams(1), 1).plots[0];
    expect(at120.timeMs).toBeCloseTo((3 * 4 + 4 / 3) * 1000, 6);
    // A crossing target (passing east, away from north where a scan starts and ends): the stamp solves
    // t = start + period·az(t)/2π.
    const mover = fakeThreat(2, 1, (t) => ({ x: 10_000, y: -15_000 + 200 * t, z: 1000, vx: 0, vy: 200, vz: 0 }));
    for (let k = 0; k < 30; k++) {
      const t = beamTime(radar, mover, k * 4);
      const s = mover.stateAt(t);
      const az = (Math.atan2(s.x, s.y) + TWO_PI) % TWO_PI;
      expect(t - k * 4).toBeCloseTo((4 * az) / TWO_PI, 6);
      const plot = radarScan(radar, k, [mover], always, new SimStreams(1), 1).plots[0];
      expect(plot.timeMs / 1000).toBeCloseTo(t, 9);
      expect(plot.b).toBeCloseTo(az, 9);
    }
  });

  it('respects the sector, the minimum elevation and the range limit', () => {
    const radar = radarWith({ position: { eastM: 0, northM: 0 }, antennaHeightM: 10, maxRangeM: 50_000, sector: { fromDeg: 300, toDeg: 60 }, minElevationDeg: 2, maxElevationDeg: 60 });
    expect(coverage(radar, { x: 0, y: 20_000, z: 1500 }).verdict).toBe('covered'); // north: inside a sector that wraps through 0°
    expect(coverage(radar, { x: -5000, y: 20_000, z: 1500 }).verdict).toBe('covered'); // ~346°
    expect(coverage(radar, { x: 20_000, y: 0, z: 1500 }).verdict).toBe('sector'); // east
    expect(coverage(radar, { x: 0, y: 20_000, z: 300 }).verdict).toBe('elevation'); // ~0.8° up, below the 2° floor
    expect(coverage(radar, { x: 0, y: 200, z: 1500 }).verdict).toBe('elevation'); // almost overhead, above 60°
    expect(coverage(radar, { x: 0, y: 55_000, z: 3000 }).verdict).toBe('range');
  });

  it('draws a Poisson number of false plots per scan, uniform in the coverage', () => {
    const radar = radarWith({ clutterPerScan: 3, sector: { fromDeg: 90, toDeg: 180 }, minElevationDeg: 1, maxElevationDeg: 20 });
    const streams = new SimStreams(9);
    const n = 3000;
    let total = 0;
    let nearHalf = 0;
    let outside = 0;
    for (let k = 0; k < n; k++) {
      const scan = radarScan(radar, k, [], always, streams, 1);
      for (const p of scan.plots) {
        const inside = p.truthId === -1 && p.a >= 0 && p.a <= radar.maxRangeM && p.b >= 90 * DEG && p.b <= 180 * DEG && p.c >= 1 * DEG && p.c <= 20 * DEG;
        // The beam sweeps the 90° sector once per period, from its first edge.
        const stamped = Math.abs(p.timeMs - (k + (p.b - 90 * DEG) / (90 * DEG)) * radar.scanPeriodS * 1000) < 1e-6;
        if (!inside || !stamped) outside++;
        if (p.a < radar.maxRangeM / 2) nearHalf++;
      }
      total += scan.plots.length;
    }
    expect(outside).toBe(0);
    expect(Math.abs(total - 3 * n)).toBeLessThan(Z * Math.sqrt(3 * n));
    expect(binomialOk(nearHalf, total, 0.5)).toBe(true);
  });

  it('gives each target its own stream: adding a target leaves the others’ plots unchanged', () => {
    const radar = radarWith({ clutterPerScan: 2 });
    const a = fakeThreat(1, 0.05, still(5000, 20_000, 800));
    const b = fakeThreat(2, 0.05, still(-8000, 15_000, 1200));
    for (let k = 0; k < 50; k++) {
      const alone = radarScan(radar, k, [a], always, new SimStreams(4), 1).plots.filter((p) => p.truthId === 1);
      const both = radarScan(radar, k, [a, b], always, new SimStreams(4), 1).plots.filter((p) => p.truthId === 1);
      expect(both.map(({ plotId: _, ...p }) => p)).toEqual(alone.map(({ plotId: _, ...p }) => p));
    }
  });
});
