// Frame and payload codecs of the wire protocol, host side. Byte layouts follow
// docs/wire-protocol.md table by table; every offset below is the one in the doc.
// Encoders validate and throw an Error naming the offending field, so a bad value is caught
// here rather than answered by a refusing ACK from the firmware. Decoders only check lengths
// and selector bytes: they report what is on the wire.
import * as P from '../../assembly/protocol.ts';

export const SENSOR_CONFIG_BYTES = P.SENSOR_CONFIG_BYTES;
export const TRACKER_CONFIG_BYTES = P.TRACKER_CONFIG_BYTES;
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs.ts';
import { crc32c } from './crc32c.ts';
import { AUTHENTICATED_TYPES, type FrameTrailer, type LinkAuth } from './auth.ts';

// ---------------------------------------------------------------------------------------------
// Layout sizes (bytes)

export const RESET_BYTES = 1;
export const SCAN_BYTES = 16;
export const HEARTBEAT_BYTES = 8;
export const ACK_BYTES = 6;
export const TELEMETRY_HEADER_BYTES = 12;
export const TELEMETRY_COUNTER_BYTES = 8;
/** Most records one frame can carry, from the payload limit (63 plots, 42 tracks, 253 counters). */
export const MAX_PLOTS_PER_FRAME = Math.floor((P.FRAME_MAX_PAYLOAD - P.PLOTS_HEADER_BYTES) / P.PLOT_RECORD_BYTES);
export const MAX_TRACKS_PER_FRAME = Math.floor((P.FRAME_MAX_PAYLOAD - P.TRACKS_HEADER_BYTES) / P.TRACK_RECORD_BYTES);
export const MAX_TELEMETRY_COUNTERS = Math.floor((P.FRAME_MAX_PAYLOAD - TELEMETRY_HEADER_BYTES) / TELEMETRY_COUNTER_BYTES);
/** Longest encoded frame body between two delimiters (2048 + 9). */
export const MAX_WIRE_BODY = cobsMaxEncodedLength(P.FRAME_MAX_RAW);

// ---------------------------------------------------------------------------------------------
// Validation helpers

export function fail(field: string, want: string, got: unknown): never {
  throw new Error(`${field} must be ${want}, got ${String(got)}`);
}

export function checkUint(field: string, v: number, max: number, min = 0): void {
  if (!Number.isInteger(v) || v < min || v > max) fail(field, `an integer in ${min}..${max}`, v);
}

export function checkF64(field: string, v: number): void {
  if (!Number.isFinite(v)) fail(field, 'a finite number', v);
}

export type Bound = 'any' | '> 0' | '>= 0' | 'in (0, 1]' | 'in [0, 1]';
const BOUNDS: Record<Bound, (x: number) => boolean> = {
  any: () => true,
  '> 0': (x) => x > 0,
  '>= 0': (x) => x >= 0,
  'in (0, 1]': (x) => x > 0 && x <= 1,
  'in [0, 1]': (x) => x >= 0 && x <= 1,
};

// The firmware sees the f32, so the bound must hold after rounding too: 1e39 would arrive as
// Infinity and 1e-50 as 0. The unrounded value is checked as well so that 1.00000001 is refused
// as a probability instead of being silently rounded into range.
export function checkF32(field: string, v: number, bound: Bound = 'any'): void {
  const w = Math.fround(v);
  const ok = BOUNDS[bound];
  if (!Number.isFinite(v) || !Number.isFinite(w) || !ok(v) || !ok(w)) {
    fail(field, bound === 'any' ? 'a finite f32' : `a finite f32 ${bound}`, v);
  }
}

export function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export const LE = true;

// ---------------------------------------------------------------------------------------------
// Framing: raw = version u8 | type u8 | seq u16 | payload | crc32c u32; wire = COBS(raw) 0x00

export interface DecodedFrame {
  version: number;
  /** The frame type, without the FRAME_AUTH flag. */
  type: number;
  seq: number;
  /** The payload, without the authentication trailer. */
  payload: Uint8Array;
  /** The authentication trailer, when the type byte carried FRAME_AUTH (checked by LinkAuth.verify). */
  auth?: FrameTrailer;
}

/**
 * Why a frame was dropped. The first three are framing errors, 'crc' a CRC error, and the last
 * three (good CRC) bad frames, matching STAT_FRAMING_ERRORS / STAT_CRC_ERRORS / STAT_BAD_FRAMES.
 */
export type FrameErrorReason = 'cobs' | 'truncated' | 'oversize' | 'crc' | 'version' | 'type' | 'length';

/** A dropped frame; `type` and `seq` are given when the header can be trusted (good CRC, version 1). */
export interface FrameError {
  error: FrameErrorReason;
  type?: number;
  seq?: number;
}

export function isFrameError(r: DecodedFrame | FrameError): r is FrameError {
  return 'error' in r;
}

const HOST_TO_FIRMWARE = new Set([P.FRAME_CONFIG, P.FRAME_SCAN, P.FRAME_PLOTS, P.FRAME_EFFECTOR, P.FRAME_KILL, P.FRAME_HEARTBEAT]);
const FIRMWARE_TO_HOST = new Set([P.FRAME_TRACKS, P.FRAME_TELEMETRY, P.FRAME_ORDER, P.FRAME_ACK, P.FRAME_THREATS]);

export type Direction = 'toFirmware' | 'toHost';

/** Direction of a frame type, or null for a type the protocol does not define. */
export function frameDirection(type: number): Direction | null {
  if (HOST_TO_FIRMWARE.has(type)) return 'toFirmware';
  if (FIRMWARE_TO_HOST.has(type)) return 'toHost';
  return null;
}

function recordCountAt(payload: Uint8Array, offset: number): number {
  return payload.length >= offset + 2 ? view(payload).getUint16(offset, LE) : -1;
}

/**
 * Whether `payload` has the length its frame type requires. CONFIG lengths are not judged here:
 * the firmware answers a wrong section length with an ACK (bad length) instead of dropping the
 * frame. The reserved types have no layout yet, so any length is accepted.
 */
export function payloadLengthOk(type: number, payload: Uint8Array): boolean {
  const len = payload.length;
  switch (type) {
    case P.FRAME_SCAN:
      return len === SCAN_BYTES;
    case P.FRAME_HEARTBEAT:
      return len === HEARTBEAT_BYTES;
    case P.FRAME_ACK:
      return len === ACK_BYTES;
    case P.FRAME_PLOTS: {
      const n = recordCountAt(payload, 2);
      return n >= 0 && n <= MAX_PLOTS_PER_FRAME && len === P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * n;
    }
    case P.FRAME_TRACKS: {
      const n = recordCountAt(payload, 12);
      return n >= 0 && n <= MAX_TRACKS_PER_FRAME && len === P.TRACKS_HEADER_BYTES + P.TRACK_RECORD_BYTES * n;
    }
    case P.FRAME_TELEMETRY: {
      const n = recordCountAt(payload, 8);
      return n >= 0 && len === TELEMETRY_HEADER_BYTES + TELEMETRY_COUNTER_BYTES * n;
    }
    default:
      return frameDirection(type) !== null && len <= P.FRAME_MAX_PAYLOAD;
  }
}

/**
 * Builds the wire bytes of one frame: COBS(version type seq payload crc) followed by 0x00. With `auth`,
 * a frame of an authenticated type (AUTHENTICATED_TYPES) gets the FRAME_AUTH flag and the trailer
 * (counter, tag) after its payload, inside the CRC (docs/security.md).
 */
export function encodeFrame(type: number, seq: number, payload: Uint8Array, auth?: LinkAuth | null): Uint8Array {
  if (frameDirection(type) === null) fail('type', 'a frame type of the protocol', type);
  checkUint('seq', seq, 0xffff);
  const sealed = !!auth && AUTHENTICATED_TYPES.has(type);
  const trailer = sealed ? P.AUTH_TRAILER_BYTES : 0;
  if (payload.length + trailer > P.FRAME_MAX_PAYLOAD) fail('payload', `at most ${P.FRAME_MAX_PAYLOAD - trailer} bytes`, payload.length);
  if (!payloadLengthOk(type, payload)) fail('payload', `a valid length for frame type ${type}`, payload.length);
  const raw = new Uint8Array(P.FRAME_HEADER_BYTES + payload.length + trailer + P.FRAME_CRC_BYTES);
  const v = view(raw);
  v.setUint8(0, P.PROTOCOL_VERSION);
  v.setUint8(1, sealed ? type | P.FRAME_AUTH : type);
  v.setUint16(2, seq, LE);
  raw.set(payload, P.FRAME_HEADER_BYTES);
  if (sealed) raw.set(auth!.trailer(raw.subarray(0, P.FRAME_HEADER_BYTES + payload.length)), P.FRAME_HEADER_BYTES + payload.length);
  const crcAt = P.FRAME_HEADER_BYTES + payload.length + trailer;
  v.setUint32(crcAt, crc32c(raw, 0, crcAt), LE);
  const body = cobsEncode(raw);
  const wire = new Uint8Array(body.length + 1); // last byte stays 0x00: the delimiter
  wire.set(body);
  return wire;
}

/**
 * Decodes the wire bytes of one frame (its trailing 0x00 optional), checking in the order a
 * receiver must: COBS, length bounds, CRC, then version, type and payload length.
 */
export function decodeFrame(wire: Uint8Array): DecodedFrame | FrameError {
  const body = wire.length > 0 && wire[wire.length - 1] === 0 ? wire.subarray(0, wire.length - 1) : wire;
  if (body.length > MAX_WIRE_BODY) return { error: 'oversize' };
  const raw = cobsDecode(body);
  if (raw === null) return { error: 'cobs' };
  if (raw.length < P.FRAME_HEADER_BYTES + P.FRAME_CRC_BYTES) return { error: 'truncated' };
  if (raw.length > P.FRAME_MAX_RAW) return { error: 'oversize' };
  const v = view(raw);
  const crcAt = raw.length - P.FRAME_CRC_BYTES;
  if (v.getUint32(crcAt, LE) !== crc32c(raw, 0, crcAt)) return { error: 'crc' };
  const version = v.getUint8(0);
  if (version !== P.PROTOCOL_VERSION) return { error: 'version' };
  const flagged = (v.getUint8(1) & P.FRAME_AUTH) !== 0;
  const type = v.getUint8(1) & ~P.FRAME_AUTH;
  const seq = v.getUint16(2, LE);
  if (frameDirection(type) === null || (flagged && !AUTHENTICATED_TYPES.has(type))) return { error: 'type', type, seq };
  if (!flagged) {
    const payload = raw.slice(P.FRAME_HEADER_BYTES, crcAt);
    if (!payloadLengthOk(type, payload)) return { error: 'length', type, seq };
    return { version, type, seq, payload };
  }
  const end = crcAt - P.AUTH_TRAILER_BYTES;
  if (end < P.FRAME_HEADER_BYTES) return { error: 'length', type, seq };
  const payload = raw.slice(P.FRAME_HEADER_BYTES, end);
  if (!payloadLengthOk(type, payload)) return { error: 'length', type, seq };
  const auth: FrameTrailer = {
    counter: v.getBigUint64(end, LE),
    tag: raw.slice(crcAt - P.AUTH_TAG_BYTES, crcAt),
    signed: raw.slice(0, crcAt - P.AUTH_TAG_BYTES),
  };
  return { version, type, seq, payload, auth };
}

// ---------------------------------------------------------------------------------------------
// CONFIG (0x01)

export interface SensorConfig {
  id: number;
  east: number;
  north: number;
  up: number;
  sigmaRange: number;
  sigmaAz: number;
  sigmaEl: number;
  sigmaCart: number;
  maxRange: number;
  pd: number;
  falseDensity: number;
  scanPeriodS: number;
  /** Lowest elevation the radar sees, degrees (0..25.5, 0.1° steps; default 0). */
  minElevationDeg?: number;
  /** Sector it scans: start azimuth clockwise from north and width, degrees (0.01° steps; width 0 or absent: all round). */
  sectorStartDeg?: number;
  sectorWidthDeg?: number;
  /** Highest elevation the radar sees, degrees (0.01° steps, above minElevationDeg, ≤ 90; absent: no cone of silence). */
  maxElevationDeg?: number;
}

export interface TrackerConfig {
  confirmM: number;
  confirmN: number;
  deleteMisses: number;
  gateChi2: number;
  accelSigma: number;
  maxSpeed: number;
  newTargetDensity: number;
  maxPositionSigma: number;
  verticalAccelSigma: number;
  /** Initiation guard, chi-square beyond the gate (docs/wire-protocol.md); 0 or absent: off. */
  initGuardChi2?: number;
  /** Least σa, for slow targets (σa = speed × 0.1 rad/s between this and accelSigma), m/s²; 0 or absent: off. */
  accelSigmaMin?: number;
  /** α of the deletion of rarely seen tracks (more misses for a target seen less often); 0 or absent: off. */
  coastAlpha?: number;
}

/** The defaults of the TRACKER section table. */
export const DEFAULT_TRACKER_CONFIG: Readonly<TrackerConfig> = Object.freeze({
  confirmM: 3,
  confirmN: 4,
  deleteMisses: 5,
  gateChi2: 16.27,
  accelSigma: 10,
  maxSpeed: 400,
  newTargetDensity: 1e-12,
  maxPositionSigma: 2000,
  verticalAccelSigma: 5,
});

// f32 fields of the SENSOR section: [name, offset, bound from the doc].
type SensorF32 = 'sigmaRange' | 'sigmaAz' | 'sigmaEl' | 'sigmaCart' | 'maxRange' | 'pd' | 'falseDensity' | 'scanPeriodS';
const SENSOR_F32: ReadonlyArray<readonly [SensorF32, number, Bound]> = [
  ['sigmaRange', 32, '> 0'],
  ['sigmaAz', 36, '> 0'],
  ['sigmaEl', 40, '> 0'],
  ['sigmaCart', 44, '> 0'],
  ['maxRange', 48, '> 0'],
  ['pd', 52, 'in (0, 1]'],
  ['falseDensity', 56, '>= 0'],
  ['scanPeriodS', 60, '> 0'],
];

export function encodeSensorConfig(c: SensorConfig): Uint8Array {
  checkUint('id', c.id, 0xffff);
  checkF64('east', c.east);
  checkF64('north', c.north);
  checkF64('up', c.up);
  for (const [name, , bound] of SENSOR_F32) checkF32(name, c[name], bound);
  const minEl = Math.round((c.minElevationDeg ?? 0) * 10);
  const start = Math.round((c.sectorStartDeg ?? 0) * 100), width = Math.round((c.sectorWidthDeg ?? 0) * 100);
  if (!(minEl >= 0 && minEl <= 255)) fail('minElevationDeg', 'a number in [0, 25.5]', c.minElevationDeg);
  if (!(start >= 0 && start < 36000)) fail('sectorStartDeg', 'a number in [0, 360)', c.sectorStartDeg);
  if (!(width >= 0 && width <= 36000)) fail('sectorWidthDeg', 'a number in [0, 360]', c.sectorWidthDeg);
  const maxEl = Math.round((c.maxElevationDeg ?? 0) * 100);
  if (c.maxElevationDeg !== undefined && !(maxEl > minEl * 10 && maxEl <= 9000)) {
    fail('maxElevationDeg', `a number above minElevationDeg (${c.minElevationDeg ?? 0}) and at most 90`, c.maxElevationDeg);
  }
  const p = new Uint8Array(SENSOR_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_SENSOR);
  v.setUint8(1, minEl);
  v.setUint16(4, start, LE);
  v.setUint16(6, width % 36000, LE);
  v.setUint16(64, maxEl, LE);
  v.setUint16(2, c.id, LE);
  v.setFloat64(8, c.east, LE);
  v.setFloat64(16, c.north, LE);
  v.setFloat64(24, c.up, LE);
  for (const [name, off] of SENSOR_F32) v.setFloat32(off, c[name], LE);
  return p;
}

export function decodeSensorConfig(p: Uint8Array): SensorConfig | null {
  if (p.length !== SENSOR_CONFIG_BYTES || p[0] !== P.CONFIG_SENSOR) return null;
  const v = view(p);
  const c = { id: v.getUint16(2, LE), east: v.getFloat64(8, LE), north: v.getFloat64(16, LE), up: v.getFloat64(24, LE) } as SensorConfig;
  for (const [name, off] of SENSOR_F32) c[name] = v.getFloat32(off, LE);
  // Coverage limits are optional: present only when set.
  if (v.getUint8(1)) c.minElevationDeg = v.getUint8(1) / 10;
  if (v.getUint16(6, LE)) { c.sectorStartDeg = v.getUint16(4, LE) / 100; c.sectorWidthDeg = v.getUint16(6, LE) / 100; }
  if (v.getUint16(64, LE)) c.maxElevationDeg = v.getUint16(64, LE) / 100;
  return c;
}

// f32 fields of the TRACKER section. The doc gives no ranges here; these bounds are what makes
// the filter meaningful (a zero gate or zero process noise cannot track a manoeuvring target).
const TRACKER_F32: ReadonlyArray<readonly [Exclude<keyof TrackerConfig, 'confirmM' | 'confirmN' | 'deleteMisses' | 'initGuardChi2' | 'accelSigmaMin' | 'coastAlpha'>, number, Bound]> = [
  ['gateChi2', 4, '> 0'],
  ['accelSigma', 8, '> 0'],
  ['maxSpeed', 12, '> 0'],
  ['newTargetDensity', 16, '> 0'],
  ['maxPositionSigma', 20, '> 0'],
  ['verticalAccelSigma', 24, '> 0'],
];

export function encodeTrackerConfig(c: TrackerConfig): Uint8Array {
  // M-of-N confirmation needs 1 <= M <= N; a track must be deletable after at least one miss.
  checkUint('confirmN', c.confirmN, 0xff, 1);
  checkUint('confirmM', c.confirmM, c.confirmN, 1);
  checkUint('deleteMisses', c.deleteMisses, 0xff, 1);
  for (const [name, , bound] of TRACKER_F32) checkF32(name, c[name], bound);
  const guard = c.initGuardChi2 ?? 0;
  if (!(guard === 0 || (guard > c.gateChi2 && guard < 1e6))) fail('initGuardChi2', `0 (off) or a chi-square above gateChi2 (${c.gateChi2}) and below 1e6`, guard);
  const accMin = c.accelSigmaMin ?? 0, alpha = c.coastAlpha ?? 0;
  if (!(accMin >= 0 && Math.fround(accMin) <= Math.fround(c.accelSigma))) fail('accelSigmaMin', `0 (off) or a σa up to accelSigma (${c.accelSigma})`, accMin);
  if (!(alpha >= 0 && alpha < 1)) fail('coastAlpha', '0 (off) or a probability below 1', alpha);
  const p = new Uint8Array(TRACKER_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_TRACKER);
  v.setUint8(1, c.confirmM);
  v.setUint8(2, c.confirmN);
  v.setUint8(3, c.deleteMisses);
  for (const [name, off] of TRACKER_F32) v.setFloat32(off, c[name], LE);
  v.setFloat32(28, guard, LE);
  v.setFloat32(32, accMin, LE);
  v.setFloat32(36, alpha, LE);
  return p;
}

export function decodeTrackerConfig(p: Uint8Array): TrackerConfig | null {
  if (p.length !== TRACKER_CONFIG_BYTES || p[0] !== P.CONFIG_TRACKER) return null;
  const v = view(p);
  const c = { confirmM: v.getUint8(1), confirmN: v.getUint8(2), deleteMisses: v.getUint8(3) } as TrackerConfig;
  for (const [name, off] of TRACKER_F32) c[name] = v.getFloat32(off, LE);
  if (v.getFloat32(28, LE) !== 0) c.initGuardChi2 = v.getFloat32(28, LE);
  if (v.getFloat32(32, LE) !== 0) c.accelSigmaMin = v.getFloat32(32, LE);
  if (v.getFloat32(36, LE) !== 0) c.coastAlpha = v.getFloat32(36, LE);
  return c;
}

export function encodeReset(): Uint8Array {
  return Uint8Array.of(P.CONFIG_RESET);
}

export type ConfigMessage =
  | { section: 'sensor'; sensor: SensorConfig }
  | { section: 'tracker'; tracker: TrackerConfig }
  | { section: 'reset' };

/** Decodes any CONFIG payload; null for an unknown section or a wrong length. */
export function decodeConfig(p: Uint8Array): ConfigMessage | null {
  switch (p[0]) {
    case P.CONFIG_SENSOR: {
      const sensor = decodeSensorConfig(p);
      return sensor && { section: 'sensor', sensor };
    }
    case P.CONFIG_TRACKER: {
      const tracker = decodeTrackerConfig(p);
      return tracker && { section: 'tracker', tracker };
    }
    case P.CONFIG_RESET:
      return p.length === RESET_BYTES ? { section: 'reset' } : null;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// SCAN (0x02) and HEARTBEAT (0x06)

export interface Scan {
  sensorId: number;
  start: boolean; // flags bit 0: north marker
  end: boolean; // flags bit 1
  scanNumber: number;
  timeMs: number;
}

export function encodeScan(s: Scan): Uint8Array {
  checkUint('sensorId', s.sensorId, 0xffff);
  checkUint('scanNumber', s.scanNumber, 0xffffffff);
  checkF64('timeMs', s.timeMs);
  const p = new Uint8Array(SCAN_BYTES);
  const v = view(p);
  v.setUint16(0, s.sensorId, LE);
  v.setUint16(2, (s.start ? 1 : 0) | (s.end ? 2 : 0), LE);
  v.setUint32(4, s.scanNumber, LE);
  v.setFloat64(8, s.timeMs, LE);
  return p;
}

export function decodeScan(p: Uint8Array): Scan | null {
  if (p.length !== SCAN_BYTES) return null;
  const v = view(p);
  const flags = v.getUint16(2, LE);
  return { sensorId: v.getUint16(0, LE), start: (flags & 1) !== 0, end: (flags & 2) !== 0, scanNumber: v.getUint32(4, LE), timeMs: v.getFloat64(8, LE) };
}

export function encodeHeartbeat(timeMs: number): Uint8Array {
  checkF64('timeMs', timeMs);
  const p = new Uint8Array(HEARTBEAT_BYTES);
  view(p).setFloat64(0, timeMs, LE);
  return p;
}

export function decodeHeartbeat(p: Uint8Array): number | null {
  return p.length === HEARTBEAT_BYTES ? view(p).getFloat64(0, LE) : null;
}

// ---------------------------------------------------------------------------------------------
// PLOTS (0x03)

export type PlotKind = 'polar' | 'cartesian';

/** a, b, c: range m, azimuth rad, elevation rad (polar) or east, north, up m (Cartesian). */
export interface Plot {
  plotId: number;
  kind: PlotKind;
  timeMs: number;
  a: number;
  b: number;
  c: number;
  radialVelocity?: number;
}

export interface PlotBatch {
  sensorId: number;
  plots: Plot[];
}

function checkPlot(p: Plot, at: string): void {
  checkUint(`${at}.plotId`, p.plotId, 0xffffffff);
  if (p.kind !== 'polar' && p.kind !== 'cartesian') fail(`${at}.kind`, "'polar' or 'cartesian'", p.kind);
  checkF64(`${at}.timeMs`, p.timeMs);
  // A range is a distance; a negative one would mirror the plot through the sensor.
  checkF32(`${at}.a`, p.a, p.kind === 'polar' ? '>= 0' : 'any');
  checkF32(`${at}.b`, p.b);
  checkF32(`${at}.c`, p.c);
  // Absence is signalled by the flag (and NaN on the wire), never by a NaN value.
  if (p.radialVelocity !== undefined) checkF32(`${at}.radialVelocity`, p.radialVelocity);
}

/** One PLOTS payload of at most MAX_PLOTS_PER_FRAME plots. */
export function encodePlots(sensorId: number, plots: readonly Plot[]): Uint8Array {
  checkUint('sensorId', sensorId, 0xffff);
  checkUint('plots.length', plots.length, MAX_PLOTS_PER_FRAME);
  plots.forEach((pl, k) => checkPlot(pl, `plots[${k}]`));
  const p = new Uint8Array(P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * plots.length);
  const v = view(p);
  v.setUint16(0, sensorId, LE);
  v.setUint16(2, plots.length, LE);
  plots.forEach((pl, k) => {
    const o = P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * k;
    const hasRv = pl.radialVelocity !== undefined;
    v.setUint32(o, pl.plotId, LE);
    v.setUint8(o + 4, pl.kind === 'polar' ? P.PLOT_POLAR : P.PLOT_CARTESIAN);
    v.setUint8(o + 5, hasRv ? 1 : 0);
    v.setFloat64(o + 8, pl.timeMs, LE);
    v.setFloat32(o + 16, pl.a, LE);
    v.setFloat32(o + 20, pl.b, LE);
    v.setFloat32(o + 24, pl.c, LE);
    v.setFloat32(o + 28, hasRv ? pl.radialVelocity! : NaN, LE);
  });
  return p;
}

export function decodePlots(p: Uint8Array): PlotBatch | null {
  if (!payloadLengthOk(P.FRAME_PLOTS, p)) return null;
  const v = view(p);
  const plots: Plot[] = [];
  for (let k = 0; k < v.getUint16(2, LE); k++) {
    const o = P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * k;
    const kind = v.getUint8(o + 4);
    if (kind !== P.PLOT_POLAR && kind !== P.PLOT_CARTESIAN) return null;
    const pl: Plot = {
      plotId: v.getUint32(o, LE),
      kind: kind === P.PLOT_POLAR ? 'polar' : 'cartesian',
      timeMs: v.getFloat64(o + 8, LE),
      a: v.getFloat32(o + 16, LE),
      b: v.getFloat32(o + 20, LE),
      c: v.getFloat32(o + 24, LE),
    };
    if (v.getUint8(o + 5) & 1) pl.radialVelocity = v.getFloat32(o + 28, LE);
    plots.push(pl);
  }
  return { sensorId: v.getUint16(0, LE), plots };
}

/**
 * Wire frames carrying `plots`, split into batches of MAX_PLOTS_PER_FRAME; frame k has sequence
 * number seqStart + k (mod 65536). No plots, no frames.
 */
export function encodePlotBatches(sensorId: number, plots: readonly Plot[], seqStart: number): Uint8Array[] {
  checkUint('seqStart', seqStart, 0xffff);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < plots.length; i += MAX_PLOTS_PER_FRAME) {
    const payload = encodePlots(sensorId, plots.slice(i, i + MAX_PLOTS_PER_FRAME));
    frames.push(encodeFrame(P.FRAME_PLOTS, (seqStart + frames.length) & 0xffff, payload));
  }
  return frames;
}

// ---------------------------------------------------------------------------------------------
// TRACKS (0x10): one picture in parts

export interface TrackRecord {
  trackNumber: number;
  status: number; // P.TRACK_CONFIRMED or P.TRACK_COASTING
  hits: number;
  misses: number;
  cls: number;
  x: number; // east, m
  y: number; // north, m
  z: number; // up, m
  vx: number;
  vy: number;
  vz: number;
  posSigma: number;
  velSigma: number;
  lastPlotId: number;
  sinceUpdateS: number;
}

export interface TracksPart {
  timeMs: number;
  part: number;
  parts: number;
  tracks: TrackRecord[];
}

export interface TrackPicture {
  timeMs: number;
  tracks: TrackRecord[];
}

// f32 fields of a track record: [name, offset, bound].
const TRACK_F32: ReadonlyArray<readonly [keyof TrackRecord, number, Bound]> = [
  ['x', 8, 'any'],
  ['y', 12, 'any'],
  ['z', 16, 'any'],
  ['vx', 20, 'any'],
  ['vy', 24, 'any'],
  ['vz', 28, 'any'],
  ['posSigma', 32, '>= 0'],
  ['velSigma', 36, '>= 0'],
  ['sinceUpdateS', 44, '>= 0'],
];

function checkTrack(t: TrackRecord, at: string): void {
  checkUint(`${at}.trackNumber`, t.trackNumber, 0xffffffff);
  if (t.status !== P.TRACK_CONFIRMED && t.status !== P.TRACK_COASTING) fail(`${at}.status`, 'TRACK_CONFIRMED or TRACK_COASTING', t.status);
  checkUint(`${at}.hits`, t.hits, 0xff);
  checkUint(`${at}.misses`, t.misses, 0xff);
  checkUint(`${at}.cls`, t.cls, 0xff);
  checkUint(`${at}.lastPlotId`, t.lastPlotId, 0xffffffff);
  for (const [name, , bound] of TRACK_F32) checkF32(`${at}.${name}`, t[name], bound);
}

/**
 * The TRACKS payloads of one picture (the firmware's side, for emulation and tests). An empty
 * picture is still one part with no records: "no tracks" must reach the host too.
 */
export function encodeTracksParts(timeMs: number, tracks: readonly TrackRecord[]): Uint8Array[] {
  checkF64('timeMs', timeMs);
  tracks.forEach((t, k) => checkTrack(t, `tracks[${k}]`));
  const parts = Math.max(1, Math.ceil(tracks.length / MAX_TRACKS_PER_FRAME));
  checkUint('parts', parts, 0xffff);
  const out: Uint8Array[] = [];
  for (let part = 0; part < parts; part++) {
    const chunk = tracks.slice(part * MAX_TRACKS_PER_FRAME, (part + 1) * MAX_TRACKS_PER_FRAME);
    const p = new Uint8Array(P.TRACKS_HEADER_BYTES + P.TRACK_RECORD_BYTES * chunk.length);
    const v = view(p);
    v.setFloat64(0, timeMs, LE);
    v.setUint16(8, part, LE);
    v.setUint16(10, parts, LE);
    v.setUint16(12, chunk.length, LE);
    chunk.forEach((t, k) => {
      const o = P.TRACKS_HEADER_BYTES + P.TRACK_RECORD_BYTES * k;
      v.setUint32(o, t.trackNumber, LE);
      v.setUint8(o + 4, t.status);
      v.setUint8(o + 5, t.hits);
      v.setUint8(o + 6, t.misses);
      v.setUint8(o + 7, t.cls);
      for (const [name, off] of TRACK_F32) v.setFloat32(o + off, t[name], LE);
      v.setUint32(o + 40, t.lastPlotId, LE);
    });
    out.push(p);
  }
  return out;
}

export function decodeTracksPart(p: Uint8Array): TracksPart | null {
  if (!payloadLengthOk(P.FRAME_TRACKS, p)) return null;
  const v = view(p);
  const part = v.getUint16(8, LE);
  const parts = v.getUint16(10, LE);
  if (part >= parts) return null;
  const tracks: TrackRecord[] = [];
  for (let k = 0; k < v.getUint16(12, LE); k++) {
    const o = P.TRACKS_HEADER_BYTES + P.TRACK_RECORD_BYTES * k;
    const t = {
      trackNumber: v.getUint32(o, LE),
      status: v.getUint8(o + 4),
      hits: v.getUint8(o + 5),
      misses: v.getUint8(o + 6),
      cls: v.getUint8(o + 7),
      lastPlotId: v.getUint32(o + 40, LE),
    } as TrackRecord;
    for (const [name, off] of TRACK_F32) t[name] = v.getFloat32(o + off, LE);
    tracks.push(t);
  }
  return { timeMs: v.getFloat64(0, LE), part, parts, tracks };
}

/**
 * Merges the parts of one picture. Parts may come in any order; a part of a different picture
 * (other time or part count) abandons the one in progress, which is counted in `dropped`:
 * a picture with a part lost on the link is never handed out half-filled.
 */
export class TrackPictureAssembler {
  dropped = 0;
  private timeMs = NaN;
  private received: (TrackRecord[] | undefined)[] = [];
  private count = 0;

  push(part: TracksPart): TrackPicture | null {
    const same = this.received.length === part.parts && Object.is(this.timeMs, part.timeMs);
    if (!same) {
      if (this.count > 0) this.dropped++;
      this.timeMs = part.timeMs;
      this.received = new Array(part.parts);
      this.count = 0;
    }
    if (this.received[part.part] === undefined) this.count++; // a repeated part replaces, not adds
    this.received[part.part] = part.tracks;
    if (this.count < part.parts) return null;
    const picture = { timeMs: this.timeMs, tracks: this.received.flatMap((t) => t!) };
    this.received = [];
    this.count = 0;
    return picture;
  }
}

// ---------------------------------------------------------------------------------------------
// TELEMETRY (0x11) and ACK (0x13)

export interface Telemetry {
  timeMs: number;
  counters: number[]; // counters[k] = stat(k); see the STAT_* constants
}

export function encodeTelemetry(t: Telemetry): Uint8Array {
  checkF64('timeMs', t.timeMs);
  checkUint('counters.length', t.counters.length, MAX_TELEMETRY_COUNTERS);
  t.counters.forEach((c, k) => checkF64(`counters[${k}]`, c));
  const p = new Uint8Array(TELEMETRY_HEADER_BYTES + TELEMETRY_COUNTER_BYTES * t.counters.length);
  const v = view(p);
  v.setFloat64(0, t.timeMs, LE);
  v.setUint16(8, t.counters.length, LE);
  t.counters.forEach((c, k) => v.setFloat64(TELEMETRY_HEADER_BYTES + TELEMETRY_COUNTER_BYTES * k, c, LE));
  return p;
}

export function decodeTelemetry(p: Uint8Array): Telemetry | null {
  if (!payloadLengthOk(P.FRAME_TELEMETRY, p)) return null;
  const v = view(p);
  const counters: number[] = [];
  for (let k = 0; k < v.getUint16(8, LE); k++) counters.push(v.getFloat64(TELEMETRY_HEADER_BYTES + TELEMETRY_COUNTER_BYTES * k, LE));
  return { timeMs: v.getFloat64(0, LE), counters };
}

export interface Ack {
  answeredType: number;
  status: number; // P.ACK_*
  seq: number;
  offset: number;
}

export function encodeAck(a: Ack): Uint8Array {
  checkUint('answeredType', a.answeredType, 0xff);
  checkUint('status', a.status, P.ACK_NO_CAPACITY);
  checkUint('seq', a.seq, 0xffff);
  checkUint('offset', a.offset, 0xffff);
  const p = new Uint8Array(ACK_BYTES);
  const v = view(p);
  v.setUint8(0, a.answeredType);
  v.setUint8(1, a.status);
  v.setUint16(2, a.seq, LE);
  v.setUint16(4, a.offset, LE);
  return p;
}

export function decodeAck(p: Uint8Array): Ack | null {
  if (p.length !== ACK_BYTES) return null;
  const v = view(p);
  return { answeredType: v.getUint8(0), status: v.getUint8(1), seq: v.getUint16(2, LE), offset: v.getUint16(4, LE) };
}
