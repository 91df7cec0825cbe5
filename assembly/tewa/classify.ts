// Threat classification from kinematics alone (speed, altitude, climb): ballistic missiles are fast and
// diving, cruise missiles fast and low, attack drones slow. Anything between is "unknown" (it may be an
// aircraft). Confidence grows with the margin from the nearest class boundary.
import { real } from "../board";
import { CLASS_UNKNOWN, CLASS_DRONE, CLASS_CRUISE, CLASS_BALLISTIC } from "../protocol";

const DRONE_MAX_SPEED: real = 90; // m/s
const CRUISE_MIN_SPEED: real = 150;
const CRUISE_MAX_ALT: real = 400; // m
const BALLISTIC_MIN_SPEED: real = 700;
const BALLISTIC_MIN_DIVE: real = 100; // m/s downwards

let confidence: real = 0;
export function lastConfidence(): real { return confidence; }

// @ts-ignore: decorator
@inline function margin(x: real, edge: real, scale: real): real {
  return min<real>(<real>1, max<real>(<real>0, (x - edge) / scale));
}

export function classify(vx: real, vy: real, vz: real, z: real): i32 {
  const speed = sqrt<real>(vx * vx + vy * vy + vz * vz);
  if (speed >= BALLISTIC_MIN_SPEED || (speed >= 400 && -vz >= BALLISTIC_MIN_DIVE)) {
    confidence = <real>0.5 + <real>0.5 * max(margin(speed, BALLISTIC_MIN_SPEED, 300), margin(-vz, BALLISTIC_MIN_DIVE, 300));
    return CLASS_BALLISTIC;
  }
  if (speed >= CRUISE_MIN_SPEED && z <= CRUISE_MAX_ALT) {
    confidence = <real>0.5 + <real>0.25 * margin(speed, CRUISE_MIN_SPEED, 60) + <real>0.25 * margin(CRUISE_MAX_ALT - z, 0, 250);
    return CLASS_CRUISE;
  }
  if (speed <= DRONE_MAX_SPEED) {
    confidence = <real>0.5 + <real>0.5 * margin(DRONE_MAX_SPEED - speed, 0, 30);
    return CLASS_DRONE;
  }
  confidence = <real>0.5;
  return CLASS_UNKNOWN;
}
