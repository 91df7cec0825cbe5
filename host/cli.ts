// The `parapet` command line. Each command lives in host/commands/<name>.ts and registers itself.
import { Command, CommanderError } from 'commander';
import { register as selftest } from './commands/selftest.ts';
import { register as track } from './commands/track.ts';
import { register as demo } from './commands/demo.ts';
import { register as decode } from './commands/decode.ts';
import { register as wta } from './commands/wta.ts';
import { register as replay } from './commands/replay.ts';
import { register as simulate } from './commands/simulate.ts';
import { register as run } from './commands/run.ts';
import { register as emulate } from './commands/emulate.ts';
import { register as report } from './commands/report.ts';
import { register as view } from './commands/view.ts';
import { register as bound } from './commands/bound.ts';
import { register as scenario } from './commands/scenario.ts';

const program = new Command();
program
  .name('parapet')
  .description('Open fire-control core: track correlation, threat evaluation and intercept assignment.')
  .showHelpAfterError()
  .exitOverride();

for (const register of [demo, selftest, track, decode, wta, replay, run, simulate, scenario, bound, emulate, report, view]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  console.error(`parapet: ${(e as Error).message}`);
  process.exit(1);
}
