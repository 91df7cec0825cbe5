// Where a sensor can see (track/maintain.ts, inCoverage): a missing plot is a miss only inside the
// sensor's coverage. Here the cone of silence above a surveillance radar: an airliner flying straight
// over the radar is not seen above the highest elevation for about a minute and a half. Told the cone
// (SENSOR maxElevationDeg), the firmware coasts the track across it and the same track number takes
// the aircraft on the far side; not told, the firmware counts misses, deletes it and starts another.
import { describe, expect, it } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, type Plot, type SensorConfig } from '../host/link/frames.ts';
import { Rng } from '../host/sim/rng.ts';

const SCAN_S = 4;
const CONE_DEG = 35;
const ALT = 8000, SPEED = 230;
const RADAR: SensorConfig = {
  id: 7, east: 0, north: 0, up: 20, sigmaRange: 30, sigmaAz: 0.0014, sigmaEl: 0.006, sigmaCart: 30,
  maxRange: 150_000, pd: 0.95, falseDensity: 1e-14, scanPeriodS: SCAN_S,
};
const TRACKER = { ...DEFAULT_TRACKER_CONFIG, accelSigma: 5, deleteMisses: 4, maxPositionSigma: 8000 };

/** Polar plots of an aircraft flying north at ALT along x = 1 km, from 60 km south to 60 km north;
 *  none while it is above CONE_DEG as seen from the radar (the radar's blind cone). A second aircraft,
 *  far off, is seen every scan: a scan with plots is what makes a missing plot count as a miss. */
function overflight(): { scans: Plot[][]; blindScans: number } {
  const rng = new Rng('cone');
  const scans: Plot[][] = [];
  let blindScans = 0, id = 1;
  for (let k = 0; k * SCAN_S * SPEED <= 120_000; k++) {
    const t = k * SCAN_S * 1000 + 500;
    const x = 1000, y = -60_000 + (k * SCAN_S * SPEED), z = ALT - RADAR.up;
    const ground = Math.hypot(x, y), r = Math.hypot(ground, z), el = Math.atan2(z, ground), az = Math.atan2(x, y);
    const far: Plot = { plotId: 100_000 + k, kind: 'polar', timeMs: t, a: 80_000 + rng.normal(0, 30), b: 4 + rng.normal(0, 0.0014), c: 0.1 + rng.normal(0, 0.006) };
    if (el > (CONE_DEG * Math.PI) / 180) { blindScans++; scans.push([far]); continue; }
    scans.push([{ plotId: id++, kind: 'polar', timeMs: t, a: r + rng.normal(0, 30), b: az + rng.normal(0, 0.0014), c: el + rng.normal(0, 0.006) }, far]);
  }
  return { scans, blindScans };
}

/** Track numbers that took the aircraft's plots, in order, before and after the cone. */
function run(sensor: SensorConfig): { numbers: number[]; first: number | undefined; last: number | undefined } {
  const link = new FirmwareLink(Firmware.load('host'));
  link.configureSensor(sensor);
  link.configureTracker(TRACKER);
  const { scans } = overflight();
  const numbers: number[] = [];
  let first: number | undefined, last: number | undefined;
  scans.forEach((plots, k) => {
    link.sendPlots(sensor.id, plots);
    const { picture } = link.step((k + 1) * SCAN_S * 1000);
    const mine = plots.find((p) => p.plotId < 100_000);
    for (const tr of picture.tracks) {
      if (!mine || tr.lastPlotId !== mine.plotId) continue;
      if (numbers[numbers.length - 1] !== tr.trackNumber) numbers.push(tr.trackNumber);
      first ??= tr.trackNumber;
      last = k === scans.length - 1 ? tr.trackNumber : undefined;
    }
  });
  return { numbers, first, last };
}

describe('cone of silence (SENSOR maxElevationDeg)', () => {
  it('the overflight is unseen for longer than the deletion needs', () => {
    const { blindScans } = overflight();
    expect(blindScans * SCAN_S).toBeGreaterThan(80);
    expect(blindScans).toBeGreaterThan(TRACKER.deleteMisses * 4);
  });

  it('told the cone, the firmware keeps one track number across it', () => {
    const { numbers, first, last } = run({ ...RADAR, maxElevationDeg: CONE_DEG });
    expect(numbers).toHaveLength(1);
    expect(last).toBe(first); // the last plot, 60 km beyond the radar, is in the first track
    expect(first).toBeDefined();
  });

  it('not told, it deletes the track in the cone and starts another beyond', () => {
    const { numbers, first, last } = run(RADAR);
    expect(numbers).toHaveLength(2);
    expect(last).toBe(numbers[1]);
    expect(last).not.toBe(first);
  });
});
