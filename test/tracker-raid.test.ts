// The tracker against the ground truth of synthetic raids: the acceptance figures of the firmware core,
// identity through a crossing, determinism, and the f32 build tracking as well as the f64 one.
import { beforeAll, describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { generateRaid, crossingPair, type Raid, type RadarSite } from '../host/sim/synthetic.ts';
import { runRaid, type RaidRunResult } from '../host/raid-runner.ts';

const RADAR: RadarSite = { id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange: 150_000, pd: 0.9 };
const SCANS = 60;
const CLUTTER = 200;
// Straight-flying targets: a small white-noise acceleration fits them (the default, 10 m/s², is for manoeuvres).
const TRACKER = { accelSigma: 2, verticalAccelSigma: 1 };
const FALSE_DENSITY = CLUTTER / (Math.PI * RADAR.maxRange ** 2 * 20_000);

function raid550(seed: number): Raid {
  return generateRaid({ seed, targets: 550, scanPeriodS: 1, scans: SCANS, sensors: [RADAR], pd: 0.9,
    clutterPerScan: CLUTTER, clutter: 'fixed' });
}

/** Figures of a run, from the generator's truth. */
function figures(raid: Raid, r: RaidRunResult) {
  const q = r.quality;
  const detected = raid.firstDetection.size;
  const within5 = q.perTruth.filter((t) => t.latencySteps !== undefined && t.latencySteps <= 5).length / detected;
  const targetMinutes = raid.truth.reduce((n, s) => n + s.targets.length, 0) / 60; // 1 s steps
  // A swap between two targets closer than 3 σ of the radar's coarsest axis at their range is a pair the
  // sensor cannot resolve: counted apart, it is not an identity error a tracker could avoid.
  const truthAt = new Map(raid.truth.map((s) => [s.timeMs, new Map(s.targets.map((g) => [g.id, g]))]));
  const resolvable = q.swapEvents.filter((e) => {
    const a = truthAt.get(e.timeMs)!.get(e.from)!, b = truthAt.get(e.timeMs)!.get(e.to)!;
    const range = Math.hypot(a.x, a.y, a.z);
    const cell = 3 * Math.max(RADAR.sigmaRange, RADAR.sigmaAz * range, RADAR.sigmaEl * range);
    return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z) > cell;
  });
  return {
    within5, coverage: q.coverage, gospa: Math.sqrt(q.gospaMean), falseTracks: q.falseTracks,
    falsePer100Scans: (100 * q.falseTracks) / SCANS, swaps: q.idSwaps, resolvableSwaps: resolvable.length,
    swapsPer100TargetMin: (100 * resolvable.length) / targetMinutes, purity: q.purity!.mean,
  };
}

describe('550-target raid, Pd 0.9, 30 m noise, 200 clutter plots per scan, 1 s scans', () => {
  let raid: Raid;
  let host: RaidRunResult;
  let f: ReturnType<typeof figures>;
  beforeAll(() => {
    raid = raid550(1);
    host = runRaid(raid, 1, { board: 'host', tracker: TRACKER, falseDensity: FALSE_DENSITY });
    f = figures(raid, host);
    console.info('host (f64):', JSON.stringify(f));
  });

  it('confirms ≥ 98 % of targets within 5 scans of their first plot', () => {
    expect(f.within5).toBeGreaterThanOrEqual(0.98);
    expect(f.coverage).toBe(1);
  });

  it('keeps identities: < 1 ID swap per 100 target-minutes between resolvable targets', () => {
    expect(f.swapsPer100TargetMin).toBeLessThan(1);
    expect(f.purity).toBeGreaterThan(0.99);
  });

  it('makes fewer than 1 false track per 100 scans', () => {
    expect(f.falsePer100Scans).toBeLessThan(1);
  });

  it('loses nothing to capacity on the host board', () => {
    expect(host.stats.plotsDropped + host.stats.tracksDropped + host.stats.pairsDropped + host.stats.clustersOversize).toBe(0);
    expect(host.stats.plotsIn).toBe(raid.scans.reduce((n, s) => n + s.plots.length, 0));
  });

  it('gives byte-identical output for the same input', () => {
    const again = runRaid(raid, 1, { board: 'host', tracker: TRACKER, falseDensity: FALSE_DENSITY });
    const digest = (r: RaidRunResult) => {
      const h = createHash('sha256');
      for (const b of r.output) h.update(b);
      return h.digest('hex');
    };
    expect(digest(again)).toBe(digest(host));
  });

  it('tracks as well in the f32 build (esp32s3-psram) as in the f64 build', () => {
    const f32 = figures(raid, runRaid(raid, 1, { board: 'esp32s3-psram', tracker: TRACKER, falseDensity: FALSE_DENSITY }));
    console.info('esp32s3-psram (f32):', JSON.stringify(f32));
    expect(f32.within5).toBeGreaterThanOrEqual(0.98);
    expect(Math.abs(f32.within5 - f.within5)).toBeLessThan(0.005);
    expect(f32.coverage).toBe(f.coverage);
    expect(Math.abs(f32.gospa / f.gospa - 1)).toBeLessThan(0.05);
    expect(f32.swapsPer100TargetMin).toBeLessThan(1);
    expect(f32.falsePer100Scans).toBeLessThan(1);
  });
});

describe('two targets crossing at 200 m separation', () => {
  it.each([[50, 'drones'], [250, 'cruise missiles']])('keep their track numbers at %i m/s (%s)', (speed) => {
    const raid = crossingPair({ seed: 5, speed, separation: 200, scanPeriodS: 1, scans: 80, sensors: [RADAR], pd: 0.9 });
    const r = runRaid(raid, 1, { board: 'host', tracker: TRACKER });
    const q = r.quality;
    expect(q.coverage).toBe(1);
    expect(q.idSwaps).toBe(0);
    expect(q.trackBreaks + q.handovers).toBe(0);
    // Each truth was covered by exactly one track number from confirmation to the end.
    for (const t of q.perTruth) expect(t.trackNumbers).toHaveLength(1);
  });
});
