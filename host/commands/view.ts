// `parapet view <run-dir>`: a replay viewer of a run log in the browser (host/viewer/, docs/viewer.md).
// The server listens on 127.0.0.1 only and runs until interrupted.
import type { Command } from 'commander';
import { startViewer } from '../viewer/server.ts';

export function register(program: Command): void {
  program
    .command('view')
    .description('replay a run log in the browser: plan view, timeline, tracks and engagements (127.0.0.1 only)')
    .argument('<run-dir>', 'run directory written by simulate --out or replay --out')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free port)', '8750')
    .action(async (dir: string, o: { port: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${o.port}`);
      const v = await startViewer(dir, { port });
      console.log(`view: ${v.index.cycles.length} cycles of ${dir} at ${v.url} (Ctrl-C to stop)`);
      const stop = () => void v.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
