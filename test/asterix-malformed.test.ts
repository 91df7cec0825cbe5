// Damaged input must never throw out of decodeAsterix: each problem becomes an
// error that names its byte offset and block, and the next good block is read.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAsterix, type DecodeResult } from '../host/sources/asterix.ts';
import { block, bytes, cat048Record, fspec } from './asterix-support.ts';

const GOOD_A = block(48, cat048Record(1, 2, 100, 10, 45));
const GOOD_B = block(48, cat048Record(3, 4, 200, 20, 90));

function raw(...parts: number[][]): DecodeResult {
  return decodeAsterix(bytes(...parts), { format: 'raw' });
}

/** Both good blocks decoded, in order, with the SAC that identifies them. */
function expectBothGood(r: DecodeResult): void {
  expect(r.records.map((x) => x.sac)).toEqual([1, 3]);
  expect(r.records[1].tod_s).toBe(200);
  expect(r.records[1].rho_nm).toBe(20);
}

describe('malformed blocks', () => {
  it('LEN < 3: error at the bad block, the next good block still decoded', () => {
    for (const len of [0, 1, 2]) {
      const r = raw(GOOD_A, [48, 0, len], GOOD_B);
      expectBothGood(r);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({ offset: GOOD_A.length, block: 1 });
      expect(r.errors[0].message).toMatch(new RegExp(`LEN ${len} < 3`));
      expect(r.counts).toMatchObject({ blocks: 3, records: 2, errors: 1, skippedBytes: 3 });
    }
  });

  it('LEN past the end of the buffer: error names the offset, resumes at the next good block', () => {
    const bad = [48, 0x40, 0x00, ...cat048Record(9, 9, 1)];
    const r = raw(GOOD_A, bad, GOOD_B);
    expectBothGood(r);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ offset: GOOD_A.length, block: 1 });
    expect(r.errors[0].message).toMatch(/LEN 16384 runs past the end/);
    expect(r.errors[0].message).toMatch(new RegExp(`next valid block at offset ${GOOD_A.length + bad.length}`));
  });

  it('LEN past the end inside one UDP datagram does not affect the next datagram', async () => {
    const { pcapFile, udpFrame } = await import('./pcap-support.ts');
    const file = pcapFile([udpFrame([...GOOD_A, 48, 0x10, 0x00, 1]), udpFrame(GOOD_B)]);
    const r = decodeAsterix(file);
    expect(r.format).toBe('pcap');
    expectBothGood(r);
    // Nothing valid follows inside that datagram, so the block counts as cut short there;
    // its one stray byte is then reported as a record running past the block.
    expect(r.errors.map((e) => e.block)).toEqual([1, 1]);
    expect(r.errors[0].message).toMatch(/LEN 4096 runs past the end of the data \(4 bytes left\)/);
    // The bad header sits right after the first block inside the first UDP payload.
    expect(file[r.errors[0].offset]).toBe(48);
    expect(file[r.errors[0].offset + 1]).toBe(0x10);
  });

  it('truncated final block: complete records kept, the cut is reported', () => {
    const full = block(48, cat048Record(5, 6, 300), cat048Record(7, 8, 301));
    const cut = full.slice(0, full.length - 2);
    const r = raw(GOOD_A, cut);
    expect(r.records.map((x) => x.sac)).toEqual([1, 5]);
    expect(r.errors.map((e) => e.offset)).toEqual([GOOD_A.length, expect.any(Number)]);
    expect(r.errors[0]).toMatchObject({ block: 1 });
    expect(r.errors[0].message).toMatch(/truncated/);
    // Second problem: the cut record itself, located inside the truncated block.
    expect(r.errors[1].offset).toBeGreaterThan(GOOD_A.length);
    expect(r.errors[1].message).toMatch(/I048\/140 .* runs past the end of the block/);
  });

  it('truncated block header (fewer than 3 bytes left)', () => {
    const r = raw(GOOD_A, [48, 0]);
    expect(r.records).toHaveLength(1);
    expect(r.errors).toEqual([{ offset: GOOD_A.length, block: 1, message: expect.stringMatching(/truncated block: 2 byte/) }]);
  });

  it('FSPEC that never ends: error inside the block, the next block still decoded', () => {
    const bad = [48, 0, 7, 0xff, 0xff, 0xff, 0xff];
    const r = raw(GOOD_A, bad, GOOD_B);
    expectBothGood(r);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ offset: GOOD_A.length + 3, block: 1 });
    expect(r.errors[0].message).toMatch(/FSPEC never ends/);
  });

  it('item running past the record end: error at the item, next block decoded', () => {
    // I010 + I140 announced, but LEN leaves only 2 of the 3 bytes of I140.
    const rec = cat048Record(9, 9, 5);
    const bad = [48, 0, 3 + rec.length - 1, ...rec.slice(0, -1)];
    const r = raw(GOOD_A, bad, GOOD_B);
    expectBothGood(r);
    expect(r.errors).toHaveLength(1);
    const itemAt = GOOD_A.length + 3 + 1 + 2; // block header, FSPEC, I010
    expect(r.errors[0]).toMatchObject({ offset: itemAt, block: 1 });
    expect(r.errors[0].message).toMatch(/I048\/140 \(3 octets\) runs past the end of the block by 1/);
  });

  it('records before the bad one in the same block are kept', () => {
    const good = cat048Record(5, 6, 7);
    const badRec = [...fspec(10), 200]; // I250 with REP 200 = 1600 bytes
    const r = raw(block(48, good, badRec), GOOD_B);
    expect(r.records.map((x) => [x.blk, x.rib, x.sac])).toEqual([[0, 0, 5], [1, 0, 3]]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ offset: 3 + good.length + 2, block: 0 });
    expect(r.errors[0].message).toMatch(/record 1 \(at offset 9\).*I048\/250/);
  });

  it('other item faults: undefined FRN, undefined compound subfield, SP length 0, empty FSPEC', () => {
    const cases: [number[], RegExp][] = [
      [[...fspec(29), 0, 0], /FRN 29, not defined for CAT048/],
      [[...fspec(7), 0x01, 0x80], /I048\/130 announces undefined subfield #8/],
      [[...fspec(27), 0], /I048\/SP has length octet 0/],
      [[0x00], /empty FSPEC/],
    ];
    for (const [rec, message] of cases) {
      const r = raw(block(48, rec), GOOD_B);
      expect(r.records.map((x) => x.sac)).toEqual([3]);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0].block).toBe(0);
      expect(r.errors[0].message).toMatch(message);
    }
  });

  it('garbage between blocks is skipped and counted', () => {
    const junk = [0x00, 0xff, 0x13];
    const r = raw(GOOD_A, junk, GOOD_B);
    expectBothGood(r);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].offset).toBe(GOOD_A.length);
    expect(r.counts.skippedBytes).toBe(junk.length);
  });

  it('blocks of categories without a decoder are counted, not errors', () => {
    const r = raw(block(8, [0x80, 1, 2]), GOOD_A);
    expect(r.errors).toEqual([]);
    expect(r.unsupported).toEqual({ 8: 1 });
    expect(r.counts).toMatchObject({ blocks: 2, unsupportedBlocks: 1, records: 1 });
    expect(r.records[0].blk).toBe(1);
  });
});

describe('never throws', () => {
  const formats = ['raw', 'gps', 'pcap', 'pcapng', 'auto'] as const;

  function consistent(buf: Uint8Array, r: DecodeResult): void {
    expect(r.counts.records).toBe(r.records.length);
    expect(r.counts.errors).toBe(r.errors.length);
    for (const e of r.errors) {
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset).toBeLessThanOrEqual(buf.length);
    }
    for (const rec of r.records) expect(rec.offset).toBeLessThan(buf.length);
  }

  it('on random bytes in every container format', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...formats), (body, format) => {
        // Behind a GPS header the random bytes reach the block reader instead of the header check.
        const buf = format === 'gps' ? bytes(new Array(2200).fill(0xcd), [...body]) : body;
        consistent(buf, decodeAsterix(buf, { format }));
      }),
      { numRuns: 400 },
    );
  });

  it('on valid blocks with random bytes overwritten', () => {
    const base = bytes(
      block(48, cat048Record(1, 2, 3, 4, 5), cat048Record(1, 2, 3)),
      block(34, [...fspec(1, 2, 3, 4), 1, 2, 2, 0, 0, 9, 64]),
      block(2, [...fspec(1, 2, 4), 1, 2, 1, 0, 0, 9]),
      block(1, [...fspec(1, 2, 3), 1, 2, 0x20, 0, 9, 0, 9]),
      GOOD_B,
    );
    expect(decodeAsterix(base).errors).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (edits) => {
        const buf = base.slice();
        for (const [at, v] of edits) buf[at] = v;
        consistent(buf, decodeAsterix(buf, { format: 'raw' }));
      }),
      { numRuns: 500 },
    );
  });
});
