// Every input the native fuzzer ever reported (fuzz/regressions/: crashes, timeouts, sanitizer reports, each
// named for what it found), replayed in Node on every board exactly as fuzz/harness.c drives it
// (fuzz/replay.ts): no trap, a constant heap top, every step run and counted, and after init() a clean
// workload as on a fresh instance. The timeouts so far were the shared machine's load on an instrumented
// build (docs/reliability.md); their inputs stay here so that a real slowdown would show in the step counters.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as P from '../assembly/protocol.ts';
import { Firmware } from '../host/firmware.ts';
import { replayInput, MAX_STEPS } from '../fuzz/replay.ts';
import { BOARDS, clean } from './hardening-replay.ts';
import { WTA_OVERSHOOT } from './fuzz-soak-support.ts';

const DIR = join(import.meta.dirname, '..', 'fuzz', 'regressions');
const FILES = readdirSync(DIR).sort();

describe.each(BOARDS)('native fuzzer findings replayed on board %s', (board) => {
  const fresh = clean(Firmware.load(board));
  it.each(FILES)('%s', (name) => {
    const fw = Firmware.load(board);
    const heapTop = fw.stat(P.STAT_HEAP_TOP);
    let steps = 0;
    replayInput(fw, readFileSync(join(DIR, name)), (k) => {
      steps = k;
      expect(fw.stat(P.STAT_STEPS)).toBe(k);
      expect(fw.stat(P.STAT_HEAP_TOP)).toBe(heapTop);
      // The assignment's work within the doctrine's bound (these inputs keep the default 20 000).
      expect(fw.stat(P.STAT_WTA_WORK)).toBeLessThanOrEqual(20_000 + WTA_OVERSHOOT);
    });
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(MAX_STEPS);
    expect(fw.reinstantiations).toBe(0);
    fw.init();
    expect(clean(fw)).toBe(fresh);
  });
});
