// Finds the UDP payload inside one captured link-layer frame. ASTERIX radar
// feeds are UDP (usually multicast); anything else in a capture is skipped.

export type FrameResult =
  | { kind: 'udp'; start: number; end: number; truncated: boolean; declared: number }
  | { kind: 'skip'; why: string }
  | { kind: 'bad'; why: string };

// Link types from the tcpdump.org LINKTYPE_ registry.
const LINK_NULL = 0;
const LINK_ETHERNET = 1;
const LINK_RAW = 101;
const LINK_LOOP = 108;
const LINK_SLL = 113;
const LINK_IPV4 = 228;
const LINK_IPV6 = 229;
const LINK_SLL2 = 276;

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = [0x8100, 0x88a8, 0x9100];

const u16 = (b: Uint8Array, p: number) => (b[p] << 8) | b[p + 1];

/** `start`/`end` bound the captured bytes of the frame inside `buf`. */
export function udpPayload(buf: Uint8Array, start: number, end: number, linkType: number): FrameResult {
  switch (linkType) {
    case LINK_ETHERNET:
      return ethernet(buf, start, end);
    case LINK_SLL:
      return end - start < 16 ? bad('short SLL header') : byEtherType(buf, start + 16, end, u16(buf, start + 14));
    case LINK_SLL2:
      return end - start < 20 ? bad('short SLL2 header') : byEtherType(buf, start + 20, end, u16(buf, start));
    case LINK_NULL:
    case LINK_LOOP:
      // 4-byte address family in the capturing host's order; the IP version nibble is unambiguous.
      return end - start < 4 ? bad('short loopback header') : ip(buf, start + 4, end);
    case LINK_RAW:
    case LINK_IPV4:
    case LINK_IPV6:
      return ip(buf, start, end);
    default:
      return { kind: 'skip', why: `link type ${linkType} not supported` };
  }
}

function ethernet(buf: Uint8Array, start: number, end: number): FrameResult {
  let p = start + 12;
  if (p + 2 > end) return bad('short Ethernet header');
  let type = u16(buf, p);
  while (ETH_VLAN.includes(type)) {
    p += 4;
    if (p + 2 > end) return bad('short VLAN tag');
    type = u16(buf, p);
  }
  return byEtherType(buf, p + 2, end, type);
}

function byEtherType(buf: Uint8Array, p: number, end: number, type: number): FrameResult {
  if (type === ETH_IPV4 || type === ETH_IPV6) return ip(buf, p, end);
  return { kind: 'skip', why: `EtherType 0x${type.toString(16).padStart(4, '0')}` };
}

function ip(buf: Uint8Array, p: number, end: number): FrameResult {
  if (p >= end) return bad('missing IP header');
  const version = buf[p] >> 4;
  if (version === 4) return ipv4(buf, p, end);
  if (version === 6) return ipv6(buf, p, end);
  return bad(`IP version ${version}`);
}

function ipv4(buf: Uint8Array, p: number, end: number): FrameResult {
  if (p + 20 > end) return bad('short IPv4 header');
  const ihl = (buf[p] & 0x0f) * 4;
  if (ihl < 20 || p + ihl > end) return bad(`IPv4 header length ${ihl}`);
  if (buf[p + 9] !== 17) return { kind: 'skip', why: `IP protocol ${buf[p + 9]}` };
  const frag = u16(buf, p + 6);
  // Large ASTERIX datagrams may be fragmented; reassembly is not attempted, so say so.
  if (frag & 0x3fff) return bad('fragmented IPv4 datagram (not reassembled)');
  return udp(buf, p + ihl, end);
}

function ipv6(buf: Uint8Array, p: number, end: number): FrameResult {
  if (p + 40 > end) return bad('short IPv6 header');
  let next = buf[p + 6];
  let q = p + 40;
  // Hop-by-hop, routing and destination options precede UDP in the same way.
  while (next === 0 || next === 43 || next === 60) {
    if (q + 2 > end) return bad('short IPv6 extension header');
    next = buf[q];
    q += (buf[q + 1] + 1) * 8;
  }
  if (next === 44) return bad('fragmented IPv6 datagram (not reassembled)');
  if (next !== 17) return { kind: 'skip', why: `IPv6 next header ${next}` };
  return udp(buf, q, end);
}

function udp(buf: Uint8Array, p: number, end: number): FrameResult {
  if (p + 8 > end) return bad('short UDP header');
  // The UDP length, not the frame length: short frames are padded to the
  // Ethernet minimum and the padding is not ASTERIX.
  const declared = u16(buf, p + 4) - 8;
  if (declared < 0) return bad(`UDP length ${declared + 8} < 8`);
  const payloadEnd = Math.min(p + 8 + declared, end);
  return { kind: 'udp', start: p + 8, end: payloadEnd, truncated: payloadEnd < p + 8 + declared, declared };
}

const bad = (why: string): FrameResult => ({ kind: 'bad', why });
