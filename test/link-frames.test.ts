import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { cobsDecode, cobsEncode } from '../host/link/cobs.ts';
import { crc32c } from '../host/link/crc32c.ts';
import {
  decodeFrame,
  encodeFrame,
  encodeHeartbeat,
  frameDirection,
  isFrameError,
  MAX_PLOTS_PER_FRAME,
  MAX_TELEMETRY_COUNTERS,
  MAX_TRACKS_PER_FRAME,
  MAX_WIRE_BODY,
  payloadLengthOk,
} from '../host/link/frames.ts';

// Raw frame built by hand from the doc's Framing section, independent of encodeFrame.
function rawFrame(version: number, type: number, seq: number, payload: Uint8Array, crcXor = 0): Uint8Array {
  const raw = new Uint8Array(4 + payload.length + 4);
  const v = new DataView(raw.buffer);
  v.setUint8(0, version);
  v.setUint8(1, type);
  v.setUint16(2, seq, true);
  raw.set(payload, 4);
  v.setUint32(4 + payload.length, (crc32c(raw, 0, 4 + payload.length) ^ crcXor) >>> 0, true);
  return raw;
}

const wireOf = (raw: Uint8Array) => Uint8Array.from([...cobsEncode(raw), 0]);

// Frames whose payload the framing layer accepts at any length (CONFIG and the reserved types),
// with zero-heavy payloads up to the limit, plus fixed-size HEARTBEAT frames.
const freeType = fc.constantFrom(P.FRAME_CONFIG, P.FRAME_EFFECTOR, P.FRAME_KILL, P.FRAME_ORDER);
const payloadArb = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.array(fc.constantFrom(0, 0, 1, 0xff), { maxLength: 600 }).map((a) => Uint8Array.from(a)),
  fc.uint8Array({ minLength: P.FRAME_MAX_PAYLOAD - 300, maxLength: P.FRAME_MAX_PAYLOAD }),
);
const frameArb = fc.oneof(
  fc.record({ type: freeType, seq: fc.nat(0xffff), payload: payloadArb }),
  fc.record({ type: fc.constant(P.FRAME_HEARTBEAT), seq: fc.nat(0xffff), payload: fc.double({ noNaN: true, noDefaultInfinity: true }).map(encodeHeartbeat) }),
);

describe('frame limits', () => {
  it('derives the per-frame record limits stated in the doc', () => {
    expect(MAX_PLOTS_PER_FRAME).toBe(63);
    expect(MAX_TRACKS_PER_FRAME).toBe(42);
    expect(MAX_TELEMETRY_COUNTERS).toBeGreaterThanOrEqual(P.STAT_COUNT);
    expect(MAX_WIRE_BODY).toBe(2048 + 9);
  });

  it('assigns each frame type its direction', () => {
    for (const t of [P.FRAME_CONFIG, P.FRAME_SCAN, P.FRAME_PLOTS, P.FRAME_EFFECTOR, P.FRAME_KILL, P.FRAME_HEARTBEAT]) expect(frameDirection(t)).toBe('toFirmware');
    for (const t of [P.FRAME_TRACKS, P.FRAME_TELEMETRY, P.FRAME_ORDER, P.FRAME_ACK, P.FRAME_THREATS]) expect(frameDirection(t)).toBe('toHost');
    for (const t of [0x00, 0x07, 0x0f, 0x15, 0xff]) expect(frameDirection(t)).toBeNull();
  });
});

describe('encodeFrame', () => {
  it('lays out version, type, seq, payload and CRC-32C as in the doc, COBS-stuffed, then 0x00', () => {
    const payload = encodeHeartbeat(1.5);
    const wire = encodeFrame(P.FRAME_HEARTBEAT, 0x0102, payload);
    expect(wire[wire.length - 1]).toBe(0);
    expect(wire.subarray(0, -1).includes(0)).toBe(false);
    expect(cobsDecode(wire.subarray(0, -1))).toEqual(rawFrame(1, P.FRAME_HEARTBEAT, 0x0102, payload));
  });

  it('keeps a full frame within 2048 + 9 + 1 wire bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: P.FRAME_MAX_PAYLOAD, maxLength: P.FRAME_MAX_PAYLOAD }), fc.nat(0xffff), (payload, seq) => {
        expect(encodeFrame(P.FRAME_CONFIG, seq, payload).length).toBeLessThanOrEqual(2048 + 9 + 1);
      }),
      { numRuns: 30 },
    );
    // No zero anywhere in the raw frame: the worst case is reached.
    const worst = encodeFrame(P.FRAME_CONFIG, 0x0101, new Uint8Array(P.FRAME_MAX_PAYLOAD).fill(0xff));
    expect(worst.length).toBeLessThanOrEqual(2048 + 9 + 1);
  });

  it('refuses what a receiver would drop', () => {
    const ok = new Uint8Array(4);
    expect(() => encodeFrame(0x7f, 0, ok)).toThrow(/^type /);
    expect(() => encodeFrame(P.FRAME_CONFIG, 65536, ok)).toThrow(/^seq /);
    expect(() => encodeFrame(P.FRAME_CONFIG, -1, ok)).toThrow(/^seq /);
    expect(() => encodeFrame(P.FRAME_CONFIG, 1.5, ok)).toThrow(/^seq /);
    expect(() => encodeFrame(P.FRAME_CONFIG, 0, new Uint8Array(P.FRAME_MAX_PAYLOAD + 1))).toThrow(/^payload /);
    expect(() => encodeFrame(P.FRAME_HEARTBEAT, 0, new Uint8Array(7))).toThrow(/^payload /);
    expect(() => encodeFrame(P.FRAME_CONFIG, 0, new Uint8Array(P.FRAME_MAX_PAYLOAD))).not.toThrow();
  });
});

describe('decodeFrame', () => {
  it('round-trips every encoded frame, with or without its delimiter', () => {
    fc.assert(
      fc.property(frameArb, ({ type, seq, payload }) => {
        const wire = encodeFrame(type, seq, payload);
        const expected = { version: P.PROTOCOL_VERSION, type, seq, payload };
        expect(decodeFrame(wire)).toEqual(expected);
        expect(decodeFrame(wire.subarray(0, -1))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts a hand-built frame', () => {
    const payload = Uint8Array.of(0x03);
    expect(decodeFrame(wireOf(rawFrame(1, P.FRAME_CONFIG, 7, payload)))).toEqual({ version: 1, type: P.FRAME_CONFIG, seq: 7, payload });
  });

  it('names the reason a frame is dropped', () => {
    const hb = encodeHeartbeat(0);
    const reason = (wire: Uint8Array) => {
      const r = decodeFrame(wire);
      return isFrameError(r) ? r.error : 'ok';
    };
    expect(reason(Uint8Array.of(0x05, 0x11, 0x00))).toBe('cobs');
    expect(reason(Uint8Array.of(0x00))).toBe('cobs');
    expect(reason(wireOf(new Uint8Array([1, 6, 0, 0, 1, 2, 3])))).toBe('truncated');
    expect(reason(wireOf(rawFrame(1, P.FRAME_CONFIG, 0, new Uint8Array(P.FRAME_MAX_PAYLOAD + 1))))).toBe('oversize');
    expect(reason(Uint8Array.from([...new Uint8Array(MAX_WIRE_BODY + 1).fill(1), 0]))).toBe('oversize');
    expect(reason(wireOf(rawFrame(1, P.FRAME_HEARTBEAT, 0, hb, 1)))).toBe('crc');
    expect(reason(wireOf(rawFrame(2, P.FRAME_HEARTBEAT, 0, hb)))).toBe('version');
    expect(reason(wireOf(rawFrame(1, 0x7f, 0, hb)))).toBe('type');
    expect(reason(wireOf(rawFrame(1, P.FRAME_HEARTBEAT, 0, hb.subarray(1))))).toBe('length');
  });

  it('reports type and seq only once the CRC vouches for them', () => {
    expect(decodeFrame(wireOf(rawFrame(1, P.FRAME_SCAN, 513, new Uint8Array(15))))).toEqual({ error: 'length', type: P.FRAME_SCAN, seq: 513 });
    expect(decodeFrame(wireOf(rawFrame(1, P.FRAME_SCAN, 513, new Uint8Array(16), 0x80)))).toEqual({ error: 'crc' });
  });

  it('detects every single-bit error in the raw frame', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), fc.nat(7), ({ type, seq, payload }, at, bit) => {
        const raw = rawFrame(1, type, seq, payload);
        raw[at % raw.length] ^= 1 << bit;
        expect(isFrameError(decodeFrame(wireOf(raw)))).toBe(true);
      }),
    );
  });
});

describe('payloadLengthOk', () => {
  const withCount = (size: number, countAt: number, n: number) => {
    const p = new Uint8Array(size);
    new DataView(p.buffer).setUint16(countAt, n, true);
    return p;
  };

  it('checks the fixed sizes', () => {
    expect(payloadLengthOk(P.FRAME_SCAN, new Uint8Array(16))).toBe(true);
    expect(payloadLengthOk(P.FRAME_SCAN, new Uint8Array(17))).toBe(false);
    expect(payloadLengthOk(P.FRAME_HEARTBEAT, new Uint8Array(8))).toBe(true);
    expect(payloadLengthOk(P.FRAME_ACK, new Uint8Array(6))).toBe(true);
    expect(payloadLengthOk(P.FRAME_ACK, new Uint8Array(5))).toBe(false);
  });

  it('checks record counts against the length', () => {
    expect(payloadLengthOk(P.FRAME_PLOTS, withCount(4 + 32 * 2, 2, 2))).toBe(true);
    expect(payloadLengthOk(P.FRAME_PLOTS, withCount(4 + 32 * 2, 2, 3))).toBe(false);
    expect(payloadLengthOk(P.FRAME_PLOTS, new Uint8Array(3))).toBe(false); // no room for n
    expect(payloadLengthOk(P.FRAME_TRACKS, withCount(14 + 48 * 42, 12, 42))).toBe(true);
    expect(payloadLengthOk(P.FRAME_TRACKS, withCount(14 + 48 * 42 - 1, 12, 42))).toBe(false);
    expect(payloadLengthOk(P.FRAME_TELEMETRY, withCount(12 + 8 * 29, 8, 29))).toBe(true);
    expect(payloadLengthOk(P.FRAME_TELEMETRY, withCount(12 + 8 * 29, 8, 28))).toBe(false);
  });

  it('leaves CONFIG lengths to the ACK, and refuses unknown types', () => {
    expect(payloadLengthOk(P.FRAME_CONFIG, new Uint8Array(0))).toBe(true);
    expect(payloadLengthOk(P.FRAME_CONFIG, new Uint8Array(63))).toBe(true);
    expect(payloadLengthOk(0x7f, new Uint8Array(0))).toBe(false);
  });
});
