// The initiation guard (TRACKER initGuardChi2; track/gate.ts, track/tracker.ts): a plot beyond a
// confirmed track's gate but within the guard, in a scan where that track got no plot, is taken to be
// the track's own target scattered (a helicopter's azimuth jitter) and starts no duplicate track; in a
// scan where the track did get its plot, the second plot may be a second target and starts a track.
import { describe, expect, it } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, type Plot, type SensorConfig } from '../host/link/frames.ts';

const SCAN_S = 4;
const RADAR: SensorConfig = {
  id: 1, east: 0, north: 0, up: 0, sigmaRange: 30, sigmaAz: 0.0014, sigmaEl: 0.006, sigmaCart: 30,
  maxRange: 100_000, pd: 0.95, falseDensity: 1e-14, scanPeriodS: SCAN_S,
};
const TRACKER = { ...DEFAULT_TRACKER_CONFIG, accelSigma: 5, deleteMisses: 4 };
const JITTER_RAD = Math.PI / 180; // 1° at 24 km: 420 m, far beyond a 3.7σ gate of ~150 m

type Variant = 'alone' | 'with its own plot';

/** A slow target at 24 km (20 m/s, noise-free plots); at scan 10 one plot 1° off in azimuth — alone
 *  (its target's plot, scattered) or next to the target's true plot. Returns the firmware's track
 *  starts at that scan and the track numbers that took the target's plots. */
function run(guard: number, variant: Variant): { startsAtJitter: number; numbers: Set<number>; plotsTaken: number } {
  const link = new FirmwareLink(Firmware.load('host'));
  link.configureSensor(RADAR);
  link.configureTracker({ ...TRACKER, ...(guard ? { initGuardChi2: guard } : {}) });
  const numbers = new Set<number>();
  let startsAtJitter = 0, plotsTaken = 0;
  for (let k = 0; k < 20; k++) {
    const t = k * SCAN_S * 1000 + 1000;
    const x = 20 * SCAN_S * k, y = 24_000, r = Math.hypot(x, y), az = Math.atan2(x, y);
    const own: Plot = { plotId: 1 + k, kind: 'polar', timeMs: t, a: r, b: az, c: 0.02 };
    const jitter: Plot = { plotId: 1000 + k, kind: 'polar', timeMs: t, a: r, b: az + JITTER_RAD, c: 0.02 };
    const plots = k !== 10 ? [own] : variant === 'alone' ? [jitter] : [own, jitter];
    const before = link.firmwareStats().tracksCreated;
    link.sendPlots(RADAR.id, plots);
    const { picture } = link.step((k + 1) * SCAN_S * 1000);
    if (k === 10) startsAtJitter = link.firmwareStats().tracksCreated - before;
    for (const tr of picture.tracks) {
      if (tr.lastPlotId === own.plotId && plots.includes(own)) { numbers.add(tr.trackNumber); plotsTaken++; }
    }
  }
  return { startsAtJitter, numbers, plotsTaken };
}

describe('initiation guard', () => {
  it('off: the scattered plot starts a track of its own', () => {
    expect(run(0, 'alone').startsAtJitter).toBe(1);
  });

  it('on: the scattered plot of a track that missed starts nothing, and the track goes on', () => {
    const r = run(1000, 'alone');
    expect(r.startsAtJitter).toBe(0);
    expect(r.numbers.size).toBe(1);
    expect(r.plotsTaken).toBeGreaterThanOrEqual(19 - TRACKER.confirmN); // every plot once confirmed
  });

  it('on: next to the track\'s own plot, the second plot starts a track (it may be a second target)', () => {
    const r = run(1000, 'with its own plot');
    expect(r.startsAtJitter).toBe(1);
    expect(r.numbers.size).toBe(1);
  });
});
