// Output of a TEWA cycle: ORDER frames (fire orders issued this step) and THREATS frames (the evaluated
// threat picture: class, value, time-to-go, engagement state), both laid out in docs/wire-protocol.md.
import { real, WTA_MAX_TARGETS } from "../board";
import {
  FRAME_ORDER, FRAME_THREATS, ORDERS_HEADER_BYTES, ORDER_RECORD_BYTES, THREATS_HEADER_BYTES, THREAT_RECORD_BYTES,
  ENGAGE_NONE, ENGAGE_KILLED, FRAME_MAX_PAYLOAD,
} from "../protocol";
import { txPayload, txSend } from "../link/tx";
import { tNumber, tClass, tKilled } from "../track/tracks";
import { unitId, assetId } from "./battery";
import { eState, eUnit, ePk, eInterceptMs, engagementOfTrack } from "./engage";

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

const ORDERS_PER_FRAME: i32 = (FRAME_MAX_PAYLOAD - ORDERS_HEADER_BYTES) / ORDER_RECORD_BYTES;
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

/** THREATS frames for the threat table of this step (thSlot..thConf of cycle.ts). */
export function sendThreats(tMs: f64, count: i32, slot: StaticArray<i32>, value: StaticArray<real>, tgo: StaticArray<real>,
    asset: StaticArray<i32>, pHit: StaticArray<real>, conf: StaticArray<real>): void {
  const parts = max(1, (count + THREATS_PER_FRAME - 1) / THREATS_PER_FRAME);
  let h = 0;
  for (let part = 0; part < parts; part++) {
    const b = txPayload();
    const n = min(THREATS_PER_FRAME, count - h);
    store<f64>(b, tMs);
    store<u16>(b + 8, <u16>part);
    store<u16>(b + 10, <u16>parts);
    store<u16>(b + 12, <u16>n);
    for (let q = 0; q < n; q++, h++) {
      const r = b + <usize>(THREATS_HEADER_BYTES + q * THREAT_RECORD_BYTES);
      const s = unchecked(slot[h]);
      const e = engagementOfTrack(s);
      const state = unchecked(tKilled[s]) ? ENGAGE_KILLED : (e >= 0 ? unchecked(eState[e]) : ENGAGE_NONE);
      store<u32>(r, unchecked(tNumber[s]));
      store<u8>(r + 4, unchecked(tClass[s]));
      store<u8>(r + 5, <u8>min(255, <i32>(unchecked(conf[h]) * 255)));
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
    txSend(FRAME_THREATS, THREATS_HEADER_BYTES + n * THREAT_RECORD_BYTES);
  }
}
