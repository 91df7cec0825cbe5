import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../host/link/crc32c.ts';
import { cobsEncode } from '../host/link/cobs.ts';
import { Firmware } from '../host/firmware.ts';
import * as P from '../assembly/protocol.ts';

// Reference written from the textbook definition rather than from the reflected table: the
// normal (MSB-first) polynomial 0x1EDC6F41 with reflected input and output. Agreement with it
// checks both the reflected constant and the table construction.
function reflect(v: number, bits: number): number {
  let r = 0;
  for (let i = 0; i < bits; i++) r = (r << 1) | ((v >>> i) & 1);
  return r >>> 0;
}

function crc32cReference(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc = (crc ^ (reflect(byte, 8) << 24)) >>> 0;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? ((crc << 1) ^ 0x1edc6f41) >>> 0 : (crc << 1) >>> 0;
  }
  return (reflect(crc, 32) ^ 0xffffffff) >>> 0;
}

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32c', () => {
  it('gives the published check value of "123456789"', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it('matches the iSCSI test vectors (RFC 3720, B.4)', () => {
    const inc = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(inc)).toBe(0x46dd794e);
    expect(crc32c(inc.slice().reverse())).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('the reference agrees with the check value (so it is a valid oracle)', () => {
    expect(crc32cReference(ascii('123456789'))).toBe(0xe3069283);
  });

  it('agrees with the bitwise reference on random data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (data) => {
        expect(crc32c(data)).toBe(crc32cReference(data));
      }),
      { numRuns: 300 },
    );
  });

  it('over a range equals the CRC of that slice', () => {
    const arb = fc.uint8Array({ maxLength: 200 }).chain((d) =>
      fc.tuple(fc.constant(d), fc.nat(d.length), fc.nat(d.length)).map(([data, i, j]) => [data, Math.min(i, j), Math.max(i, j)] as const),
    );
    fc.assert(
      fc.property(arb, ([data, start, end]) => {
        expect(crc32c(data, start, end)).toBe(crc32cReference(data.slice(start, end)));
      }),
    );
  });

  it('refuses a range outside the data', () => {
    const d = new Uint8Array(4);
    expect(() => crc32c(d, 0, 5)).toThrow(RangeError);
    expect(() => crc32c(d, 3, 2)).toThrow(RangeError);
    expect(() => crc32c(d, -1, 2)).toThrow(RangeError);
  });
});

// The firmware's own CRC (slicing-by-8, assembly/link/crc32c.ts) is reached through its receive path: a
// frame of a type it does not know, sealed with the reference CRC, is counted as a bad frame when the
// firmware computes the same CRC and as a CRC error otherwise. Lengths cover the 8-byte bulk and the tail.
function rawFrame(type: number, seq: number, payload: Uint8Array, crcXor: number): Uint8Array {
  const raw = new Uint8Array(8 + payload.length);
  const v = new DataView(raw.buffer);
  v.setUint8(0, P.PROTOCOL_VERSION);
  v.setUint8(1, type);
  v.setUint16(2, seq, true);
  raw.set(payload, 4);
  v.setUint32(4 + payload.length, (crc32cReference(raw.subarray(0, 4 + payload.length)) ^ crcXor) >>> 0, true);
  return Uint8Array.from([...cobsEncode(raw), 0]);
}

describe.each(['host', 'rp2040'])('firmware crc32c, board %s', (board) => {
  const UNKNOWN_TYPE = 0x7e;
  const fw = Firmware.load(board);
  const payloadArb = fc.uint8Array({ maxLength: P.FRAME_MAX_RAW - 8 });

  it('accepts the reference CRC of random frames, whatever their length', () => {
    fc.assert(
      fc.property(payloadArb, fc.nat(0xffff), (payload, seq) => {
        const bad = fw.stat(P.STAT_BAD_FRAMES), crcErrors = fw.stat(P.STAT_CRC_ERRORS);
        fw.ingest(rawFrame(UNKNOWN_TYPE, seq, payload, 0));
        expect(fw.stat(P.STAT_CRC_ERRORS)).toBe(crcErrors);
        expect(fw.stat(P.STAT_BAD_FRAMES)).toBe(bad + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a CRC with any bit flipped', () => {
    fc.assert(
      fc.property(payloadArb, fc.integer({ min: 0, max: 31 }), (payload, bit) => {
        const crcErrors = fw.stat(P.STAT_CRC_ERRORS);
        fw.ingest(rawFrame(UNKNOWN_TYPE, 0, payload, (1 << bit) >>> 0));
        expect(fw.stat(P.STAT_CRC_ERRORS)).toBe(crcErrors + 1);
      }),
      { numRuns: 200 },
    );
  });
});
