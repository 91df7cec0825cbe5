// Predictor: constant-velocity motion with white-noise acceleration (q = σa² per axis, vertical separate).
import { real } from "../board";
import { tx, ty, tz, tvx, tvy, tvz, cov, tTime, COV } from "./tracks";
import { verticalAccelSigma } from "../params";
import { trackAccel } from "./process-noise";

/** Advances track slot `s` to time `tMs` (ms); a negative interval runs the model backwards. */
export function predictTo(s: i32, tMs: f64): void {
  const dt = <real>((tMs - unchecked(tTime[s])) * 0.001);
  if (dt == 0) return;
  unchecked(tx[s] += tvx[s] * dt);
  unchecked(ty[s] += tvy[s] * dt);
  unchecked(tz[s] += tvz[s] * dt);
  const c = s * COV;
  const adt = abs<real>(dt);
  const a = trackAccel(s);
  const qh = a * a, qv = verticalAccelSigma * verticalAccelSigma;
  const q3 = adt * adt * adt / 3, q2 = dt * adt / 2, q1 = adt;
  // Ppp += dt(Ppv + Ppvᵀ) + dt² Pvv + Qpp (written out: the same operations as a loop over the blocks)
  unchecked(cov[c + 0] = cov[c + 0] + dt * (cov[c + 6] + cov[c + 6]) + dt * dt * cov[c + 15] + qh * q3);
  unchecked(cov[c + 1] = cov[c + 1] + dt * (cov[c + 7] + cov[c + 9]) + dt * dt * cov[c + 16]);
  unchecked(cov[c + 2] = cov[c + 2] + dt * (cov[c + 8] + cov[c + 12]) + dt * dt * cov[c + 17]);
  unchecked(cov[c + 3] = cov[c + 3] + dt * (cov[c + 10] + cov[c + 10]) + dt * dt * cov[c + 18] + qh * q3);
  unchecked(cov[c + 4] = cov[c + 4] + dt * (cov[c + 11] + cov[c + 13]) + dt * dt * cov[c + 19]);
  unchecked(cov[c + 5] = cov[c + 5] + dt * (cov[c + 14] + cov[c + 14]) + dt * dt * cov[c + 20] + qv * q3);
  // Ppv += dt Pvv + Qpv
  unchecked(cov[c + 6] = cov[c + 6] + dt * cov[c + 15] + qh * q2);
  unchecked(cov[c + 7] = cov[c + 7] + dt * cov[c + 16]);
  unchecked(cov[c + 8] = cov[c + 8] + dt * cov[c + 17]);
  unchecked(cov[c + 9] = cov[c + 9] + dt * cov[c + 16]);
  unchecked(cov[c + 10] = cov[c + 10] + dt * cov[c + 18] + qh * q2);
  unchecked(cov[c + 11] = cov[c + 11] + dt * cov[c + 19]);
  unchecked(cov[c + 12] = cov[c + 12] + dt * cov[c + 17]);
  unchecked(cov[c + 13] = cov[c + 13] + dt * cov[c + 19]);
  unchecked(cov[c + 14] = cov[c + 14] + dt * cov[c + 20] + qv * q2);
  // Pvv += Qvv
  unchecked(cov[c + 15] += qh * q1);
  unchecked(cov[c + 18] += qh * q1);
  unchecked(cov[c + 20] += qv * q1);
  unchecked(tTime[s] = tMs);
}

/** Index of element (i, j) of a symmetric 3x3 block stored as xx xy xz yy yz zz. */
// @ts-ignore: decorator
@inline export function symIndex(i: i32, j: i32): i32 {
  const a = min(i, j), b = max(i, j);
  return a == 0 ? b : (a == 1 ? 2 + b : 5);
}
