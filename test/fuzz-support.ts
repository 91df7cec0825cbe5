// Hostile-line generators for the fuzz suite (fast-check). A frame is built the way the host builds one
// (`host/link/`: the payload from the section's own encoder, then CRC-32C and COBS), then its fields are
// overwritten with values drawn from their full range — NaN, ±Inf, huge, negative, denormals, counts that
// lie about lengths — and its payload truncated or extended; the CRC and the COBS framing stay valid, so
// the firmware sees exactly what an attacker on the line could send. Some frames are also broken on the
// wire (bad CRC, a COBS error, an oversize body) to show the receive path's counters.
import fc from 'fast-check';
import * as P from '../assembly/protocol.ts';
import { cobsEncode } from '../host/link/cobs.ts';
import { crc32c } from '../host/link/crc32c.ts';
import {
  DEFAULT_TRACKER_CONFIG, encodeTrackerConfig, encodeSensorConfig, encodeReset, encodeScan, encodeHeartbeat, encodePlots, type Plot,
} from '../host/link/frames.ts';
import {
  encodeAssetConfig, encodeFireUnitConfig, encodeDoctrineConfig, encodeLethalityConfig, encodeEffector, encodeKill,
  DEFAULT_DOCTRINE, DEFAULT_LETHALITY,
} from '../host/link/tewa-frames.ts';
import { encodeLookaheadConfig, encodeForecast, encodeReserve, encodeForecastAims, DEFAULT_LOOKAHEAD } from '../host/link/lookahead-frames.ts';
import { unit } from './tewa-support.ts';
import { SENSOR } from './hardening-support.ts';
import { CITY } from './hardening-replay.ts';

/** Seed and run count of a campaign: fixed (reproducible in CI), overridden by PARAPET_FUZZ_SEED and PARAPET_FUZZ_RUNS_SCALE. */
export function campaign(defaultRuns: number): { seed: number; numRuns: number } {
  const seed = Number(process.env.PARAPET_FUZZ_SEED ?? 20261208) | 0;
  const scale = Number(process.env.PARAPET_FUZZ_RUNS_SCALE ?? 1);
  return { seed, numRuns: Math.max(1, Math.round(defaultRuns * scale)) };
}

type Kind = 'u8' | 'u16' | 'u32' | 'f32' | 'f64';
type Field = readonly [offset: number, kind: Kind];

const f32s = (from: number, to: number): Field[] => Array.from({ length: (to - from) / 4 + 1 }, (_, k) => [from + 4 * k, 'f32'] as const);

const FORECAST = {
  id: 7, cls: 'cruise' as const, count: 6, startMs: 0, endMs: 600_000, bearingRad: 1, spreadRad: 0.3, value: 5000,
  entryM: 80_000, decoyShare: 0.1, altM: 300, speedMps: 220, aims: [{ assetId: CITY.id, weight: 2 }],
};

/** Every frame type the firmware takes and every CONFIG section: a valid payload from the host's encoder
 *  and the table of its fields (docs/wire-protocol.md). */
export const TEMPLATES: { name: string; type: number; payload: () => Uint8Array; fields: Field[] }[] = [
  { name: 'SENSOR', type: P.FRAME_CONFIG, payload: () => encodeSensorConfig(SENSOR),
    fields: [[1, 'u8'], [2, 'u16'], [4, 'u16'], [6, 'u16'], [8, 'f64'], [16, 'f64'], [24, 'f64'], ...f32s(32, 60), [64, 'u16'], [66, 'u16']] },
  { name: 'TRACKER', type: P.FRAME_CONFIG, payload: () => encodeTrackerConfig(DEFAULT_TRACKER_CONFIG),
    fields: [[1, 'u8'], [2, 'u8'], [3, 'u8'], ...f32s(4, 36)] },
  { name: 'RESET', type: P.FRAME_CONFIG, payload: () => encodeReset(), fields: [] },
  { name: 'ASSET', type: P.FRAME_CONFIG, payload: () => encodeAssetConfig(CITY), fields: [[1, 'u8'], [2, 'u16'], ...f32s(4, 20)] },
  { name: 'FIRE_UNIT', type: P.FRAME_CONFIG, payload: () => encodeFireUnitConfig(unit({ id: 10 })),
    fields: [[1, 'u8'], [2, 'u16'], ...f32s(4, 40), [44, 'u16'], [46, 'u16'], [48, 'u16'], [50, 'u16'], ...f32s(52, 72)] },
  { name: 'DOCTRINE', type: P.FRAME_CONFIG, payload: () => encodeDoctrineConfig(DEFAULT_DOCTRINE),
    fields: [[1, 'u8'], [2, 'u8'], [3, 'u8'], [4, 'f32'], [8, 'f32'], [12, 'u32']] },
  { name: 'LETHALITY', type: P.FRAME_CONFIG, payload: () => encodeLethalityConfig(DEFAULT_LETHALITY),
    fields: [[1, 'u8'], [2, 'u8'], [3, 'u8'], ...f32s(4, 16)] },
  { name: 'LOOKAHEAD', type: P.FRAME_CONFIG, payload: () => encodeLookaheadConfig({ ...DEFAULT_LOOKAHEAD, enabled: true, periodS: 2 }),
    fields: [[1, 'u8'], [2, 'u16'], [4, 'f32'], [8, 'f32'], [12, 'u32']] },
  { name: 'FORECAST', type: P.FRAME_CONFIG, payload: () => encodeForecast(FORECAST),
    fields: [[1, 'u8'], [2, 'u16'], [4, 'f32'], [8, 'f64'], [16, 'f64'], ...f32s(24, 48)] },
  { name: 'RESERVE', type: P.FRAME_CONFIG, payload: () => encodeReserve({ kind: 'short-range-sam', classes: ['cruise'], rounds: 2 }),
    fields: [[1, 'u8'], [2, 'u8'], [3, 'u8'], [4, 'u16'], [6, 'u16']] },
  { name: 'FORECAST_AIM', type: P.FRAME_CONFIG, payload: () => encodeForecastAims(FORECAST)[0],
    fields: [[1, 'u8'], [2, 'u16'], [4, 'u16'], [6, 'u16'], [8, 'f32']] },
  { name: 'SCAN', type: P.FRAME_SCAN, payload: () => encodeScan({ sensorId: 1, start: true, end: true, scanNumber: 3, timeMs: 3000 }),
    fields: [[0, 'u16'], [2, 'u16'], [4, 'u32'], [8, 'f64']] },
  { name: 'HEARTBEAT', type: P.FRAME_HEARTBEAT, payload: () => encodeHeartbeat(3000), fields: [[0, 'f64']] },
  { name: 'EFFECTOR', type: P.FRAME_EFFECTOR, payload: () => encodeEffector({ unitId: 10, down: false, readyRounds: 4, magazine: 8, timeMs: 3000 }),
    fields: [[0, 'u16'], [2, 'u8'], [3, 'u8'], [4, 'u16'], [6, 'u16'], [8, 'f64']] },
  { name: 'KILL', type: P.FRAME_KILL, payload: () => encodeKill({ engagementId: 1, trackNumber: 1, killed: true, timeMs: 3000 }),
    fields: [[0, 'u32'], [4, 'u32'], [8, 'u8'], [9, 'u8'], [10, 'u8'], [11, 'u8'], [12, 'f64']] },
];

export const PLOT_FIELDS: Field[] = [[0, 'u32'], [4, 'u8'], [5, 'u8'], [6, 'u16'], [8, 'f64'], ...f32s(16, 28)];

// Values from the full range of each kind, the edges weighted up.
const EDGES_F = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 1e-45, -1e-45, 1.1754942e-38, 5e-324, 3.4028234e38, -3.4028234e38,
  1e39, 5e22, 1e15, -1e15, 1e27, -1e27, 1e200, -1e200, Number.MAX_VALUE, 1e7, 1e7 + 1, 1e5, 3600, 1e-3, 0.5, 2 * Math.PI, 299_792_459];
export const hostileFloat = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGES_F) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  // Raw f32 bit patterns: signalling and quiet NaNs with payloads, denormals.
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }).map((b) => new Float32Array(new Uint32Array([b]).buffer)[0]) },
);
const hostileInt = (bits: 8 | 16 | 32) => {
  const max = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  return fc.oneof(fc.constantFrom(0, 1, max, max - 1, bits === 8 ? 0x80 : 0x8000, 31, 32, 63, 64, 255, 256),
    fc.integer({ min: 0, max }));
};
const hostileValue = (k: Kind): fc.Arbitrary<number> => (k === 'f32' || k === 'f64' ? hostileFloat : hostileInt(k === 'u8' ? 8 : k === 'u16' ? 16 : 32));

function write(v: DataView, off: number, k: Kind, x: number): void {
  if (off + { u8: 1, u16: 2, u32: 4, f32: 4, f64: 8 }[k] > v.byteLength) return;
  if (k === 'u8') v.setUint8(off, x);
  else if (k === 'u16') v.setUint16(off, x, true);
  else if (k === 'u32') v.setUint32(off, x >>> 0, true);
  else if (k === 'f32') v.setFloat32(off, x, true);
  else v.setFloat64(off, x, true);
}

const patches = (fields: readonly Field[], max: number) => fields.length === 0 ? fc.constant([] as [Field, number][])
  : fc.array(fc.constantFrom(...fields).chain((f) => hostileValue(f[1]).map((x) => [f, x] as [Field, number])), { maxLength: max });

/** A length change of a payload: none (mostly), truncated, or extended with random bytes. */
const resize = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ cut: fc.integer({ min: 0, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ extra: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
);
function applyResize(p: Uint8Array, r: { cut?: number; extra?: Uint8Array } | null): Uint8Array {
  if (!r) return p;
  if (r.cut !== undefined) return p.slice(0, Math.min(p.length, r.cut));
  const out = new Uint8Array(p.length + r.extra!.length);
  out.set(p); out.set(r.extra!, p.length);
  return out;
}

/** What the generator made, so a test can say which counter must move. */
export interface WireFrame {
  what: string;
  /** The bytes on the line: one COBS frame and its 0x00, preceded by a lone 0x00 (a flush). */
  bytes: Uint8Array;
  /** How it was broken below the payload: 'none' (CRC-valid, a well-formed header), 'version', 'type',
   *  'crc', 'cobs', 'oversize'. */
  broken: 'none' | 'version' | 'type' | 'crc' | 'cobs' | 'oversize';
  type: number;
  payload: Uint8Array;
}

/** The raw frame (version, type, seq, payload, CRC-32C), COBS-encoded, as encodeFrame builds it but with no
 *  check of the payload: the host's encoder would refuse a lying length. */
export function rawFrame(version: number, type: number, seq: number, payload: Uint8Array, crcXor = 0): Uint8Array {
  const raw = new Uint8Array(P.FRAME_HEADER_BYTES + payload.length + P.FRAME_CRC_BYTES);
  const v = new DataView(raw.buffer);
  v.setUint8(0, version); v.setUint8(1, type); v.setUint16(2, seq, true);
  raw.set(payload, P.FRAME_HEADER_BYTES);
  const at = P.FRAME_HEADER_BYTES + payload.length;
  v.setUint32(at, (crc32c(raw, 0, at) ^ crcXor) >>> 0, true);
  return cobsEncode(raw);
}

function onLine(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 2);
  out.set(body, 1); // out[0] = 0: the flush; out[last] = 0: the delimiter
  return out;
}

const broken = fc.oneof(
  { weight: 16, arbitrary: fc.constant('none' as const) },
  { weight: 1, arbitrary: fc.constant('version' as const) },
  { weight: 1, arbitrary: fc.constant('type' as const) },
  { weight: 1, arbitrary: fc.constant('crc' as const) },
  { weight: 1, arbitrary: fc.constant('cobs' as const) },
  { weight: 1, arbitrary: fc.constant('oversize' as const) },
);

function finish(what: string, type: number, payload: Uint8Array, how: WireFrame['broken'], seq: number, alt: number): WireFrame {
  let body: Uint8Array;
  if (how === 'version') body = rawFrame(2 + (alt % 254), type, seq, payload);
  else if (how === 'type') body = rawFrame(P.PROTOCOL_VERSION, [0, 7, 0x10, 0x11, 0x12, 0x13, 0x14, 0x7f, 0xff][alt % 9], seq, payload);
  else if (how === 'crc') body = rawFrame(P.PROTOCOL_VERSION, type, seq, payload, 1 << (alt % 32));
  else if (how === 'cobs') {
    // A code byte pointing past the end of the frame: the COBS decoder refuses it.
    body = rawFrame(P.PROTOCOL_VERSION, type, seq, payload);
    body = body.slice(0, Math.max(1, body.length - 1 - (alt % Math.max(1, body.length - 1))));
    body[0] = 0xff;
  } else if (how === 'oversize') body = rawFrame(P.PROTOCOL_VERSION, type, seq, new Uint8Array(P.FRAME_MAX_PAYLOAD + 1 + (alt % 200)).fill(alt | 1));
  else body = rawFrame(P.PROTOCOL_VERSION, type, seq, payload);
  return { what, bytes: onLine(body), broken: how, type, payload };
}

/** One hostile frame of any type or CONFIG section. */
export const hostileFrame: fc.Arbitrary<WireFrame> = fc.constantFrom(...TEMPLATES).chain((t) =>
  fc.tuple(patches(t.fields, 4), resize, broken, fc.integer({ min: 0, max: 0xffff }), fc.nat()).map(([ps, r, how, seq, alt]) => {
    const p = t.payload().slice();
    const v = new DataView(p.buffer);
    for (const [[off, k], x] of ps) write(v, off, k, x);
    return finish(`${t.name} ${ps.map(([[off], x]) => `@${off}=${x}`).join(' ')}${r ? ' resized' : ''}`, t.type, applyResize(p, r), how, seq, alt);
  }));

/** Plots near a few targets (plausible, so tracks form and the fire control runs) at time `tMs`. */
export const plausiblePlot = (tMs: number) => fc.record({
  i: fc.integer({ min: 0, max: 5 }), jx: fc.double({ min: -30, max: 30, noNaN: true }), jy: fc.double({ min: -30, max: 30, noNaN: true }),
}).map(({ i, jx, jy }): Plot => ({ plotId: 1 + i, kind: 'cartesian', timeMs: tMs, a: 3000 * (i - 3) + jx, b: 14_000 - 0.06 * tMs + jy, c: 800 + 100 * i }));

/** A PLOTS frame: plausible records with hostile fields patched in, a lying count, any sensor id. */
export const hostilePlots = (tMs: number): fc.Arbitrary<WireFrame & { plots: number; hostileRecords: number }> => fc.tuple(
  fc.array(plausiblePlot(tMs), { minLength: 0, maxLength: 40 }),
  fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PLOT_FIELDS)).chain(([k, f]) => hostileValue(f[1]).map((x) => [k, f, x] as const)), { maxLength: 6 }),
  fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileInt(16) }),
  fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: hostileInt(16) }),
  resize, broken, fc.integer({ min: 0, max: 0xffff }), fc.nat(),
).map(([plots, ps, lie, sensor, r, how, seq, alt]) => {
  const p = encodePlots(1, plots);
  const v = new DataView(p.buffer);
  v.setUint16(0, sensor, true);
  const touched = new Set<number>();
  for (const [k, [off, kind], x] of ps) {
    if (plots.length === 0) break;
    const rec = k % plots.length;
    touched.add(rec);
    write(v, P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * rec + off, kind, x);
  }
  if (lie !== null) v.setUint16(2, lie, true);
  const f = finish(`PLOTS n=${plots.length}${lie !== null ? ` says ${lie}` : ''} sensor ${sensor}, ${ps.length} fields patched${r ? ', resized' : ''}`,
    P.FRAME_PLOTS, applyResize(p, r), how, seq, alt);
  return { ...f, plots: plots.length, hostileRecords: touched.size };
});

/** Hostile step times: mostly the scan clock, sometimes anything. */
export const hostileTime = (tMs: number) => fc.oneof({ weight: 6, arbitrary: fc.constant(tMs) }, { weight: 1, arbitrary: hostileFloat });

/** A line's worth of random bytes, in random chunking. */
export const garbage = fc.uint8Array({ minLength: 1, maxLength: 3000 });

/** The plot records of a payload the firmware would count as invalid: the same predicate as assembly/plots.ts. */
export function invalidPlots(payload: Uint8Array): number {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const n = v.getUint16(2, true);
  let bad = 0;
  for (let k = 0; k < n; k++) {
    const o = P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * k;
    const kind = v.getUint8(o + 4), t = v.getFloat64(o + 8, true);
    const a = v.getFloat32(o + 16, true), b = v.getFloat32(o + 20, true), c = v.getFloat32(o + 24, true);
    const finite = [t, a, b, c].every(Number.isFinite);
    const polarOk = kind === P.PLOT_POLAR && a > 0 && a <= 1e7 && Math.abs(b) <= 100 && Math.abs(c) <= 2;
    const cartOk = kind === P.PLOT_CARTESIAN && Math.abs(a) <= 1e7 && Math.abs(b) <= 1e7 && Math.abs(c) <= 1e7;
    if (!finite || !(polarOk || cartOk)) bad++;
  }
  return bad;
}
