// The firmware's exported ABI (docs/firmware-abi.md): numbers and linear memory only, no imports.
export { faultLine } from "./abort";
export * from "./wta-abi";
export * from "./lap-abi";
export * from "./bench-abi";
import { RX_CAPACITY } from "./limits";
import {
  STATUS_OK, STAT_HEAP_TOP, STAT_MEMORY_PAGES, STAT_STEPS, STAT_LAST_TIME_MS, STAT_TRACKS_ACTIVE,
  STAT_TRACKS_CONFIRMED, STAT_CAP_TRACKS, STAT_CAP_FIRE_UNITS, STAT_CAP_PLOTS, STAT_PRECISION_BYTES, STAT_CAP_CLUSTER,
} from "./protocol";
import { MAX_TRACKS, MAX_PLOTS, MAX_CLUSTER, REAL_BYTES, MAX_FIRE_UNITS } from "./board";
import { crcInit } from "./link/crc32c";
import { rxFeed, rxReset } from "./link/rx";
import { txPtr, txLength, txClear, txReset } from "./link/tx";
import { statsClear, statGet, statSet, statAdd } from "./stats";
import { sensorsClear } from "./sensors";
import { plotsClear } from "./plots";
import { paramsDefault } from "./params";
import { tracksClear, trackCount } from "./track/tracks";
import { trackerReset, trackerStep } from "./track/tracker";
import { sendTracks, sendTelemetry, confirmedCount } from "./output";
import { runSelftest } from "./selftest";
import { batteryClear, unitCount, assetCount, unitSlot } from "./tewa/battery";
import { engagementsClear } from "./tewa/engage";
import { forecastClear } from "./tewa/forecast";
import { roundValue } from "./tewa/round-value";
export { demandGroups, demandCount, demandValue, demandKill, freeSurvival } from "./tewa/round-value";
import { tewaReset, tewaStep, threatCount, thSlot, thValue, thTgo, thAsset, thPHit, thConf } from "./tewa/cycle";
import { sendOrders, sendThreats } from "./tewa/orders";
import { constraintsClear } from "./tewa/wta-state";
import { lethalityDefault } from "./tewa/threat";
import { probeTrack } from "./track/probe";
import { recoverSnapshot, recoverHeaders } from "./recover";
import { authReset, authProvision as provision, authCounterIn, authCounterOut } from "./link/auth";
import { hmacVectors } from "./crypto/vectors";
import { stepRequestsClear, stepRequestCount, stepRequestTime } from "./dispatch";

const rx = new StaticArray<u8>(RX_CAPACITY);

/** Resets every pool and the configuration to defaults: every static structure as at start-up, array
 *  headers included (recover.ts), and no key (development mode: the boot code provisions it again, as
 *  after a power-on). Returns 0 (STATUS_OK). */
export function init(): i32 {
  recoverHeaders(true);
  crcInit();
  statsClear();
  authReset();
  sensorsClear();
  plotsClear();
  paramsDefault();
  tracksClear();
  trackerReset();
  rxReset();
  txReset();
  stepRequestsClear();
  batteryClear();
  forecastClear();
  constraintsClear();
  lethalityDefault();
  engagementsClear();
  tewaReset();
  statSet(STAT_CAP_TRACKS, <f64>MAX_TRACKS);
  statSet(STAT_CAP_PLOTS, <f64>MAX_PLOTS);
  statSet(STAT_CAP_CLUSTER, <f64>MAX_CLUSTER);
  statSet(STAT_PRECISION_BYTES, <f64>REAL_BYTES);
  statSet(STAT_CAP_FIRE_UNITS, <f64>MAX_FIRE_UNITS);
  return STATUS_OK;
}

export function rxBuffer(): usize { return changetype<usize>(rx); }
export function rxCapacity(): i32 { return RX_CAPACITY; }
export function txBuffer(): usize { return txPtr(); }

/** Parses `len` bytes written at rxBuffer(). Returns the bytes now in the transmit buffer (ACKs), or -1. */
export function ingest(len: i32): i32 {
  if (len < 0 || len > RX_CAPACITY) return -1;
  txClear();
  stepRequestsClear();
  rxFeed(changetype<usize>(rx), len);
  return txLength();
}

/** Runs one cycle at `timeMs`; returns the bytes of TRACKS and TELEMETRY frames in the transmit buffer. */
export function step(timeMs: f64): i32 {
  if (!isFinite(timeMs)) return -1;
  txClear();
  trackerStep(timeMs);
  tewaStep(timeMs);
  statAdd(STAT_STEPS, 1);
  statSet(STAT_LAST_TIME_MS, timeMs);
  statSet(STAT_TRACKS_ACTIVE, <f64>trackCount());
  statSet(STAT_TRACKS_CONFIRMED, <f64>confirmedCount());
  sendTracks(timeMs);
  if (assetCount() > 0) sendThreats(timeMs, threatCount(), thSlot, thValue, thTgo, thAsset, thPHit, thConf);
  if (unitCount() > 0) sendOrders(timeMs);
  sendTelemetry(timeMs);
  return txLength();
}

export function stat(id: i32): f64 {
  if (id == STAT_HEAP_TOP) {
    const p = heap.alloc(0); // the stub allocator's top; freeing the last block restores it
    heap.free(p);
    return <f64>p;
  }
  if (id == STAT_MEMORY_PAGES) return <f64>memory.size();
  return statGet(id);
}

export function selftest(seed: u32, scans: i32): u32 {
  init();
  const h = runSelftest(seed, scans, step);
  return h;
}

/** selftest(1, 60), for interpreters that cannot pass arguments. */
export function bist(): u32 { return selftest(1, 60); }

/** Provisions the authentication key from the receive buffer (docs/security.md): `len` = 32 (the key) or
 *  48 (the key, then u64 floors of the incoming and the outgoing counter). The bytes are wiped after.
 *  Returns 0; -1 for a wrong length, -2 for a blank key (one byte repeated: erased flash). */
export function authProvision(len: i32): i32 {
  if (len < 0 || len > RX_CAPACITY) return -1;
  return provision(changetype<usize>(rx), len);
}

/** The RFC 4231 HMAC-SHA-256 test vectors run on this engine: 0xFF when every check passes (no arguments,
 *  for interpreters). Touches neither the provisioned key nor any other state. */
export function authVectors(): u32 { return hmacVectors(); }

/** End-of-scan SCAN frames and HEARTBEATs taken by the last ingest (authenticated ones only, with a key):
 *  a host serving a line steps at each one's time, stepTime(0 .. stepRequests() - 1), in order. */
export function stepRequests(): i32 { return stepRequestCount(); }
export function stepTime(i: i32): f64 { return stepRequestTime(i); }

/** The authentication counter of direction `dir`: 0 the highest accepted from the host, 1 the last sent. */
export function authCounter(dir: i32): u64 { return dir == 0 ? authCounterIn() : authCounterOut(); }

// Diagnostics: the full state of one track, for filter-consistency checks and debugging hosts.
const probe = new StaticArray<f64>(28);

// The last start-up allocation is above: record every object's header, then initialise.
recoverSnapshot();
init();

/** Copies [time ms, x y z vx vy vz, 21 covariance values] of the track numbered `number` (confirmed or
 *  coasting) into probeBuffer(); returns 1, or 0 when no such track exists. */
/** The value of one round of fire unit `id` from the last look-ahead (value units); NaN for an unknown unit. */
export function roundValueOf(id: i32): f64 {
  const u = unitSlot(id);
  return u < 0 ? NaN : unchecked(roundValue[u]);
}

export function trackProbe(number: u32): i32 {
  return probeTrack(number, probe) ? 1 : 0;
}
export function probeBuffer(): usize { return changetype<usize>(probe); }
