import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from '../host/link/cobs.ts';

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const range = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

// The example vectors published with the algorithm (as collected on the COBS Wikipedia page),
// written here without the trailing 0x00 delimiter.
const VECTORS: [string, Uint8Array, Uint8Array][] = [
  ['empty', bytes(), bytes(0x01)],
  ['00', bytes(0x00), bytes(0x01, 0x01)],
  ['00 00', bytes(0x00, 0x00), bytes(0x01, 0x01, 0x01)],
  ['00 11 00', bytes(0x00, 0x11, 0x00), bytes(0x01, 0x02, 0x11, 0x01)],
  ['11 22 00 33', bytes(0x11, 0x22, 0x00, 0x33), bytes(0x03, 0x11, 0x22, 0x02, 0x33)],
  ['11 22 33 44', bytes(0x11, 0x22, 0x33, 0x44), bytes(0x05, 0x11, 0x22, 0x33, 0x44)],
  ['11 00 00 00', bytes(0x11, 0x00, 0x00, 0x00), bytes(0x02, 0x11, 0x01, 0x01, 0x01)],
  ['01..FE (254 bytes)', range(0x01, 0xfe), cat([0xff], range(0x01, 0xfe))],
  ['00..FE (255 bytes)', range(0x00, 0xfe), cat([0x01, 0xff], range(0x01, 0xfe))],
  ['01..FF (255 bytes)', range(0x01, 0xff), cat([0xff], range(0x01, 0xfe), [0x02, 0xff])],
  ['02..FF 00 (255 bytes)', cat(range(0x02, 0xff), [0x00]), cat([0xff], range(0x02, 0xff), [0x01, 0x01])],
  ['03..FF 00 01 (255 bytes)', cat(range(0x03, 0xff), [0x00, 0x01]), cat([0xfe], range(0x03, 0xff), [0x02, 0x01])],
];

// Reference encoder from the definition: split the data at its zeros; each piece becomes
// (length + 1, bytes), a piece of 254 or more non-zero bytes being cut into full 0xFF blocks
// that imply no zero; a full block that ends the data needs no closing block.
function cobsReference(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  const pieces: number[][] = [[]];
  for (const b of data) b === 0 ? pieces.push([]) : pieces[pieces.length - 1].push(b);
  pieces.forEach((piece, k) => {
    let rest = piece;
    while (rest.length >= 254) {
      out.push(0xff, ...rest.slice(0, 254));
      rest = rest.slice(254);
      if (rest.length === 0 && k === pieces.length - 1) return;
    }
    out.push(rest.length + 1, ...rest);
  });
  return Uint8Array.from(out);
}

// Data shaped to hit the block boundaries: lengths around 254, 255, 508 with few zeros, plus
// zero-heavy data where most blocks are empty.
const nearBlockLength = fc
  .constantFrom(253, 254, 255, 256, 507, 508, 509, 510, 761, 762, 763)
  .chain((n) => fc.array(fc.oneof({ arbitrary: fc.integer({ min: 1, max: 255 }), weight: 60 }, { arbitrary: fc.constant(0), weight: 1 }), { minLength: n, maxLength: n }))
  .map((a) => Uint8Array.from(a));
const zeroHeavy = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 })), { maxLength: 700 }).map((a) => Uint8Array.from(a));
const anyData = fc.oneof(fc.uint8Array({ maxLength: 1200 }), nearBlockLength, zeroHeavy);

describe('cobs', () => {
  it.each(VECTORS)('encodes the published vector %s', (_name, data, encoded) => {
    expect(cobsEncode(data)).toEqual(encoded);
    expect(cobsReference(data)).toEqual(encoded); // the reference is itself pinned to the vectors
  });

  it.each(VECTORS)('decodes the published vector %s', (_name, data, encoded) => {
    expect(cobsDecode(encoded)).toEqual(data);
  });

  it('agrees with the reference encoder', () => {
    fc.assert(
      fc.property(anyData, (data) => {
        expect(cobsEncode(data)).toEqual(cobsReference(data));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips, never emits 0x00 and stays within the overhead bound', () => {
    fc.assert(
      fc.property(anyData, (data) => {
        const enc = cobsEncode(data);
        expect(enc.includes(0)).toBe(false);
        expect(enc.length).toBeLessThanOrEqual(cobsMaxEncodedLength(data.length));
        expect(cobsDecode(enc)).toEqual(data);
      }),
      { numRuns: 300 },
    );
  });

  it('the bound is reached by all-non-zero data (one byte per 254)', () => {
    for (const n of [1, 253, 254, 255, 508, 509, 2048]) {
      expect(cobsEncode(new Uint8Array(n).fill(0x5a)).length).toBe(cobsMaxEncodedLength(n));
    }
    expect(cobsMaxEncodedLength(2048)).toBe(2048 + 9); // the doc's "2048 + 9"
  });

  it('returns null on malformed input', () => {
    expect(cobsDecode(bytes())).toBeNull(); // nothing at all
    expect(cobsDecode(bytes(0x00))).toBeNull(); // a zero code byte
    expect(cobsDecode(bytes(0x03, 0x11, 0x00))).toBeNull(); // a zero data byte
    expect(cobsDecode(bytes(0x05, 0x11, 0x22))).toBeNull(); // block runs past the end
    expect(cobsDecode(bytes(0x02, 0x11, 0x04, 0x22))).toBeNull(); // second block truncated
    expect(cobsDecode(cat([0xff], range(1, 253)))).toBeNull(); // full block one byte short
  });

  it('never throws on arbitrary input, and what it decodes re-encodes to a decodable form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (junk) => {
        const d = cobsDecode(junk);
        if (d !== null) {
          expect(junk.includes(0)).toBe(false);
          expect(cobsDecode(cobsEncode(d))).toEqual(d);
        }
      }),
    );
  });
});
