/**
 * Track-quality summary of one run: confirmed tracks scored against ground truth.
 *
 * Definitions (all exact; tests in test/quality.test.ts build histories by hand against them):
 *
 * - Step: every distinct `timeMs` found in the truth or track samples, in ascending order; k is its
 *   index. Samples are grouped by exact time, so truth and tracks must be stamped at the same step
 *   times. A truth or track is "present" at k when it has a sample there (at most one per id).
 * - Assignment at step k: the GOSPA assignment (cut-off c, order p, α = 2; see gospa.ts) between the
 *   truths and tracks present at k. Truth A is "covered" by track T at k when they are paired with a
 *   distance < c; pairs at or beyond c are not assignments.
 * - GOSPA means: arithmetic means over steps of the GOSPA value and of its three additive parts
 *   (localisation, missed, false; each in metres^p). The mean GOSPA is not (sum of mean parts)^(1/p).
 * - Track break: truth A, followed over the steps where it is present, is covered by T, then is
 *   uncovered for one or more present steps, then is covered by T' ≠ T. Each such event counts one.
 *   (An uncovered gap closed by the same T is not a break.)
 * - Handover: A is covered by T at one present step and by T' ≠ T at its next present step (no gap).
 *   Breaks and handovers are disjoint; a swap of two tracks gives each truth a handover.
 * - ID swap: a track T, followed over the steps where it covers a truth, covers A and at its next such
 *   step covers B ≠ A: one change event. Two change events at the same step on two tracks that
 *   exchange truths (A→B and B→A) count as one swap; every other change event counts as one swap.
 * - Confirmation latency of A: detection step = the step (scan) the first detection falls in, i.e. the
 *   last step with time ≤ firstDetectionMs(A), or step 0 if it precedes every step; latency in steps
 *   (scans) = first step A is covered − detection step; latencyMs = time of that step −
 *   firstDetectionMs(A). Defined only when A has a detection time and is covered at some step. Either
 *   may be negative if a track covered A before A was detected (e.g. a track on another target), and
 *   latencyMs is negative when a plot stamped mid-scan is covered at that scan's own step.
 * - False track: a track number whose sample history contains a run of ≥ K consecutive steps (steps
 *   k, k+1, …, all with the track present) in which it covers no truth. Counted once per track number.
 * - Coverage: truths ever covered / distinct truth ids in the input (NaN when there is no truth).
 * - Purity (only with `plotTruths`): for a track with n ≥ 1 associated plots, the largest number of
 *   them coming from one truth (truth id ≥ 0; clutter is -1) divided by n. Mean over such tracks.
 */

import { distance3, gospa, type Point3 } from './gospa.ts';

export interface TruthSample {
  timeMs: number;
  truthId: number;
  position: Point3;
}

export interface TrackSample {
  timeMs: number;
  trackNumber: number;
  position: Point3;
}

export interface QualityInput {
  truth: readonly TruthSample[];
  /** Confirmed tracks only. */
  tracks: readonly TrackSample[];
  /** truthId → time of its first detection (first plot), ms. */
  firstDetectionMs: ReadonlyMap<number, number> | Readonly<Record<number, number>>;
  /** Optional: trackNumber → truth ids of the plots associated to it (-1 for clutter). */
  plotTruths?: ReadonlyMap<number, readonly number[]>;
}

export interface QualityOptions {
  /** GOSPA cut-off, metres. */
  c: number;
  /** GOSPA order. */
  p: number;
  /** K: consecutive unassigned steps that make a track false. */
  falseTrackSteps: number;
}

export interface StepPair {
  truthId: number;
  trackNumber: number;
  distance: number;
}

export interface StepQuality {
  timeMs: number;
  gospa: number;
  localisation: number;
  missed: number;
  false: number;
  pairs: StepPair[];
}

export interface TruthQuality {
  truthId: number;
  /** Track numbers that covered this truth, in order of first coverage. */
  trackNumbers: number[];
  breaks: number;
  handovers: number;
  latencySteps?: number;
  latencyMs?: number;
}

export interface QualitySummary {
  steps: StepQuality[];
  gospaMean: number;
  localisationMean: number;
  missedMean: number;
  falseMean: number;
  truthCount: number;
  coveredTruths: number;
  coverage: number;
  trackBreaks: number;
  handovers: number;
  idSwaps: number;
  /** Every change of the truth a track covers: (time, track number, truth before, truth after). */
  swapEvents: { timeMs: number; track: number; from: number; to: number }[];
  falseTracks: number;
  falseTrackNumbers: number[];
  /** Means over truths that have a latency; NaN when none has. */
  latencyStepsMean: number;
  latencyMsMean: number;
  perTruth: TruthQuality[];
  purity?: { mean: number; perTrack: Map<number, number> };
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

function groupByTime<T extends { timeMs: number }>(xs: readonly T[], idOf: (x: T) => number, what: string) {
  const out = new Map<number, T[]>();
  for (const x of xs) {
    let g = out.get(x.timeMs);
    if (!g) out.set(x.timeMs, (g = []));
    if (g.some((y) => idOf(y) === idOf(x))) throw new Error(`quality: duplicate ${what} ${idOf(x)} at ${x.timeMs} ms`);
    g.push(x);
  }
  return out;
}

function detectionTime(src: QualityInput['firstDetectionMs'], id: number): number | undefined {
  return src instanceof Map ? src.get(id) : (src as Record<number, number>)[id];
}

export function trackQuality(input: QualityInput, opts: QualityOptions): QualitySummary {
  if (!(opts.falseTrackSteps >= 1)) throw new Error('quality: falseTrackSteps must be ≥ 1');
  const truthAt = groupByTime(input.truth, (s) => s.truthId, 'truth');
  const tracksAt = groupByTime(input.tracks, (s) => s.trackNumber, 'track');
  const times = [...new Set([...truthAt.keys(), ...tracksAt.keys()])].sort((a, b) => a - b);

  const steps: StepQuality[] = [];
  // Per truth: covering track (or null) at each present step, as [step, track | null].
  const truthHistory = new Map<number, [number, number | null][]>();
  // Per track: covered truth (or null) at each present step.
  const trackHistory = new Map<number, [number, number | null][]>();
  const push = <K>(m: Map<K, [number, number | null][]>, key: K, entry: [number, number | null]) => {
    let h = m.get(key);
    if (!h) m.set(key, (h = []));
    h.push(entry);
  };

  times.forEach((timeMs, k) => {
    const truths = truthAt.get(timeMs) ?? [];
    const tracks = tracksAt.get(timeMs) ?? [];
    const g = gospa(truths.map((t) => t.position), tracks.map((t) => t.position), opts);
    const pairs: StepPair[] = [];
    truths.forEach((t, i) => {
      const j = g.truthToEstimate[i];
      const track = j < 0 ? null : tracks[j].trackNumber;
      if (track !== null) pairs.push({ truthId: t.truthId, trackNumber: track, distance: distance3(t.position, tracks[j].position) });
      push(truthHistory, t.truthId, [k, track]);
    });
    tracks.forEach((t, j) => {
      const i = g.estimateToTruth[j];
      push(trackHistory, t.trackNumber, [k, i < 0 ? null : truths[i].truthId]);
    });
    steps.push({ timeMs, gospa: g.gospa, localisation: g.localisation, missed: g.missed, false: g.false, pairs });
  });

  // Truth-centric counters: breaks, handovers, latency.
  const perTruth: TruthQuality[] = [];
  for (const [truthId, hist] of [...truthHistory].sort((a, b) => a[0] - b[0])) {
    const trackNumbers: number[] = [];
    let breaks = 0;
    let handovers = 0;
    let last: number | null = null; // most recent covering track
    let gap = false; // uncovered since `last`
    let firstCovered = -1;
    for (const [k, track] of hist) {
      if (track === null) {
        if (last !== null) gap = true;
        continue;
      }
      if (firstCovered < 0) firstCovered = k;
      if (!trackNumbers.includes(track)) trackNumbers.push(track);
      if (last !== null && track !== last) {
        if (gap) breaks++;
        else handovers++;
      }
      last = track;
      gap = false;
    }
    const q: TruthQuality = { truthId, trackNumbers, breaks, handovers };
    const tDet = detectionTime(input.firstDetectionMs, truthId);
    if (tDet !== undefined && firstCovered >= 0) {
      let detStep = 0;
      while (detStep + 1 < times.length && times[detStep + 1] <= tDet) detStep++;
      q.latencySteps = firstCovered - detStep;
      q.latencyMs = times[firstCovered] - tDet;
    }
    perTruth.push(q);
  }

  // Track-centric counters: swaps and false tracks.
  const changes: { k: number; track: number; from: number; to: number }[] = [];
  const falseTrackNumbers: number[] = [];
  for (const [track, hist] of trackHistory) {
    let prevTruth: number | null = null;
    let run = 0;
    let prevStep = -2;
    let isFalse = false;
    for (const [k, truthId] of hist) {
      if (truthId !== null) {
        if (prevTruth !== null && truthId !== prevTruth) changes.push({ k, track, from: prevTruth, to: truthId });
        prevTruth = truthId;
        run = 0;
      } else {
        run = k === prevStep + 1 ? run + 1 : 1;
        if (run >= opts.falseTrackSteps) isFalse = true;
      }
      // A step where the track is absent breaks the run: `run` restarts at 1 on the next unassigned step.
      prevStep = k;
    }
    if (isFalse) falseTrackNumbers.push(track);
  }
  let idSwaps = 0;
  const paired = new Set<number>();
  changes.forEach((a, ia) => {
    if (paired.has(ia)) return;
    paired.add(ia);
    idSwaps++;
    const ib = changes.findIndex((b, i) => !paired.has(i) && b.k === a.k && b.track !== a.track && b.from === a.to && b.to === a.from);
    if (ib >= 0) paired.add(ib);
  });

  let purity: QualitySummary['purity'];
  if (input.plotTruths) {
    const perTrack = new Map<number, number>();
    for (const [track, ids] of input.plotTruths) {
      if (ids.length === 0) continue;
      const counts = new Map<number, number>();
      for (const id of ids) if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + 1);
      perTrack.set(track, Math.max(0, ...counts.values()) / ids.length);
    }
    purity = { mean: mean([...perTrack.values()]), perTrack };
  }

  const coveredTruths = perTruth.filter((q) => q.trackNumbers.length > 0).length;
  const latencies = perTruth.filter((q) => q.latencySteps !== undefined);
  return {
    steps,
    gospaMean: mean(steps.map((s) => s.gospa)),
    localisationMean: mean(steps.map((s) => s.localisation)),
    missedMean: mean(steps.map((s) => s.missed)),
    falseMean: mean(steps.map((s) => s.false)),
    truthCount: perTruth.length,
    coveredTruths,
    coverage: perTruth.length ? coveredTruths / perTruth.length : NaN,
    trackBreaks: perTruth.reduce((s, q) => s + q.breaks, 0),
    handovers: perTruth.reduce((s, q) => s + q.handovers, 0),
    idSwaps,
    swapEvents: changes.map(({ k, track, from, to }) => ({ timeMs: times[k], track, from, to })),
    falseTracks: falseTrackNumbers.length,
    falseTrackNumbers: falseTrackNumbers.sort((a, b) => a - b),
    latencyStepsMean: mean(latencies.map((q) => q.latencySteps!)),
    latencyMsMean: mean(latencies.map((q) => q.latencyMs!)),
    perTruth,
    ...(purity ? { purity } : {}),
  };
}
