// Intercept geometry: the earliest time at which an interceptor launched after the unit's reaction time
// and flying at its average speed meets a constant-velocity target, and whether that point lies inside
// the unit's envelope. With d = target − unit, s = interceptor speed, r = reaction time, solve
// |d + v·t| = s·(t − r) for the smallest t ≥ r:  (v·v − s²)t² + 2(d·v + s²r)t + (d·d − s²r²) = 0.
import { real } from "../board";
import { ux, uy, uz, minRange, maxRange, minAlt, maxAlt, maxTargetSpeed, interceptorSpeed, reactionS } from "./battery";

/** Results of the last intercept() call: time from now (s) and point (battery frame). */
export let interceptT: real = 0;
export let ix: real = 0;
export let iy: real = 0;
export let iz: real = 0;

/** Earliest intercept time from now, s, or −1 when there is none. */
export function earliestIntercept(dx: real, dy: real, dz: real, vx: real, vy: real, vz: real, s: real, r: real): real {
  const a = vx * vx + vy * vy + vz * vz - s * s;
  const b = <real>2 * (dx * vx + dy * vy + dz * vz + s * s * r);
  const c = dx * dx + dy * dy + dz * dz - s * s * r * r;
  if (abs<real>(a) < <real>1e-9) {
    if (b >= 0) return -1;
    const t = -c / b;
    return t >= r ? t : -1;
  }
  const disc = b * b - <real>4 * a * c;
  if (disc < 0) return -1;
  const q = sqrt<real>(disc);
  const t1 = (-b - q) / (<real>2 * a), t2 = (-b + q) / (<real>2 * a);
  const lo = min(t1, t2), hi = max(t1, t2);
  if (lo >= r) return lo;
  if (hi >= r) return hi;
  return -1;
}

/** Reach of unit `u` as a + b·|v| for a target at speed |v|: beyond it from the unit, intercept() is false.
 *  At the intercept the target is s(t − r) from the unit and has closed at most |v|·t, so that range is at
 *  least s(|d| − |v|r)/(s + |v|); it exceeds the maximum range R when |d| > R + |v|(R/s + r). R is widened
 *  by 1 % + 1 m so the rounding of the full computation never matters: a cheap, exact refusal. */
export function reachA(u: i32): real { return unchecked(maxRange[u]) * <real>1.01 + 1; }
export function reachB(u: i32): real { return reachA(u) / unchecked(interceptorSpeed[u]) + unchecked(reactionS[u]); }

/** Feasible intercept of unit `u` on a target at (x..vz) before `tgo` seconds; false when none. */
export function intercept(u: i32, x: real, y: real, z: real, vx: real, vy: real, vz: real, tgo: real): bool {
  const speed2 = vx * vx + vy * vy + vz * vz;
  const vmax = unchecked(maxTargetSpeed[u]);
  if (speed2 > vmax * vmax) return false;
  const t = earliestIntercept(x - unchecked(ux[u]), y - unchecked(uy[u]), z - unchecked(uz[u]), vx, vy, vz,
    unchecked(interceptorSpeed[u]), unchecked(reactionS[u]));
  if (t < 0 || t >= tgo) return false;
  const px = x + vx * t, py = y + vy * t, pz = z + vz * t;
  const dx = px - unchecked(ux[u]), dy = py - unchecked(uy[u]), dz = pz - unchecked(uz[u]);
  const range = sqrt<real>(dx * dx + dy * dy + dz * dz);
  if (range < unchecked(minRange[u]) || range > unchecked(maxRange[u])) return false;
  if (pz < unchecked(minAlt[u]) || pz > unchecked(maxAlt[u])) return false;
  interceptT = t; ix = px; iy = py; iz = pz;
  return true;
}
