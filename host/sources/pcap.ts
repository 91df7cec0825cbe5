// Reads classic pcap and pcapng captures and returns where each UDP payload
// lies in the file. Written here rather than taken from npm: the registry's
// pure-JS readers cover classic pcap only and are unmaintained, and the
// formats need little code (see docs/asterix.md).

import type { SourceError, SplitContainer } from './segment.ts';
import { udpPayload } from './udp-frame.ts';

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

// Upper bound on one captured frame; larger means the header is corrupt.
const MAX_FRAME = 1 << 18;

export function isPcap(buf: Uint8Array): boolean {
  if (buf.length < 4) return false;
  const v = new DataView(buf.buffer, buf.byteOffset, 4);
  return [PCAP_MAGIC_US, PCAP_MAGIC_NS].some((m) => v.getUint32(0, false) === m || v.getUint32(0, true) === m);
}

export function isPcapng(buf: Uint8Array): boolean {
  return buf.length >= 4 && new DataView(buf.buffer, buf.byteOffset, 4).getUint32(0) === PCAPNG_SHB;
}

class Collector {
  readonly out: SplitContainer = { segments: [], errors: [], frames: 0, skippedFrames: 0 };

  error(offset: number, message: string): void {
    this.out.errors.push({ offset, block: null, message } satisfies SourceError);
  }

  frame(buf: Uint8Array, start: number, end: number, linkType: number, frameNo: number, origLen: number): void {
    this.out.frames++;
    const r = udpPayload(buf, start, end, linkType);
    if (r.kind === 'skip') {
      this.out.skippedFrames++;
      return;
    }
    if (r.kind === 'bad') {
      this.error(start, `frame ${frameNo}: ${r.why}`);
      return;
    }
    if (r.truncated) {
      this.error(r.start, `frame ${frameNo}: UDP payload cut by the capture, ${r.end - r.start} of ${r.declared} bytes kept (frame length ${origLen})`);
    }
    if (r.end > r.start) this.out.segments.push({ start: r.start, end: r.end });
  }
}

export function readPcap(buf: Uint8Array): SplitContainer {
  const c = new Collector();
  if (buf.length < 24 || !isPcap(buf)) {
    c.error(0, 'not a pcap file (bad magic or header shorter than 24 bytes)');
    return c.out;
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const le = dv.getUint32(0, true) === PCAP_MAGIC_US || dv.getUint32(0, true) === PCAP_MAGIC_NS;
  // The top bits of the link-type word may carry FCS information.
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  let p = 24;
  for (let n = 1; p < buf.length; n++) {
    if (p + 16 > buf.length) {
      c.error(p, `frame ${n}: record header truncated (${buf.length - p} of 16 bytes)`);
      break;
    }
    const incl = dv.getUint32(p + 8, le);
    const orig = dv.getUint32(p + 12, le);
    if (incl > MAX_FRAME) {
      c.error(p, `frame ${n}: captured length ${incl} is implausible; rest of file skipped`);
      break;
    }
    const start = p + 16;
    const end = Math.min(start + incl, buf.length);
    if (end < start + incl) c.error(p, `frame ${n}: truncated, ${end - start} of ${incl} bytes present`);
    c.frame(buf, start, end, linkType, n, orig);
    p = start + incl;
  }
  return c.out;
}

export function readPcapng(buf: Uint8Array): SplitContainer {
  const c = new Collector();
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let le = true;
  let links: number[] = [];
  let p = 0;
  for (let n = 1; p < buf.length; ) {
    if (p + 12 > buf.length) {
      c.error(p, `pcapng block truncated (${buf.length - p} bytes left)`);
      break;
    }
    const type = dv.getUint32(p, le);
    if (type === PCAPNG_SHB) {
      // Each section states its own byte order; interfaces are numbered per section.
      const bom = dv.getUint32(p + 8, true);
      if (bom !== PCAPNG_BYTE_ORDER && dv.getUint32(p + 8, false) !== PCAPNG_BYTE_ORDER) {
        c.error(p + 8, 'pcapng section header with unknown byte-order magic');
        break;
      }
      le = bom === PCAPNG_BYTE_ORDER;
      links = [];
    } else if (p === 0) {
      c.error(0, 'not a pcapng file (no section header block)');
      break;
    }
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || len % 4 !== 0 || p + len > buf.length) {
      c.error(p + 4, `pcapng block length ${len} invalid at this position; rest of file skipped`);
      break;
    }
    const body = p + 8;
    const bodyEnd = p + len - 4;
    switch (type) {
      case 1: // Interface Description Block
        links.push(dv.getUint16(body, le));
        break;
      case 6: // Enhanced Packet Block
      case 2: {
        // Obsolete Packet Block: 16-bit interface id, drop count, then as EPB.
        const iface = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
        const cap = dv.getUint32(body + 12, le);
        const orig = dv.getUint32(body + 16, le);
        packet(c, buf, body + 20, cap, bodyEnd, links[iface], iface, n++, orig);
        break;
      }
      case 3: {
        // Simple Packet Block: always interface 0, captured length implied by the block length.
        const orig = dv.getUint32(body, le);
        packet(c, buf, body + 4, Math.min(orig, bodyEnd - body - 4), bodyEnd, links[0], 0, n++, orig);
        break;
      }
      default:
        break; // statistics, name resolution, custom blocks: nothing to decode
    }
    p += len;
  }
  return c.out;
}

function packet(
  c: Collector,
  buf: Uint8Array,
  start: number,
  cap: number,
  bodyEnd: number,
  link: number | undefined,
  iface: number,
  n: number,
  orig: number,
): void {
  if (link === undefined) {
    c.error(start, `packet ${n}: interface ${iface} was never described`);
    return;
  }
  if (start + cap > bodyEnd) {
    c.error(start, `packet ${n}: captured length ${cap} overruns its block`);
    return;
  }
  c.frame(buf, start, start + cap, link, n, orig);
}
