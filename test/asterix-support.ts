// Helpers for the ASTERIX tests: where the shared recordings are, a streaming
// reader for the reference decodes, and a small encoder for hand-built blocks.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sharedPath } from './shared-data.ts';

/** The shared ASTERIX recordings (test/shared-data.ts): suites that read them are declared with describeShared('asterix', ...). */
export const DATA_DIR = sharedPath('asterix');

export type RefRow = Record<string, number | string>;

/** Streams NAME.ref.jsonl(.gz) one object at a time. */
export async function* readJsonl(path: string): AsyncGenerator<RefRow> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as RefRow;
  }
}

/** CAT u8, LEN u16 big-endian (whole block), then the records. */
export function block(cat: number, ...records: number[][]): number[] {
  const body = records.flat();
  const len = 3 + body.length;
  return [cat, len >> 8, len & 0xff, ...body];
}

/** Builds an FSPEC from the FRNs present (1-based), setting FX on all but the last octet. */
export function fspec(...frns: number[]): number[] {
  const octets = Math.ceil(Math.max(...frns) / 7);
  const out = new Array<number>(octets).fill(0);
  for (const frn of frns) out[Math.floor((frn - 1) / 7)] |= 0x80 >> ((frn - 1) % 7);
  for (let i = 0; i < octets - 1; i++) out[i] |= 1;
  return out;
}

/** A minimal valid CAT048 record: I010 + I140 (+ I040 when rho is given). */
export function cat048Record(sac: number, sic: number, todS: number, rhoNm?: number, thetaDeg = 0): number[] {
  const t = Math.round(todS * 128);
  const rec = [...fspec(1, 2, ...(rhoNm === undefined ? [] : [4])), sac, sic, (t >> 16) & 0xff, (t >> 8) & 0xff, t & 0xff];
  if (rhoNm !== undefined) {
    const r = Math.round(rhoNm * 256);
    const th = Math.round((thetaDeg * 65536) / 360) & 0xffff;
    rec.push(r >> 8, r & 0xff, th >> 8, th & 0xff);
  }
  return rec;
}

export const bytes = (...parts: number[][]) => Uint8Array.from(parts.flat());
