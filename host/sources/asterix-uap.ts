// User Application Profiles: which item each FSPEC bit (FRN) announces, and
// how that item is sized. Every item of a UAP is listed, including ones the
// decoder never interprets, because skipping any of them wrongly would shift
// every later item and record of the block.

import { compound, explicit, extended, fixed, repetitive, rfs, type ItemFormat } from './asterix-items.ts';

export interface UapItem {
  /** Item number as written in the category spec ("010", "SP", ...). */
  readonly id: string;
  readonly fmt: ItemFormat;
}

/** Indexed by FRN - 1; null marks an FRN the edition leaves unassigned. */
export type Uap = readonly (UapItem | null)[];

export interface CategoryDef {
  readonly cat: number;
  readonly uap: Uap;
  /**
   * CAT001 carries plots and tracks with different UAPs; the first octet of
   * I001/020 (always FRN 2 in both) tells which one the rest of the record uses.
   */
  readonly alternate?: { readonly afterFrn: number; readonly pick: (octet: number) => Uap };
}

/** "CAT048" style label used in messages. */
export const catLabel = (cat: number) => `CAT${String(cat).padStart(3, '0')}`;

const item = (id: string, fmt: ItemFormat): UapItem => ({ id, fmt });
const one = fixed(1);

// CAT048 monoradar target reports; FRN order is unchanged from ed. 1.14 to 1.32.
const CAT048: Uap = [
  item('010', fixed(2)),
  item('140', fixed(3)),
  item('020', extended),
  item('040', fixed(4)),
  item('070', fixed(2)),
  item('090', fixed(2)),
  item('130', compound(one, one, one, one, one, one, one)), // SRL SRR SAM PRL PAM RPD APD
  item('220', fixed(3)),
  item('240', fixed(6)),
  item('250', repetitive(8)),
  item('161', fixed(2)),
  item('042', fixed(4)),
  item('200', fixed(4)),
  item('170', extended),
  item('210', fixed(4)),
  item('030', extended),
  item('080', fixed(2)),
  item('100', fixed(4)),
  item('110', fixed(2)),
  item('120', compound(fixed(2), repetitive(6))), // CAL, RDS
  item('230', fixed(2)),
  item('260', fixed(7)),
  item('055', fixed(1)),
  item('050', fixed(2)),
  item('065', fixed(1)),
  item('060', fixed(2)),
  item('SP', explicit),
  item('RE', explicit),
];

// CAT034 monoradar service messages (ed. 1.27). In 050/060 the primary bits
// are COM, spare, spare, PSR, SSR, MDS, spare.
const CAT034: Uap = [
  item('010', fixed(2)),
  item('000', one),
  item('030', fixed(3)),
  item('020', one),
  item('041', fixed(2)),
  item('050', compound(one, null, null, one, one, fixed(2))),
  item('060', compound(one, null, null, one, one, one)),
  item('070', repetitive(2)),
  item('100', fixed(8)),
  item('110', one),
  item('120', fixed(8)),
  item('090', fixed(2)),
  item('RE', explicit),
  item('SP', explicit),
];

// CAT002 legacy monoradar service messages (ed. 1.0).
const CAT002: Uap = [
  item('010', fixed(2)),
  item('000', one),
  item('020', one),
  item('030', fixed(3)),
  item('041', fixed(2)),
  item('050', extended),
  item('060', extended),
  item('070', repetitive(2)),
  item('100', fixed(8)),
  item('090', fixed(2)),
  item('080', extended),
  null,
  item('SP', explicit),
  item('RFS', rfs),
];

// CAT001 legacy monoradar data (ed. 1.1/1.2), plot variant (I001/020 TYP = 0).
const CAT001_PLOT: Uap = [
  item('010', fixed(2)),
  item('020', extended),
  item('040', fixed(4)),
  item('070', fixed(2)),
  item('090', fixed(2)),
  item('130', extended),
  item('141', fixed(2)),
  item('050', fixed(2)),
  item('120', one),
  item('131', one),
  item('080', fixed(2)),
  item('100', fixed(4)),
  item('060', fixed(2)),
  item('030', extended),
  item('150', one),
  null,
  null,
  null,
  null,
  item('SP', explicit),
  item('RFS', rfs),
];

// CAT001 track variant (I001/020 TYP = 1).
const CAT001_TRACK: Uap = [
  item('010', fixed(2)),
  item('020', extended),
  item('161', fixed(2)),
  item('040', fixed(4)),
  item('042', fixed(4)),
  item('200', fixed(4)),
  item('070', fixed(2)),
  item('090', fixed(2)),
  item('141', fixed(2)),
  item('130', extended),
  item('131', one),
  item('120', one),
  item('170', extended),
  item('210', extended),
  item('050', fixed(2)),
  item('080', fixed(2)),
  item('100', fixed(4)),
  item('060', fixed(2)),
  item('030', extended),
  item('SP', explicit),
  item('RFS', rfs),
  item('150', one),
];

export const CATEGORIES: ReadonlyMap<number, CategoryDef> = new Map<number, CategoryDef>([
  [48, { cat: 48, uap: CAT048 }],
  [34, { cat: 34, uap: CAT034 }],
  [2, { cat: 2, uap: CAT002 }],
  [1, { cat: 1, uap: CAT001_PLOT, alternate: { afterFrn: 2, pick: (o) => (o & 0x80 ? CAT001_TRACK : CAT001_PLOT) } }],
]);
