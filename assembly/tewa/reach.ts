// Whether a fire unit will get shots at a threat flying a straight path to an asset, and how likely it is
// to kill it on the way: the look-ahead's geometry (round-value.ts). The threat flies from A to the asset
// at B at a constant speed and height, diving at the end; the unit fights it with shoot-look-shoot while
// the path runs inside its maximum range. A deliberately coarse model: it decides prices, not orders, and
// every order is still checked against the exact intercept geometry (intercept.ts).
import { real } from "../board";
import { CLASS_COUNT } from "../protocol";
import { ux, uy, maxRange, minAlt, maxAlt, maxTargetSpeed, interceptorSpeed, reactionS, pk, killAssessS } from "./battery";
import { truncSat } from "../util/trunc";

/** Most shoot-look-shoot engagements counted in one pass. */
const MAX_SHOTS: i32 = 16;
/** Horizontal run of a terminal dive per metre of height (a dive of about 30°). */
const DIVE_RUN_PER_M: real = 1.7;

/**
 * Probability that unit `u` kills a threat of class `cls` flying at `speed` and height `alt` from (ax, ay)
 * to the asset at (bx, by) with shoot-look-shoot, one round an engagement; 0 when the unit cannot engage
 * it on that path.
 */
export function passKill(u: i32, cls: i32, ax: real, ay: real, bx: real, by: real, alt: real, speed: real): real {
  const shots = passShots(u, cls, ax, ay, bx, by, alt, speed);
  const p = unchecked(pk[u * CLASS_COUNT + cls]);
  let miss: real = 1;
  for (let k = 0; k < shots; k++) miss *= <real>1 - p;
  return <real>1 - miss;
}

/**
 * Engagements (order, fly-out, assessment) unit `u` has time for on that path, at most MAX_SHOTS; 0 when
 * it cannot engage a threat of class `cls` there.
 */
export function passShots(u: i32, cls: i32, ax: real, ay: real, bx: real, by: real, alt: real, speed: real): i32 {
  const p = unchecked(pk[u * CLASS_COUNT + cls]);
  if (!(p > 0) || !(speed > 0) || speed > unchecked(maxTargetSpeed[u])) return 0;
  const lo = unchecked(minAlt[u]), hi = unchecked(maxAlt[u]);
  let x0 = ax, y0 = ay;
  const dx = bx - ax, dy = by - ay;
  let len = sqrt<real>(dx * dx + dy * dy);
  if (alt > hi) {
    // Above the envelope until the dive: only the dive's last stretch, below the ceiling, counts.
    if (lo > hi) return 0;
    const run = hi * DIVE_RUN_PER_M;
    if (len > run) { const k = (len - run) / len; x0 = ax + dx * k; y0 = ay + dy * k; len = run; }
  } else if (alt < lo) {
    return 0; // under the envelope all the way
  }
  if (!(len > 0)) return 0;
  // The stretch of the path inside the unit's maximum range: the chord of the circle about the unit.
  const ex = (bx - x0) / len, ey = (by - y0) / len;
  const rx = unchecked(ux[u]) - x0, ry = unchecked(uy[u]) - y0;
  const along = rx * ex + ry * ey;
  const off2 = rx * rx + ry * ry - along * along;
  const r = unchecked(maxRange[u]);
  if (off2 >= r * r) return 0;
  const half = sqrt<real>(r * r - off2);
  const inside = min<real>(len, along + half) - max<real>(<real>0, along - half);
  if (!(inside > 0)) return 0;
  const timeIn = inside / speed;
  const react = unchecked(reactionS[u]);
  if (timeIn < react) return 0;
  const cycle = react + r / (<real>2 * unchecked(interceptorSpeed[u])) + killAssessS;
  return max<i32>(1, truncSat(min<real>(<real>MAX_SHOTS, timeIn / cycle))); // clamped before the conversion (NaN: 1)
}

/**
 * passKill() on the last stretch of the path only, twice the unit's range long: what a unit guarding the
 * threat's target gets. The look-ahead counts on free units (jammers) this way: a route the firmware does
 * not know dog-legs, and en route a threat may skirt a zone it would cross on a straight line.
 */
export function terminalKill(u: i32, cls: i32, ax: real, ay: real, bx: real, by: real, alt: real, speed: real): real {
  const dx = ax - bx, dy = ay - by;
  const len = sqrt<real>(dx * dx + dy * dy);
  const keep = <real>2 * unchecked(maxRange[u]);
  if (len > keep) { const k = keep / len; ax = bx + dx * k; ay = by + dy * k; }
  return passKill(u, cls, ax, ay, bx, by, alt, speed);
}
