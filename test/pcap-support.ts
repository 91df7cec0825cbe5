// Builders for small pcap / pcapng captures in tests: link-layer frames
// carrying UDP, and the two file formats around them.

export interface FrameOptions {
  /** Pad the Ethernet frame with this byte up to 60 bytes (the Ethernet minimum). */
  padWith?: number;
  vlan?: boolean;
  ipv6?: boolean;
  /** Set the IPv4 "more fragments" flag. */
  fragment?: boolean;
  /** IP protocol number instead of UDP (17). */
  protocol?: number;
}

const be16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];

/** UDP datagram (header + payload). */
export function udp(payload: number[]): number[] {
  return [...be16(8600), ...be16(8600), ...be16(8 + payload.length), 0, 0, ...payload];
}

export function ipv4(inner: number[], opts: FrameOptions = {}): number[] {
  const flags = opts.fragment ? 0x2000 : 0x4000;
  return [0x45, 0, ...be16(20 + inner.length), 0, 0, ...be16(flags), 64, opts.protocol ?? 17, 0, 0, 10, 0, 0, 1, 232, 1, 1, 31, ...inner];
}

export function ipv6(inner: number[]): number[] {
  const addr = new Array<number>(16).fill(0).map((_, i) => (i === 15 ? 1 : 0));
  return [0x60, 0, 0, 0, ...be16(inner.length), 17, 64, ...addr, ...addr, ...inner];
}

/** Ethernet frame carrying `payload` as a UDP datagram. */
export function udpFrame(payload: number[], opts: FrameOptions = {}): number[] {
  const l3 = opts.ipv6 ? ipv6(udp(payload)) : ipv4(udp(payload), opts);
  const type = opts.ipv6 ? 0x86dd : 0x0800;
  const macs = [1, 0, 0x5e, 1, 1, 31, 2, 0, 0, 0, 0, 1];
  const frame = [...macs, ...(opts.vlan ? [0x81, 0x00, 0x00, 0x05] : []), ...be16(type), ...l3];
  if (opts.padWith !== undefined) while (frame.length < 60) frame.push(opts.padWith);
  return frame;
}

export interface PcapOptions {
  linkType?: number;
  bigEndian?: boolean;
  nanoseconds?: boolean;
}

export function pcapFile(frames: number[][], opts: PcapOptions = {}): Uint8Array {
  const le = !opts.bigEndian;
  const out: number[] = [];
  const u32 = (v: number) => {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    out.push(...(le ? b.reverse() : b));
  };
  const u16 = (v: number) => out.push(...(le ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff]));
  u32(opts.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4);
  u16(2);
  u16(4);
  u32(0);
  u32(0);
  u32(65535);
  u32(opts.linkType ?? 1);
  frames.forEach((f, i) => {
    u32(1_700_000_000 + i);
    u32(0);
    u32(f.length);
    u32(f.length);
    out.push(...f);
  });
  return Uint8Array.from(out);
}

/** pcapng writer: one section, the given interfaces, then packets as EPB (or SPB). */
export class PcapngWriter {
  private readonly out: number[] = [];

  constructor(private readonly le = true) {
    this.blockOf(0x0a0d0d0a, [...this.u32(0x1a2b3c4d), ...this.u16(1), ...this.u16(0), ...this.u32(0xffffffff), ...this.u32(0xffffffff)]);
  }

  interface(linkType: number): this {
    this.blockOf(1, [...this.u16(linkType), 0, 0, ...this.u32(0)]);
    return this;
  }

  enhanced(frame: number[], iface = 0): this {
    this.blockOf(6, [...this.u32(iface), ...this.u32(0), ...this.u32(0), ...this.u32(frame.length), ...this.u32(frame.length), ...padded(frame)]);
    return this;
  }

  simple(frame: number[]): this {
    this.blockOf(3, [...this.u32(frame.length), ...padded(frame)]);
    return this;
  }

  /** Any other block type, e.g. statistics (5) or a custom block. */
  other(type: number, body: number[]): this {
    this.blockOf(type, padded(body));
    return this;
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private blockOf(type: number, body: number[]): void {
    const len = 12 + body.length;
    this.out.push(...this.u32(type), ...this.u32(len), ...body, ...this.u32(len));
  }

  private u32(v: number): number[] {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    return this.le ? b.reverse() : b;
  }

  private u16(v: number): number[] {
    return this.le ? [v & 0xff, v >> 8] : [v >> 8, v & 0xff];
  }
}

function padded(data: number[]): number[] {
  const out = [...data];
  while (out.length % 4) out.push(0);
  return out;
}

/**
 * Frames of test/fixtures/asterix/sample.pcap. sample.pcapng next to it is
 * that file converted by Wireshark's editcap (`editcap -F pcapng`), an
 * independent pcapng writer.
 */
export function sampleFrames(): number[][] {
  const be24 = (v: number) => [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  const cat048 = (sac: number, t: number) => [0xd0, sac, 1, ...be24(t * 128), 0x10, 0x20, 0x40, 0x00];
  const north = [0xe0, 7, 1, 1, ...be24(500 * 128)];
  const cat002 = [0xf0, 7, 1, 2, 64, ...be24(501 * 128)];
  const plot = [0xe0, 7, 2, 0x20, 0x10, 0x00, 0x20, 0x00];
  const blk = (cat: number, ...recs: number[][]) => {
    const body = recs.flat();
    return [cat, (body.length + 3) >> 8, (body.length + 3) & 0xff, ...body];
  };
  return [
    udpFrame(blk(48, cat048(10, 100), cat048(11, 101))),
    udpFrame(blk(34, north), { padWith: 0x55 }),
    udpFrame([...blk(48, cat048(12, 102)), ...blk(2, cat002)], { vlan: true }),
    udpFrame(blk(1, plot), { ipv6: true }),
  ];
}
