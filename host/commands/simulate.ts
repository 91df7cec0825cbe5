// `parapet simulate <scenario>`: the raid simulator in a closed loop with the firmware (host/sim/loop.ts),
// faster than real time; the figures of one run, or of several seeds on worker threads, or the Parapet
// doctrine against the nearest-first and layered baselines on the same seeds (docs/simulate.md).
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import { DOCTRINES, simulate, type DoctrineName, type SimulationResult } from '../sim/loop.ts';
import { aggregateRuns, formatAggregate, formatRun } from '../sim/loop-report.ts';
import { runMany, type RunJob } from '../sim/loop-runs.ts';
import { loadScenario } from '../sim/scenario.ts';
import { intOption, numberOption } from './options.ts';
import { keyFromOptions, KEY_FILE_ENV } from '../link/auth-key.ts';

interface SimulateCliOptions {
  seed?: number; doctrine: DoctrineName; runs: number; compare?: boolean; out?: string; board: string; json?: boolean;
  until?: number; threads?: number; keyFile?: string;
}

const lazyRequire = createRequire(import.meta.url); // cli-progress: loaded when a bar is shown

export function register(program: Command): void {
  program
    .command('simulate')
    .description('run a raid scenario in a closed loop with the firmware and print the outcome')
    .argument('<scenario>', 'scenario file (docs/scenario.md)')
    .option('--seed <n>', 'seed of the (first) run; the scenario\'s own by default', intOption('--seed', 0, 0xffffffff))
    .addOption(new Option('--doctrine <name>', 'who assigns the fire units: the firmware, the nearest-first baseline or the layered human doctrine').choices(DOCTRINES).default('parapet'))
    .option('--runs <n>', 'runs on seeds seed, seed+1, … (on worker threads when more than one)', intOption('--runs', 1, 10_000), 1)
    .option('--compare', 'run every doctrine (parapet, nearest, layered) on the same seeds, side by side')
    .option('-o, --out <dir>', 'write the run log there (one subdirectory per run when there are several)')
    .option('-b, --board <name>', 'board whose firmware to run', 'host')
    .option('--until <s>', 'stop after this much simulated time, s', numberOption('--until', 0, 1e9))
    .option('--threads <n>', 'worker threads for several runs (default: one per CPU)', intOption('--threads', 1, 256))
    .option('--key-file <path>', `key of the authenticated link to the firmware (default $${KEY_FILE_ENV}, else a random key per run)`)
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: SimulateCliOptions) => {
      const sc = loadScenario(file); // fails early, naming the JSON path of every problem
      const key = keyFromOptions(o.keyFile)?.key;
      const first = o.seed ?? sc.seed;
      const seeds = Array.from({ length: o.runs }, (_, k) => (first + k) >>> 0);
      const doctrines: DoctrineName[] = o.compare ? DOCTRINES : [o.doctrine];
      if (seeds.length === 1 && doctrines.length === 1) {
        const r = single(file, sc, { seed: first, doctrine: doctrines[0], o, key });
        console.log(o.json ? JSON.stringify(r) : formatRun(r));
        return;
      }
      const jobs: RunJob[] = seeds.flatMap((seed) => doctrines.map((doctrine) => ({
        file, seed, doctrine, board: o.board, untilS: o.until, out: o.out ? join(o.out, `${doctrine}-${seed}`) : undefined, key,
      })));
      const bar = progressBar(o, jobs.length, 'runs');
      const results = await runMany(jobs, { threads: o.threads, onDone: (k) => bar?.update(k) });
      bar?.stop();
      const aggs = aggregateRuns(results);
      if (o.json) console.log(JSON.stringify({ runs: results.map((r) => ({ summary: r.summary, timing: r.timing })), aggregate: aggs, warnings: results[0].warnings }));
      else console.log(formatAggregate(sc.name, seeds, aggs) + results[0].warnings.map((w) => `\n  warning: ${w}`).join(''));
    });
}

function single(file: string, sc: ReturnType<typeof loadScenario>, a: { seed: number; doctrine: DoctrineName; o: SimulateCliOptions; key?: Uint8Array }): SimulationResult {
  const endS = Math.min(a.o.until ?? sc.durationS, sc.durationS);
  const bar = progressBar(a.o, Math.round(endS), 'simulated s');
  let shown = -1;
  const r = simulate(sc, {
    seed: a.seed, doctrine: a.doctrine, board: a.o.board, out: a.o.out, untilS: a.o.until, file, key: a.key,
    onProgress: bar ? (t) => { const s = Math.floor(t / 60) * 60; if (s !== shown) { shown = s; bar.update(s); } } : undefined,
  });
  bar?.stop();
  return r;
}

/** A progress bar on stderr when it is a terminal (and the output is not JSON). */
function progressBar(o: SimulateCliOptions, total: number, unit: string): cliProgress.SingleBar | null {
  if (!process.stderr.isTTY || o.json) return null;
  const { SingleBar, Presets } = lazyRequire('cli-progress') as typeof cliProgress;
  const bar = new SingleBar({ format: `{bar} {value}/{total} ${unit}`, clearOnComplete: true, stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}
