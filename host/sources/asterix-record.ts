// Splits one record off a data block: reads its FSPEC, then sizes every
// announced item in FRN order. The items are located, not interpreted.

import { AsterixFault, fxChainEnd, itemLength } from './asterix-items.ts';
import { catLabel, type CategoryDef, type Uap } from './asterix-uap.ts';

export interface LocatedRecord {
  /** Index just past the record. */
  next: number;
  /** Start of each present item, by item id. */
  items: Map<string, number>;
}

export function readRecord(buf: Uint8Array, pos: number, end: number, def: CategoryDef): LocatedRecord {
  const fspecEnd = fxChainEnd(buf, pos, end, 'FSPEC');
  const items = new Map<string, number>();
  let uap: Uap = def.uap;
  let p = fspecEnd;
  for (let octet = pos; octet < fspecEnd; octet++) {
    for (let bit = 7; bit >= 1; bit--) {
      if (((buf[octet] >> bit) & 1) === 0) continue;
      const frn = (octet - pos) * 7 + (8 - bit);
      const entry = uap[frn - 1];
      if (!entry) throw new AsterixFault(`FSPEC announces FRN ${frn}, not defined for ${catLabel(def.cat)}`, octet);
      const name = `I${catLabel(def.cat).slice(3)}/${entry.id}`;
      if (entry.fmt.kind === 'rfs') {
        p = readRfs(buf, p, end, uap, items, name);
        continue;
      }
      const len = itemLength(buf, p, end, entry.fmt, name);
      if (!items.has(entry.id)) items.set(entry.id, p);
      if (def.alternate && frn === def.alternate.afterFrn) uap = def.alternate.pick(buf[p]);
      p += len;
    }
  }
  return { next: p, items };
}

/**
 * Random Field Sequencing (CAT001/002): a count, then that many (FRN, item)
 * pairs. Fields repeated here are kept only if the FSPEC part did not carry them.
 */
function readRfs(buf: Uint8Array, pos: number, end: number, uap: Uap, items: Map<string, number>, name: string): number {
  if (pos >= end) throw new AsterixFault(`${name} runs past the end of the block`, pos);
  const count = buf[pos];
  let p = pos + 1;
  for (let i = 0; i < count; i++) {
    if (p >= end) throw new AsterixFault(`${name} field ${i + 1} of ${count} runs past the end of the block`, p);
    const frn = buf[p++];
    const entry = uap[frn - 1];
    if (!entry || entry.fmt.kind === 'rfs') throw new AsterixFault(`${name} names FRN ${frn}, not usable here`, p - 1);
    const len = itemLength(buf, p, end, entry.fmt, `${name} FRN ${frn}`);
    if (!items.has(entry.id)) items.set(entry.id, p);
    p += len;
  }
  return p;
}
