// ASTERIX decoder: frames data blocks (CAT u8, LEN u16 BE, records), splits
// records and turns CAT048/034/001/002 records into flat objects.
//
// A damaged block must not cost the rest of the recording, so nothing here
// throws: every problem becomes a SourceError located by its byte offset in
// the file, and reading resumes at the next block.

import { AsterixFault } from './asterix-items.ts';
import { FIELD_EXTRACTORS, type AsterixRecord } from './asterix-fields.ts';
import { readRecord, type LocatedRecord } from './asterix-record.ts';
import { CATEGORIES, catLabel, type CategoryDef } from './asterix-uap.ts';
import { detectContainer, splitContainer, type ContainerFormat } from './container.ts';
import type { Segment, SourceError } from './segment.ts';

export type { AsterixRecord } from './asterix-fields.ts';
export type { SourceError } from './segment.ts';
export { CONTAINER_FORMATS, detectContainer, type ContainerFormat } from './container.ts';

export interface DecodeCounts {
  /** Data blocks met, including damaged ones and ones of unsupported categories. */
  blocks: number;
  records: number;
  errors: number;
  /** Well-formed blocks of categories this decoder does not interpret (records not split). */
  unsupportedBlocks: number;
  /** Bytes passed over while looking for the next valid block after damage. */
  skippedBytes: number;
  /** Captured frames (pcap/pcapng only) and how many were not UDP. */
  frames: number;
  skippedFrames: number;
}

export interface DecodeResult {
  format: ContainerFormat;
  records: AsterixRecord[];
  /** Sorted by offset. */
  errors: SourceError[];
  counts: DecodeCounts;
  /** Unsupported blocks per category number. */
  unsupported: Record<number, number>;
}

export interface DecodeOptions {
  format?: ContainerFormat | 'auto';
  /** Used only to guess the container from the extension. */
  fileName?: string;
}

export function decodeAsterix(buf: Uint8Array, opts: DecodeOptions = {}): DecodeResult {
  const format = !opts.format || opts.format === 'auto' ? detectContainer(buf, opts.fileName) : opts.format;
  const split = splitContainer(buf, format);
  const reader = new BlockReader(buf);
  for (const seg of split.segments) reader.segment(seg);
  const errors = [...split.errors, ...reader.errors].sort((a, b) => a.offset - b.offset);
  return {
    format,
    records: reader.records,
    errors,
    counts: {
      blocks: reader.blocks,
      records: reader.records.length,
      errors: errors.length,
      unsupportedBlocks: [...reader.unsupported.values()].reduce((a, b) => a + b, 0),
      skippedBytes: reader.skippedBytes,
      frames: split.frames,
      skippedFrames: split.skippedFrames,
    },
    unsupported: Object.fromEntries(reader.unsupported),
  };
}

/** Reads the blocks of one or more segments of a file, accumulating results. */
export class BlockReader {
  readonly records: AsterixRecord[] = [];
  readonly errors: SourceError[] = [];
  readonly unsupported = new Map<number, number>();
  blocks = 0;
  skippedBytes = 0;

  constructor(private readonly buf: Uint8Array) {}

  segment(seg: Segment): void {
    const trailer = seg.trailer ?? 0;
    let p = seg.start;
    while (p < seg.end) {
      const left = seg.end - p;
      const index = this.blocks++;
      if (left < 3) {
        this.error(p, index, `truncated block: ${left} byte(s) left, a block header needs 3`);
        return;
      }
      const len = (this.buf[p + 1] << 8) | this.buf[p + 2];
      if (len >= 3 && p + len <= seg.end) {
        this.block(p, p + len, index);
        if (p + len + trailer > seg.end) {
          this.error(p + len, index, `recorder trailer truncated: ${seg.end - p - len} of ${trailer} bytes`);
        }
        p += len + trailer;
        continue;
      }
      const problem = len < 3 ? `LEN ${len} < 3` : `LEN ${len} runs past the end of the data (${left} bytes left)`;
      const next = findNextBlock(this.buf, p + 1, seg.end, trailer);
      if (next >= 0) {
        this.error(p, index, `${catLabel(this.buf[p])} block: ${problem}; skipped ${next - p} bytes to the next valid block at offset ${next}`);
        this.skippedBytes += next - p;
        p = next;
      } else if (len >= 3) {
        // Nothing valid follows: most likely the recording was cut inside this block.
        this.error(p, index, `${catLabel(this.buf[p])} block truncated: ${problem}; complete records kept`);
        this.block(p, seg.end, index);
        return;
      } else {
        this.error(p, index, `${catLabel(this.buf[p])} block: ${problem}; no valid block follows, ${left} bytes skipped`);
        this.skippedBytes += left;
        return;
      }
    }
  }

  private block(start: number, end: number, index: number): void {
    const cat = this.buf[start];
    const def = CATEGORIES.get(cat);
    const extract = FIELD_EXTRACTORS.get(cat);
    if (!def || !extract) {
      this.unsupported.set(cat, (this.unsupported.get(cat) ?? 0) + 1);
      return;
    }
    const { located, fault } = locateRecords(this.buf, start, end, def);
    let recStart = start + 3;
    located.forEach((rec, rib) => {
      const out: AsterixRecord = { blk: index, rib, offset: recStart, cat };
      extract(this.buf, rec.items, out);
      this.records.push(out);
      recStart = rec.next;
    });
    if (fault) {
      this.error(fault.at, index, `${catLabel(cat)} record ${located.length} (at offset ${recStart}): ${fault.message}; rest of block skipped`);
    }
  }

  private error(offset: number, block: number, message: string): void {
    this.errors.push({ offset, block, message });
  }
}

/** Splits a block into records, stopping at the first malformed one. */
export function locateRecords(
  buf: Uint8Array,
  start: number,
  end: number,
  def: CategoryDef,
): { located: LocatedRecord[]; fault?: AsterixFault } {
  const located: LocatedRecord[] = [];
  let p = start + 3;
  try {
    while (p < end) {
      const rec = readRecord(buf, p, end, def);
      // An all-zero FSPEC announces nothing; accepting it would turn padding into records.
      if (rec.items.size === 0) throw new AsterixFault('empty FSPEC (no items announced)', p);
      located.push(rec);
      p = rec.next;
    }
  } catch (e) {
    if (!(e instanceof AsterixFault)) throw e;
    return { located, fault: e };
  }
  return { located };
}

/**
 * After a bad header the true start of the next block is unknown. Accept the
 * first position whose header fits, whose successor header also fits (or which
 * ends the data exactly), and whose records split cleanly when the category is
 * known: random bytes rarely pass all three.
 */
export function findNextBlock(buf: Uint8Array, from: number, end: number, trailer: number): number {
  const fits = (q: number) => {
    if (q + 3 > end) return false;
    const len = (buf[q + 1] << 8) | buf[q + 2];
    return len >= 3 && q + len + trailer <= end;
  };
  for (let q = from; q + 3 <= end; q++) {
    if (!fits(q)) continue;
    const blockEnd = q + ((buf[q + 1] << 8) | buf[q + 2]);
    const after = blockEnd + trailer;
    if (after !== end && !fits(after)) continue;
    const def = CATEGORIES.get(buf[q]);
    if (def && locateRecords(buf, q, blockEnd, def).fault) continue;
    return q;
  }
  return -1;
}
