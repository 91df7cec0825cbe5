// Process noise that grows with speed (TRACKER accelSigmaMin; track/process-noise.ts): σa = speed ×
// 0.1 rad/s between the floor and accelSigma. A parked aircraft's gate shrinks to its plots' scatter, so
// the plot of another aircraft 90 m away at the next stand is no longer taken; a fast target in a turn,
// whose σa stays at the ceiling, is followed exactly as before.
import { describe, expect, it } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, type Plot, type SensorConfig, type TrackerConfig } from '../host/link/frames.ts';
import { Rng } from '../host/sim/rng.ts';

const SCAN_S = 4;
const RADAR: SensorConfig = {
  id: 1, east: 0, north: 0, up: 0, sigmaRange: 30, sigmaAz: 0.0014, sigmaEl: 0.006, sigmaCart: 30,
  maxRange: 100_000, pd: 0.95, falseDensity: 1e-14, scanPeriodS: SCAN_S,
};
const TRACKER: TrackerConfig = { ...DEFAULT_TRACKER_CONFIG, accelSigma: 5, deleteMisses: 4 };
const FLOOR = { ...TRACKER, accelSigmaMin: 1.5 };

interface Truth { x: number; y: number; z: number }
/** Polar plot of a point, range σ 10 m and azimuth σ 0.03° (a Mode S radar's real scatter). */
function plotOf(p: Truth, id: number, t: number, rng: Rng): Plot {
  const r = Math.hypot(p.x, p.y, p.z);
  return { plotId: id, kind: 'polar', timeMs: t, a: r + rng.normal(0, 10), b: Math.atan2(p.x, p.y) + rng.normal(0, 0.0005), c: Math.asin(p.z / r) };
}

/** Runs scans of plots; returns, per plot id, the confirmed track number that took it. */
function run(tracker: TrackerConfig, scans: ((k: number, t: number) => Plot[]), n: number): Map<number, number> {
  const link = new FirmwareLink(Firmware.load('host'));
  link.configureSensor(RADAR);
  link.configureTracker(tracker);
  const taken = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const plots = scans(k, k * SCAN_S * 1000 + 1000);
    link.sendPlots(RADAR.id, plots);
    for (const tr of link.step((k + 1) * SCAN_S * 1000).picture.tracks) {
      if (plots.some((p) => p.plotId === tr.lastPlotId)) taken.set(tr.lastPlotId, tr.trackNumber);
    }
  }
  return taken;
}

describe('process noise scaled by speed', () => {
  // Aircraft A parked at 1.6 km for 30 scans, then gone; B, 90 m across the line of sight, appears the
  // scan after. Plot ids: A 1.., B 1000...
  const stand = (tracker: TrackerConfig) => {
    const rng = new Rng('stand');
    const a = { x: -1600, y: 230, z: 0 }, b = { x: -1590, y: 320, z: 0 };
    const taken = run(tracker, (k, t) => (k < 30 ? [plotOf(a, 1 + k, t, rng)] : [plotOf(b, 1000 + k, t, rng)]), 45);
    return { a: taken.get(29), b: [...Array(15).keys()].map((i) => taken.get(1030 + i)) };
  };

  it('with σa 5 for every track, the parked aircraft\'s track takes the neighbour\'s plots', () => {
    const { a, b } = stand(TRACKER);
    expect(a).toBeDefined();
    expect(b[0]).toBe(a);
  });

  it('with the floor at 1.5 m/s², the neighbour gets a track of its own', () => {
    const { a, b } = stand(FLOOR);
    expect(a).toBeDefined();
    expect(b[0]).toBeUndefined(); // its first plot starts a tentative track
    expect(b[14]).toBeDefined();
    expect(b[14]).not.toBe(a);
  });

  it('a fast target turning at 2°/s keeps one track, with or without the floor', () => {
    const turn = (tracker: TrackerConfig) => {
      const rng = new Rng('turn');
      let p = { x: 0, y: 30_000, z: 3000 }, heading = Math.PI / 2;
      const speed = 150, rate = (2 * Math.PI) / 180;
      const taken = run(tracker, (k, t) => {
        if (k >= 10 && k < 55) heading += rate * SCAN_S; // a 360° turn in 45 scans, 5.2 m/s²
        p = { x: p.x + speed * SCAN_S * Math.sin(heading), y: p.y + speed * SCAN_S * Math.cos(heading), z: p.z };
        return [plotOf(p, 1 + k, t, rng)];
      }, 65);
      return new Set([...taken.values()]);
    };
    expect(turn(FLOOR)).toEqual(turn(TRACKER));
    expect(turn(FLOOR).size).toBe(1);
  });
});
