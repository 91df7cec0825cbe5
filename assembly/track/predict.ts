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
  // Ppp += dt(Ppv + Ppvᵀ) + dt² Pvv + Qpp
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      const p = symIndex(i, j);
      let v = unchecked(cov[c + p]) + dt * (unchecked(cov[c + 6 + i * 3 + j]) + unchecked(cov[c + 6 + j * 3 + i]))
        + dt * dt * unchecked(cov[c + 15 + p]);
      if (i == j) v += (i == 2 ? qv : qh) * q3;
      unchecked(cov[c + p] = v);
    }
  }
  // Ppv += dt Pvv + Qpv
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let v = unchecked(cov[c + 6 + i * 3 + j]) + dt * unchecked(cov[c + 15 + symIndex(i, j)]);
      if (i == j) v += (i == 2 ? qv : qh) * q2;
      unchecked(cov[c + 6 + i * 3 + j] = v);
    }
  }
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
