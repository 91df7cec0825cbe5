// `parapet bound <run-dir>`: the offline omniscient lower bound on value lost of a simulation run, from
// an LP (and optionally a MILP) over every engagement the world would have accepted (host/bound/,
// docs/doctrine.md). The model code and HiGHS load only when the command runs.
import type { Command } from 'commander';
import { numberOption } from './options.ts';

interface BoundCliOptions { afterDetection?: boolean; scenario?: string; slot?: number; lambda?: number; milp?: boolean; json?: boolean; timing?: boolean }

export function register(program: Command): void {
  program
    .command('bound')
    .description('the offline omniscient lower bound on a simulation run\'s value lost (LP with HiGHS), shadow prices and the run\'s gap')
    .argument('<run-dir>', 'run directory written by simulate --out')
    .option('--scenario <file>', 'the run\'s scenario file (by default meta.json\'s source.file)')
    .option('--slot <s>', 'launch-time slot, s: a multiple of the scenario\'s step (default 10)', numberOption('--slot', 0.001, 3600))
    .option('--lambda <x>', 'weight of interceptor cost against value (default: the doctrine\'s costWeight)', numberOption('--lambda', 0, 1e6))
    .option('--after-detection', 'engage a threat only from its first plot given to fire control (plots.jsonl, truth.jsonl)')
    .option('--milp', 'also solve with whole rounds (small runs only)')
    .option('--timing', 'print build and solve times')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, o: BoundCliOptions) => {
      const { loadRunDir } = await import('../bound/run-input.ts');
      const { computeBound } = await import('../bound/bound.ts');
      const { boundJson, formatBound } = await import('../bound/report.ts');
      const { problem, run } = await loadRunDir(dir, { scenario: o.scenario, afterDetection: o.afterDetection });
      const r = await computeBound(problem, { slotS: o.slot, lambda: o.lambda, milp: o.milp }, run);
      console.log(o.json ? boundJson(r, { timing: o.timing }) : formatBound(r, { timing: o.timing }));
    });
}
