// The 64-target workload as a byte stream on the wire, for an image served over its UART: a radar, four
// assets, eight fire units and the doctrine (CONFIG), then each scan's plots (64 targets inbound and as
// many clutter plots, Pd 0.9) closed by a SCAN frame with the end-of-scan flag. The geometry follows
// benchRaid64 (assembly/bench-abi.ts) with a generator of its own. And the reference: the same board's
// module under V8, fed the stream as the image's serial loop feeds it (mcu/shim.c).
import { encodeFrame, encodeSensorConfig, encodePlotBatches, encodeScan, decodeScan, decodeHeartbeat, type Plot } from '../host/link/frames.ts';
import { encodeAssetConfig, encodeFireUnitConfig, encodeDoctrineConfig, DEFAULT_DOCTRINE, type UnitKind } from '../host/link/tewa-frames.ts';
import { Deframer } from '../host/link/deframer.ts';
import { Firmware } from '../host/firmware.ts';
import * as P from '../assembly/protocol.ts';

/** xorshift32 in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}
const gauss = (u: () => number): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

/** The stream: the configuration, then one chunk per scan (plots, then the end-of-scan SCAN). */
export function raidStream(targets = 64, scans = 12, seed = 0x2545f491): { config: Uint8Array; scans: Uint8Array[] } {
  let seq = 0;
  const frame = (type: number, payload: Uint8Array): Uint8Array => encodeFrame(type, seq++ & 0xffff, payload);
  const reach = 45000;
  const cfg: Uint8Array[] = [frame(P.FRAME_CONFIG, encodeSensorConfig({
    id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, sigmaCart: 30, maxRange: reach * 1.5,
    pd: 0.9, falseDensity: targets / (Math.PI * reach * reach * 10000), scanPeriodS: 1,
  }))];
  for (let a = 0; a < 4; a++) {
    cfg.push(frame(P.FRAME_CONFIG, encodeAssetConfig({ id: a + 1, kind: 1, east: 3000 * Math.sin(a * 1.6), north: 3000 * Math.cos(a * 1.6), up: 0, radius: 800, value: 1e7 })));
  }
  for (let u = 0; u < 8; u++) {
    const kind: UnitKind = u < 2 ? 'long-range-sam' : u < 5 ? 'short-range-sam' : 'gun';
    const lr = kind === 'long-range-sam', gun = kind === 'gun';
    cfg.push(frame(P.FRAME_CONFIG, encodeFireUnitConfig({
      id: u + 1, kind, east: 4000 * Math.sin(u * 0.785), north: 4000 * Math.cos(u * 0.785), up: 0,
      minRange: gun ? 0 : 500, maxRange: lr ? 60000 : gun ? 2500 : 15000, minAlt: 0, maxAlt: lr ? 25000 : 5000, maxTargetSpeed: 3000,
      interceptorSpeed: gun ? 900 : 800, reactionS: 3, channels: lr ? 8 : 4, readyRounds: gun ? 100 : 8, magazine: gun ? 100 : 8, reloadS: 60,
      pk: { unknown: 0.5, drone: 0.7, cruise: 0.6, ballistic: 0 }, costPerRound: lr ? 4e6 : gun ? 300 : 5e5,
    })));
  }
  cfg.push(frame(P.FRAME_CONFIG, encodeDoctrineConfig({ ...DEFAULT_DOCTRINE, salvoLimit: 2, costWeight: 0.001 })));
  const u = rng(seed);
  const tracks = Array.from({ length: targets }, () => {
    const bearing = 2 * Math.PI * u(), r0 = 25000 + 15000 * u();
    const speed = u() < 0.8 ? 40 + 30 * u() : 200 + 50 * u();
    const heading = bearing + Math.PI + 0.3 * (u() - 0.5);
    return { x: r0 * Math.sin(bearing), y: r0 * Math.cos(bearing), z: 100 + 2900 * u(), vx: speed * Math.sin(heading), vy: speed * Math.cos(heading) };
  });
  let plotId = 1;
  const out: Uint8Array[] = [];
  for (let k = 1; k <= scans; k++) {
    const t = k * 1000;
    const plots: Plot[] = [];
    for (const g of tracks) {
      g.x += g.vx; g.y += g.vy;
      if (u() >= 0.9) continue;
      const ground = Math.hypot(g.x, g.y);
      plots.push({ plotId: plotId++, kind: 'polar', timeMs: t, a: Math.hypot(ground, g.z) + 30 * gauss(u),
        b: Math.atan2(g.x, g.y) + 0.001 * gauss(u), c: Math.atan2(g.z, ground) + 0.002 * gauss(u) });
    }
    for (let c = 0; c < targets; c++) {
      plots.push({ plotId: plotId++, kind: 'polar', timeMs: t, a: 2000 + (reach - 2000) * Math.sqrt(u()), b: 2 * Math.PI * u(), c: 0.05 * u() });
    }
    const frames = encodePlotBatches(1, plots, seq & 0xffff);
    seq += frames.length;
    frames.push(frame(P.FRAME_SCAN, encodeScan({ sensorId: 1, start: false, end: true, scanNumber: k, timeMs: t })));
    out.push(concat(frames));
  }
  return { config: concat(cfg), scans: out };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
}

/** What the board's module sends for `stream` under V8, fed as the image's serial loop feeds it: ingest
 *  at each frame delimiter (or a full receive buffer), its ACKs, then a step at each end-of-scan SCAN or
 *  HEARTBEAT and its bytes. Also the number of steps. */
export function referenceReply(board: string, stream: Uint8Array): { bytes: Uint8Array; steps: number } {
  const fw = Firmware.load(board);
  const cap = fw.exports.rxCapacity();
  const deframer = new Deframer();
  const out: Uint8Array[] = [];
  let steps = 0, start = 0;
  for (let i = 0; i < stream.length; i++) {
    const end = stream[i] === 0;
    if (!end && i + 1 - start < cap) continue;
    const chunk = stream.subarray(start, i + 1);
    start = i + 1;
    out.push(fw.ingest(chunk));
    for (const f of deframer.push(chunk)) {
      let t: number | null = null;
      if (f.type === P.FRAME_SCAN) { const s = decodeScan(f.payload); if (s?.end) t = s.timeMs; }
      else if (f.type === P.FRAME_HEARTBEAT) t = decodeHeartbeat(f.payload);
      if (t === null) continue;
      out.push(fw.step(t));
      steps++;
    }
  }
  return { bytes: concat(out), steps };
}
