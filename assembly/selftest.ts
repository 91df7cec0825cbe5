// Built-in test: a synthetic raid generated here (own PRNG, no imports), encoded as real wire frames,
// fed through the receive path and the whole tracking pipeline. The checksum (FNV-1a over every byte
// the firmware transmits) must be identical on every engine for a given board: the bring-up check a
// microcontroller port runs first. It reinitialises the firmware. After every scan the checksum also takes
// every track's full filter state (time, state vector, the 21 covariance values) bit for bit: the
// transmitted records are rounded, so an engine whose floating point is not IEEE 754 (a fused multiply-add,
// flushed denormals, a different rounding) could otherwise still pass (test/mcu-features.test.ts).
import { MAX_TRACKS } from "./board";
import { FRAME_CONFIG, CONFIG_SENSOR, SENSOR_CONFIG_BYTES } from "./protocol";
import { txPtr, txLength, txClear } from "./link/tx";
import { loopbackReset, loopbackPayload, loopbackSend, loopbackPlot as addPlot, loopbackFlush as flushPlots } from "./link/loopback";
import { rngSeed, nextU32, uniform, normal } from "./util/xorshift";
import { active, trackCount, tTime, tx, ty, tz, tvx, tvy, tvz, cov, COV } from "./track/tracks";

const MAX_TARGETS: i32 = 24;
const px = new StaticArray<f64>(MAX_TARGETS);
const py = new StaticArray<f64>(MAX_TARGETS);
const pz = new StaticArray<f64>(MAX_TARGETS);
const vx = new StaticArray<f64>(MAX_TARGETS);
const vy = new StaticArray<f64>(MAX_TARGETS);

function configureRadar(): void {
  const p = loopbackPayload(SENSOR_CONFIG_BYTES);
  store<u8>(p, <u8>CONFIG_SENSOR);
  store<u16>(p + 2, 1);
  store<f32>(p + 32, 30);      // σ range, m
  store<f32>(p + 36, 0.002);   // σ azimuth, rad
  store<f32>(p + 40, 0.004);   // σ elevation, rad
  store<f32>(p + 44, 30);
  store<f32>(p + 48, 60000);   // max range
  store<f32>(p + 52, 0.9);     // Pd
  store<f32>(p + 56, 1e-12);   // false-plot density
  store<f32>(p + 60, 1);       // scan period, s
  loopbackSend(FRAME_CONFIG, SENSOR_CONFIG_BYTES);
}

/** Runs `scans` one-second scans of a synthetic raid; `init` must be called by the caller first. */
export function runSelftest(seed: u32, scans: i32, step: (t: f64) => i32): u32 {
  rngSeed(seed == 0 ? 0x9E3779B9 : seed ^ 0x5bd1e995);
  for (let i = 0; i < 8; i++) nextU32();
  loopbackReset(1);
  const targets = min(MAX_TARGETS, MAX_TRACKS / 4);
  for (let i = 0; i < targets; i++) {
    const bearing = 2 * Math.PI * uniform();
    const r0 = 30000 + 20000 * uniform();
    const speed = uniform() < 0.7 ? 50 + 10 * uniform() : 220 + 30 * uniform();
    const heading = bearing + Math.PI + 0.6 * (uniform() - 0.5);
    unchecked(px[i] = r0 * Math.sin(bearing)); unchecked(py[i] = r0 * Math.cos(bearing));
    unchecked(pz[i] = 100 + 2900 * uniform());
    unchecked(vx[i] = speed * Math.sin(heading)); unchecked(vy[i] = speed * Math.cos(heading));
  }
  configureRadar();
  txClear();
  let hash: u32 = 0x811C9DC5;
  const n = min(max(scans, 0), 100000);
  for (let k = 1; k <= n; k++) {
    const t = <f64>k * 1000;
    for (let i = 0; i < targets; i++) {
      unchecked(px[i] += vx[i]); unchecked(py[i] += vy[i]);
      if (uniform() < 0.9) {
        const x = unchecked(px[i]), y = unchecked(py[i]), z = unchecked(pz[i]);
        const ground = Math.sqrt(x * x + y * y);
        addPlot(t, Math.sqrt(ground * ground + z * z) + 30 * normal(), Math.atan2(x, y) + 0.002 * normal(),
          Math.atan2(z, ground) + 0.004 * normal());
      }
    }
    for (let c = 0; c < 6; c++) addPlot(t, 2000 + 55000 * uniform(), 2 * Math.PI * uniform(), 0.1 * uniform());
    flushPlots();
    const len = step(t);
    const out = txPtr();
    for (let i = 0; i < len; i++) hash = (hash ^ <u32>load<u8>(out + <usize>i)) * 16777619;
    hash = hashFilterState(hash);
  }
  assert(txLength() >= 0);
  return hash;
}

@inline function fnvU64(hash: u32, bits: u64): u32 {
  for (let b: u64 = 0; b < 64; b += 8) hash = (hash ^ <u32>((bits >> b) & 0xFF)) * 16777619;
  return hash;
}

/** FNV-1a over the exact bits of every active track's filter state, in pool order (bounded by the pool). */
function hashFilterState(hash: u32): u32 {
  const nt = trackCount();
  for (let k = 0; k < nt; k++) {
    const s = unchecked(active[k]);
    hash = fnvU64(hash, reinterpret<u64>(unchecked(tTime[s])));
    hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(tx[s]))); hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(ty[s])));
    hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(tz[s]))); hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(tvx[s])));
    hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(tvy[s]))); hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(tvz[s])));
    for (let i = 0; i < COV; i++) hash = fnvU64(hash, reinterpret<u64>(<f64>unchecked(cov[s * COV + i])));
  }
  return hash;
}
