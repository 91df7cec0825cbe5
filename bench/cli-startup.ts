// Workload (g): what a `parapet` command costs before it does anything. CPU time (user + system, all
// threads) of whole processes: `parapet --help`, and `parapet decode` of a small capture (the test fixture,
// 6 records), run as a user runs them (bin/parapet.mjs, the compiled host of dist/), and the same commands
// run from the TypeScript sources through tsx, as bin/parapet.mjs did before the host was compiled. The
// two ways alternate run by run, so that the machine's drift falls on both.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pairedRatio, spread, type Spread } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const HOOK = join(ROOT, 'bench', 'cpu-at-exit.mjs');
export const SMALL_CAPTURE = 'test/fixtures/asterix/sample.pcap';

export interface StartupRow { command: string; compiled: Spread; tsx: Spread; ratio: Spread }

/** CPU ms of one run of `node <args>`, read at the child's exit. */
function cpuOf(nodeArgs: string[], out: string): number {
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--import', HOOK, ...nodeArgs], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, PARAPET_CPU_OUT: out }, timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`node ${nodeArgs.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return Number(readFileSync(out, 'utf8').trim());
}

export function measureStartup(repeats: number): StartupRow[] {
  const tmp = mkdtempSync(join(tmpdir(), 'parapet-startup-'));
  const out = join(tmp, 'cpu');
  try {
    return [['--help'], ['decode', SMALL_CAPTURE]].map((args) => {
      const compiled: number[] = [], tsx: number[] = [];
      cpuOf(['--import', 'tsx', 'host/cli.ts', ...args], out); // fills tsx's cache, as any earlier start would have
      for (let k = 0; k < repeats; k++) {
        compiled.push(cpuOf(['bin/parapet.mjs', ...args], out));
        tsx.push(cpuOf(['--import', 'tsx', 'host/cli.ts', ...args], out));
      }
      return { command: `parapet ${args.join(' ')}`, compiled: spread(compiled), tsx: spread(tsx), ratio: pairedRatio(tsx, compiled) };
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
