import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as P from '../assembly/protocol.ts';
import {
  decodeAck,
  decodeConfig,
  decodeFrame,
  decodeHeartbeat,
  decodePlots,
  decodeScan,
  decodeSensorConfig,
  decodeTelemetry,
  decodeTrackerConfig,
  decodeTracksPart,
  DEFAULT_TRACKER_CONFIG,
  encodeAck,
  encodeFrame,
  encodeHeartbeat,
  encodePlotBatches,
  encodePlots,
  encodeReset,
  encodeScan,
  encodeSensorConfig,
  encodeTelemetry,
  encodeTrackerConfig,
  encodeTracksParts,
  isFrameError,
  TrackPictureAssembler,
  type Plot,
  type SensorConfig,
  type TrackRecord,
  type TrackerConfig,
} from '../host/link/frames.ts';

// ---- Reference layout writer: the doc's tables transcribed as (type, offset, value) rows.
type Row = ['u8' | 'u16' | 'u32' | 'f32' | 'f64', number, number];
function layout(size: number, rows: Row[]): Uint8Array {
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  for (const [t, off, x] of rows) {
    if (t === 'u8') v.setUint8(off, x);
    else if (t === 'u16') v.setUint16(off, x, true);
    else if (t === 'u32') v.setUint32(off, x, true);
    else if (t === 'f32') v.setFloat32(off, x, true);
    else v.setFloat64(off, x, true);
  }
  return b;
}

/** `o` with the named fields rounded to f32, as they come back from the wire. */
function f32<T extends object>(o: T, keys: (keyof T)[]): T {
  const r = { ...o };
  for (const k of keys) if (typeof r[k] === 'number') (r as Record<keyof T, number>)[k] = Math.fround(r[k] as number);
  return r;
}

// ---- Arbitraries
const f64 = fc.double({ noNaN: true, noDefaultInfinity: true });
const f32Any = fc.double({ min: -3e38, max: 3e38, noNaN: true });
const f32Pos = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const f32NonNeg = fc.double({ min: 0, max: 1e6, noNaN: true });
const u8 = fc.nat(0xff);
const u16 = fc.nat(0xffff);
const u32 = fc.integer({ min: 0, max: 0xffffffff });

const SENSOR_F32_KEYS: (keyof SensorConfig)[] = ['sigmaRange', 'sigmaAz', 'sigmaEl', 'sigmaCart', 'maxRange', 'pd', 'falseDensity', 'scanPeriodS'];
const sensorArb: fc.Arbitrary<SensorConfig> = fc.record({
  id: u16,
  east: f64,
  north: f64,
  up: f64,
  sigmaRange: f32Pos,
  sigmaAz: f32Pos,
  sigmaEl: f32Pos,
  sigmaCart: f32Pos,
  maxRange: f32Pos,
  pd: fc.double({ min: 1e-6, max: 1, noNaN: true }),
  falseDensity: fc.double({ min: 0, max: 1e-3, noNaN: true }),
  scanPeriodS: f32Pos,
});

const TRACKER_F32_KEYS: (keyof TrackerConfig)[] = ['gateChi2', 'accelSigma', 'maxSpeed', 'newTargetDensity', 'maxPositionSigma', 'verticalAccelSigma'];
const trackerArb: fc.Arbitrary<TrackerConfig> = fc
  .record({ n: fc.integer({ min: 1, max: 255 }), m: fc.integer({ min: 1, max: 255 }), k: fc.integer({ min: 1, max: 255 }) })
  .chain(({ n, m, k }) =>
    fc.record({
      confirmM: fc.constant(Math.min(m, n)),
      confirmN: fc.constant(Math.max(m, n)),
      deleteMisses: fc.constant(k),
      gateChi2: f32Pos,
      accelSigma: f32Pos,
      maxSpeed: f32Pos,
      newTargetDensity: fc.double({ min: 1e-30, max: 1, noNaN: true }),
      maxPositionSigma: f32Pos,
      verticalAccelSigma: f32Pos,
    }),
  );

const plotArb: fc.Arbitrary<Plot> = fc
  .record(
    { plotId: u32, kind: fc.constantFrom('polar' as const, 'cartesian' as const), timeMs: f64, a: f32Any, b: f32Any, c: f32Any, radialVelocity: f32Any },
    { requiredKeys: ['plotId', 'kind', 'timeMs', 'a', 'b', 'c'] },
  )
  .map((p) => (p.kind === 'polar' ? { ...p, a: Math.abs(p.a) } : p));
const plotF32 = (p: Plot) => f32(p, ['a', 'b', 'c', 'radialVelocity']);

const TRACK_F32_KEYS: (keyof TrackRecord)[] = ['x', 'y', 'z', 'vx', 'vy', 'vz', 'posSigma', 'velSigma', 'sinceUpdateS'];
const trackArb: fc.Arbitrary<TrackRecord> = fc.record({
  trackNumber: u32,
  status: fc.constantFrom(P.TRACK_CONFIRMED, P.TRACK_COASTING),
  hits: u8,
  misses: u8,
  cls: u8,
  x: f32Any,
  y: f32Any,
  z: f32Any,
  vx: f32Any,
  vy: f32Any,
  vz: f32Any,
  posSigma: f32NonNeg,
  velSigma: f32NonNeg,
  lastPlotId: u32,
  sinceUpdateS: f32NonNeg,
});

const SENSOR: SensorConfig = {
  id: 0x1234,
  east: 1500.25,
  north: -320.5,
  up: 12,
  sigmaRange: 15,
  sigmaAz: 0.002,
  sigmaEl: 0.003,
  sigmaCart: 25,
  maxRange: 120000,
  pd: 0.9,
  falseDensity: 1e-9,
  scanPeriodS: 4,
};

const TRACK: TrackRecord = {
  trackNumber: 0x01020304,
  status: P.TRACK_COASTING,
  hits: 255,
  misses: 1,
  cls: 7,
  x: 1000.5,
  y: -2000.25,
  z: 3000,
  vx: -250,
  vy: 10.5,
  vz: -1,
  posSigma: 35,
  velSigma: 12,
  lastPlotId: 0xdeadbeef,
  sinceUpdateS: 4.5,
};

const plot = (i: number, extra: Partial<Plot> = {}): Plot => ({ plotId: i, kind: 'cartesian', timeMs: 1000 + i, a: i, b: -i, c: 100, ...extra });

// ---------------------------------------------------------------------------------------------
describe('CONFIG / SENSOR', () => {
  it('matches the doc layout', () => {
    expect(encodeSensorConfig(SENSOR)).toEqual(
      layout(68, [
        ['u8', 0, 0x01],
        ['u16', 2, 0x1234],
        ['f64', 8, 1500.25],
        ['f64', 16, -320.5],
        ['f64', 24, 12],
        ['f32', 32, 15],
        ['f32', 36, 0.002],
        ['f32', 40, 0.003],
        ['f32', 44, 25],
        ['f32', 48, 120000],
        ['f32', 52, 0.9],
        ['f32', 56, 1e-9],
        ['f32', 60, 4],
      ]),
    );
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(sensorArb, (c) => {
        expect(decodeSensorConfig(encodeSensorConfig(c))).toEqual(f32(c, SENSOR_F32_KEYS));
      }),
    );
  });

  it.each<[keyof SensorConfig, number]>([
    ['id', -1],
    ['id', 65536],
    ['id', 1.5],
    ['id', NaN],
    ['east', NaN],
    ['north', Infinity],
    ['up', -Infinity],
    ['sigmaRange', 0],
    ['sigmaRange', -1],
    ['sigmaAz', NaN],
    ['sigmaEl', 1e-50], // positive, but 0 as an f32
    ['sigmaCart', 1e39], // Infinity as an f32
    ['maxRange', -5],
    ['pd', 0],
    ['pd', 1.0000001],
    ['pd', -0.5],
    ['falseDensity', -1e-9],
    ['falseDensity', NaN],
    ['scanPeriodS', 0],
  ])('refuses %s = %s, naming the field', (field, value) => {
    expect(() => encodeSensorConfig({ ...SENSOR, [field]: value })).toThrow(new RegExp(`^${field} `));
  });

  it('accepts the edges the doc allows', () => {
    expect(() => encodeSensorConfig({ ...SENSOR, pd: 1, falseDensity: 0, id: 65535 })).not.toThrow();
    expect(() => encodeSensorConfig({ ...SENSOR, maxElevationDeg: 90 })).not.toThrow();
  });

  it('carries the cone of silence: highest elevation in 0.01° at offset 64, 0 when absent', () => {
    const v = new DataView(encodeSensorConfig({ ...SENSOR, minElevationDeg: 0.5, maxElevationDeg: 35.27 }).buffer);
    expect(v.getUint16(64, true)).toBe(3527);
    expect(decodeSensorConfig(encodeSensorConfig({ ...SENSOR, maxElevationDeg: 35.27 }))!.maxElevationDeg).toBe(35.27);
    expect(decodeSensorConfig(encodeSensorConfig(SENSOR))!.maxElevationDeg).toBeUndefined();
  });

  it.each([0, -1, 90.01, 0.5])('refuses maxElevationDeg = %s (not above the lowest elevation 0.5°, or beyond 90°)', (deg) => {
    expect(() => encodeSensorConfig({ ...SENSOR, minElevationDeg: 0.5, maxElevationDeg: deg })).toThrow(/^maxElevationDeg /);
  });
});

describe('CONFIG / TRACKER', () => {
  it('has the doc defaults', () => {
    expect(DEFAULT_TRACKER_CONFIG).toEqual({
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
  });

  it('default gate is the 99.9 % point of chi-square with 3 degrees of freedom', () => {
    // erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7); chi2 CDF, k = 3: erf(√(x/2)) − √(2x/π)·e^(−x/2).
    const erf = (x: number) => {
      const t = 1 / (1 + 0.3275911 * x);
      const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
      return 1 - poly * Math.exp(-x * x);
    };
    const x = DEFAULT_TRACKER_CONFIG.gateChi2;
    const cdf = erf(Math.sqrt(x / 2)) - Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
    expect(Math.abs(cdf - 0.999)).toBeLessThan(2e-5);
  });

  it('matches the doc layout (defaults)', () => {
    expect(encodeTrackerConfig(DEFAULT_TRACKER_CONFIG)).toEqual(
      layout(40, [
        ['u8', 0, 0x02],
        ['u8', 1, 3],
        ['u8', 2, 4],
        ['u8', 3, 5],
        ['f32', 4, 16.27],
        ['f32', 8, 10],
        ['f32', 12, 400],
        ['f32', 16, 1e-12],
        ['f32', 20, 2000],
        ['f32', 24, 5],
        ['f32', 28, 0],
        ['f32', 32, 0],
        ['f32', 36, 0],
      ]),
    );
  });

  it('carries the initiation guard at offset 28: 0 is off, otherwise beyond the gate', () => {
    const c = { ...DEFAULT_TRACKER_CONFIG, initGuardChi2: 60 };
    expect(new DataView(encodeTrackerConfig(c).buffer).getFloat32(28, true)).toBe(60);
    expect(decodeTrackerConfig(encodeTrackerConfig(c))!.initGuardChi2).toBe(60);
    expect(decodeTrackerConfig(encodeTrackerConfig(DEFAULT_TRACKER_CONFIG))!.initGuardChi2).toBeUndefined();
    for (const bad of [-1, 10, DEFAULT_TRACKER_CONFIG.gateChi2, NaN, 1e7]) {
      expect(() => encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, initGuardChi2: bad })).toThrow(/^initGuardChi2 /);
    }
  });

  it('carries the least σa at offset 32 and the coasting α at offset 36, both 0 when off', () => {
    const c = { ...DEFAULT_TRACKER_CONFIG, accelSigmaMin: 1.5, coastAlpha: 0.001 };
    const v = new DataView(encodeTrackerConfig(c).buffer);
    expect([v.getFloat32(32, true), v.getFloat32(36, true)]).toEqual([1.5, Math.fround(0.001)]);
    expect(decodeTrackerConfig(encodeTrackerConfig(c))).toMatchObject({ accelSigmaMin: 1.5, coastAlpha: Math.fround(0.001) });
    for (const bad of [-1, 10.5, NaN]) { // accelSigma is 10
      expect(() => encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, accelSigmaMin: bad })).toThrow(/^accelSigmaMin /);
    }
    for (const bad of [-0.1, 1, NaN]) expect(() => encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, coastAlpha: bad })).toThrow(/^coastAlpha /);
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(trackerArb, (c) => {
        expect(decodeTrackerConfig(encodeTrackerConfig(c))).toEqual(f32(c, TRACKER_F32_KEYS));
      }),
    );
  });

  it.each<[keyof TrackerConfig, number]>([
    ['confirmM', 0],
    ['confirmM', 5], // more hits than opportunities (N = 4)
    ['confirmM', 2.5],
    ['confirmN', 0],
    ['confirmN', 256],
    ['deleteMisses', 0],
    ['deleteMisses', 256],
    ['gateChi2', 0],
    ['gateChi2', NaN],
    ['accelSigma', -10],
    ['maxSpeed', Infinity],
    ['newTargetDensity', 0],
    ['newTargetDensity', 1e-60], // 0 as an f32
    ['maxPositionSigma', 1e39],
    ['verticalAccelSigma', NaN],
  ])('refuses %s = %s, naming the field', (field, value) => {
    expect(() => encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, [field]: value })).toThrow(new RegExp(`^${field} `));
  });
});

describe('CONFIG dispatch and RESET', () => {
  it('RESET is the single section byte', () => {
    expect(encodeReset()).toEqual(Uint8Array.of(0x03));
  });

  it('decodeConfig recognises each section and refuses the rest', () => {
    expect(decodeConfig(encodeReset())).toEqual({ section: 'reset' });
    expect(decodeConfig(encodeSensorConfig(SENSOR))).toEqual({ section: 'sensor', sensor: f32(SENSOR, SENSOR_F32_KEYS) });
    expect(decodeConfig(encodeTrackerConfig(DEFAULT_TRACKER_CONFIG))).toEqual({ section: 'tracker', tracker: f32(DEFAULT_TRACKER_CONFIG, TRACKER_F32_KEYS) });
    expect(decodeConfig(Uint8Array.of(0x04))).toBeNull();
    expect(decodeConfig(new Uint8Array(0))).toBeNull();
    expect(decodeConfig(Uint8Array.of(0x03, 0x00))).toBeNull();
    expect(decodeConfig(encodeSensorConfig(SENSOR).subarray(0, 63))).toBeNull();
    expect(decodeSensorConfig(encodeTrackerConfig(DEFAULT_TRACKER_CONFIG))).toBeNull();
  });
});

describe('SCAN and HEARTBEAT', () => {
  it('SCAN matches the doc layout and round-trips', () => {
    const scan = { sensorId: 513, start: true, end: false, scanNumber: 0x01020304, timeMs: 12345.5 };
    expect(encodeScan(scan)).toEqual(layout(16, [['u16', 0, 513], ['u16', 2, 1], ['u32', 4, 0x01020304], ['f64', 8, 12345.5]]));
    expect(encodeScan({ ...scan, start: false, end: true })[2]).toBe(2);
    fc.assert(
      fc.property(fc.record({ sensorId: u16, start: fc.boolean(), end: fc.boolean(), scanNumber: u32, timeMs: f64 }), (s) => {
        expect(decodeScan(encodeScan(s))).toEqual(s);
      }),
    );
  });

  it('SCAN refuses bad fields', () => {
    const scan = { sensorId: 1, start: true, end: true, scanNumber: 1, timeMs: 0 };
    expect(() => encodeScan({ ...scan, sensorId: 65536 })).toThrow(/^sensorId /);
    expect(() => encodeScan({ ...scan, scanNumber: 2 ** 32 })).toThrow(/^scanNumber /);
    expect(() => encodeScan({ ...scan, timeMs: NaN })).toThrow(/^timeMs /);
    expect(decodeScan(new Uint8Array(15))).toBeNull();
  });

  it('HEARTBEAT is the f64 time and round-trips', () => {
    expect(encodeHeartbeat(-0.125)).toEqual(layout(8, [['f64', 0, -0.125]]));
    fc.assert(fc.property(f64, (t) => void expect(decodeHeartbeat(encodeHeartbeat(t))).toBe(t)));
    expect(() => encodeHeartbeat(NaN)).toThrow(/^timeMs /);
    expect(decodeHeartbeat(new Uint8Array(9))).toBeNull();
  });
});

describe('PLOTS', () => {
  it('matches the doc layout, with NaN and a clear flag when there is no radial velocity', () => {
    const polar: Plot = { plotId: 77, kind: 'polar', timeMs: 500.5, a: 12000, b: 1.25, c: 0.05, radialVelocity: -120 };
    const cart: Plot = { plotId: 78, kind: 'cartesian', timeMs: 501, a: -100, b: 200, c: 300 };
    expect(encodePlots(9, [polar, cart])).toEqual(
      layout(4 + 64, [
        ['u16', 0, 9],
        ['u16', 2, 2],
        ['u32', 4, 77],
        ['u8', 8, 0],
        ['u8', 9, 1],
        ['f64', 12, 500.5],
        ['f32', 20, 12000],
        ['f32', 24, 1.25],
        ['f32', 28, 0.05],
        ['f32', 32, -120],
        ['u32', 36, 78],
        ['u8', 40, 1],
        ['u8', 41, 0],
        ['f64', 44, 501],
        ['f32', 52, -100],
        ['f32', 56, 200],
        ['f32', 60, 300],
        ['f32', 64, NaN],
      ]),
    );
  });

  it('round-trips a batch', () => {
    fc.assert(
      fc.property(u16, fc.array(plotArb, { maxLength: 63 }), (sensorId, plots) => {
        expect(decodePlots(encodePlots(sensorId, plots))).toEqual({ sensorId, plots: plots.map(plotF32) });
      }),
    );
  });

  it('splits into frames of at most 63 plots with consecutive, wrapping seqs', () => {
    fc.assert(
      fc.property(u16, fc.array(plotArb, { maxLength: 200 }), u16, (sensorId, plots, seqStart) => {
        const frames = encodePlotBatches(sensorId, plots, seqStart);
        expect(frames.length).toBe(Math.ceil(plots.length / 63));
        const back: Plot[] = [];
        frames.forEach((wire, k) => {
          const f = decodeFrame(wire);
          if (isFrameError(f)) throw new Error(`frame ${k}: ${f.error}`);
          expect(f.type).toBe(P.FRAME_PLOTS);
          expect(f.seq).toBe((seqStart + k) % 65536);
          const batch = decodePlots(f.payload)!;
          expect(batch.sensorId).toBe(sensorId);
          expect(batch.plots.length).toBe(k < frames.length - 1 ? 63 : plots.length - 63 * k);
          back.push(...batch.plots);
        });
        expect(back).toEqual(plots.map(plotF32));
      }),
      { numRuns: 50 },
    );
  });

  it('splits 130 plots 63 + 63 + 4, wrapping the seq past 65535', () => {
    const frames = encodePlotBatches(3, Array.from({ length: 130 }, (_, i) => plot(i)), 65534);
    const decoded = frames.map((w) => decodeFrame(w)).map((f) => (isFrameError(f) ? null : f));
    expect(decoded.map((f) => f?.seq)).toEqual([65534, 65535, 0]);
    expect(decoded.map((f) => decodePlots(f!.payload)!.plots.length)).toEqual([63, 63, 4]);
    expect(encodePlotBatches(3, [], 0)).toEqual([]);
  });

  it.each<[string, Partial<Plot>]>([
    ['plots[1].plotId', { plotId: -1 }],
    ['plots[1].plotId', { plotId: 2 ** 32 }],
    ['plots[1].kind', { kind: 'radar' as Plot['kind'] }],
    ['plots[1].timeMs', { timeMs: NaN }],
    ['plots[1].a', { kind: 'polar', a: -1 }],
    ['plots[1].a', { a: NaN }],
    ['plots[1].b', { b: Infinity }],
    ['plots[1].c', { c: 1e39 }],
    ['plots[1].radialVelocity', { radialVelocity: NaN }],
  ])('refuses a bad %s', (field, bad) => {
    const escaped = field.replace(/[[\].]/g, '\\$&');
    expect(() => encodePlots(1, [plot(0), plot(1, bad)])).toThrow(new RegExp(`^${escaped} `));
  });

  it('refuses too many plots for one frame and a bad sensor id', () => {
    expect(() => encodePlots(1, Array.from({ length: 64 }, (_, i) => plot(i)))).toThrow(/^plots\.length /);
    expect(() => encodePlots(65536, [])).toThrow(/^sensorId /);
    expect(() => encodePlots(1, [plot(0, { kind: 'cartesian', a: -1 })])).not.toThrow();
  });

  it('decoding refuses an unknown plot kind or a count that disagrees with the length', () => {
    const p = encodePlots(1, [plot(0)]);
    p[4 + 4] = 2;
    expect(decodePlots(p)).toBeNull();
    expect(decodePlots(encodePlots(1, [plot(0)]).subarray(0, 35))).toBeNull();
  });
});

describe('TRACKS', () => {
  it('matches the doc layout', () => {
    const [part] = encodeTracksParts(2500.5, [TRACK]);
    expect(part).toEqual(
      layout(14 + 48, [
        ['f64', 0, 2500.5],
        ['u16', 8, 0],
        ['u16', 10, 1],
        ['u16', 12, 1],
        ['u32', 14, 0x01020304],
        ['u8', 18, 2],
        ['u8', 19, 255],
        ['u8', 20, 1],
        ['u8', 21, 7],
        ['f32', 22, 1000.5],
        ['f32', 26, -2000.25],
        ['f32', 30, 3000],
        ['f32', 34, -250],
        ['f32', 38, 10.5],
        ['f32', 42, -1],
        ['f32', 46, 35],
        ['f32', 50, 12],
        ['u32', 54, 0xdeadbeef],
        ['f32', 58, 4.5],
      ]),
    );
  });

  it('splits a picture into parts of at most 42 tracks; an empty picture is one empty part', () => {
    const sizes = (n: number) => encodeTracksParts(0, Array.from({ length: n }, () => TRACK)).map((p) => decodeTracksPart(p)!.tracks.length);
    expect(sizes(0)).toEqual([0]);
    expect(sizes(42)).toEqual([42]);
    expect(sizes(43)).toEqual([42, 1]);
    expect(sizes(100)).toEqual([42, 42, 16]);
  });

  it('round-trips through parts and the assembler, in any part order', () => {
    fc.assert(
      fc.property(f64, fc.array(trackArb, { maxLength: 150 }), fc.infiniteStream(fc.nat()), (timeMs, tracks, rnd) => {
        const parts = encodeTracksParts(timeMs, tracks).map((p) => decodeTracksPart(p)!);
        parts.forEach((p, k) => expect([p.timeMs, p.part, p.parts]).toEqual([timeMs, k, parts.length]));
        // Shuffle (Fisher-Yates), then feed: only the last part completes the picture.
        const order = parts.slice();
        for (let i = order.length - 1; i > 0; i--) {
          const j = rnd.next().value % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        const asm = new TrackPictureAssembler();
        const results = order.map((p) => asm.push(p));
        expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
        expect(results[results.length - 1]).toEqual({ timeMs, tracks: tracks.map((t) => f32(t, TRACK_F32_KEYS)) });
        expect(asm.dropped).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('the assembler drops a picture with a lost part and still delivers the next', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...TRACK, trackNumber: i }));
    const a = encodeTracksParts(100, many).map((p) => decodeTracksPart(p)!);
    const b = encodeTracksParts(200, many).map((p) => decodeTracksPart(p)!);
    const asm = new TrackPictureAssembler();
    expect(asm.push(a[0])).toBeNull(); // a[1] is lost
    expect(asm.push(b[0])).toBeNull();
    expect(asm.push(b[0])).toBeNull(); // a repeat does not count twice
    expect(asm.push(b[1])?.tracks.map((t) => t.trackNumber)).toEqual(many.map((t) => t.trackNumber));
    expect(asm.dropped).toBe(1);
  });

  it.each<[string, Partial<TrackRecord>]>([
    ['trackNumber', { trackNumber: -1 }],
    ['status', { status: P.TRACK_TENTATIVE }],
    ['hits', { hits: 256 }],
    ['misses', { misses: -1 }],
    ['cls', { cls: 1.5 }],
    ['x', { x: NaN }],
    ['vz', { vz: 1e39 }],
    ['posSigma', { posSigma: -1 }],
    ['velSigma', { velSigma: NaN }],
    ['lastPlotId', { lastPlotId: 2 ** 32 }],
    ['sinceUpdateS', { sinceUpdateS: -0.5 }],
  ])('refuses a bad %s', (field, bad) => {
    expect(() => encodeTracksParts(0, [TRACK, { ...TRACK, ...bad }])).toThrow(new RegExp(`^tracks\\[1\\]\\.${field} `));
  });

  it('decoding refuses a part index beyond the part count or a wrong length', () => {
    const [p] = encodeTracksParts(0, [TRACK]);
    const bad = p.slice();
    bad[8] = 1; // part 1 of 1
    expect(decodeTracksPart(bad)).toBeNull();
    expect(decodeTracksPart(p.subarray(0, 61))).toBeNull();
  });
});

describe('TELEMETRY and ACK', () => {
  it('TELEMETRY matches the doc layout and round-trips', () => {
    expect(encodeTelemetry({ timeMs: 99, counters: [1, 2.5] })).toEqual(layout(12 + 16, [['f64', 0, 99], ['u16', 8, 2], ['f64', 12, 1], ['f64', 20, 2.5]]));
    fc.assert(
      fc.property(f64, fc.array(f64, { maxLength: 253 }), (timeMs, counters) => {
        expect(decodeTelemetry(encodeTelemetry({ timeMs, counters }))).toEqual({ timeMs, counters });
      }),
    );
  });

  it('TELEMETRY carries all STAT_COUNT counters in one frame and refuses bad values', () => {
    const counters = Array.from({ length: P.STAT_COUNT }, (_, k) => k * 10);
    const wire = encodeFrame(P.FRAME_TELEMETRY, 0, encodeTelemetry({ timeMs: 1, counters }));
    const f = decodeFrame(wire);
    expect(isFrameError(f) ? f.error : decodeTelemetry(f.payload)).toEqual({ timeMs: 1, counters });
    expect(() => encodeTelemetry({ timeMs: 0, counters: [0, NaN] })).toThrow(/^counters\[1\] /);
    expect(() => encodeTelemetry({ timeMs: 0, counters: new Array(254).fill(0) })).toThrow(/^counters\.length /);
    expect(decodeTelemetry(new Uint8Array(13))).toBeNull();
  });

  it('ACK matches the doc layout and round-trips', () => {
    const ack = { answeredType: P.FRAME_CONFIG, status: P.ACK_BAD_VALUE, seq: 0x0203, offset: 52 };
    expect(encodeAck(ack)).toEqual(layout(6, [['u8', 0, 1], ['u8', 1, 3], ['u16', 2, 0x0203], ['u16', 4, 52]]));
    fc.assert(
      fc.property(fc.record({ answeredType: u8, status: fc.nat(P.ACK_NO_CAPACITY), seq: u16, offset: u16 }), (a) => {
        expect(decodeAck(encodeAck(a))).toEqual(a);
      }),
    );
    expect(() => encodeAck({ ...ack, status: 5 })).toThrow(/^status /);
    expect(() => encodeAck({ ...ack, offset: 65536 })).toThrow(/^offset /);
    expect(decodeAck(new Uint8Array(7))).toBeNull();
  });
});
