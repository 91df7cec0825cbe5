// Authenticated control (docs/security.md). CONFIG, EFFECTOR, KILL, SCAN and HEARTBEAT in (everything but
// the plots), ORDER, ACK and TELEMETRY out
// carry a trailer after the payload, inside the CRC'd frame: a 64-bit counter and the first 16 bytes of
// HMAC-SHA-256 over version, type, seq, payload and counter; the type byte's top bit (FRAME_AUTH) says the
// trailer is there. The key comes from the boot code through authProvision (as an MCU reads it from a
// protected flash page), never from the line. Without a key the firmware is in development mode: it
// accepts frames without a trailer and says so in stat(STAT_AUTH_KEYED) = 0.
// The key's two HMAC midstates and the counters live in the module's static data, below the heap, where
// no pool overflow reaches them.
import {
  FRAME_AUTH, FRAME_CONFIG, FRAME_EFFECTOR, FRAME_KILL, FRAME_SCAN, FRAME_HEARTBEAT, FRAME_ORDER, FRAME_ACK, FRAME_TELEMETRY, FRAME_HEADER_BYTES,
  AUTH_COUNTER_BYTES, AUTH_TAG_BYTES, AUTH_TRAILER_BYTES, AUTH_KEY_BYTES, AUTH_PROVISION_BYTES,
  STAT_AUTH_FAILED, STAT_AUTH_REPLAYED, STAT_AUTH_KEYED, STAT_AUTH_COUNTER_IN, STAT_AUTH_COUNTER_OUT,
} from "../protocol";
import { hmac, hmacKey, equalConstantTime, HMAC_KEY_STATE } from "../crypto/hmac";
import { statAdd, statSet } from "../stats";

const keyState = memory.data(HMAC_KEY_STATE);
const tag = memory.data(32);
let keyed = false;
let counterIn: u64 = 0; // highest counter accepted from the host
let counterOut: u64 = 0; // last counter sent

/** Development mode: no key, counters at zero (init: the firmware just started). */
export function authReset(): void {
  memory.fill(keyState, 0, HMAC_KEY_STATE);
  memory.fill(tag, 0, 32);
  keyed = false;
  counterIn = 0;
  counterOut = 0;
  publish();
}

function publish(): void {
  statSet(STAT_AUTH_KEYED, keyed ? 1 : 0);
  statSet(STAT_AUTH_COUNTER_IN, <f64>counterIn);
  statSet(STAT_AUTH_COUNTER_OUT, <f64>counterOut);
}

export function authKeyed(): bool { return keyed; }
export function authCounterIn(): u64 { return counterIn; }
export function authCounterOut(): u64 { return counterOut; }

/** Takes the key (AUTH_KEY_BYTES) and optionally the counter floors (u64 in, u64 out) from the `len` bytes
 *  at `p`, then wipes them. Returns 0; -1 for a wrong length; -2 for a key of one repeated byte (erased or
 *  blank flash: 0x00 or 0xFF everywhere), which leaves the firmware as it was. */
export function authProvision(p: usize, len: i32): i32 {
  if (len != AUTH_KEY_BYTES && len != AUTH_PROVISION_BYTES) return -1;
  let same = true;
  const b0 = load<u8>(p);
  for (let i = 1; i < AUTH_KEY_BYTES; i++) if (load<u8>(p + <usize>i) != b0) same = false;
  if (same) {
    memory.fill(p, 0, <usize>len);
    return -2;
  }
  hmacKey(keyState, p, AUTH_KEY_BYTES);
  const floorIn: u64 = len == AUTH_PROVISION_BYTES ? load<u64>(p + <usize>AUTH_KEY_BYTES) : 0;
  const floorOut: u64 = len == AUTH_PROVISION_BYTES ? load<u64>(p + <usize>(AUTH_KEY_BYTES + 8)) : 0;
  memory.fill(p, 0, <usize>len);
  keyed = true;
  if (floorIn > counterIn) counterIn = floorIn;
  if (floorOut > counterOut) counterOut = floorOut;
  publish();
  return 0;
}

/** Whether frames of this (plain) type carry the trailer when a key is provisioned. */
// @ts-ignore: decorator
@inline export function authenticatedType(type: i32): bool {
  return type == FRAME_CONFIG || type == FRAME_EFFECTOR || type == FRAME_KILL || type == FRAME_SCAN || type == FRAME_HEARTBEAT
    || type == FRAME_ORDER || type == FRAME_ACK || type == FRAME_TELEMETRY;
}

/** Bytes the trailer adds to a frame of this type as the firmware sends it now. */
export function authTrailerBytes(type: i32): i32 { return keyed && authenticatedType(type) ? AUTH_TRAILER_BYTES : 0; }

/** Checks the received raw frame at `d` (`body` bytes: header and payload, CRC already checked). Returns
 *  the payload length to dispatch, -1 when refused for authentication (counted here), -2 for a bad frame
 *  (the trailer flag on a type that has none, or a trailer cut short in development mode). */
export function authOpen(d: usize, body: i32): i32 {
  const t = <i32>load<u8>(d + 1);
  const flagged = (t & FRAME_AUTH) != 0;
  const type = t & ~FRAME_AUTH;
  const len = body - FRAME_HEADER_BYTES;
  if (!authenticatedType(type)) return flagged ? -2 : len;
  if (!keyed) {
    if (!flagged) return len;
    return len >= AUTH_TRAILER_BYTES ? len - AUTH_TRAILER_BYTES : -2; // not checked: no key to check it with
  }
  if (!flagged || len < AUTH_TRAILER_BYTES) {
    statAdd(STAT_AUTH_FAILED, 1);
    return -1;
  }
  const at = d + <usize>(body - AUTH_TAG_BYTES);
  hmac(keyState, d, body - AUTH_TAG_BYTES, tag);
  if (!equalConstantTime(tag, at, AUTH_TAG_BYTES)) {
    statAdd(STAT_AUTH_FAILED, 1);
    return -1;
  }
  const counter = load<u64>(at - <usize>AUTH_COUNTER_BYTES);
  if (counter <= counterIn) {
    statAdd(STAT_AUTH_REPLAYED, 1);
    return -1;
  }
  counterIn = counter;
  statSet(STAT_AUTH_COUNTER_IN, <f64>counterIn);
  return len - AUTH_TRAILER_BYTES;
}

/** Seals the raw frame at `base` (`body` bytes: header and payload) of this type: with a key and a type
 *  that is authenticated, sets the flag, appends counter and tag, and returns the new body length. The
 *  counter runs above every counter accepted from the host, so a host that seeds its own from a clock
 *  sees the firmware's rise past anything it sent before a restart of either end. */
export function authSeal(base: usize, body: i32): i32 {
  const type = <i32>load<u8>(base + 1);
  if (!keyed || !authenticatedType(type)) return body;
  store<u8>(base + 1, <u8>(type | FRAME_AUTH));
  counterOut = (counterOut > counterIn ? counterOut : counterIn) + 1;
  store<u64>(base + <usize>body, counterOut);
  hmac(keyState, base, body + AUTH_COUNTER_BYTES, tag);
  memory.copy(base + <usize>(body + AUTH_COUNTER_BYTES), tag, AUTH_TAG_BYTES);
  statSet(STAT_AUTH_COUNTER_OUT, <f64>counterOut);
  return body + AUTH_TRAILER_BYTES;
}
