// Height bands of the coarse gate (track/gate.ts): with a scan of one time, a plot walks only the grid
// bucket of its own height band, and a track is entered in the bands its gate reaches. A band that left
// out a track whose gate holds the plot would cost that track its plot. Here a stack of targets 250 m
// apart in height (beyond each other's gates, across several bands), over the same ground track, through
// clutter spread over 10 km of height: every target must keep one track that takes every one of its
// plots once confirmed (truth from the generator).
import { describe, expect, it } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, type Plot, type SensorConfig } from '../host/link/frames.ts';
import { Rng } from '../host/sim/rng.ts';

const RADAR: SensorConfig = {
  id: 1, east: 0, north: 0, up: 0, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, sigmaCart: 30,
  maxRange: 100_000, pd: 1, falseDensity: 1e-12, scanPeriodS: 1,
};
const SCANS = 25;

interface Target { x: number; y: number; z: number; vx: number; vy: number }

function targets(): Target[] {
  const stack = Array.from({ length: 10 }, (_, i) => ({ x: 20_000, y: 5_000, z: 2_000 + 250 * i, vx: -60, vy: 10 }));
  const rng = new Rng('height-bands-targets');
  const spread = Array.from({ length: 20 }, () => ({
    x: rng.uniform(5_000, 25_000), y: rng.uniform(-10_000, 10_000), z: rng.uniform(100, 9_000),
    vx: rng.uniform(-200, 200), vy: rng.uniform(-200, 200),
  }));
  return [...stack, ...spread];
}

describe('height bands of the coarse gate', () => {
  it('keep every target of a 250 m stack, and the others, on one track through clutter at all heights', () => {
    const link = new FirmwareLink(Firmware.load('host'));
    link.configureSensor(RADAR);
    link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, accelSigma: 1, verticalAccelSigma: 0.5 });
    const ts = targets(), rng = new Rng('height-bands-noise');
    const owner = new Map<number, number>(); // plot id -> target index
    const numbers = ts.map(() => new Set<number>());
    const taken = ts.map(() => 0);
    let plotId = 1;
    for (let k = 0; k < SCANS; k++) {
      const t = k * 1000 + 500;
      const plots: Plot[] = [];
      ts.forEach((g, i) => {
        const x = g.x + g.vx * k, y = g.y + g.vy * k;
        owner.set(plotId, i);
        plots.push({ plotId: plotId++, kind: 'cartesian', timeMs: t, a: x + rng.normal(0, 30), b: y + rng.normal(0, 30), c: g.z + rng.normal(0, 30) });
      });
      for (let c = 0; c < 60; c++) {
        plots.push({ plotId: plotId++, kind: 'cartesian', timeMs: t, a: rng.uniform(0, 30_000), b: rng.uniform(-15_000, 15_000), c: rng.uniform(0, 10_000) });
      }
      link.sendPlots(RADAR.id, plots);
      const { picture } = link.step((k + 1) * 1000);
      if (k < DEFAULT_TRACKER_CONFIG.confirmN + 1) continue;
      for (const tr of picture.tracks) {
        const i = owner.get(tr.lastPlotId);
        if (i === undefined || tr.lastPlotId < plotId - plots.length) continue; // a clutter plot, or an older one
        numbers[i].add(tr.trackNumber);
        taken[i]++;
      }
    }
    const scored = SCANS - DEFAULT_TRACKER_CONFIG.confirmN - 1;
    expect(numbers.map((s) => s.size)).toEqual(ts.map(() => 1));
    expect(taken).toEqual(ts.map(() => scored));
  });
});
