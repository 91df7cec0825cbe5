// Seed corpus of the native firmware fuzzer: the byte streams the host's own encoders send a firmware on
// recorded workloads (three teaching scenarios of `parapet simulate`, a small synthetic raid). Every `ingest`
// of a run is recorded and every `step` marked. A seed is the run's configuration frames (everything before
// its first step) followed by a few consecutive scans, at most MAX_SEED bytes, so every seed reaches the
// tracker and the fire control configured; each is written in both of fuzz/harness.c's input modes: the
// wire bytes with an empty frame (a lone 0x00) at each end of scan, and records of raw frames (the CRC and
// the COBS left to the harness, so mutations keep frames valid).
//   node --import tsx fuzz/seed-corpus.ts <dir> [--board B]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Firmware as WasmFirmware } from '../host/firmware-module.ts';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { generateRaid } from '../host/sim/synthetic.ts';
import { runRaid } from '../host/raid-runner.ts';
import { ROOT } from '../host/package-root.ts';
import { cobsDecode } from '../host/link/cobs.ts';

const MAX_SEED = 8000;

type Recording = { config: Uint8Array[]; scans: Uint8Array[][] };

function record(run: () => void): Recording {
  const rec: Recording = { config: [], scans: [] };
  let current: Uint8Array[] | null = null;
  const proto = WasmFirmware.prototype as unknown as { ingest(b: Uint8Array): Uint8Array; step(t: number): Uint8Array };
  const ingest = proto.ingest, step = proto.step;
  proto.ingest = function (this: unknown, b: Uint8Array) { (current ?? rec.config).push(b.slice()); return ingest.call(this, b); };
  proto.step = function (this: unknown, t: number) { if (current) rec.scans.push(current); current = []; return step.call(this, t); };
  try { run(); } finally { proto.ingest = ingest; proto.step = step; }
  if (current) rec.scans.push(current);
  return rec;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const END_OF_SCAN = Uint8Array.of(0);

/** The wire seed's records form: 0x01 len16 raw-frame-without-CRC for each frame, 0x00 for each end of scan. */
function asRecords(wire: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(1)];
  let start = 0;
  for (let i = 0; i < wire.length; i++) {
    if (wire[i] !== 0) continue;
    if (i === start) parts.push(Uint8Array.of(0)); // an empty frame: the end of a scan
    else {
      const raw = cobsDecode(wire.subarray(start, i));
      if (raw && raw.length >= 4) {
        const body = raw.subarray(0, raw.length - 4);
        parts.push(Uint8Array.of(1, body.length & 0xff, body.length >> 8), body);
      }
    }
    start = i + 1;
  }
  return concat(parts);
}

/** Seeds of one recording: the configuration, then windows of consecutive scans (every `stride`-th start). */
function seeds(rec: Recording, stride: number): Uint8Array[] {
  const out: Uint8Array[] = [concat([...rec.config, END_OF_SCAN])];
  const config = concat(rec.config);
  for (let s = 0; s < rec.scans.length; s += stride) {
    const parts = [config, END_OF_SCAN];
    let size = config.length + 1;
    for (let k = s; k < rec.scans.length; k++) {
      const scan = concat([...rec.scans[k], END_OF_SCAN]);
      if (size + scan.length > MAX_SEED && k > s) break;
      parts.push(scan);
      size += scan.length;
      if (k - s >= 3) break; // four scans: the harness steps at most 8 times
    }
    out.push(concat(parts).slice(0, Math.max(MAX_SEED, config.length + 1)));
  }
  return out;
}

export function seedCorpus(dir: string, board: string): number {
  mkdirSync(dir, { recursive: true });
  const recordings: [string, Recording, number][] = [];
  for (const [name, untilS, stride] of [['teach-single-drone', 400, 20], ['teach-mixed-wave', 600, 15], ['teach-ballistic', 400, 20]] as const) {
    const sc = loadScenario(join(ROOT, 'scenarios', `${name}.json`));
    recordings.push([name, record(() => simulate(sc, { board, seed: 1, untilS })), stride]);
  }
  // The synthetic raid of `parapet demo`, small: 24 targets and 6 clutter plots a scan, as the selftest's.
  const sensors = [{ id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange: 150_000, pd: 0.9 }];
  const raid = generateRaid({ seed: 1, targets: 24, scanPeriodS: 1, scans: 30, sensors, pd: 0.9, clutterPerScan: 6, clutter: 'fixed' });
  recordings.push(['raid', record(() => runRaid(raid, 1, { board })), 3]);
  let n = 0;
  for (const [name, rec, stride] of recordings) {
    for (const [k, s] of seeds(rec, stride).entries()) {
      const stem = join(dir, `${name}-${String(k).padStart(3, '0')}`);
      writeFileSync(`${stem}-wire`, concat([Uint8Array.of(0), s]));
      writeFileSync(`${stem}-frames`, asRecords(s));
      n += 2;
    }
  }
  return n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: seed-corpus.ts <dir> [--board B]'); process.exit(2); }
  const b = process.argv.indexOf('--board');
  const n = seedCorpus(dir, b > 0 ? process.argv[b + 1] : 'rp2040');
  console.log(`${n} seeds in ${dir}`);
}
