// Output frames of a step: the confirmed-track picture predicted to the step time (TRACKS, in parts)
// and the telemetry counters (TELEMETRY). Layouts: docs/wire-protocol.md.
import { real } from "./board";
import { rsqrt } from "./real";
import {
  FRAME_TRACKS, FRAME_TELEMETRY, TRACK_TENTATIVE, TRACKS_HEADER_BYTES, TRACK_RECORD_BYTES, STAT_COUNT,
} from "./protocol";
import { TRACKS_PER_FRAME } from "./limits";
import { txPayload, txSend } from "./link/tx";
import { statGet } from "./stats";
import { positionSigmaAt } from "./track/maintain";
import {
  active, trackCount, tx, ty, tz, tvx, tvy, tvz, cov, COV, tTime, tStatus, tHits, tMisses, tNumber, tLastPlot, tClass,
} from "./track/tracks";
import { trackAccel } from "./track/process-noise";

export function confirmedCount(): i32 {
  let n = 0;
  const nt = trackCount();
  for (let k = 0; k < nt; k++) if (<i32>unchecked(tStatus[active[k]]) != TRACK_TENTATIVE) n++;
  return n;
}

export function sendTracks(tMs: f64): void {
  const total = confirmedCount();
  const parts = max(1, (total + TRACKS_PER_FRAME - 1) / TRACKS_PER_FRAME);
  const nt = trackCount();
  let k = 0;
  for (let part = 0; part < parts; part++) {
    const base = txPayload();
    let n = 0;
    let guard = nt + 1;
    while (n < TRACKS_PER_FRAME && k < nt && guard-- > 0) {
      const s = unchecked(active[k++]);
      if (<i32>unchecked(tStatus[s]) == TRACK_TENTATIVE) continue;
      writeTrack(base + <usize>(TRACKS_HEADER_BYTES + n * TRACK_RECORD_BYTES), s, tMs);
      n++;
    }
    store<f64>(base, tMs);
    store<u16>(base + 8, <u16>part);
    store<u16>(base + 10, <u16>parts);
    store<u16>(base + 12, <u16>n);
    txSend(FRAME_TRACKS, TRACKS_HEADER_BYTES + n * TRACK_RECORD_BYTES);
  }
}

function writeTrack(at: usize, s: i32, tMs: f64): void {
  const dt = <real>((tMs - unchecked(tTime[s])) * 0.001);
  const c = s * COV;
  store<u32>(at, unchecked(tNumber[s]));
  store<u8>(at + 4, unchecked(tStatus[s]));
  store<u8>(at + 5, <u8>min(unchecked(tHits[s]), 255));
  store<u8>(at + 6, <u8>min(unchecked(tMisses[s]), 255));
  store<u8>(at + 7, unchecked(tClass[s]));
  store<f32>(at + 8, <f32>(unchecked(tx[s]) + unchecked(tvx[s]) * dt));
  store<f32>(at + 12, <f32>(unchecked(ty[s]) + unchecked(tvy[s]) * dt));
  store<f32>(at + 16, <f32>(unchecked(tz[s]) + unchecked(tvz[s]) * dt));
  store<f32>(at + 20, <f32>unchecked(tvx[s]));
  store<f32>(at + 24, <f32>unchecked(tvy[s]));
  store<f32>(at + 28, <f32>unchecked(tvz[s]));
  store<f32>(at + 32, <f32>positionSigmaAt(s, dt));
  const a = trackAccel(s);
  const q = a * a * abs<real>(dt);
  store<f32>(at + 36, <f32>rsqrt(unchecked(cov[c + 15]) + unchecked(cov[c + 18]) + unchecked(cov[c + 20]) + 3 * q));
  store<u32>(at + 40, unchecked(tLastPlot[s]));
  store<f32>(at + 44, <f32>dt);
}

export function sendTelemetry(tMs: f64): void {
  const base = txPayload();
  store<f64>(base, tMs);
  store<u16>(base + 8, <u16>STAT_COUNT);
  store<u16>(base + 10, 0);
  for (let i = 0; i < STAT_COUNT; i++) store<f64>(base + 12 + <usize>(i * 8), statGet(i));
  txSend(FRAME_TELEMETRY, 12 + STAT_COUNT * 8);
}
