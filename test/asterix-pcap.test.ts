// pcap / pcapng reading: payload boundaries come from the UDP header, link
// layers other than plain Ethernet are understood, and capture damage is
// reported with its offset instead of derailing the decode.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAsterix, type AsterixRecord } from '../host/sources/asterix.ts';
import { readPcap, readPcapng } from '../host/sources/pcap.ts';
import { block, cat048Record, DATA_DIR } from './asterix-support.ts';
import { ipv4, ipv6, PcapngWriter, pcapFile, sampleFrames, udp, udpFrame } from './pcap-support.ts';
import { describeShared } from './shared-data.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/asterix/', import.meta.url));
const BLOCK = block(48, cat048Record(7, 8, 1234.5, 33, 180));
const withoutOffsets = (records: AsterixRecord[]) => records.map(({ offset: _offset, ...rest }) => rest);

describeShared('asterix', 'pcap: the shared capture', () => {
  let file: Buffer;
  beforeAll(() => { file = readFileSync(join(DATA_DIR, 'cat_034_048.pcap')); });

  it('takes every payload length from the UDP header, not the (padded) frame', () => {
    const split = readPcap(file);
    expect(split.frames).toBe(100);
    expect(split.errors).toEqual([]);
    const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
    let padded = 0;
    let paddedByIp = 0;
    let p = 24;
    split.segments.forEach((seg) => {
      const incl = dv.getUint32(p + 8, true);
      const frameEnd = p + 16 + incl;
      // Ethernet + IPv4 here: the IP total length says independently where the datagram ends.
      if (14 + dv.getUint16(p + 16 + 16) < incl) paddedByIp++;
      expect(seg.end - seg.start).toBe(dv.getUint16(seg.start - 4) - 8);
      if (seg.end < frameEnd) padded++;
      p = frameEnd;
    });
    expect(paddedByIp).toBeGreaterThan(0);
    expect(padded).toBe(paddedByIp);
  });
});

describe('pcap', () => {
  it('ignores junk Ethernet padding after a short datagram', () => {
    const r = decodeAsterix(pcapFile([udpFrame(BLOCK, { padWith: 0x30 })]));
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ sac: 7, sic: 8, tod_s: 1234.5, rho_nm: 33, theta_deg: 180 });
  });

  it('reads big-endian and nanosecond captures, VLAN tags, IPv6, Linux cooked and raw-IP link types', () => {
    const sll = [0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00, ...ipv4(udp(BLOCK))];
    const sll2 = [0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, ...ipv6(udp(BLOCK))];
    const files = [
      pcapFile([udpFrame(BLOCK)], { bigEndian: true }),
      pcapFile([udpFrame(BLOCK)], { nanoseconds: true }),
      pcapFile([udpFrame(BLOCK, { vlan: true })]),
      pcapFile([udpFrame(BLOCK, { ipv6: true })]),
      pcapFile([sll], { linkType: 113 }),
      pcapFile([sll2], { linkType: 276 }),
      pcapFile([ipv4(udp(BLOCK))], { linkType: 101 }),
      pcapFile([[2, 0, 0, 0, ...ipv4(udp(BLOCK))]], { linkType: 0 }),
    ];
    for (const f of files) {
      const r = decodeAsterix(f);
      expect(r.errors).toEqual([]);
      expect(r.records.map((x) => x.sac)).toEqual([7]);
    }
  });

  it('skips and counts frames that are not UDP', () => {
    const arp = [...new Array(12).fill(1), 0x08, 0x06, ...new Array(28).fill(0)];
    const tcp = udpFrame(BLOCK, { protocol: 6 });
    const r = decodeAsterix(pcapFile([arp, tcp, udpFrame(BLOCK)]));
    expect(r.errors).toEqual([]);
    expect(r.counts).toMatchObject({ frames: 3, skippedFrames: 2, records: 1 });
  });

  it('reports fragments, cut datagrams and a truncated last record with their offsets', () => {
    const frag = udpFrame(BLOCK, { fragment: true });
    const cutFrame = udpFrame(BLOCK).slice(0, -4);
    const good = udpFrame(BLOCK);
    const f = pcapFile([frag, cutFrame, good]);
    const truncated = Uint8Array.from([...f, 0, 0, 0, 0, 0]);
    const r = decodeAsterix(truncated);
    expect(r.records).toHaveLength(1);
    const msgs = r.errors.map((e) => [e.offset, e.block, e.message]);
    expect(msgs[0]).toEqual([24 + 16, null, expect.stringMatching(/frame 1: fragmented IPv4/)]);
    expect(msgs[1][2]).toMatch(new RegExp(`frame 2: UDP payload cut by the capture, ${BLOCK.length - 4} of ${BLOCK.length} bytes kept`));
    expect(msgs.at(-1)).toEqual([f.length, null, expect.stringMatching(/frame 4: record header truncated \(5 of 16 bytes\)/)]);
  });

  it('rejects a file whose magic is not pcap', () => {
    const r = decodeAsterix(Uint8Array.from(BLOCK), { format: 'pcap' });
    expect(r.records).toEqual([]);
    expect(r.errors).toEqual([{ offset: 0, block: null, message: expect.stringMatching(/not a pcap file/) }]);
  });
});

describe('pcapng', () => {
  it('decodes a pcapng written by editcap to the same records as its pcap source', () => {
    const pcap = readFileSync(join(FIXTURES, 'sample.pcap'));
    // The pcap fixture is exactly what the test builders produce, so its content is known.
    expect(new Uint8Array(pcap)).toEqual(pcapFile(sampleFrames()));
    const classic = decodeAsterix(pcap);
    const r = decodeAsterix(readFileSync(join(FIXTURES, 'sample.pcapng')));
    expect(r.format).toBe('pcapng');
    expect(r.errors).toEqual([]);
    expect(r.counts).toMatchObject({ frames: 4, blocks: 5, records: 6 });
    expect(withoutOffsets(r.records)).toEqual(withoutOffsets(classic.records));
    expect(r.records.map((x) => [x.cat, x.sac, x.tod_s ?? x.rho_nm])).toEqual([
      [48, 10, 100],
      [48, 11, 101],
      [34, 7, 500],
      [48, 12, 102],
      [2, 7, 501],
      [1, 7, 32],
    ]);
  });

  it('reads both byte orders, simple packet blocks, and skips other block types', () => {
    for (const le of [true, false]) {
      const w = new PcapngWriter(le).interface(1).other(5, [1, 2, 3, 4]).enhanced(udpFrame(BLOCK)).simple(udpFrame(BLOCK, { padWith: 0xee }));
      const r = decodeAsterix(w.bytes());
      expect(r.errors).toEqual([]);
      expect(r.counts).toMatchObject({ frames: 2, records: 2 });
    }
  });

  it('packets on several interfaces use their own link types', () => {
    const w = new PcapngWriter().interface(1).interface(101).enhanced(ipv4(udp(BLOCK)), 1).enhanced(udpFrame(BLOCK), 0);
    expect(decodeAsterix(w.bytes()).records).toHaveLength(2);
  });

  it('reports an undescribed interface and a broken block length', () => {
    const w = new PcapngWriter().interface(1).enhanced(udpFrame(BLOCK), 3).enhanced(udpFrame(BLOCK));
    const good = w.bytes();
    const broken = Uint8Array.from([...good, 6, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0]);
    const r = decodeAsterix(broken);
    expect(r.records).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/packet 1: interface 3 was never described/);
    expect(r.errors[1]).toEqual({ offset: good.length + 4, block: null, message: expect.stringMatching(/block length 65535 invalid/) });
  });

  it('needs a section header first', () => {
    const r = readPcapng(Uint8Array.from([1, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0]));
    expect(r.errors[0].message).toMatch(/not a pcapng file/);
  });
});
