// Host -> firmware -> host through real frames: configuration answered by ACKs, refused configuration
// leaving the previous one in force, corrupt frames counted while the next good frame still lands, and
// the track picture decoded on the host equal to the firmware's own state.
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { Deframer } from '../host/link/deframer.ts';
import {
  encodeFrame, encodeHeartbeat, encodePlots, encodeSensorConfig, encodeTrackerConfig, decodeAck, DEFAULT_TRACKER_CONFIG,
  type SensorConfig,
} from '../host/link/frames.ts';
import * as P from '../assembly/protocol.ts';

const SENSOR: SensorConfig = { id: 7, east: 100, north: -50, up: 20, sigmaRange: 25, sigmaAz: 0.001, sigmaEl: 0.002,
  sigmaCart: 15, maxRange: 80_000, pd: 0.95, falseDensity: 1e-13, scanPeriodS: 2 };

function acksOf(bytes: Uint8Array) {
  return new Deframer().push(bytes).filter((f) => f.type === P.FRAME_ACK).map((f) => decodeAck(f.payload)!);
}

describe('host -> firmware -> host', () => {
  it('answers CONFIG with an ACK carrying the frame\'s sequence number', () => {
    const fw = Firmware.load('host');
    const acks = acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 4242, encodeSensorConfig(SENSOR))));
    expect(acks).toEqual([{ answeredType: P.FRAME_CONFIG, status: P.ACK_OK, seq: 4242, offset: 0 }]);
  });

  it('refuses a bad field, names its byte offset, and keeps the previous configuration', () => {
    const fw = Firmware.load('host');
    const link = new FirmwareLink(fw);
    link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, confirmM: 2, confirmN: 3 });
    const bad = encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, confirmM: 2, confirmN: 3 });
    new DataView(bad.buffer).setFloat32(8, Number.NaN, true); // σ acceleration
    const acks = acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 1, bad)));
    expect(acks[0]).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 8 });
    expect(fw.stat(P.STAT_CONFIG_REJECTED)).toBe(1);
    // Still 2-of-3: a target seen on two of three scans is confirmed.
    link.configureSensor(SENSOR);
    const plot = (id: number, t: number) => ({ plotId: id, kind: 'cartesian' as const, timeMs: t, a: 1000 + t / 10, b: 2000, c: 500 });
    link.sendPlots(7, [plot(1, 1000)]); link.step(1000);
    link.sendPlots(7, [plot(2, 2000)]); const out = link.step(2000);
    expect(out.picture.tracks).toHaveLength(1);
    expect(out.picture.tracks[0].lastPlotId).toBe(2);
    // The host encoder refuses it first; the firmware refuses it on its own too.
    expect(() => link.configureSensor({ ...SENSOR, pd: 1.5 })).toThrow(/pd/);
    const raw = encodeSensorConfig(SENSOR);
    new DataView(raw.buffer).setFloat32(52, 1.5, true);
    expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 2, raw)))[0]).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 52 });
  });

  it('refuses a cone of silence not above the lowest elevation, a guard inside the gate, a σa floor above the ceiling, an α outside [0, 1)', () => {
    const fw = Firmware.load('host');
    const sensor = encodeSensorConfig({ ...SENSOR, minElevationDeg: 2, maxElevationDeg: 40 });
    expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 1, sensor)))[0]).toMatchObject({ status: P.ACK_OK });
    for (const cone of [9001, 20]) { // beyond 90°; 0.2°, under the lowest 2°
      new DataView(sensor.buffer).setUint16(64, cone, true);
      expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 2, sensor)))[0]).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 64 });
    }
    const tracker = encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, initGuardChi2: 60 });
    expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 3, tracker)))[0]).toMatchObject({ status: P.ACK_OK });
    for (const guard of [10, -1, Number.NaN]) { // inside the 16.27 gate, negative, not a number
      new DataView(tracker.buffer).setFloat32(28, guard, true);
      expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 4, tracker)))[0]).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 28 });
    }
    const noise = encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, accelSigmaMin: 1.5, coastAlpha: 0.001 });
    expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 5, noise)))[0]).toMatchObject({ status: P.ACK_OK });
    for (const [off, bad] of [[32, 11], [32, -1], [36, 1], [36, -0.5]]) { // σa floor above the 10 ceiling, α not in [0, 1)
      const raw = noise.slice();
      new DataView(raw.buffer).setFloat32(off, bad, true);
      expect(acksOf(fw.ingest(encodeFrame(P.FRAME_CONFIG, 6, raw)))[0]).toMatchObject({ status: P.ACK_BAD_VALUE, offset: off });
    }
    expect(fw.stat(P.STAT_CONFIG_REJECTED)).toBe(9);
  });

  it('counts a corrupt frame and still takes the next good one', () => {
    const fw = Firmware.load('host');
    const link = new FirmwareLink(fw);
    link.configureSensor(SENSOR);
    const good = encodeFrame(P.FRAME_PLOTS, 10, encodePlots(7, [{ plotId: 1, kind: 'cartesian', timeMs: 0, a: 1, b: 2, c: 3 }]));
    const corrupt = good.slice();
    corrupt[5] ^= 0x10;
    const truncated = good.slice(0, 9);
    const next = encodeFrame(P.FRAME_PLOTS, 11, encodePlots(7, [{ plotId: 2, kind: 'cartesian', timeMs: 0, a: 4, b: 5, c: 6 }]));
    const before = fw.stat(P.STAT_FRAMES_OK);
    fw.ingest(new Uint8Array([...corrupt, ...truncated, 0, ...next]));
    expect(fw.stat(P.STAT_CRC_ERRORS) + fw.stat(P.STAT_FRAMING_ERRORS)).toBe(2);
    expect(fw.stat(P.STAT_FRAMES_OK)).toBe(before + 1);
    expect(fw.stat(P.STAT_PLOTS_IN)).toBe(1);
  });

  it('counts plots of a sensor it was never told about', () => {
    const fw = Firmware.load('host');
    fw.ingest(encodeFrame(P.FRAME_PLOTS, 0, encodePlots(99, [{ plotId: 1, kind: 'polar', timeMs: 0, a: 1000, b: 0, c: 0 }])));
    expect(fw.stat(P.STAT_PLOTS_UNKNOWN_SENSOR)).toBe(1);
  });

  it('sends the picture predicted to the step time, equal to the firmware\'s own state', () => {
    const fw = Firmware.load('host');
    const link = new FirmwareLink(fw);
    link.configureSensor(SENSOR);
    link.configureTracker(DEFAULT_TRACKER_CONFIG);
    // A target at 100 m/s east, measured exactly (σ tiny relative to the spacing): polar plots from the site.
    for (let k = 1; k <= 6; k++) {
      const t = k * 2000;
      const x = 10_000 + 100 * (t / 1000), y = 20_000, z = 3000;
      const dx = x - SENSOR.east, dy = y - SENSOR.north, dz = z - SENSOR.up;
      const ground = Math.hypot(dx, dy);
      link.sendPlots(7, [{ plotId: k, kind: 'polar', timeMs: t, a: Math.hypot(ground, dz), b: Math.atan2(dx, dy), c: Math.atan2(dz, ground) }]);
      link.step(t);
    }
    const out = link.step(13_000); // one second after the last plot: prediction
    const [tr] = out.picture.tracks;
    expect(out.picture.timeMs).toBe(13_000);
    expect(tr.trackNumber).toBe(1);
    expect(tr.sinceUpdateS).toBeCloseTo(1, 6);
    expect(fw.exports.trackProbe(1)).toBe(1);
    const s = new Float64Array(fw.exports.memory.buffer, (fw.exports.probeBuffer as () => number)(), 7);
    expect(s[0]).toBe(12_000);
    expect(tr.x).toBeCloseTo(Math.fround(s[1] + s[4]), 2);
    expect(tr.vx).toBeCloseTo(Math.fround(s[4]), 3);
    expect(tr.x).toBeCloseTo(10_000 + 100 * 13, -2); // within ~50 m of the truth
    expect(tr.vx).toBeGreaterThan(90);
    const telemetry = out.telemetry.counters;
    expect(telemetry[P.STAT_TRACKS_CONFIRMED]).toBe(1);
    expect(telemetry[P.STAT_STEPS]).toBe(7);
  });
});

// The firmware's deframer (assembly/link/rx.ts copies whole runs between delimiters) against the host's
// Deframer on the same noisy stream and the same chunking: every frame lands in the same counter.
describe('firmware deframer', () => {
  const part = fc.oneof(
    fc.record({ t: fc.constant('good' as const), ms: fc.double({ min: 0, max: 1e9, noNaN: true }), seq: fc.nat(0xffff) }),
    fc.record({ t: fc.constant('plots' as const), n: fc.integer({ min: 0, max: 60 }), seq: fc.nat(0xffff) }),
    fc.record({ t: fc.constant('flip' as const), n: fc.integer({ min: 1, max: 60 }), at: fc.nat(), x: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ t: fc.constant('oversize' as const), len: fc.integer({ min: 2100, max: 5000 }) }),
    // Bodies around the longest frame: they fit the receive buffer and decode to too many bytes, or not.
    fc.record({ t: fc.constant('oversize' as const), len: fc.integer({ min: 2040, max: 2060 }) }),
    fc.record({ t: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 40 }) }),
  );
  const plots = (n: number, seq: number) => encodeFrame(P.FRAME_PLOTS, seq, encodePlots(7, Array.from({ length: n },
    (_, i) => ({ plotId: i + 1, kind: 'cartesian' as const, timeMs: 1000 * i, a: i, b: -i, c: 0 }))));

  it('counts good, corrupt, oversize and garbage frames as the host does, however the stream is chunked', () => {
    const fw = Firmware.load('host');
    new FirmwareLink(fw).configureSensor(SENSOR);
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }), (parts, cuts) => {
        const bytes: number[] = [];
        for (const q of parts) {
          if (q.t === 'good') bytes.push(...encodeFrame(P.FRAME_HEARTBEAT, q.seq, encodeHeartbeat(q.ms)));
          else if (q.t === 'plots') bytes.push(...plots(q.n, q.seq));
          else if (q.t === 'flip') { const f = plots(q.n, 0); f[q.at % (f.length - 1)] ^= q.x; bytes.push(...f); }
          else if (q.t === 'oversize') bytes.push(...new Uint8Array(q.len).fill(0x5a), 0);
          else bytes.push(...q.bytes);
        }
        bytes.push(0);
        const stream = Uint8Array.from(bytes);
        const host = new Deframer();
        const names = [P.STAT_FRAMES_OK, P.STAT_CRC_ERRORS, P.STAT_FRAMING_ERRORS, P.STAT_BAD_FRAMES];
        const before = names.map((id) => fw.stat(id));
        for (let off = 0, c = 0; off < stream.length; c++) {
          const chunk = stream.subarray(off, Math.min(stream.length, off + cuts[c % cuts.length]));
          fw.ingest(chunk);
          host.push(chunk);
          off += chunk.length;
        }
        const h = host.stats;
        expect(names.map((id, k) => fw.stat(id) - before[k])).toEqual([h.framesOk, h.crcErrors, h.framingErrors, h.badFrames]);
      }),
      { numRuns: 150 },
    );
  });
});
