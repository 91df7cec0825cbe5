// `parapet wta solve <instance.json>`: solves a static weapon–target assignment instance with the
// firmware's solver and prints {objective, assignment, ms, greedy} as JSON, one [weapon, target] pair per
// round fired. Errors (unreadable, invalid or too large an instance, unknown board, an objective that is not
// finite) go to stderr with exit status 1.
import { InvalidArgumentError, type Command } from 'commander';
import { loadInstance } from '../wta/instance.ts';
import { loadWtaFirmware, solveWta, WTA_DEFAULT_WORK } from '../wta/solve.ts';

export interface WtaSolveCliOptions { board: string; work: number; seed: number }

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs the command; returns the exit status. */
export async function runWtaSolve(file: string, opts: WtaSolveCliOptions, io: Output): Promise<number> {
  try {
    const fw = await loadWtaFirmware(opts.board);
    const inst = loadInstance(file, { maxWeapons: fw.wtaMaxWeapons(), maxTargets: fw.wtaMaxTargets() });
    const r = solveWta(fw, inst, { work: opts.work, seed: opts.seed });
    io.out(JSON.stringify({ objective: r.objective, assignment: r.assignment, ms: Number(r.ms.toFixed(3)), greedy: r.greedy }) + '\n');
    return 0;
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

function integer(min: number, max: number): (text: string) => number {
  return (text) => {
    const v = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`expected an integer in ${min}..${max}`);
    }
    return v;
  };
}

export function register(program: Command): void {
  const wta = program.command('wta').description('weapon–target assignment');
  wta
    .command('solve')
    .description('solve a static weapon–target assignment instance (JSON) with the firmware solver')
    .argument('<instance>', 'instance JSON: weapons[{id,count}], targets[{id,value}], p[weapon][target]')
    .option('--board <name>', 'firmware build to run (build/<board>.wasm)', 'host')
    .option('--work <n>', 'work bound: evaluated moves of the local search (0: greedy only)', integer(0, 0x7fffffff), WTA_DEFAULT_WORK)
    .option('--seed <n>', 'seed of the random restarts', integer(0, 0xffffffff), 1)
    .action(async (file: string, opts: WtaSolveCliOptions) => {
      process.exitCode = await runWtaSolve(file, opts, {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
      });
    });
}
