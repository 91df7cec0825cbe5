// Container detection and framing: magic bytes, extensions, the GPS recorder
// format, and recordings whose categories are not decoded but must still
// frame cleanly block by block.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAsterix, detectContainer } from '../host/sources/asterix.ts';
import { block, bytes, cat048Record, DATA_DIR } from './asterix-support.ts';
import { PcapngWriter, pcapFile, udpFrame } from './pcap-support.ts';
import { describeShared } from './shared-data.ts';

const BLOCK = block(48, cat048Record(1, 2, 3, 4, 5));
const gps = (fill: number, ...blocks: number[][]) =>
  bytes(new Array(2200).fill(fill), ...blocks.map((b, i) => [...b, 0, 0, 0, 0, 0, 0, 0, 0, i, 0]));

describe('container detection', () => {
  it('trusts magic bytes over the extension', () => {
    expect(detectContainer(pcapFile([]), 'x.gps')).toBe('pcap');
    expect(detectContainer(new PcapngWriter().bytes(), 'x.pcap')).toBe('pcapng');
    expect(detectContainer(gps(0xcd), 'x.ast')).toBe('gps');
  });

  it('falls back to the extension, then to raw blocks', () => {
    expect(detectContainer(bytes(BLOCK), 'rec.GPS')).toBe('gps');
    expect(detectContainer(bytes(BLOCK), 'rec.pcapng')).toBe('pcapng');
    expect(detectContainer(bytes(BLOCK), 'rec.ast')).toBe('raw');
    expect(detectContainer(bytes(BLOCK))).toBe('raw');
  });
});

describeShared('asterix', 'container detection on the shared recordings', () => {
  it('decodes each shared container type by detection alone', () => {
    const expected: Record<string, string> = {
      'cat_034_048.pcap': 'pcap',
      'parsegps.gps': 'gps',
      'BCN_0800_0845.ast': 'raw',
      'jasterix_cat048ed1.15.bin': 'raw',
    };
    for (const [name, format] of Object.entries(expected)) {
      expect(detectContainer(readFileSync(join(DATA_DIR, name))), name).toBe(format);
    }
  });
});

describe('GPS recorder format', () => {
  it('skips the header whatever its fill byte and the 10 bytes after every block', () => {
    for (const fill of [0xcd, 0x20]) {
      const r = decodeAsterix(gps(fill, BLOCK, BLOCK));
      expect(r.format).toBe('gps');
      expect(r.errors).toEqual([]);
      expect(r.records.map((x) => [x.blk, x.offset])).toEqual([
        [0, 2203],
        [1, 2200 + BLOCK.length + 10 + 3],
      ]);
    }
  });

  it('reports a cut recorder trailer and a file shorter than the header', () => {
    const whole = gps(0xcd, BLOCK);
    const cut = whole.slice(0, whole.length - 4);
    const r = decodeAsterix(cut);
    expect(r.records).toHaveLength(1);
    expect(r.errors).toEqual([{ offset: 2200 + BLOCK.length, block: 0, message: 'recorder trailer truncated: 6 of 10 bytes' }]);
    expect(decodeAsterix(bytes(BLOCK), { format: 'gps' }).errors[0].message).toMatch(/shorter than its 2200-byte header/);
  });

  it('a corrupt LEN is skipped past using the trailer-aware search', () => {
    const bad = [48, 0xff, 0xff, 1, 2, 3];
    const r = decodeAsterix(gps(0xcd, BLOCK, bad, BLOCK, BLOCK));
    expect(r.records).toHaveLength(3);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ offset: 2200 + BLOCK.length + 10, block: 1 });
  });
});

describeShared('asterix', 'recordings of categories without a decoder', () => {
  const dir = join(DATA_DIR, 'other_categories');
  const clean = [
    'ARTAS_from_rply.raw',
    'sdpb-op-cat20.ast',
    'cat21_re.ast',
    'cat_062_065.pcap',
    'midnight_cross.gps',
    'jasterix_cat010ed0.31.bin',
    'jasterix_cat021ed2.1.bin',
    'jasterix_cat062ed1.16.bin',
  ];

  it('frame cleanly: every block counted, none decoded, no errors', () => {
    for (const name of clean) {
      const r = decodeAsterix(readFileSync(join(dir, name)), { fileName: name });
      expect(r.errors, name).toEqual([]);
      expect(r.records, name).toEqual([]);
      expect(r.counts.unsupportedBlocks, name).toBe(r.counts.blocks);
      expect(r.counts.blocks, name).toBeGreaterThan(0);
    }
  });

  it('reports the stray 2-byte tail of cat10.ast at its offset', () => {
    const buf = readFileSync(join(dir, 'cat10.ast'));
    const r = decodeAsterix(buf);
    expect(r.unsupported).toEqual({ 10: 110 });
    expect(r.errors).toEqual([{ offset: buf.length - 2, block: 110, message: expect.stringMatching(/truncated block: 2 byte/) }]);
  });
});

describe('pcap with an ASTERIX datagram holding several blocks', () => {
  it('reads every block of the datagram', () => {
    const r = decodeAsterix(pcapFile([udpFrame([...BLOCK, ...block(34, [0xe0, 1, 2, 1, 0, 0, 5])])]));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.blk, x.cat])).toEqual([
      [0, 48],
      [1, 34],
    ]);
  });
});
