// The exact firmware under libFuzzer with AddressSanitizer and UBSan (fuzz/run.ts: wasm2c, clang): a short
// campaign of a fixed number of executions from a fixed seed, on a fresh copy of the seed corpus (recorded
// workloads, fuzz/seed-corpus.ts). No crash, no sanitizer report, no firmware trap, no input over libFuzzer's
// timeout. Skips, saying why, when wasm2c or a clang with libFuzzer is missing (.ci/run installs them).
// The nightly-length campaign: `npm run fuzz -- --seconds 4500 --jobs 2 --keep-going`, figures in docs/reliability.md.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzz, toolchain, buildFuzzer } from '../fuzz/run.ts';

const tc = toolchain();
if (typeof tc === 'string') console.log(`fuzz-native skipped: ${tc}`);
const RUNS = 3000;

describe.skipIf(typeof tc === 'string')('coverage-guided fuzzing of the compiled firmware', () => {
  it(`rp2040: ${RUNS} executions under ASan and UBSan, no finding`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-fuzz-'));
    try {
      buildFuzzer('rp2040', tc as Exclude<typeof tc, string>, 1);
      // A 5 s timeout, not the campaigns' 1 s: the slowest input known takes 0.4 s alone on this build, and CI
      // machines are loaded (a hang still shows). The findings are replayed by fuzz-regressions.test.ts.
      const r = await fuzz({ board: 'rp2040', runs: RUNS, seed: 1, opt: 1, corpus: join(dir, 'corpus'), findings: join(dir, 'findings'),
        quiet: true, timeoutS: 5, regressions: false });
      console.log(`fuzz-native rp2040: ${r.executions} executions, cov ${r.cov} ft ${r.ft}, corpus ${r.corpus}, crashes ${r.crashes}, `
        + `timeouts ${r.timeouts}, sanitizer reports ${r.sanitizerReports}, traps ${r.traps}`);
      if (r.exitCode !== 0) console.log(r.log.slice(-4000));
      expect(r.executions).toBeGreaterThanOrEqual(RUNS);
      expect(r.cov).toBeGreaterThan(500);
      expect({ crashes: r.crashes, timeouts: r.timeouts, ooms: r.ooms, sanitizer: r.sanitizerReports, traps: r.traps, exit: r.exitCode })
        .toEqual({ crashes: 0, timeouts: 0, ooms: 0, sanitizer: 0, traps: 0, exit: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
