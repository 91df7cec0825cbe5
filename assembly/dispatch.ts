// Frame dispatcher: validated frames from the deframer land here by type. CONFIG is checked field by
// field before anything changes, and answered with an ACK naming the offending byte offset.
import { real } from "./board";
import { rtan } from "./real";
import {
  FRAME_CONFIG, FRAME_SCAN, FRAME_PLOTS, FRAME_HEARTBEAT, FRAME_ACK, CONFIG_SENSOR, CONFIG_TRACKER, CONFIG_RESET,
  ACK_OK, ACK_BAD_SECTION, ACK_BAD_LENGTH, ACK_BAD_VALUE, ACK_NO_CAPACITY, PLOTS_HEADER_BYTES, PLOT_RECORD_BYTES,
  STAT_PLOTS_UNKNOWN_SENSOR, STAT_CONFIG_REJECTED, CONFIG_ASSET, CONFIG_FIRE_UNIT, CONFIG_DOCTRINE, FRAME_EFFECTOR,
  FRAME_KILL, SENSOR_CONFIG_BYTES, TRACKER_CONFIG_BYTES, ASSET_CONFIG_BYTES, FIRE_UNIT_CONFIG_BYTES, FIRE_UNIT_RELOAD_WHOLE, DOCTRINE_WORK_MAX, STAT_EFFECTOR_UNKNOWN, DOCTRINE_CONFIG_BYTES, EFFECTOR_BYTES, KILL_BYTES, CLASS_COUNT,
  UNIT_LONG_RANGE_SAM, UNIT_EW, CONFIG_LETHALITY, LETHALITY_CONFIG_BYTES, CONFIG_LOOKAHEAD, LOOKAHEAD_CONFIG_BYTES,
  CONFIG_FORECAST, FORECAST_CONFIG_BYTES, CONFIG_RESERVE, RESERVE_CONFIG_BYTES, CONFIG_FORECAST_AIM, FORECAST_AIM_CONFIG_BYTES,
} from "./protocol";
import {
  assetSlotOrNew, assetKind, ax, ay, az, assetRadius, assetValue, unitSlot, unitSlotOrNew, unitKind, ux, uy, uz, minRange,
  maxRange as unitMaxRange, minAlt, maxAlt, maxTargetSpeed, interceptorSpeed, reactionS, channels, readyRounds,
  launcherCapacity, magazine, reloadS, reloadWhole, pk as unitPk, costPerRound, unitDown, doctrineSet, reportsRounds, reloadDoneMs,
  lookaheadSet, reserveSet, assetSlot,
} from "./tewa/battery";
import {
  forecastSlotOrNew, forecastSlot, forecastAimSet, fClass, fCount, fStartMs, fEndMs, fBearing, fSpread, fValue, fEntry, fDecoy, fAlt, fSpeed,
} from "./tewa/forecast";
import { engagementAssessed, engagementsClear } from "./tewa/engage";
import { lethalitySet } from "./tewa/threat";
import { statAdd } from "./stats";
import { txPayload, txSend } from "./link/tx";
import {
  sensorSlot, sensorSlotOrNew, siteX, siteY, siteZ, sigmaRange, sigmaAz, sigmaEl, sigmaCart, maxRange, pd,
  falseDensity, scanPeriodS, minElevationTan, maxElevationTan, sectorStart, sectorWidth,
} from "./sensors";
import { plotAdd, plotsClear } from "./plots";
import { paramsSet } from "./params";
import { tracksClear } from "./track/tracks";
import { trackerReset } from "./track/tracker";
import { recoverHeaders } from "./recover";

// Step requests: the times of the end-of-scan SCAN frames and HEARTBEATs taken since the last ingest, in
// order. A host serving a line (`parapet run --serial`) steps at these, so with a key it steps only on
// frames the firmware authenticated. A frame is at least 18 bytes on the wire: an ingest holds at most 114.
const MAX_STEP_REQUESTS: i32 = 128;
const stepAt = new StaticArray<f64>(MAX_STEP_REQUESTS);
let steps: i32 = 0;

export function stepRequestsClear(): void { steps = 0; }
export function stepRequestCount(): i32 { return steps; }
export function stepRequestTime(i: i32): f64 { return i >= 0 && i < steps ? unchecked(stepAt[i]) : NaN; }

function requestStep(timeMs: f64): void {
  if (steps < MAX_STEP_REQUESTS) unchecked(stepAt[steps++] = timeMs);
}

/** Handles one frame; false when its type or length is wrong (counted by the caller). */
export function dispatchFrame(type: i32, seq: i32, p: usize, len: i32): bool {
  if (type == FRAME_PLOTS) return onPlots(p, len);
  if (type == FRAME_CONFIG) return onConfig(seq, p, len);
  if (type == FRAME_SCAN) {
    if (len != 16) return false;
    if ((load<u16>(p + 2) & 2) != 0) requestStep(load<f64>(p + 8));
    return true;
  }
  if (type == FRAME_HEARTBEAT) {
    if (len != 8) return false;
    requestStep(load<f64>(p));
    return true;
  }
  if (type == FRAME_EFFECTOR) return onEffector(p, len);
  if (type == FRAME_KILL) return onKill(p, len);
  return false;
}

function onPlots(p: usize, len: i32): bool {
  if (len < PLOTS_HEADER_BYTES) return false;
  const n = <i32>load<u16>(p + 2);
  if (len != PLOTS_HEADER_BYTES + n * PLOT_RECORD_BYTES) return false;
  const s = sensorSlot(<i32>load<u16>(p));
  if (s < 0) {
    statAdd(STAT_PLOTS_UNKNOWN_SENSOR, <f64>n);
    return true;
  }
  for (let k = 0; k < n; k++) {
    const r = p + <usize>(PLOTS_HEADER_BYTES + k * PLOT_RECORD_BYTES);
    plotAdd(s, load<u32>(r), <i32>load<u8>(r + 4), load<f64>(r + 8),
      <f64>load<f32>(r + 16), <f64>load<f32>(r + 20), <f64>load<f32>(r + 24));
  }
  return true;
}

function ack(seq: i32, status: i32, offset: i32): bool {
  if (status != ACK_OK) statAdd(STAT_CONFIG_REJECTED, 1);
  const b = txPayload();
  store<u8>(b, <u8>FRAME_CONFIG);
  store<u8>(b + 1, <u8>status);
  store<u16>(b + 2, <u16>seq);
  store<u16>(b + 4, <u16>offset);
  txSend(FRAME_ACK, 6);
  return true;
}

// @ts-ignore: decorator
@inline function f32At(p: usize, off: i32): f64 { return <f64>load<f32>(p + <usize>off); }
// @ts-ignore: decorator
@inline function positive(v: f64): bool { return v > 0 && v < Infinity; }
/** v in (0, hi]: a physical range (docs/wire-protocol.md); the bound as the f32 the host would send. */
// @ts-ignore: decorator
@inline function upTo(v: f64, hi: f32): bool { return v > 0 && v <= <f64>hi; }

function onConfig(seq: i32, p: usize, len: i32): bool {
  if (len < 1) return ack(seq, ACK_BAD_LENGTH, 0);
  const section = <i32>load<u8>(p);
  if (section == CONFIG_SENSOR) return onSensor(seq, p, len);
  if (section == CONFIG_TRACKER) return onTracker(seq, p, len);
  if (section == CONFIG_ASSET) return onAsset(seq, p, len);
  if (section == CONFIG_FIRE_UNIT) return onFireUnit(seq, p, len);
  if (section == CONFIG_DOCTRINE) return onDoctrine(seq, p, len);
  if (section == CONFIG_LETHALITY) return onLethality(seq, p, len);
  if (section == CONFIG_LOOKAHEAD) return onLookahead(seq, p, len);
  if (section == CONFIG_FORECAST) return onForecast(seq, p, len);
  if (section == CONFIG_RESERVE) return onReserve(seq, p, len);
  if (section == CONFIG_FORECAST_AIM) return onForecastAim(seq, p, len);
  if (section == CONFIG_RESET) {
    if (len != 1) return ack(seq, ACK_BAD_LENGTH, 0);
    recoverHeaders(false);
    tracksClear();
    plotsClear();
    trackerReset();
    engagementsClear();
    return ack(seq, ACK_OK, 0);
  }
  return ack(seq, ACK_BAD_SECTION, 0);
}

function onSensor(seq: i32, p: usize, len: i32): bool {
  if (len != SENSOR_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const x = load<f64>(p + 8), y = load<f64>(p + 16), z = load<f64>(p + 24);
  if (!isFinite(x) || abs(x) > 1e7) return ack(seq, ACK_BAD_VALUE, 8);
  if (!isFinite(y) || abs(y) > 1e7) return ack(seq, ACK_BAD_VALUE, 16);
  if (!isFinite(z) || abs(z) > 1e7) return ack(seq, ACK_BAD_VALUE, 24);
  if (!upTo(f32At(p, 32), 1e5)) return ack(seq, ACK_BAD_VALUE, 32);
  if (!upTo(f32At(p, 36), 1)) return ack(seq, ACK_BAD_VALUE, 36);
  if (!upTo(f32At(p, 40), 1)) return ack(seq, ACK_BAD_VALUE, 40);
  if (!upTo(f32At(p, 44), 1e5)) return ack(seq, ACK_BAD_VALUE, 44);
  if (!upTo(f32At(p, 48), 1e7)) return ack(seq, ACK_BAD_VALUE, 48);
  const pdv = f32At(p, 52);
  if (!(pdv > 0 && pdv <= 1)) return ack(seq, ACK_BAD_VALUE, 52);
  const fd = f32At(p, 56);
  if (!(fd >= 0 && fd <= <f64><f32>1e-3)) return ack(seq, ACK_BAD_VALUE, 56);
  if (!upTo(f32At(p, 60), 3600)) return ack(seq, ACK_BAD_VALUE, 60);
  if (load<u16>(p + 4) >= 36000) return ack(seq, ACK_BAD_VALUE, 4);
  if (load<u16>(p + 6) >= 36000) return ack(seq, ACK_BAD_VALUE, 6);
  const maxEl = <i32>load<u16>(p + 64);
  if (maxEl > 9000 || (maxEl > 0 && maxEl <= <i32>load<u8>(p + 1) * 10)) return ack(seq, ACK_BAD_VALUE, 64);
  const s = sensorSlotOrNew(<i32>load<u16>(p + 2));
  if (s < 0) return ack(seq, ACK_NO_CAPACITY, 2);
  unchecked(siteX[s] = <real>x); unchecked(siteY[s] = <real>y); unchecked(siteZ[s] = <real>z);
  unchecked(sigmaRange[s] = <real>f32At(p, 32));
  unchecked(sigmaAz[s] = <real>f32At(p, 36));
  unchecked(sigmaEl[s] = <real>f32At(p, 40));
  unchecked(sigmaCart[s] = <real>f32At(p, 44));
  unchecked(maxRange[s] = <real>f32At(p, 48));
  unchecked(pd[s] = <real>pdv);
  unchecked(falseDensity[s] = <real>fd);
  unchecked(scanPeriodS[s] = <real>f32At(p, 60));
  const deg = <f64>Math.PI / 180;
  unchecked(minElevationTan[s] = rtan(<real>(<f64>load<u8>(p + 1) * 0.1 * deg)));
  unchecked(maxElevationTan[s] = rtan(<real>(<f64>maxEl * 0.01 * deg)));
  unchecked(sectorStart[s] = <real>(<f64>load<u16>(p + 4) * 0.01 * deg));
  unchecked(sectorWidth[s] = <real>(<f64>load<u16>(p + 6) * 0.01 * deg));
  return ack(seq, ACK_OK, 0);
}

function onTracker(seq: i32, p: usize, len: i32): bool {
  if (len != TRACKER_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const m = <i32>load<u8>(p + 1), n = <i32>load<u8>(p + 2), k = <i32>load<u8>(p + 3);
  if (n < 1 || n > 31) return ack(seq, ACK_BAD_VALUE, 2);
  if (m < 1 || m > n) return ack(seq, ACK_BAD_VALUE, 1);
  if (k < 1) return ack(seq, ACK_BAD_VALUE, 3);
  // Physical ranges: gate chi-square, σa, speed, new-target density, position σ limit, vertical σa.
  if (!upTo(f32At(p, 4), 1000)) return ack(seq, ACK_BAD_VALUE, 4);
  if (!upTo(f32At(p, 8), 1000)) return ack(seq, ACK_BAD_VALUE, 8);
  if (!upTo(f32At(p, 12), 10000)) return ack(seq, ACK_BAD_VALUE, 12);
  const beta = f32At(p, 16);
  if (!(beta >= <f64><f32>1e-30 && beta <= <f64><f32>1e-3)) return ack(seq, ACK_BAD_VALUE, 16);
  if (!upTo(f32At(p, 20), 1e6)) return ack(seq, ACK_BAD_VALUE, 20);
  if (!upTo(f32At(p, 24), 1000)) return ack(seq, ACK_BAD_VALUE, 24);
  // Initiation guard: 0 (off) or a chi-square beyond the gate.
  const guard = f32At(p, 28);
  if (!(guard == 0 || (guard > f32At(p, 4) && guard < 1e6))) return ack(seq, ACK_BAD_VALUE, 28);
  // Speed-scaled process noise: 0 (off) or a floor up to accelSigma.
  const accMin = f32At(p, 32);
  if (!(accMin >= 0 && accMin <= f32At(p, 8))) return ack(seq, ACK_BAD_VALUE, 32);
  // Deletion of rarely seen tracks: 0 (off) or a probability.
  const alpha = f32At(p, 36);
  if (!(alpha >= 0 && alpha < 1)) return ack(seq, ACK_BAD_VALUE, 36);
  paramsSet(m, n, k, <real>f32At(p, 4), <real>f32At(p, 8), <real>f32At(p, 12), <real>f32At(p, 16),
    <real>f32At(p, 20), <real>f32At(p, 24), <real>guard,
    <real>accMin, <real>alpha);
  return ack(seq, ACK_OK, 0);
}

// @ts-ignore: decorator
@inline function finite(v: f64): bool { return v > -1e7 && v < 1e7; }

function onAsset(seq: i32, p: usize, len: i32): bool {
  if (len != ASSET_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  for (let off = 4; off <= 12; off += 4) if (!finite(f32At(p, off))) return ack(seq, ACK_BAD_VALUE, off);
  const radius = f32At(p, 16);
  if (!(radius > 0 && radius <= 1e5)) return ack(seq, ACK_BAD_VALUE, 16);
  const value = f32At(p, 20);
  if (!(value >= 0 && value <= 1e12)) return ack(seq, ACK_BAD_VALUE, 20);
  const a = assetSlotOrNew(<i32>load<u16>(p + 2));
  if (a < 0) return ack(seq, ACK_NO_CAPACITY, 2);
  unchecked(assetKind[a] = <i32>load<u8>(p + 1));
  unchecked(ax[a] = <real>f32At(p, 4)); unchecked(ay[a] = <real>f32At(p, 8)); unchecked(az[a] = <real>f32At(p, 12));
  unchecked(assetRadius[a] = <real>radius);
  unchecked(assetValue[a] = <real>value);
  return ack(seq, ACK_OK, 0);
}

function onFireUnit(seq: i32, p: usize, len: i32): bool {
  if (len != FIRE_UNIT_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const kind = <i32>load<u8>(p + 1);
  if (kind < UNIT_LONG_RANGE_SAM || kind > UNIT_EW) return ack(seq, ACK_BAD_VALUE, 1);
  for (let off = 4; off <= 12; off += 4) if (!finite(f32At(p, off))) return ack(seq, ACK_BAD_VALUE, off);
  const rmin = f32At(p, 16), rmax = f32At(p, 20), hmin = f32At(p, 24), hmax = f32At(p, 28);
  if (!(rmin >= 0 && rmin < 1e7)) return ack(seq, ACK_BAD_VALUE, 16);
  if (!(rmax > rmin && rmax < 1e7)) return ack(seq, ACK_BAD_VALUE, 20);
  if (!finite(hmin)) return ack(seq, ACK_BAD_VALUE, 24);
  if (!(hmax > hmin && hmax < 1e7)) return ack(seq, ACK_BAD_VALUE, 28);
  if (!upTo(f32At(p, 32), 10000)) return ack(seq, ACK_BAD_VALUE, 32);
  if (!upTo(f32At(p, 36), 299792458)) return ack(seq, ACK_BAD_VALUE, 36); // EW: the speed of light
  const react = f32At(p, 40);
  if (!(react >= 0 && react < 1e5)) return ack(seq, ACK_BAD_VALUE, 40);
  if (load<u16>(p + 44) == 0) return ack(seq, ACK_BAD_VALUE, 44);
  const unitFlags = <i32>load<u16>(p + 50);
  if (unitFlags > FIRE_UNIT_RELOAD_WHOLE) return ack(seq, ACK_BAD_VALUE, 50);
  const reload = f32At(p, 52);
  if (!(reload >= 0 && reload < 1e6)) return ack(seq, ACK_BAD_VALUE, 52);
  for (let c = 0; c < CLASS_COUNT; c++) {
    const v = f32At(p, 56 + 4 * c);
    if (!(v >= 0 && v <= 1)) return ack(seq, ACK_BAD_VALUE, 56 + 4 * c);
  }
  const cost = f32At(p, 72);
  if (!(cost >= 0 && cost <= 1e9)) return ack(seq, ACK_BAD_VALUE, 72);
  const u = unitSlotOrNew(<i32>load<u16>(p + 2));
  if (u < 0) return ack(seq, ACK_NO_CAPACITY, 2);
  unchecked(unitKind[u] = kind);
  unchecked(ux[u] = <real>f32At(p, 4)); unchecked(uy[u] = <real>f32At(p, 8)); unchecked(uz[u] = <real>f32At(p, 12));
  unchecked(minRange[u] = <real>rmin); unchecked(unitMaxRange[u] = <real>rmax);
  unchecked(minAlt[u] = <real>hmin); unchecked(maxAlt[u] = <real>hmax);
  unchecked(maxTargetSpeed[u] = <real>f32At(p, 32));
  unchecked(interceptorSpeed[u] = <real>f32At(p, 36));
  unchecked(reactionS[u] = <real>react);
  unchecked(channels[u] = <i32>load<u16>(p + 44));
  unchecked(readyRounds[u] = <i32>load<u16>(p + 46));
  unchecked(launcherCapacity[u] = <i32>load<u16>(p + 46));
  unchecked(magazine[u] = <i32>load<u16>(p + 48));
  unchecked(reloadS[u] = <real>reload);
  unchecked(reloadWhole[u] = (unitFlags & FIRE_UNIT_RELOAD_WHOLE) != 0);
  for (let c = 0; c < CLASS_COUNT; c++) unchecked(unitPk[u * CLASS_COUNT + c] = <real>f32At(p, 56 + 4 * c));
  unchecked(costPerRound[u] = <real>cost);
  unchecked(unitDown[u] = false);
  return ack(seq, ACK_OK, 0);
}

function onDoctrine(seq: i32, p: usize, len: i32): bool {
  if (len != DOCTRINE_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const flags = <i32>load<u8>(p + 1);
  if (flags > 1) return ack(seq, ACK_BAD_VALUE, 1);
  const salvo = <i32>load<u8>(p + 2);
  if (salvo < 1) return ack(seq, ACK_BAD_VALUE, 2);
  const lambda = f32At(p, 4);
  if (!(lambda >= 0 && lambda < Infinity)) return ack(seq, ACK_BAD_VALUE, 4);
  if (!positive(f32At(p, 8))) return ack(seq, ACK_BAD_VALUE, 8);
  const work = load<u32>(p + 12);
  if (work < 1 || work > <u32>DOCTRINE_WORK_MAX) return ack(seq, ACK_BAD_VALUE, 12);
  doctrineSet((flags & 1) != 0, salvo, <i32>load<u8>(p + 3), <real>lambda, <real>f32At(p, 8), <i32>work);
  return ack(seq, ACK_OK, 0);
}

function onEffector(p: usize, len: i32): bool {
  if (len != EFFECTOR_BYTES) return false;
  const u = unitSlot(<i32>load<u16>(p));
  // A well-formed report about a unit never configured: refused and counted, not a broken frame.
  if (u < 0) { statAdd(STAT_EFFECTOR_UNKNOWN, 1); return true; }
  unchecked(unitDown[u] = load<u8>(p + 2) != 0);
  unchecked(readyRounds[u] = <i32>load<u16>(p + 4));
  unchecked(magazine[u] = <i32>load<u16>(p + 6));
  unchecked(reportsRounds[u] = true);
  unchecked(reloadDoneMs[u] = Infinity);
  return true;
}

function onKill(p: usize, len: i32): bool {
  if (len != KILL_BYTES) return false;
  engagementAssessed(load<u32>(p), load<u8>(p + 8) == 1);
  return true;
}

function onLethality(seq: i32, p: usize, len: i32): bool {
  if (len != LETHALITY_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  for (let c = 0; c < CLASS_COUNT; c++) {
    const v = f32At(p, 4 + 4 * c);
    if (!(v >= 0 && v <= 1)) return ack(seq, ACK_BAD_VALUE, 4 + 4 * c);
  }
  for (let c = 0; c < CLASS_COUNT; c++) lethalitySet(c, <real>f32At(p, 4 + 4 * c));
  return ack(seq, ACK_OK, 0);
}

function onLookahead(seq: i32, p: usize, len: i32): bool {
  if (len != LOOKAHEAD_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const flags = <i32>load<u8>(p + 1);
  if (flags > 1) return ack(seq, ACK_BAD_VALUE, 1);
  const period = f32At(p, 4);
  if (!(period > 0 && period <= 3600)) return ack(seq, ACK_BAD_VALUE, 4);
  const decoys = f32At(p, 8);
  if (!(decoys >= 0 && decoys <= 1)) return ack(seq, ACK_BAD_VALUE, 8);
  const work = load<u32>(p + 12);
  if (work < 1 || work > 100000000) return ack(seq, ACK_BAD_VALUE, 12);
  lookaheadSet(flags == 1, <real>period, <real>decoys, <i32>work);
  return ack(seq, ACK_OK, 0);
}

function onForecast(seq: i32, p: usize, len: i32): bool {
  if (len != FORECAST_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const cls = <i32>load<u8>(p + 1);
  if (cls >= CLASS_COUNT) return ack(seq, ACK_BAD_VALUE, 1);
  const count = f32At(p, 4);
  if (!(count >= 0 && count <= 65535)) return ack(seq, ACK_BAD_VALUE, 4);
  const t0 = load<f64>(p + 8), t1 = load<f64>(p + 16);
  if (!(t0 > -1e15 && t0 < 1e15)) return ack(seq, ACK_BAD_VALUE, 8);
  if (!(t1 >= t0 && t1 < 1e15)) return ack(seq, ACK_BAD_VALUE, 16);
  const bearing = f32At(p, 24), spread = f32At(p, 28);
  if (!(bearing >= -7 && bearing <= 7)) return ack(seq, ACK_BAD_VALUE, 24); // within ±2π, with rounding room
  if (!(spread >= 0 && spread <= 3.1416)) return ack(seq, ACK_BAD_VALUE, 28);
  const value = f32At(p, 32);
  if (!(value >= 0 && value < 1e15)) return ack(seq, ACK_BAD_VALUE, 32);
  const entry = f32At(p, 36);
  if (!(entry > 0 && entry < 1e7)) return ack(seq, ACK_BAD_VALUE, 36);
  const decoys = f32At(p, 40);
  if (!(decoys >= 0 && decoys <= 1)) return ack(seq, ACK_BAD_VALUE, 40);
  const alt = f32At(p, 44);
  if (!(alt >= 0 && alt <= 1e5)) return ack(seq, ACK_BAD_VALUE, 44);
  const speed = f32At(p, 48);
  if (!(speed > 0 && speed <= 1e4)) return ack(seq, ACK_BAD_VALUE, 48);
  const g = forecastSlotOrNew(<i32>load<u16>(p + 2));
  if (g < 0) return ack(seq, ACK_NO_CAPACITY, 2);
  unchecked(fClass[g] = cls); unchecked(fCount[g] = <real>count);
  unchecked(fStartMs[g] = t0); unchecked(fEndMs[g] = t1);
  unchecked(fBearing[g] = <real>bearing); unchecked(fSpread[g] = <real>spread);
  unchecked(fValue[g] = <real>value); unchecked(fEntry[g] = <real>entry); unchecked(fDecoy[g] = <real>decoys);
  unchecked(fAlt[g] = <real>alt); unchecked(fSpeed[g] = <real>speed);
  return ack(seq, ACK_OK, 0);
}

function onReserve(seq: i32, p: usize, len: i32): bool {
  if (len != RESERVE_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const kind = <i32>load<u8>(p + 1);
  if (kind < UNIT_LONG_RANGE_SAM || kind > UNIT_EW) return ack(seq, ACK_BAD_VALUE, 1);
  const mask = <i32>load<u8>(p + 2);
  if (mask >= (1 << CLASS_COUNT)) return ack(seq, ACK_BAD_VALUE, 2);
  if (!reserveSet(kind, mask, <i32>load<u16>(p + 4))) return ack(seq, ACK_NO_CAPACITY, 4);
  return ack(seq, ACK_OK, 0);
}

function onForecastAim(seq: i32, p: usize, len: i32): bool {
  if (len != FORECAST_AIM_CONFIG_BYTES) return ack(seq, ACK_BAD_LENGTH, 0);
  const g = forecastSlot(<i32>load<u16>(p + 2));
  if (g < 0) return ack(seq, ACK_BAD_VALUE, 2); // the group comes first
  const a = assetSlot(<i32>load<u16>(p + 4));
  if (a < 0) return ack(seq, ACK_BAD_VALUE, 4); // and the asset
  const w = f32At(p, 8);
  if (!(w >= 0 && w <= 1e6)) return ack(seq, ACK_BAD_VALUE, 8);
  forecastAimSet(g, a, <real>w);
  return ack(seq, ACK_OK, 0);
}
