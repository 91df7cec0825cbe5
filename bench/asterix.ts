// Workload (d): ASTERIX decoding throughput of the host (host/sources/asterix.ts) on a recorded file, and
// the whole replay of that recording through the firmware (test/replay-bcn.test.ts checks its figures).
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { replayRecording } from '../host/commands/replay.ts';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { spread, type Spread } from './stats.ts';

/** In the shared data, as the tests find it: $PARAPET_SHARED_DATA, else ../shared/data beside the repository. */
export const ASTERIX_FILE = resolve(import.meta.dirname, '..', process.env.PARAPET_SHARED_DATA || '../shared/data', 'asterix/BCN_0800_0845.ast');
/** The Barcelona radar's site (test/replay-bcn.test.ts). */
const BCN_SITE = '41.3007023,2.1020582,27.257';

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

export interface ReplayTiming { file: string; plots: number; steps: number; s: number }

/** One replay of the Barcelona recording (45 min) with the host firmware: decode, plots, every revolution stepped. */
export function measureReplay(file = ASTERIX_FILE): ReplayTiming | undefined {
  if (!existsSync(file)) return undefined;
  const r = replayRecording(file, { site: BCN_SITE });
  return { file: 'BCN_0800_0845.ast', plots: r.summary.plots, steps: r.steps.length, s: r.summary.wallMs.total / 1000 };
}
