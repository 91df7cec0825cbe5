// Replays a native fuzzer input (a finding or a corpus file) through the same module in Node, exactly as
// fuzz/harness.c drives it (both input modes), and prints each step's work counters. The vitest regression
// test of the findings uses replayInput.   node --import tsx fuzz/replay.ts <file> [--board rp2040]
import { readFileSync } from 'node:fs';
import * as P from '../assembly/protocol.ts';
import { Firmware } from '../host/firmware.ts';
import { cobsEncode } from '../host/link/cobs.ts';
import { crc32c } from '../host/link/crc32c.ts';

export const MAX_STEPS = 8; // as fuzz/harness.c
const MAX_RECORD = 2200;

/** What the harness feeds: byte chunks and the ends of scans (null), in order. */
export function feedsOf(data: Uint8Array): (Uint8Array | null)[] {
  const out: (Uint8Array | null)[] = [];
  if (data.length === 0) return [null];
  if ((data[0] & 1) === 0) {
    let start = 1;
    for (let i = 1; i <= data.length; i++) {
      if (i < data.length && !(data[i] === 0 && data[i - 1] === 0 && i > start)) continue;
      const end = i === data.length ? data.length : i + 1;
      out.push(data.subarray(start, end), null);
      start = end;
    }
    return out;
  }
  let i = 1;
  while (i < data.length) {
    const tag = data[i++] & 3;
    if (tag === 0 || tag === 3) { out.push(null); continue; }
    let len = 0;
    if (i < data.length) len = data[i++];
    if (i < data.length) len |= data[i++] << 8;
    len = Math.min(len, MAX_RECORD, data.length - i);
    const body = data.subarray(i, i + len);
    i += len;
    if (tag === 2) { out.push(body); continue; }
    const raw = new Uint8Array(len + 4);
    raw.set(body);
    new DataView(raw.buffer).setUint32(len, crc32c(body), true);
    const enc = cobsEncode(raw);
    const wire = new Uint8Array(enc.length + 1);
    wire.set(enc);
    out.push(wire);
  }
  out.push(null);
  return out;
}

/** Drives `fw` with an input as the harness does; calls `each` after every step. */
export function replayInput(fw: Firmware, data: Uint8Array, each?: (k: number) => void): void {
  fw.init();
  let k = 0;
  for (const f of feedsOf(data)) {
    if (f) { if (f.length) fw.ingest(f); continue; }
    if (k < MAX_STEPS) { k++; fw.step(1000 * k); each?.(k); }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const b = process.argv.indexOf('--board');
  const fw = Firmware.load(b > 0 ? process.argv[b + 1] : 'rp2040');
  const ids = [P.STAT_TRACKS_ACTIVE, P.STAT_GATE_WORK, P.STAT_WTA_WORK, P.STAT_LOOKAHEAD_RUNS, P.STAT_LOOKAHEAD_WORK, P.STAT_CLUSTERS, P.STAT_ORDERS];
  const names = ['tracksActive', 'gateWork', 'wtaWork', 'lookaheadRuns', 'lookaheadWork', 'clusters', 'orders'];
  replayInput(fw, readFileSync(process.argv[2]), (k) => console.log(`step ${k}: ${ids.map((id, j) => `${names[j]} ${fw.stat(id)}`).join(', ')}`));
}
