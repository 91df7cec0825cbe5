// `parapet scenario generate`: one raid of a raid family as a scenario file; `parapet scenario evaluate`:
// every doctrine on raids 1…N of a family, paired by raid (docs/scenario.md, "Raid families";
// docs/simulate.md).
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { DOCTRINES, type DoctrineName } from '../sim/loop-core.ts';
import { evaluateFamily, formatFamilyEvaluation } from '../sim/family-eval.ts';
import { loadFamily, raidText } from '../sim/raid-family.ts';
import { parseScenario } from '../sim/scenario.ts';
import { intOption, numberOption } from './options.ts';

export function register(program: Command): void {
  const scenario = program.command('scenario').description('raid scenarios: generate raids of a raid family, evaluate the doctrines on them');

  scenario
    .command('generate')
    .description('draw one raid of a raid family: the base scenario with generated waves, as a scenario file')
    .requiredOption('--family <file>', 'raid family file (docs/scenario.md, "Raid families")')
    .requiredOption('--seed <n>', 'which raid of the family (the same seed gives the same bytes)', intOption('--seed', 0, 0xffffffff))
    .option('-o, --out <file>', 'write the scenario there instead of to stdout')
    .action((o: { family: string; seed: number; out?: string }) => {
      const family = loadFamily(o.family); // fails early, naming the JSON path of every problem
      const text = raidText(family, o.seed);
      parseScenario(text, o.out ?? `${family.name}-${o.seed}`); // a generated raid is always a valid scenario
      if (o.out) writeFileSync(o.out, text);
      else process.stdout.write(text);
    });

  scenario
    .command('evaluate')
    .description('run every doctrine on raids 1…N of a family and compare them, paired by raid')
    .requiredOption('--family <file>', 'raid family file')
    .option('--seeds <n>', 'number of raids: seeds first … first+n−1', intOption('--seeds', 2, 10_000), 5)
    .option('--first <n>', 'first seed', intOption('--first', 0, 0xffffffff), 1)
    .addOption(new Option('--doctrines <list>', `comma-separated, the first compared with each other (default ${DOCTRINES.join(',')})`))
    .option('-b, --board <name>', 'board whose firmware to run', 'host')
    .option('--until <s>', 'stop each run after this much simulated time, s', numberOption('--until', 0, 1e9))
    .option('--threads <n>', 'worker threads (default: one per CPU)', intOption('--threads', 1, 256))
    .option('--json', 'print every run\'s figures and the comparison as JSON')
    .action(async (o: { family: string; seeds: number; first: number; doctrines?: string; board: string; until?: number; threads?: number; json?: boolean }) => {
      const family = loadFamily(o.family);
      const doctrines = (o.doctrines ?? DOCTRINES.join(',')).split(',').map((d) => d.trim()) as DoctrineName[];
      for (const d of doctrines) if (!DOCTRINES.includes(d)) throw new Error(`--doctrines: ${d} is not one of ${DOCTRINES.join(', ')}`);
      if (new Set(doctrines).size !== doctrines.length || doctrines.length < 2) throw new Error('--doctrines: at least two, each once');
      const seeds = Array.from({ length: o.seeds }, (_, k) => (o.first + k) >>> 0);
      const total = seeds.length * doctrines.length;
      const bar = process.stderr.isTTY && !o.json
        ? new cliProgress.SingleBar({ format: '{bar} {value}/{total} runs', clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
        : null;
      bar?.start(total, 0);
      const e = await evaluateFamily(family, { seeds, doctrines, board: o.board, untilS: o.until, threads: o.threads, onDone: (k) => bar?.update(k) });
      bar?.stop();
      console.log(o.json ? JSON.stringify(e) : formatFamilyEvaluation(e));
    });
}
