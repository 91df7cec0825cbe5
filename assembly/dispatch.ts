// Frame dispatcher: validated frames from the deframer land here by type. CONFIG is checked field by
// field before anything changes, and answered with an ACK naming the offending byte offset.
import { real } from "./board";
import {
  FRAME_CONFIG, FRAME_SCAN, FRAME_PLOTS, FRAME_HEARTBEAT, FRAME_ACK, CONFIG_SENSOR, CONFIG_TRACKER, CONFIG_RESET,
  ACK_OK, ACK_BAD_SECTION, ACK_BAD_LENGTH, ACK_BAD_VALUE, ACK_NO_CAPACITY, PLOTS_HEADER_BYTES, PLOT_RECORD_BYTES,
  STAT_PLOTS_UNKNOWN_SENSOR, STAT_CONFIG_REJECTED,
} from "./protocol";
import { statAdd } from "./stats";
import { txPayload, txSend } from "./link/tx";
import {
  sensorSlot, sensorSlotOrNew, siteX, siteY, siteZ, sigmaRange, sigmaAz, sigmaEl, sigmaCart, maxRange, pd,
  falseDensity, scanPeriodS,
} from "./sensors";
import { plotAdd, plotsClear } from "./plots";
import { paramsSet } from "./params";
import { tracksClear } from "./track/tracks";
import { trackerReset } from "./track/tracker";

/** Handles one frame; false when its type or length is wrong (counted by the caller). */
export function dispatchFrame(type: i32, seq: i32, p: usize, len: i32): bool {
  if (type == FRAME_PLOTS) return onPlots(p, len);
  if (type == FRAME_CONFIG) return onConfig(seq, p, len);
  if (type == FRAME_SCAN) return len == 16;
  if (type == FRAME_HEARTBEAT) return len == 8;
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

function onConfig(seq: i32, p: usize, len: i32): bool {
  if (len < 1) return ack(seq, ACK_BAD_LENGTH, 0);
  const section = <i32>load<u8>(p);
  if (section == CONFIG_SENSOR) return onSensor(seq, p, len);
  if (section == CONFIG_TRACKER) return onTracker(seq, p, len);
  if (section == CONFIG_RESET) {
    if (len != 1) return ack(seq, ACK_BAD_LENGTH, 0);
    tracksClear();
    plotsClear();
    trackerReset();
    return ack(seq, ACK_OK, 0);
  }
  return ack(seq, ACK_BAD_SECTION, 0);
}

function onSensor(seq: i32, p: usize, len: i32): bool {
  if (len != 64) return ack(seq, ACK_BAD_LENGTH, 0);
  const x = load<f64>(p + 8), y = load<f64>(p + 16), z = load<f64>(p + 24);
  if (!isFinite(x) || abs(x) > 1e7) return ack(seq, ACK_BAD_VALUE, 8);
  if (!isFinite(y) || abs(y) > 1e7) return ack(seq, ACK_BAD_VALUE, 16);
  if (!isFinite(z) || abs(z) > 1e7) return ack(seq, ACK_BAD_VALUE, 24);
  for (let off = 32; off <= 48; off += 4) if (!positive(f32At(p, off))) return ack(seq, ACK_BAD_VALUE, off);
  const pdv = f32At(p, 52);
  if (!(pdv > 0 && pdv <= 1)) return ack(seq, ACK_BAD_VALUE, 52);
  const fd = f32At(p, 56);
  if (!(fd >= 0 && fd < 1)) return ack(seq, ACK_BAD_VALUE, 56);
  if (!positive(f32At(p, 60))) return ack(seq, ACK_BAD_VALUE, 60);
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
  return ack(seq, ACK_OK, 0);
}

function onTracker(seq: i32, p: usize, len: i32): bool {
  if (len != 28) return ack(seq, ACK_BAD_LENGTH, 0);
  const m = <i32>load<u8>(p + 1), n = <i32>load<u8>(p + 2), k = <i32>load<u8>(p + 3);
  if (n < 1 || n > 31) return ack(seq, ACK_BAD_VALUE, 2);
  if (m < 1 || m > n) return ack(seq, ACK_BAD_VALUE, 1);
  if (k < 1) return ack(seq, ACK_BAD_VALUE, 3);
  for (let off = 4; off <= 24; off += 4) {
    const v = f32At(p, off);
    if (off == 16 ? !(v > 0 && v < 1) : !positive(v)) return ack(seq, ACK_BAD_VALUE, off);
  }
  paramsSet(m, n, k, <real>f32At(p, 4), <real>f32At(p, 8), <real>f32At(p, 12), <real>f32At(p, 16),
    <real>f32At(p, 20), <real>f32At(p, 24));
  return ack(seq, ACK_OK, 0);
}
