// Deletion of rarely seen tracks (TRACKER coastAlpha; track/maintain.ts): a confirmed track is deleted
// after as many consecutive misses as make the run less likely than α for a target detected as often
// as this one was lately, never fewer than K. An aircraft parked on the apron that the radar sees one
// revolution in five keeps its track; with the plain rule its track dies after K misses, and its
// sporadic plots never confirm another.
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

/** A parked target seen every scan for 10 scans, then one scan in five; a far target seen every scan
 *  (so every scan is a batch in which a missing plot counts). Returns the track numbers of the parked
 *  target's plots, by scan. */
function parked(tracker: TrackerConfig, scans = 60): Map<number, number | undefined> {
  const rng = new Rng('parked');
  const link = new FirmwareLink(Firmware.load('host'));
  link.configureSensor(RADAR);
  link.configureTracker(tracker);
  const out = new Map<number, number | undefined>();
  for (let k = 0; k < scans; k++) {
    const t = k * SCAN_S * 1000 + 1000;
    const plots: Plot[] = [{ plotId: 10_000 + k, kind: 'polar', timeMs: t, a: 40_000 + rng.normal(0, 30), b: 2 + rng.normal(0, 0.0014), c: 0.05 }];
    const seen = k < 10 || k % 5 === 0;
    if (seen) plots.push({ plotId: 1 + k, kind: 'polar', timeMs: t, a: 2900 + rng.normal(0, 30), b: -1.4 + rng.normal(0, 0.0014), c: 0 });
    link.sendPlots(RADAR.id, plots);
    const tracks = link.step((k + 1) * SCAN_S * 1000).picture.tracks;
    if (seen) out.set(k, tracks.find((tr) => tr.lastPlotId === 1 + k)?.trackNumber);
  }
  return out;
}

describe('coasting of rarely seen tracks', () => {
  it('with α = 10⁻⁴, the parked target keeps one track through every gap', () => {
    const numbers = parked({ ...TRACKER, coastAlpha: 1e-4 });
    const first = numbers.get(9);
    expect(first).toBeDefined();
    for (const [k, n] of numbers) if (k >= 9) expect(n).toBe(first);
  });

  it('with K misses only, its track is deleted in the first gap and never comes back', () => {
    const numbers = parked(TRACKER);
    expect(numbers.get(9)).toBeDefined();
    for (const [k, n] of numbers) if (k >= 15) expect(n).toBeUndefined();
  });

  // Seen every scan for H scans, then never. The rule's closed form: at the m-th miss in a row, with h
  // hits in the n chances before the run (the last 32 at most), the track goes when m reaches the least
  // m' ≥ K with Π_{i<m'} (n − h + 1 + i) / (n + 2 + i) < α.
  const ALPHA = 1e-4;
  const expectedLastAlive = (H: number) => {
    for (let m = 1; ; m++) {
      const hits = Math.min(H, 32 - m), n = hits; // every chance before the run was a hit
      let chance = 1, allowed = 0;
      while (allowed < 4 * TRACKER.deleteMisses && (allowed < TRACKER.deleteMisses || chance >= ALPHA)) {
        chance *= (n - hits + 1 + allowed) / (n + 2 + allowed);
        allowed++;
      }
      if (m >= allowed) return H - 1 + m - 1; // deleted at the m-th miss: alive through the one before
    }
  };

  it.each([10, 40])('a target seen on every one of %i scans, then never, goes after the misses the rule allows', (H) => {
    const rng = new Rng('gone');
    const link = new FirmwareLink(Firmware.load('host'));
    link.configureSensor(RADAR);
    link.configureTracker({ ...TRACKER, coastAlpha: ALPHA });
    let alive = 0;
    for (let k = 0; k < H + 20; k++) {
      const t = k * SCAN_S * 1000 + 1000;
      const plots: Plot[] = [{ plotId: 10_000 + k, kind: 'polar', timeMs: t, a: 40_000 + rng.normal(0, 30), b: 2, c: 0.05 }];
      if (k < H) plots.push({ plotId: 1 + k, kind: 'polar', timeMs: t, a: 2900 + rng.normal(0, 30), b: -1.4, c: 0 });
      link.sendPlots(RADAR.id, plots);
      const tracks = link.step((k + 1) * SCAN_S * 1000).picture.tracks;
      if (tracks.some((tr) => Math.hypot(tr.x, tr.y) < 5000)) alive = k;
    }
    expect(alive).toBe(expectedLastAlive(H));
    if (H >= 32) expect(alive).toBe(H - 1 + TRACKER.deleteMisses - 1); // a long clean history: K, as without α
  });
});
