// `parapet view <run-dir>`: a replay viewer of a run log in the browser; `parapet view --live <scenario>`:
// the simulation itself, run by the page in a Web Worker with the same firmware (host/viewer/,
// docs/viewer.md). The server listens on 127.0.0.1 only and runs until interrupted.
import type { Command } from 'commander';
import { DOCTRINES, type DoctrineName } from '../sim/loop-core.ts';

interface ViewOptions { port: string; live?: boolean; seed?: string; doctrine: string; board: string }

export function register(program: Command): void {
  program
    .command('view')
    .description('replay a run log in the browser, or with --live simulate a scenario in the page (127.0.0.1 only)')
    .argument('<run-dir|scenario>', 'run directory written by simulate --out or replay --out; with --live, a scenario file')
    .option('--live', 'simulate the scenario in the browser (a Web Worker running the firmware) as it is watched')
    .option('--seed <n>', 'live: the seed (the scenario\'s own by default)')
    .option('--doctrine <name>', `live: ${DOCTRINES.join(' or ')}`, 'parapet')
    .option('--board <name>', 'live: the firmware board', 'host')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', '8750')
    .action(async (target: string, o: ViewOptions) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${o.port}`);
      if (!DOCTRINES.includes(o.doctrine as DoctrineName)) throw new Error(`--doctrine: ${DOCTRINES.join(' or ')}, not ${o.doctrine}`);
      const seed = o.seed === undefined ? undefined : Number(o.seed);
      if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed: not an integer: ${o.seed}`);
      const live = o.live ? { scenario: target, seed, doctrine: o.doctrine as DoctrineName, board: o.board } : undefined;
      // Loaded when the command runs: Vite takes ~0.1 s to import, which every other command's start would pay.
      const { startViewer } = await import('../viewer/server.ts');
      const v = await startViewer(live ? null : target, { port, live });
      console.log(live ? `view: live simulation of ${target} at ${v.url} (Ctrl-C to stop)` : `view: ${v.index!.frames.cycles.length} cycles of ${target} at ${v.url} (Ctrl-C to stop)`);
      const stop = () => void v.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
