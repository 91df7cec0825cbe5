// Process noise of a track: the white-noise acceleration σa its prediction adds. A target's
// acceleration grows with its speed — a turn at rate ω pulls v·ω — so σa = v·ω between a floor
// (TRACKER accelSigmaMin: a parked or taxiing aircraft still starts, stops and turns) and the ceiling
// accelSigma. A slow target's gate stays tight: the plot of a neighbour 50–100 m away does not fit it.
// accelSigmaMin = 0 (the default) gives every track accelSigma.
import { real } from "../board";
import { rsqrt } from "../real";
import { accelSigma, accelSigmaMin, confirmM } from "../params";
import { tvx, tvy, tHits } from "./tracks";

/** ω of the v·ω law, rad/s (5.7°/s): taxiing aircraft turn at up to 10°/s at 5 m/s, airliners at 3°/s. */
const TURN_RATE: real = 0.1;

/** σa of track slot `s` now, m/s². Until confirmed, its velocity is a guess: the ceiling. */
// @ts-ignore: decorator
@inline export function trackAccel(s: i32): real {
  if (accelSigmaMin <= 0 || unchecked(tHits[s]) < confirmM) return accelSigma;
  const v = rsqrt(unchecked(tvx[s]) * unchecked(tvx[s]) + unchecked(tvy[s]) * unchecked(tvy[s]));
  return min<real>(accelSigma, max<real>(accelSigmaMin, v * TURN_RATE));
}
