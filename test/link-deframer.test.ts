import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { cobsEncode } from '../host/link/cobs.ts';
import { crc32c } from '../host/link/crc32c.ts';
import { Deframer, type LinkStats } from '../host/link/deframer.ts';
import { DeframerStream } from '../host/link/deframer-stream.ts';
import { encodeFrame, encodeHeartbeat, encodeScan, frameDirection, type DecodedFrame } from '../host/link/frames.ts';

interface Sent {
  frame: DecodedFrame;
  wire: Uint8Array;
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return out;
};

// Hand-built raw frame (doc "Framing"), so malformed-but-CRC-valid frames can be made.
function wireOfRaw(version: number, type: number, seq: number, payload: Uint8Array, crcXor = 0): Uint8Array {
  const raw = new Uint8Array(8 + payload.length);
  const v = new DataView(raw.buffer);
  v.setUint8(0, version);
  v.setUint8(1, type);
  v.setUint16(2, seq, true);
  raw.set(payload, 4);
  v.setUint32(4 + payload.length, (crc32c(raw, 0, 4 + payload.length) ^ crcXor) >>> 0, true);
  return Uint8Array.from([...cobsEncode(raw), 0]);
}

const zeroStats: LinkStats = { framesOk: 0, crcErrors: 0, framingErrors: 0, badFrames: 0, bytesIn: 0, seqGaps: 0 };

// A frame body of any kind the link carries: free-length types with zero-heavy or random
// payloads, and fixed-layout HEARTBEAT / SCAN frames.
const bodyArb: fc.Arbitrary<{ type: number; payload: Uint8Array }> = fc.oneof(
  fc.record({
    type: fc.constantFrom(P.FRAME_CONFIG, P.FRAME_EFFECTOR, P.FRAME_KILL, P.FRAME_ORDER),
    payload: fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.array(fc.constantFrom(0, 0, 0, 1, 0xff), { maxLength: 300 }).map((a) => Uint8Array.from(a)),
      fc.uint8Array({ minLength: 1900, maxLength: P.FRAME_MAX_PAYLOAD }),
    ),
  }),
  fc.record({ type: fc.constant(P.FRAME_HEARTBEAT), payload: fc.double({ noNaN: true, noDefaultInfinity: true }).map(encodeHeartbeat) }),
  fc.record({
    type: fc.constant(P.FRAME_SCAN),
    payload: fc.record({ sensorId: fc.nat(0xffff), start: fc.boolean(), end: fc.boolean(), scanNumber: fc.nat(), timeMs: fc.double({ noNaN: true, noDefaultInfinity: true }) }).map(encodeScan),
  }),
);

// Frames numbered consecutively per direction from a random start (so wrapping is exercised).
const streamArb = fc.record({ bodies: fc.array(bodyArb, { minLength: 1, maxLength: 12 }), seq0: fc.nat(0xffff) }).map(({ bodies, seq0 }) => {
  const next = { toFirmware: seq0, toHost: seq0 };
  return bodies.map(({ type, payload }): Sent => {
    const dir = frameDirection(type)!;
    const seq = next[dir];
    next[dir] = (seq + 1) & 0xffff;
    return { frame: { version: 1, type, seq, payload }, wire: encodeFrame(type, seq, payload) };
  });
});

/** Splits `bytes` at the given cut points (any values; reduced modulo the length). */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

/** Seq numbers skipped between the frames that did arrive, per direction (the expected seqGaps). */
function expectedGaps(sent: Sent[], arrived: boolean[]): number {
  let gaps = 0;
  for (const dir of ['toFirmware', 'toHost'] as const) {
    const idx = sent.map((s, i) => [s, i] as const).filter(([s]) => frameDirection(s.frame.type) === dir);
    const got = idx.map(([, i], k) => (arrived[i] ? k : -1)).filter((k) => k >= 0);
    if (got.length > 1) gaps += got[got.length - 1] - got[0] - (got.length - 1);
  }
  return gaps;
}

type Damage = { kind: 'flip'; at: number; bit: number } | { kind: 'drop'; at: number };
const damageArb: fc.Arbitrary<Damage | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }), weight: 1 },
);

/** Applies `d` to one byte among the first `span` bytes of `wire`. */
function damage(wire: Uint8Array, d: Damage, span: number): Uint8Array {
  const at = d.at % span;
  if (d.kind === 'drop') return concat([wire.subarray(0, at), wire.subarray(at + 1)]);
  const w = wire.slice();
  w[at] ^= 1 << d.bit;
  return w;
}

describe('Deframer', () => {
  it('yields exactly the frames sent, however the stream is chunked', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 40 }), (sent, cuts) => {
        const bytes = concat(sent.map((s) => s.wire));
        const d = new Deframer();
        const out = chunk(bytes, cuts).flatMap((c) => d.push(c));
        expect(out).toEqual(sent.map((s) => s.frame));
        expect(d.stats).toEqual({ ...zeroStats, framesOk: sent.length, bytesIn: bytes.length });
      }),
      { numRuns: 150 },
    );
  });

  it('with bodies damaged, yields exactly the untouched frames and counts the rest', () => {
    fc.assert(
      fc.property(streamArb, fc.infiniteStream(damageArb), fc.array(fc.nat(), { maxLength: 20 }), (sent, damages, cuts) => {
        const plan = sent.map(() => damages.next().value);
        // The delimiter is spared here, so damage cannot spill into a neighbour.
        const wires = sent.map((s, i) => (plan[i] ? damage(s.wire, plan[i]!, s.wire.length - 1) : s.wire));
        const d = new Deframer();
        const push = () => chunk(concat(wires), cuts).flatMap((c) => d.push(c));
        const out = push();
        const arrived = plan.map((p) => p === null);
        expect(out).toEqual(sent.filter((_, i) => arrived[i]).map((s) => s.frame));
        const st = d.stats;
        expect(st.framesOk).toBe(out.length);
        expect(st.crcErrors + st.framingErrors + st.badFrames).toBeGreaterThanOrEqual(sent.length - out.length);
        expect(st.seqGaps).toBe(expectedGaps(sent, arrived));
      }),
      { numRuns: 150 },
    );
  });

  it('with any byte damaged (delimiters too), a lone 0x00 before each frame saves every untouched one', () => {
    fc.assert(
      fc.property(streamArb, fc.infiniteStream(damageArb), (sent, damages) => {
        const plan = sent.map(() => damages.next().value);
        const wires = sent.map((s, i) => concat([Uint8Array.of(0), plan[i] ? damage(s.wire, plan[i]!, s.wire.length) : s.wire]));
        const d = new Deframer();
        // The closing 0x00 is the flush of a next frame: without it, a last frame whose delimiter
        // was hit would still be waiting for one, neither delivered nor counted.
        const out = d.push(concat([...wires, Uint8Array.of(0)]));
        // Output is a subsequence of what was sent, containing every untouched frame. (A frame
        // that only lost its delimiter is still delimited by the next lone 0x00.)
        let j = 0;
        for (let i = 0; i < sent.length && j < out.length; i++) {
          if (JSON.stringify(out[j]) === JSON.stringify(sent[i].frame)) j++;
          else expect(plan[i]).not.toBeNull();
        }
        expect(j).toBe(out.length);
        const st = d.stats;
        expect(st.framesOk).toBe(out.length);
        expect(st.crcErrors + st.framingErrors + st.badFrames).toBeGreaterThanOrEqual(sent.length - out.length);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on garbage, and resynchronises at the next 0x00', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 5 }), (garbage) => {
        const d = new Deframer();
        for (const g of garbage) d.push(g);
        const good = encodeFrame(P.FRAME_HEARTBEAT, 9, encodeHeartbeat(42));
        expect(d.push(concat([Uint8Array.of(0), good]))).toEqual([{ version: 1, type: P.FRAME_HEARTBEAT, seq: 9, payload: encodeHeartbeat(42) }]);
        expect(d.stats.bytesIn).toBe(garbage.reduce((n, g) => n + g.length, 0) + 1 + good.length);
      }),
    );
  });

  it('discards an oversize frame up to its delimiter, counting one framing error', () => {
    const d = new Deframer();
    const good = encodeFrame(P.FRAME_HEARTBEAT, 1, encodeHeartbeat(1));
    const long = new Uint8Array(5000).fill(0x11);
    // Fed in pieces, to cross the limit in the middle of a chunk.
    expect([...chunk(long, [100, 2000, 2057, 2058, 4000]), Uint8Array.of(0), good].flatMap((c) => d.push(c))).toHaveLength(1);
    expect(d.stats).toMatchObject({ framesOk: 1, framingErrors: 1, crcErrors: 0 });
  });

  it('counts a frame that fits the buffer but decodes to more than FRAME_MAX_RAW bytes', () => {
    // Zeros make COBS cheap: 2049 raw bytes in 2050 encoded ones, under the buffer limit.
    const raw = new Uint8Array(P.FRAME_MAX_RAW + 1).map((_, i) => (i % 100 === 0 ? 0 : 7));
    const d = new Deframer();
    d.push(Uint8Array.from([...cobsEncode(raw), 0]));
    expect(d.stats).toMatchObject({ framesOk: 0, framingErrors: 1 });
  });

  it('accepts a frame of exactly FRAME_MAX_RAW bytes', () => {
    const d = new Deframer();
    const wire = encodeFrame(P.FRAME_CONFIG, 0, new Uint8Array(P.FRAME_MAX_PAYLOAD).fill(0xff));
    expect(d.push(wire)).toHaveLength(1);
  });

  it('sorts errors into framing, CRC and bad-frame counters; lone 0x00s are not errors', () => {
    const d = new Deframer();
    const hb = encodeHeartbeat(0);
    d.push(Uint8Array.of(0, 0, 0));
    d.push(Uint8Array.of(0x05, 0x11, 0x00)); // COBS: block runs past the end
    d.push(Uint8Array.from([...cobsEncode(Uint8Array.of(1, 6, 0, 0, 9)), 0])); // truncated
    d.push(wireOfRaw(1, P.FRAME_HEARTBEAT, 0, hb, 0x100)); // one CRC bit wrong
    d.push(wireOfRaw(2, P.FRAME_HEARTBEAT, 0, hb)); // unknown version
    d.push(wireOfRaw(1, 0x7f, 0, hb)); // unknown type
    d.push(wireOfRaw(1, P.FRAME_SCAN, 0, hb)); // SCAN needs 16 bytes
    expect(d.stats).toEqual({ ...d.stats, framesOk: 0, framingErrors: 2, crcErrors: 1, badFrames: 3, seqGaps: 0 });
  });

  it('counts skipped sequence numbers per direction, across the wrap', () => {
    const d = new Deframer();
    const hb = (seq: number) => encodeFrame(P.FRAME_HEARTBEAT, seq, encodeHeartbeat(seq));
    const ack = (seq: number) => encodeFrame(P.FRAME_ACK, seq, new Uint8Array(6));
    // toFirmware: 65534, 65535, 0, 3 (1 and 2 lost); toHost, interleaved: 10, 11, 15 (3 lost).
    for (const w of [hb(65534), ack(10), hb(65535), ack(11), hb(0), hb(3), ack(15)]) d.push(w);
    expect(d.stats.seqGaps).toBe(2 + 3);
  });

  it('does not count a repeated or restarted sequence as a loss', () => {
    const d = new Deframer();
    const hb = (seq: number) => encodeFrame(P.FRAME_HEARTBEAT, seq, encodeHeartbeat(0));
    for (const s of [500, 501, 501, 0, 1, 3]) d.push(hb(s));
    expect(d.stats.seqGaps).toBe(1);
  });

  it('tracks the seq of a CRC-valid frame with a wrong length, which was received, not lost', () => {
    const d = new Deframer();
    d.push(encodeFrame(P.FRAME_HEARTBEAT, 1, encodeHeartbeat(0)));
    d.push(wireOfRaw(1, P.FRAME_HEARTBEAT, 2, new Uint8Array(3)));
    d.push(encodeFrame(P.FRAME_HEARTBEAT, 3, encodeHeartbeat(0)));
    expect(d.stats).toMatchObject({ framesOk: 2, badFrames: 1, seqGaps: 0 });
  });

  it('hands out a snapshot of its counters', () => {
    const d = new Deframer();
    const s = d.stats;
    s.framesOk = 99;
    expect(d.stats.framesOk).toBe(0);
  });
});

describe('DeframerStream', () => {
  it('emits the frames of a chunked byte stream as objects', async () => {
    const sent = Array.from({ length: 20 }, (_, i) => encodeFrame(P.FRAME_HEARTBEAT, i, encodeHeartbeat(i * 100)));
    const bytes = concat([Uint8Array.of(0xde, 0xad, 0x00), ...sent]); // line noise, a flush, frames
    const stream = new DeframerStream();
    const frames: DecodedFrame[] = [];
    Readable.from(chunk(bytes, [1, 5, 17, 18, 300, 301]).map((c) => Buffer.from(c))).pipe(stream);
    for await (const f of stream) frames.push(f as DecodedFrame);
    expect(frames.map((f) => f.seq)).toEqual(sent.map((_, i) => i));
    expect(frames[7]).toEqual({ version: 1, type: P.FRAME_HEARTBEAT, seq: 7, payload: encodeHeartbeat(700) });
    // The noise is one malformed COBS block (0xDE promises 221 bytes), counted, nothing thrown.
    expect(stream.deframer.stats).toMatchObject({ framesOk: 20, framingErrors: 1, bytesIn: bytes.length });
  });
});
