// Track maintenance after each batch: the hit/miss history, M-of-N confirmation (a track number is
// given at confirmation and never reused), and deletion: a tentative track after max(2, N − M + 1)
// consecutive misses, or with no plot for N of the slowest sensor's scans (it may have left every
// sensor's coverage, where no miss is counted — beyond its range, under its horizon, in its cone of
// silence); a confirmed one after K consecutive misses (more for a target seen only now and then, with
// TRACKER coastAlpha), when
// its position uncertainty predicted to now exceeds the limit, or when a kill assessment destroyed it.
import { real } from "../board";
import { rsqrt, ratan2 } from "../real";
import { siteX, siteY, siteZ, maxRange, minElevationTan, maxElevationTan, sectorStart, sectorWidth, sensorCountGet } from "../sensors";
import { STAT_TRACKS_DELETED, TRACK_TENTATIVE, TRACK_CONFIRMED, TRACK_COASTING } from "../protocol";
import { statAdd } from "../stats";
import { confirmM, confirmN, deleteMisses, maxPositionSigma, verticalAccelSigma, coastAlpha } from "../params";
import { trackAccel } from "./process-noise";
import {
  active, trackCount, trackFreeAt, trackNumberNext, tx, ty, tz, tvx, tvy, tvz, cov, COV, tTime, tStatus, tHits,
  tMisses, tHistory, tNumber, tUpdated, tKilled,
} from "./tracks";

/** Records a detection opportunity that track slot `s` missed. */
export function recordMiss(s: i32): void {
  unchecked(tHistory[s] = tHistory[s] << 1);
  unchecked(tMisses[s] += 1);
}

export function recordHit(s: i32, serial: i32): void {
  unchecked(tHistory[s] = (tHistory[s] << 1) | 1);
  unchecked(tHits[s] += 1);
  unchecked(tMisses[s] = 0);
  unchecked(tUpdated[s] = serial);
}

/** Effective Earth radius of the 4/3-earth model of radar propagation, m. */
const K_EARTH_RADIUS: real = 8_494_666;

// Offset of a track's predicted position from a sensor's site (siteOffset), m.
let ox: real = 0, oy: real = 0, oz: real = 0;

/** Sets ox, oy, oz to the offset of track slot `s`, predicted dt seconds ahead, from sensor `k`'s site. */
function siteOffset(s: i32, dt: real, k: i32): void {
  ox = unchecked(tx[s]) + unchecked(tvx[s]) * dt - unchecked(siteX[k]);
  oy = unchecked(ty[s]) + unchecked(tvy[s]) * dt - unchecked(siteY[k]);
  oz = unchecked(tz[s]) + unchecked(tvz[s]) * dt - unchecked(siteZ[k]);
}

/** True when the offset (ox, oy, oz) lies above sensor `k`'s highest elevation: its cone of silence. */
function aboveCone(k: i32, ground: real): bool {
  const tanMax = unchecked(maxElevationTan[k]);
  return tanMax > 0 && oz > ground * tanMax;
}

/** True when the track at slot `s`, predicted to tMs, is where sensor `k` could have seen it: inside its
 *  range, above the radar horizon and its lowest elevation, below its highest (a surveillance radar is
 *  blind in the cone overhead), and in its sector. Only then is a missing plot a miss. */
export function inCoverage(s: i32, tMs: f64, k: i32): bool {
  siteOffset(s, <real>((tMs - unchecked(tTime[s])) * 0.001), k);
  const z = oz + unchecked(siteZ[k]);
  const ground2 = ox * ox + oy * oy;
  const r2 = ground2 + oz * oz;
  const range = unchecked(maxRange[k]);
  if (r2 > range * range) return false;
  const horizon = rsqrt(<real>2 * K_EARTH_RADIUS * max<real>(unchecked(siteZ[k]), 1))
    + rsqrt(<real>2 * K_EARTH_RADIUS * max<real>(z, 1));
  if (r2 > horizon * horizon) return false;
  const ground = rsqrt(ground2);
  const tanMin = unchecked(minElevationTan[k]);
  if (tanMin > 0 && oz < ground * tanMin) return false;
  if (aboveCone(k, ground)) return false;
  const width = unchecked(sectorWidth[k]);
  if (width > 0) {
    let off = ratan2(ox, oy) - unchecked(sectorStart[k]);
    const twoPi = <real>(2 * Math.PI);
    off -= twoPi * <real>floor<f64>(<f64>(off / twoPi));
    if (off > width) return false;
  }
  return true;
}

/** In a cone of silence the position σ limit is this many times wider: a target crossing it is unseen
 *  for a minute or two (80–120 s for an airliner at 10 km) and comes out on the far side. */
const CONE_LIMIT_FACTOR: real = 4;

/** True when track slot `s`, predicted to tMs, is inside some sensor's cone of silence. */
function inCone(s: i32, tMs: f64): bool {
  const dt = <real>((tMs - unchecked(tTime[s])) * 0.001);
  const ns = sensorCountGet();
  for (let k = 0; k < ns; k++) {
    if (unchecked(maxElevationTan[k]) <= 0) continue;
    siteOffset(s, dt, k);
    if (aboveCone(k, rsqrt(ox * ox + oy * oy))) return true;
  }
  return false;
}

/** Confirms and deletes at time tMs; iterates backwards so swap-removal never skips a track.
 *  `slowestScanMs` is the longest scan period of the configured sensors. */
export function maintain(tMs: f64, slowestScanMs: f64): void {
  const window: u32 = confirmN >= 32 ? 0xFFFFFFFF : ((<u32>1 << <u32>confirmN) - 1);
  const maxVar = maxPositionSigma * maxPositionSigma;
  for (let k = trackCount() - 1; k >= 0; k--) {
    const s = unchecked(active[k]);
    const status = <i32>unchecked(tStatus[s]);
    const misses = unchecked(tMisses[s]);
    if (status == TRACK_TENTATIVE) {
      if (<i32>popcnt<u32>(unchecked(tHistory[s]) & window) >= confirmM) {
        unchecked(tStatus[s] = <u8>TRACK_CONFIRMED);
        unchecked(tNumber[s] = trackNumberNext());
      } else if (misses >= max(2, confirmN - confirmM + 1) || tMs - unchecked(tTime[s]) > <f64>confirmN * slowestScanMs) {
        trackFreeAt(k);
        statAdd(STAT_TRACKS_DELETED, 1);
      }
      continue;
    }
    if (unchecked(tKilled[s])) { // destroyed: nothing left to track
      trackFreeAt(k);
      statAdd(STAT_TRACKS_DELETED, 1);
      continue;
    }
    // Uncertainty predicted to now: a track that left every sensor's coverage gets no misses, but its
    // uncertainty still grows until it is deleted, instead of coasting for ever with an ever wider gate.
    const sigma = positionSigmaAt(s, <real>((tMs - unchecked(tTime[s])) * 0.001));
    const posVar = sigma * sigma;
    // The costlier tests only when the plain ones would delete: no rule allows fewer than K misses, and
    // the cone only widens the σ limit.
    const missedOut = misses >= deleteMisses && misses >= missesToDelete(s);
    const tooWide = posVar > maxVar && !(posVar <= maxVar * CONE_LIMIT_FACTOR * CONE_LIMIT_FACTOR && inCone(s, tMs));
    if (missedOut || tooWide || !(posVar >= 0)) {
      trackFreeAt(k);
      statAdd(STAT_TRACKS_DELETED, 1);
      continue;
    }
    unchecked(tStatus[s] = <u8>(misses > 0 ? TRACK_COASTING : TRACK_CONFIRMED));
  }
}

/**
 * Consecutive misses that delete confirmed track `s`: K, or, with TRACKER coastAlpha, as many as make the
 * present run of misses less likely than α for a target detected h times in the n chances before the
 * run (its last 32 at most). With the detection probability unknown (uniform prior), the chance of m
 * misses in a row is E[(1 − p)^m] over Beta(h + 1, n − h + 1) = Π_{i<m} (n − h + 1 + i) / (n + 2 + i).
 * An aircraft parked on the apron and seen one scan in five coasts through its gaps; one seen every
 * scan is deleted after K as before. Bounded by 4K.
 */
function missesToDelete(s: i32): i32 {
  if (coastAlpha <= 0) return deleteMisses;
  const h = unchecked(tHistory[s]);
  const hits = <i32>popcnt<u32>(h);
  // The history's first bit is the initiating plot, until 32 chances push it out (then tHits > hits).
  const span = unchecked(tHits[s]) > hits ? 32 : 32 - <i32>clz<u32>(h);
  const n = <real>max(span - unchecked(tMisses[s]), hits), missed = n - <real>hits;
  let chance: real = 1;
  let m = 0;
  const limit = deleteMisses * 4;
  while (m < limit && (m < deleteMisses || chance >= coastAlpha)) {
    chance *= (missed + 1 + <real>m) / (n + 2 + <real>m);
    m++;
  }
  return m;
}

/** Position σ (m) of slot `s` predicted `dt` seconds ahead, process noise included: √trace(P_pos). */
export function positionSigmaAt(s: i32, dt: real): real {
  const c = s * COV;
  let tr: real = 0;
  tr += unchecked(cov[c]) + 2 * dt * unchecked(cov[c + 6]) + dt * dt * unchecked(cov[c + 15]);
  tr += unchecked(cov[c + 3]) + 2 * dt * unchecked(cov[c + 10]) + dt * dt * unchecked(cov[c + 18]);
  tr += unchecked(cov[c + 5]) + 2 * dt * unchecked(cov[c + 14]) + dt * dt * unchecked(cov[c + 20]);
  const adt = abs<real>(dt);
  const a = trackAccel(s);
  tr += (a * a * <real>2 + verticalAccelSigma * verticalAccelSigma) * adt * adt * adt / <real>3;
  return rsqrt(max<real>(tr, 0));
}

/** Velocity σ (m/s) of slot `s` predicted `dt` seconds ahead: √trace(P_vel + Q_vel). */
export function velocitySigma(s: i32, dt: real): real {
  const c = s * COV;
  const a = trackAccel(s);
  const q = (a * a * <real>2 + verticalAccelSigma * verticalAccelSigma) * abs<real>(dt);
  return rsqrt(max<real>(unchecked(cov[c + 15]) + unchecked(cov[c + 18]) + unchecked(cov[c + 20]) + q, 0));
}
