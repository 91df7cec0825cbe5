// Sizing of ASTERIX data items. A record carries no length of its own, so the
// only way to find where the next item (and the next record) starts is to know
// the encoding of every item that may appear: this module measures one item.

/** How an item is laid out on the wire; enough to size it, not to interpret it. */
export type ItemFormat =
  | { kind: 'fixed'; size: number }
  /** 1-octet parts chained by the FX bit (bit 1) of each octet. */
  | { kind: 'extended' }
  /** REP octet followed by REP elements of `size` octets each. */
  | { kind: 'repetitive'; size: number }
  /** FX-chained primary subfield; bits 8..2 announce subfields in order (null = spare bit). */
  | { kind: 'compound'; subfields: readonly (ItemFormat | null)[] }
  /** First octet is the total length including itself (SP, RE). */
  | { kind: 'explicit' }
  /** CAT001/002 Random Field Sequencing: N, then N x (FRN, item); sized by the record reader. */
  | { kind: 'rfs' };

export const fixed = (size: number): ItemFormat => ({ kind: 'fixed', size });
export const extended: ItemFormat = { kind: 'extended' };
export const repetitive = (size: number): ItemFormat => ({ kind: 'repetitive', size });
export const compound = (...subfields: (ItemFormat | null)[]): ItemFormat => ({ kind: 'compound', subfields });
export const explicit: ItemFormat = { kind: 'explicit' };
export const rfs: ItemFormat = { kind: 'rfs' };

/** A malformed item or record; caught by the block reader, never escapes decode. */
export class AsterixFault extends Error {
  constructor(
    message: string,
    /** Index into the buffer where the problem was found. */
    readonly at: number,
  ) {
    super(message);
  }
}

/**
 * Reads an FX-chained sequence of octets starting at `pos` (FSPEC, extended
 * items, compound primaries). Returns the index just past the last octet.
 */
export function fxChainEnd(buf: Uint8Array, pos: number, end: number, what: string): number {
  let p = pos;
  for (;;) {
    if (p >= end) throw new AsterixFault(`${what} never ends (FX still set at end of block)`, pos);
    if ((buf[p++] & 1) === 0) return p;
  }
}

/** Returns the number of octets the item starting at `pos` occupies. */
export function itemLength(buf: Uint8Array, pos: number, end: number, fmt: ItemFormat, name: string): number {
  let len: number;
  switch (fmt.kind) {
    case 'fixed':
      len = fmt.size;
      break;
    case 'extended':
      len = fxChainEnd(buf, pos, end, name) - pos;
      break;
    case 'repetitive':
      need(pos, 1, end, name);
      len = 1 + buf[pos] * fmt.size;
      break;
    case 'explicit':
      need(pos, 1, end, name);
      len = buf[pos];
      // The length octet counts itself: 0 would make the reader stand still.
      if (len < 1) throw new AsterixFault(`${name} has length octet 0`, pos);
      break;
    case 'compound':
      len = compoundLength(buf, pos, end, fmt.subfields, name);
      break;
    case 'rfs':
      throw new AsterixFault(`${name}: RFS must be sized by the record reader`, pos);
  }
  need(pos, len, end, name);
  return len;
}

function compoundLength(buf: Uint8Array, pos: number, end: number, subs: readonly (ItemFormat | null)[], name: string): number {
  const primaryEnd = fxChainEnd(buf, pos, end, `${name} primary subfield`);
  let p = primaryEnd;
  for (let octet = pos; octet < primaryEnd; octet++) {
    for (let bit = 7; bit >= 1; bit--) {
      if (((buf[octet] >> bit) & 1) === 0) continue;
      const index = (octet - pos) * 7 + (7 - bit);
      const sub = subs[index];
      if (!sub) throw new AsterixFault(`${name} announces undefined subfield #${index + 1}`, octet);
      p += itemLength(buf, p, end, sub, `${name} subfield #${index + 1}`);
    }
  }
  return p - pos;
}

function need(pos: number, len: number, end: number, name: string): void {
  if (pos + len > end) {
    throw new AsterixFault(`${name} (${len} octets) runs past the end of the block by ${pos + len - end}`, pos);
  }
}
