// Frames the firmware writes to itself: its built-in synthetic raids (selftest.ts, bench-abi.ts) encode
// real wire frames and feed them through the receive path, so a self-test exercises the link as well as
// the tracker. Plot frames hold 31 plots: half the buffers, a few hundred bytes on a small board.
import {
  FRAME_PLOTS, PROTOCOL_VERSION, PLOT_POLAR, PLOT_RECORD_BYTES, PLOTS_HEADER_BYTES, FIRE_UNIT_CONFIG_BYTES,
} from "../protocol";
import { crc32c } from "./crc32c";
import { cobsEncode } from "./cobs";
import { rxFeed } from "./rx";

const PLOTS_PER_FRAME: i32 = 31;
const PAYLOAD: i32 = max(PLOTS_HEADER_BYTES + PLOTS_PER_FRAME * PLOT_RECORD_BYTES, FIRE_UNIT_CONFIG_BYTES);
const raw = new StaticArray<u8>(8 + PAYLOAD);
const enc = new StaticArray<u8>(8 + PAYLOAD + (8 + PAYLOAD) / 254 + 3);
let seq: u16 = 0;
let nPlot: i32 = 0;
let plotSerial: u32 = 1;
let plotSensor: u16 = 1;

/** Starts a new stream: sequence numbers and plot ids from the beginning, plots of sensor `sensor`. */
export function loopbackReset(sensor: u16): void { seq = 0; nPlot = 0; plotSerial = 1; plotSensor = sensor; }

/** Zeroed payload area of the next frame (len ≤ the largest CONFIG section or a 31-plot batch). */
export function loopbackPayload(len: i32): usize {
  assert(len <= PAYLOAD);
  const p = changetype<usize>(raw) + 4;
  memory.fill(p, 0, <usize>len);
  return p;
}

/** Seals the frame holding `payloadLen` bytes and feeds it to the firmware's own receive path. */
export function loopbackSend(type: i32, payloadLen: i32): void {
  const b = changetype<usize>(raw);
  store<u8>(b, <u8>PROTOCOL_VERSION);
  store<u8>(b + 1, <u8>type);
  store<u16>(b + 2, seq++);
  store<u32>(b + 4 + <usize>payloadLen, crc32c(b, 4 + payloadLen));
  const e = changetype<usize>(enc);
  const n = cobsEncode(b, 8 + payloadLen, e);
  store<u8>(e + <usize>n, 0);
  rxFeed(e, n + 1);
}

/** Adds a polar plot (range m, azimuth and elevation rad) at time t; full frames go out by themselves. */
export function loopbackPlot(t: f64, r: f64, az: f64, el: f64): void {
  const p = changetype<usize>(raw) + 4 + <usize>(PLOTS_HEADER_BYTES + nPlot * PLOT_RECORD_BYTES);
  store<u32>(p, plotSerial++);
  store<u8>(p + 4, <u8>PLOT_POLAR);
  store<u8>(p + 5, 0);
  store<u16>(p + 6, 0);
  store<f64>(p + 8, t);
  store<f32>(p + 16, <f32>r);
  store<f32>(p + 20, <f32>az);
  store<f32>(p + 24, <f32>el);
  store<f32>(p + 28, NaN);
  if (++nPlot == PLOTS_PER_FRAME) loopbackFlush();
}

/** Sends the plots still waiting in a partial frame. */
export function loopbackFlush(): void {
  if (nPlot == 0) return;
  const p = changetype<usize>(raw) + 4;
  store<u16>(p, plotSensor);
  store<u16>(p + 2, <u16>nPlot);
  loopbackSend(FRAME_PLOTS, PLOTS_HEADER_BYTES + nPlot * PLOT_RECORD_BYTES);
  nPlot = 0;
}
