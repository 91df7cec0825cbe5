import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../host/link/crc32c.ts';

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
