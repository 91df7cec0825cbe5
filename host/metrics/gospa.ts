// Generalized OSPA (Rahmathullah, García-Fernández & Svensson, "Generalized optimal sub-pattern
// assignment metric", FUSION 2017) with α = 2, over 3-D positions and the Euclidean base distance.
//
// For truth set X (|X| = nx), estimate set Y (|Y| = ny), cut-off c > 0 and order p ≥ 1:
//
//   GOSPA^p = min over partial one-to-one assignments γ ⊆ X×Y of
//             Σ_{(x,y)∈γ} d(x,y)^p + (c^p / 2)·(nx + ny − 2|γ|)
//
// A pair with d ≥ c never lowers the sum (it costs ≥ c^p, the same as leaving both unassigned), so
// the minimum equals a full min(nx, ny) assignment under the cost min(d, c)^p, after which every pair
// with d ≥ c is read as one missed truth plus one false estimate. This gives the standard additive
// decomposition GOSPA^p = localisation + missed + false, with each part in units of metres^p:
//   localisation = Σ d^p over pairs with d < c
//   missed       = (c^p / 2)·(number of truths not in such a pair)
//   false        = (c^p / 2)·(number of estimates not in such a pair)
// (A pair at exactly d = c is counted as missed + false; the total is the same either way.)

import { solveAssignment } from './assignment.ts';
import { hypot3 } from '../hypot.ts';

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

export interface GospaOptions {
  /** Cut-off distance c, metres (> 0). */
  c: number;
  /** Order p (≥ 1). */
  p: number;
}

export interface GospaResult {
  /** The metric itself, metres. */
  gospa: number;
  /** Σ d^p over the assigned pairs (d < c). */
  localisation: number;
  /** (c^p/2)·missedCount. */
  missed: number;
  /** (c^p/2)·falseCount. */
  false: number;
  missedCount: number;
  falseCount: number;
  /** truthToEstimate[i] = index of the estimate assigned to truth i (d < c), or -1. */
  truthToEstimate: number[];
  /** estimateToTruth[j] = index of the truth assigned to estimate j (d < c), or -1. */
  estimateToTruth: number[];
}

export function distance3(a: Point3, b: Point3): number {
  return hypot3(a.x - b.x, a.y - b.y, a.z - b.z);
}

export function gospa(truth: readonly Point3[], estimates: readonly Point3[], opts: GospaOptions): GospaResult {
  const { c, p } = opts;
  if (!(c > 0) || !Number.isFinite(c)) throw new Error('gospa: cut-off c must be finite and > 0');
  if (!(p >= 1) || !Number.isFinite(p)) throw new Error('gospa: order p must be finite and ≥ 1');

  const half = c ** p / 2;
  const dist = truth.map((x) => estimates.map((y) => distance3(x, y)));
  // Costs min(d, c)^p: the cut-off turns a hopeless pair into a tie with "leave both unassigned".
  const { rowToCol } = solveAssignment(dist.map((row) => row.map((d) => Math.min(d, c) ** p)));

  const truthToEstimate = new Array<number>(truth.length).fill(-1);
  const estimateToTruth = new Array<number>(estimates.length).fill(-1);
  let localisation = 0;
  let pairs = 0;
  for (let i = 0; i < truth.length; i++) {
    const j = rowToCol[i];
    if (j < 0 || dist[i][j] >= c) continue;
    truthToEstimate[i] = j;
    estimateToTruth[j] = i;
    localisation += dist[i][j] ** p;
    pairs++;
  }
  const missedCount = truth.length - pairs;
  const falseCount = estimates.length - pairs;
  const missed = half * missedCount;
  const falseTerm = half * falseCount;
  return {
    gospa: (localisation + missed + falseTerm) ** (1 / p),
    localisation,
    missed,
    false: falseTerm,
    missedCount,
    falseCount,
    truthToEstimate,
    estimateToTruth,
  };
}
