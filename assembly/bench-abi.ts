// Zero-argument benchmark workloads, for engines that can only call exports without arguments
// (wasm-interp, a microcontroller's shell): a fixed synthetic raid, targets inbound on a defended point
// plus as many clutter plots, Pd 0.9, 1 s scans, sent as real wire frames through `ingest` and run by
// `step` with TEWA on (an 8-unit battery, 4 assets). Each call reinitialises the firmware and returns
// FNV-1a over every byte transmitted, so two engines can be shown to have done the same work. The
// approach of selftest.ts, scaled: targets are capped by the board's plot pool. Boards run by an
// interpreter and the bench board carry them; the production host board answers 0.
import { MAX_PLOTS, BENCH_WORKLOADS } from "./board";
import {
  FRAME_CONFIG, CONFIG_SENSOR, SENSOR_CONFIG_BYTES, CONFIG_ASSET, CONFIG_FIRE_UNIT, CONFIG_DOCTRINE, UNIT_LONG_RANGE_SAM,
  UNIT_SHORT_RANGE_SAM, UNIT_GUN,
} from "./protocol";
import { txPtr, txClear } from "./link/tx";
import { loopbackReset, loopbackPayload as payload, loopbackSend as sendFrame, loopbackPlot as addPlot, loopbackFlush as flushPlots } from "./link/loopback";
import { rngSeed, rngState, rngRestore, nextU32, uniform, normal } from "./util/xorshift";
import { init, step } from "./index";

/** Scans per run: enough for tracks to confirm and TEWA to engage, few enough for an interpreter. */
export const BENCH_SCANS: i32 = 12;
const CAP: i32 = min(550, MAX_PLOTS / 2);

/** benchRaid(64, BENCH_SCANS). */
export function benchRaid64(): u32 { return benchRaid(64, BENCH_SCANS); }
/** benchRaid(550, BENCH_SCANS): the acceptance raid's size (capped on small boards). */
export function benchRaid550(): u32 { return benchRaid(550, BENCH_SCANS); }

/** Runs `scans` scans of a raid of `targets` targets (capped to the board) and as many clutter plots. */
export function benchRaid(targets: i32, scans: i32): u32 {
  if (!BENCH_WORKLOADS) return 0; // not on this board (the production V8 host): the compiler drops the rest
  init();
  const n = min(max(targets, 1), CAP);
  rngSeed(0x2545F491);
  loopbackReset(1);
  // The 550-target raid's density: the area grows with the count.
  const scale = Math.sqrt(max(<f64>n / 550, 1));
  const reach = 45000 * scale;
  configure(reach, <f64>n / (Math.PI * reach * reach * 10000));
  let hash: u32 = 0x811C9DC5;
  for (let k = 1; k <= min(max(scans, 0), 10000); k++) {
    const t = <f64>k * 1000;
    for (let i = 0; i < n; i++) {
      if (uniform() < 0.9) {
        place(i, <f64>k, scale);
        const x = gx, y = gy, z = gz;
        const ground = Math.sqrt(x * x + y * y);
        addPlot(t, Math.sqrt(ground * ground + z * z) + 30 * normal(), Math.atan2(x, y) + 0.001 * normal(),
          Math.atan2(z, ground) + 0.002 * normal());
      }
    }
    for (let c = 0; c < n; c++) addPlot(t, 2000 + (reach - 2000) * Math.sqrt(uniform()), 2 * Math.PI * uniform(), 0.05 * uniform());
    flushPlots();
    const len = step(t);
    const out = txPtr();
    for (let i = 0; i < len; i++) hash = (hash ^ <u32>load<u8>(out + <usize>i)) * 16777619;
  }
  return hash;
}

// Target i's flight follows from its index alone, so small boards hold no per-target state.
let gx: f64 = 0, gy: f64 = 0, gz: f64 = 0;
function place(i: i32, tS: f64, scale: f64): void {
  const saved = rngState();
  rngSeed((<u32>i + 1) * 0x9E3779B9);
  for (let w = 0; w < 4; w++) nextU32();
  const bearing = 2 * Math.PI * uniform(), r0 = (25000 + 15000 * uniform()) * scale;
  const speed = uniform() < 0.8 ? 40 + 30 * uniform() : 200 + 50 * uniform();
  const heading = bearing + Math.PI + 0.3 * (uniform() - 0.5);
  gx = r0 * Math.sin(bearing) + speed * Math.sin(heading) * tS;
  gy = r0 * Math.cos(bearing) + speed * Math.cos(heading) * tS;
  gz = 100 + 2900 * uniform();
  rngRestore(saved);
}

function configure(reach: f64, falseDensity: f64): void {
  const p = payload(SENSOR_CONFIG_BYTES);
  store<u8>(p, <u8>CONFIG_SENSOR); store<u16>(p + 2, 1);
  store<f64>(p + 24, 10);                   // site up, m
  store<f32>(p + 32, 30); store<f32>(p + 36, 0.001); store<f32>(p + 40, 0.002); store<f32>(p + 44, 30);
  store<f32>(p + 48, <f32>(reach * 1.5)); store<f32>(p + 52, 0.9); store<f32>(p + 56, <f32>falseDensity);
  store<f32>(p + 60, 1);
  sendFrame(FRAME_CONFIG, SENSOR_CONFIG_BYTES);
  for (let a = 0; a < 4; a++) {
    const q = payload(24);
    store<u8>(q, <u8>CONFIG_ASSET); store<u8>(q + 1, 1); store<u16>(q + 2, <u16>(a + 1));
    store<f32>(q + 4, <f32>(3000 * Math.sin(<f64>a * 1.6))); store<f32>(q + 8, <f32>(3000 * Math.cos(<f64>a * 1.6)));
    store<f32>(q + 16, 800); store<f32>(q + 20, 1e7);
    sendFrame(FRAME_CONFIG, 24);
  }
  for (let u = 0; u < 8; u++) {
    const kind = u < 2 ? UNIT_LONG_RANGE_SAM : u < 5 ? UNIT_SHORT_RANGE_SAM : UNIT_GUN;
    const q = payload(76);
    store<u8>(q, <u8>CONFIG_FIRE_UNIT); store<u8>(q + 1, <u8>kind); store<u16>(q + 2, <u16>(u + 1));
    store<f32>(q + 4, <f32>(4000 * Math.sin(<f64>u * 0.785))); store<f32>(q + 8, <f32>(4000 * Math.cos(<f64>u * 0.785)));
    store<f32>(q + 16, kind == UNIT_GUN ? 0 : 500);
    store<f32>(q + 20, kind == UNIT_LONG_RANGE_SAM ? 60000 : kind == UNIT_GUN ? 2500 : 15000);
    store<f32>(q + 28, kind == UNIT_LONG_RANGE_SAM ? 25000 : 5000);
    store<f32>(q + 32, 3000); store<f32>(q + 36, kind == UNIT_GUN ? 900 : 800); store<f32>(q + 40, 3);
    store<u16>(q + 44, kind == UNIT_LONG_RANGE_SAM ? 8 : 4); store<u16>(q + 46, kind == UNIT_GUN ? 100 : 8);
    store<f32>(q + 52, 60);
    store<f32>(q + 56, 0.5); store<f32>(q + 60, 0.7); store<f32>(q + 64, 0.6); store<f32>(q + 68, 0);
    store<f32>(q + 72, kind == UNIT_LONG_RANGE_SAM ? 4e6 : kind == UNIT_GUN ? 300 : 5e5);
    sendFrame(FRAME_CONFIG, 76);
  }
  const q = payload(16);
  store<u8>(q, <u8>CONFIG_DOCTRINE); store<u8>(q + 1, 1); store<u8>(q + 2, 2);
  store<f32>(q + 4, 0.001); store<f32>(q + 8, 3); store<u32>(q + 12, 20000);
  sendFrame(FRAME_CONFIG, 16);
  txClear(); // the ACKs are not part of the checksum
}
