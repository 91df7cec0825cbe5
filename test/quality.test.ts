// Track-quality counters on hand-built histories; every expected value follows from the definitions
// at the top of host/metrics/quality.ts.
import { describe, expect, it } from 'vitest';
import { trackQuality, type TrackSample, type TruthSample } from '../host/metrics/quality.ts';

const STEP = 1000; // ms between steps
const C = 100;
const opts = { c: C, p: 1, falseTrackSteps: 3 };

// Truths far apart (10 km), so a track placed on one can only be assigned to it.
const where: Record<number, number> = { 1: 0, 2: 10_000, 3: 20_000 };
const truthAt = (id: number, steps: number[]): TruthSample[] =>
  steps.map((k) => ({ timeMs: k * STEP, truthId: id, position: { x: where[id], y: 0, z: 0 } }));
/** Track `num` sitting 10 m from truth `on` (or 50 km from everything when on = 0) at the given steps. */
const trackOn = (num: number, on: number, steps: number[]): TrackSample[] =>
  steps.map((k) => ({ timeMs: k * STEP, trackNumber: num, position: on ? { x: where[on] + 10, y: 0, z: 0 } : { x: 0, y: 50_000, z: 0 } }));
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('trackQuality', () => {
  it('scores a perfect track: no break, no swap, zero latency, full coverage', () => {
    const q = trackQuality({ truth: truthAt(1, range(0, 4)), tracks: trackOn(7, 1, range(0, 4)), firstDetectionMs: new Map([[1, 0]]) }, opts);
    expect(q.steps).toHaveLength(5);
    expect(q.steps[2].pairs).toEqual([{ truthId: 1, trackNumber: 7, distance: 10 }]);
    expect(q).toMatchObject({ trackBreaks: 0, handovers: 0, idSwaps: 0, falseTracks: 0, coverage: 1, latencyStepsMean: 0, latencyMsMean: 0 });
    expect(q.gospaMean).toBeCloseTo(10, 12);
  });

  it('averages GOSPA and its parts over steps', () => {
    // p = 1, c = 100. Step 0: one pair at 10 m -> 10. Step 1: truth alone -> missed 50.
    // Step 2: truth and a track 50 km away -> missed 50 + false 50 = 100.
    const q = trackQuality(
      { truth: truthAt(1, [0, 1, 2]), tracks: [...trackOn(5, 1, [0]), ...trackOn(6, 0, [2])], firstDetectionMs: {} },
      opts,
    );
    expect(q.steps.map((s) => s.gospa)).toEqual([10, 50, 100]);
    expect(q.gospaMean).toBeCloseTo(160 / 3, 12);
    expect(q.localisationMean).toBeCloseTo(10 / 3, 12);
    expect(q.missedMean).toBeCloseTo(100 / 3, 12);
    expect(q.falseMean).toBeCloseTo(50 / 3, 12);
    expect(q.steps[2].pairs).toEqual([]); // beyond c: not an assignment
  });

  it('counts a break: coverage lost, then regained by another track number', () => {
    const q = trackQuality(
      { truth: truthAt(1, range(0, 5)), tracks: [...trackOn(1, 1, [0, 1]), ...trackOn(2, 1, [4, 5])], firstDetectionMs: new Map() },
      opts,
    );
    expect(q.trackBreaks).toBe(1);
    expect(q.handovers).toBe(0);
    expect(q.idSwaps).toBe(0);
    expect(q.perTruth[0]).toMatchObject({ truthId: 1, trackNumbers: [1, 2], breaks: 1 });
  });

  it('does not count a gap closed by the same track, and counts a gap-free change as a handover', () => {
    const gap = trackQuality({ truth: truthAt(1, range(0, 3)), tracks: trackOn(1, 1, [0, 1, 3]), firstDetectionMs: {} }, opts);
    expect(gap.trackBreaks).toBe(0);
    const handover = trackQuality(
      { truth: truthAt(1, range(0, 3)), tracks: [...trackOn(1, 1, [0, 1]), ...trackOn(2, 1, [2, 3])], firstDetectionMs: {} },
      opts,
    );
    expect(handover.trackBreaks).toBe(0);
    expect(handover.handovers).toBe(1);
  });

  it('counts two tracks exchanging truths as one swap', () => {
    const q = trackQuality(
      {
        truth: [...truthAt(1, range(0, 5)), ...truthAt(2, range(0, 5))],
        tracks: [...trackOn(1, 1, [0, 1, 2]), ...trackOn(1, 2, [3, 4, 5]), ...trackOn(2, 2, [0, 1, 2]), ...trackOn(2, 1, [3, 4, 5])],
        firstDetectionMs: {},
      },
      opts,
    );
    expect(q.idSwaps).toBe(1);
    expect(q.handovers).toBe(2); // each truth changes track with no gap
    expect(q.trackBreaks).toBe(0);
    expect(q.steps[3].pairs).toEqual([
      { truthId: 1, trackNumber: 2, distance: 10 },
      { truthId: 2, trackNumber: 1, distance: 10 },
    ]);
  });

  it('counts one track moving from truth A to truth B as a swap, even across a gap', () => {
    const q = trackQuality(
      { truth: [...truthAt(1, range(0, 5)), ...truthAt(2, range(0, 5))], tracks: [...trackOn(4, 1, [0, 1]), ...trackOn(4, 2, [3, 4, 5])], firstDetectionMs: {} },
      opts,
    );
    expect(q.idSwaps).toBe(1);
    expect(q.falseTracks).toBe(0);
  });

  it('counts a false track once per track number, only for ≥ K consecutive unassigned steps', () => {
    const q = trackQuality(
      {
        truth: truthAt(1, range(0, 9)),
        tracks: [
          ...trackOn(9, 0, range(0, 5)), // 6 unassigned steps in a row: false, counted once
          ...trackOn(8, 0, [0, 1, 3, 4]), // runs of 2 broken by an absent step: not false
          ...trackOn(10, 0, [6, 7]), // 2 unassigned steps ...
          ...trackOn(10, 1, [8]), // ... then assigned ...
          ...trackOn(10, 0, [9]), // ... then 1 more: runs of 2 and 1, not false
          ...trackOn(11, 0, [7, 8, 9]), // exactly K = 3: false
        ],
        firstDetectionMs: {},
      },
      opts,
    );
    expect(q.falseTrackNumbers).toEqual([9, 11]);
    expect(q.falseTracks).toBe(2);
  });

  it('measures confirmation latency from the scan of first detection, and coverage', () => {
    // Truth 1 detected at 1500 ms, during step 1 (1000 ms); first covered at step 5 -> 4 scans, 3500 ms.
    // Truth 2 detected at 0 and never covered: no latency; coverage 1/2.
    const q = trackQuality(
      { truth: [...truthAt(1, range(0, 7)), ...truthAt(2, range(0, 7))], tracks: trackOn(3, 1, range(5, 7)), firstDetectionMs: new Map([[1, 1500], [2, 0]]) },
      opts,
    );
    expect(q.perTruth.find((t) => t.truthId === 1)).toMatchObject({ latencySteps: 4, latencyMs: 3500 });
    expect(q.perTruth.find((t) => t.truthId === 2)?.latencySteps).toBeUndefined();
    expect(q.latencyStepsMean).toBe(4);
    expect(q.coverage).toBe(0.5);
    expect(q.coveredTruths).toBe(1);
    expect(q.truthCount).toBe(2);
  });

  it('accepts detection times as a plain record; a detection on a step time belongs to that step', () => {
    const q = trackQuality({ truth: truthAt(2, range(0, 5)), tracks: trackOn(1, 2, [4, 5]), firstDetectionMs: { 2: 2000 } }, opts);
    expect(q.latencyStepsMean).toBe(2);
    expect(q.latencyMsMean).toBe(2000);
  });

  it('takes step 0 as the detection step of a detection before the first step', () => {
    const q = trackQuality({ truth: truthAt(1, range(0, 3)), tracks: trackOn(1, 1, [3]), firstDetectionMs: { 1: -500 } }, opts);
    expect(q.perTruth[0]).toMatchObject({ latencySteps: 3, latencyMs: 3500 });
  });

  it('computes purity from the truth ids of associated plots', () => {
    const q = trackQuality(
      {
        truth: truthAt(1, [0]),
        tracks: trackOn(1, 1, [0]),
        firstDetectionMs: {},
        plotTruths: new Map([
          [1, [1, 1, 1, -1]], // 3/4
          [2, [-1, -1]], // clutter only: 0
          [3, [2, 3, 2, 3, 3]], // 3/5
          [4, []], // no plots: not scored
        ]),
      },
      opts,
    );
    expect(q.purity?.perTrack).toEqual(new Map([[1, 0.75], [2, 0], [3, 0.6]]));
    expect(q.purity?.mean).toBeCloseTo(1.35 / 3, 12);
  });

  it('rejects two samples of one id at one time', () => {
    expect(() => trackQuality({ truth: [...truthAt(1, [0]), ...truthAt(1, [0])], tracks: [], firstDetectionMs: {} }, opts)).toThrow(/duplicate/);
  });

  it('reports NaN coverage and latency for a run without truth', () => {
    const q = trackQuality({ truth: [], tracks: trackOn(1, 0, [0, 1, 2]), firstDetectionMs: {} }, opts);
    expect(q.coverage).toBeNaN();
    expect(q.latencyStepsMean).toBeNaN();
    expect(q.falseTracks).toBe(1);
  });
});
