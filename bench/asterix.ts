// Workload (d): ASTERIX decoding throughput of the host (host/sources/asterix.ts) on a recorded file.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { spread, type Spread } from './stats.ts';

export const ASTERIX_FILE = resolve(import.meta.dirname, '../../shared/data/asterix/BCN_0800_0845.ast');

export interface AsterixResult { file: string; bytes: number; records: number; ms: Spread; recordsPerS: number; mbPerS: number }

export function measureAsterix(repeats: number, file = ASTERIX_FILE): AsterixResult | undefined {
  if (!existsSync(file)) return undefined;
  const buf = new Uint8Array(readFileSync(file));
  let records = 0;
  const ms: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const t0 = performance.now();
    records = decodeAsterix(buf, { fileName: file }).counts.records;
    if (r > 0) ms.push(performance.now() - t0); // the first pass warms the JIT up
  }
  const s = spread(ms);
  return { file: 'BCN_0800_0845.ast', bytes: buf.length, records, ms: s, recordsPerS: records / (s.median / 1000), mbPerS: buf.length / 1e6 / (s.median / 1000) };
}
