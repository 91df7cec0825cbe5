// Output of a TEWA cycle: ORDER frames (fire orders issued this step) and THREATS frames (the evaluated
// threat picture: class, value, time-to-go, engagement state), both laid out in docs/wire-protocol.md.
import { real, WTA_MAX_TARGETS } from "../board";
import {
  FRAME_ORDER, FRAME_THREATS, ORDERS_HEADER_BYTES, ORDER_RECORD_BYTES, THREATS_HEADER_BYTES, THREAT_RECORD_BYTES,
  ENGAGE_NONE, ENGAGE_KILLED, FRAME_MAX_PAYLOAD, STAT_COUNT, STAT_THREATS_TRUNCATED,
} from "../protocol";
import { txPayload, txSend, txRoom, txWireBytes } from "../link/tx";
import { ORDERS_PER_FRAME } from "../limits";
import { statAdd } from "../stats";
import { tNumber, tClass, tKilled } from "../track/tracks";
import { unitId, assetId } from "./battery";
import { eState, eUnit, ePk, eInterceptMs, engagementOfTrack } from "./engage";
import { truncSat } from "../util/trunc";

const MAX_ORDERS: i32 = WTA_MAX_TARGETS; // at most one order per threat column a cycle
const oId = new StaticArray<u32>(MAX_ORDERS);
const oTrack = new StaticArray<u32>(MAX_ORDERS);
const oUnit = new StaticArray<i32>(MAX_ORDERS);
const oRounds = new StaticArray<i32>(MAX_ORDERS);
const oLook = new StaticArray<bool>(MAX_ORDERS);
const oClass = new StaticArray<u8>(MAX_ORDERS);
const oInterceptMs = new StaticArray<f64>(MAX_ORDERS);
const oX = new StaticArray<real>(MAX_ORDERS);
const oY = new StaticArray<real>(MAX_ORDERS);
const oZ = new StaticArray<real>(MAX_ORDERS);
const oPk = new StaticArray<real>(MAX_ORDERS);
const oValue = new StaticArray<real>(MAX_ORDERS);
const oTgo = new StaticArray<real>(MAX_ORDERS);
let orders: i32 = 0;

export function ordersClear(): void { orders = 0; }

export function orderAdd(id: u32, slot: i32, unit: i32, rounds: i32, look: bool, interceptMs: f64,
    x: real, y: real, z: real, pRound: real, value: real, tgo: real): void {
  if (orders >= MAX_ORDERS) return;
  const k = orders++;
  unchecked(oId[k] = id); unchecked(oTrack[k] = tNumber[slot]); unchecked(oUnit[k] = unit); unchecked(oRounds[k] = rounds);
  unchecked(oLook[k] = look); unchecked(oClass[k] = tClass[slot]); unchecked(oInterceptMs[k] = interceptMs);
  unchecked(oX[k] = x); unchecked(oY[k] = y); unchecked(oZ[k] = z); unchecked(oPk[k] = pRound);
  unchecked(oValue[k] = value); unchecked(oTgo[k] = tgo);
}

const THREATS_PER_FRAME: i32 = (FRAME_MAX_PAYLOAD - THREATS_HEADER_BYTES) / THREAT_RECORD_BYTES;

export function sendOrders(tMs: f64): void {
  let k = 0;
  let guard = orders + 1;
  while (k < orders && guard-- > 0) {
    const b = txPayload();
    const n = min(ORDERS_PER_FRAME, orders - k);
    store<f64>(b, tMs);
    store<u16>(b + 8, <u16>n);
    store<u16>(b + 10, 0);
    for (let q = 0; q < n; q++, k++) {
      const r = b + <usize>(ORDERS_HEADER_BYTES + q * ORDER_RECORD_BYTES);
      store<u32>(r, unchecked(oId[k]));
      store<u32>(r + 4, unchecked(oTrack[k]));
      store<u16>(r + 8, <u16>unchecked(unitId[oUnit[k]]));
      store<u8>(r + 10, <u8>unchecked(oRounds[k]));
      store<u8>(r + 11, unchecked(oLook[k]) ? 1 : 0);
      store<f64>(r + 12, unchecked(oInterceptMs[k]));
      store<f32>(r + 20, <f32>unchecked(oX[k]));
      store<f32>(r + 24, <f32>unchecked(oY[k]));
      store<f32>(r + 28, <f32>unchecked(oZ[k]));
      store<f32>(r + 32, <f32>unchecked(oPk[k]));
      store<f32>(r + 36, <f32>unchecked(oValue[k]));
      store<u8>(r + 40, unchecked(oClass[k]));
      store<u8>(r + 41, 0); store<u16>(r + 42, 0);
      store<f32>(r + 44, <f32>unchecked(oTgo[k]));
    }
    txSend(FRAME_ORDER, ORDERS_HEADER_BYTES + n * ORDER_RECORD_BYTES);
  }
}

/** Bytes the ORDER frames of this step take at most. */
function orderBytes(): i32 {
  const full = orders / ORDERS_PER_FRAME, rest = orders % ORDERS_PER_FRAME;
  return full * txWireBytes(ORDERS_HEADER_BYTES + ORDERS_PER_FRAME * ORDER_RECORD_BYTES)
    + (rest > 0 ? txWireBytes(ORDERS_HEADER_BYTES + rest * ORDER_RECORD_BYTES) : 0);
}

/** Bytes `n` threat records take at most as THREATS frames. */
function threatBytes(n: i32): i32 {
  const full = n / THREATS_PER_FRAME, rest = n % THREATS_PER_FRAME;
  return full * txWireBytes(THREATS_HEADER_BYTES + THREATS_PER_FRAME * THREAT_RECORD_BYTES)
    + (rest > 0 || n == 0 ? txWireBytes(THREATS_HEADER_BYTES + rest * THREAT_RECORD_BYTES) : 0);
}

// @ts-ignore: decorator
@inline function valueKey(v: real): u64 { return v > 0 ? reinterpret<u64>(<f64>v) : 0; } // v ≥ 0: bits order as values

/** Threat records whose value key is above `t`. */
function countAbove(count: i32, value: StaticArray<real>, t: u64): i32 {
  let n = 0;
  for (let h = 0; h < count; h++) if (valueKey(unchecked(value[h])) > t) n++;
  return n;
}

/** THREATS frames for the threat table of this step (thSlot..thConf of cycle.ts). The ORDER frames of the
 *  step and TELEMETRY are sent after them and always have their room: when the whole table does not fit
 *  what is left, only the most threatening records that do are sent (table order kept), the rest counted. */
export function sendThreats(tMs: f64, count: i32, slot: StaticArray<i32>, value: StaticArray<real>, tgo: StaticArray<real>,
    asset: StaticArray<i32>, pHit: StaticArray<real>, conf: StaticArray<real>): void {
  const room = txRoom() - orderBytes() - txWireBytes(12 + STAT_COUNT * 8);
  let sent = count;
  let cut: u64 = 0; // records with a key above cut are sent, and `ties` of those equal to it
  let ties = 0;
  if (threatBytes(count) > room) {
    const full = max(0, room) / txWireBytes(THREATS_HEADER_BYTES + THREATS_PER_FRAME * THREAT_RECORD_BYTES);
    sent = min(count, full * THREATS_PER_FRAME);
    statAdd(STAT_THREATS_TRUNCATED, <f64>(count - sent));
    if (sent == 0) return;
    // The smallest key with at most `sent` records above it, by bisection (64 bits: bounded passes).
    let lo: u64 = 0, hi: u64 = 0x7FF0000000000000;
    for (let i = 0; i < 64 && lo < hi; i++) {
      const mid = lo + ((hi - lo) >> 1);
      if (countAbove(count, value, mid) <= sent) hi = mid; else lo = mid + 1;
    }
    cut = hi;
    ties = sent - countAbove(count, value, cut);
  }
  const parts = max(1, (sent + THREATS_PER_FRAME - 1) / THREATS_PER_FRAME);
  let h = 0;
  for (let part = 0; part < parts; part++) {
    const b = txPayload();
    const n = min(THREATS_PER_FRAME, sent - part * THREATS_PER_FRAME);
    store<f64>(b, tMs);
    store<u16>(b + 8, <u16>part);
    store<u16>(b + 10, <u16>parts);
    store<u16>(b + 12, <u16>n);
    for (let q = 0; q < n && h < count; h++) {
      if (sent < count) {
        const k = valueKey(unchecked(value[h]));
        if (k < cut || (k == cut && ties-- <= 0)) continue;
      }
      writeThreat(b + <usize>(THREATS_HEADER_BYTES + q * THREAT_RECORD_BYTES), tMs, h, slot, value, tgo, asset, pHit, conf);
      q++;
    }
    txSend(FRAME_THREATS, THREATS_HEADER_BYTES + n * THREAT_RECORD_BYTES);
  }
}

function writeThreat(r: usize, tMs: f64, h: i32, slot: StaticArray<i32>, value: StaticArray<real>, tgo: StaticArray<real>,
    asset: StaticArray<i32>, pHit: StaticArray<real>, conf: StaticArray<real>): void {
  const s = unchecked(slot[h]);
  const e = engagementOfTrack(s);
  const state = unchecked(tKilled[s]) ? ENGAGE_KILLED : (e >= 0 ? unchecked(eState[e]) : ENGAGE_NONE);
  store<u32>(r, unchecked(tNumber[s]));
  store<u8>(r + 4, unchecked(tClass[s]));
  store<u8>(r + 5, <u8>min(255, truncSat(unchecked(conf[h]) * 255)));
  store<u8>(r + 6, <u8>state);
  store<u8>(r + 7, 0);
  const a = unchecked(asset[h]);
  store<u16>(r + 8, a >= 0 ? <u16>unchecked(assetId[a]) : 0xFFFF);
  store<u16>(r + 10, e >= 0 ? <u16>unchecked(unitId[eUnit[e]]) : 0xFFFF);
  store<f32>(r + 12, <f32>unchecked(value[h]));
  store<f32>(r + 16, <f32>unchecked(tgo[h]));
  store<f32>(r + 20, <f32>unchecked(pHit[h]));
  store<f32>(r + 24, e >= 0 ? <f32>unchecked(ePk[e]) : 0);
  store<f32>(r + 28, e >= 0 ? <f32>((unchecked(eInterceptMs[e]) - tMs) * 0.001) : <f32>NaN);
}
