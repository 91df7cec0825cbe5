// `parapet run --serial <path>`: the firmware serving a serial line (see host/serial/runner.ts).
import type { Command } from 'commander';
import { loadBoard } from '../boards/board.ts';
import { intOption, numberOption } from './options.ts';
import { keyFromOptions, NO_KEY_WARNING, KEY_FILE_ENV } from '../link/auth-key.ts';

export function register(program: Command): void {
  program
    .command('run')
    .description('run the firmware behind a serial line: frames in, TRACKS/THREATS/ORDER/TELEMETRY out')
    .requiredOption('--serial <path>', 'serial device, e.g. /dev/ttyUSB0 or a pty')
    .option('--baud <n>', 'baud rate (default: the board\'s)', intOption('--baud', 50, 16_000_000))
    .option('-b, --board <name>', 'board whose firmware to run', 'host')
    .option('--duration <s>', 'stop after this many seconds (default: run until interrupted)', numberOption('--duration', 0.1, 1e7))
    .option('--key-file <path>', `authentication key to provision (32 bytes or 64 hex digits, mode 600; default $${KEY_FILE_ENV}; none: development mode)`)
    .option('--counter-file <path>', 'with a key: keep the authentication counters here between restarts (a replay of a frame from before a restart is refused)')
    .option('--json', 'print the final summary as JSON')
    .action(async (o: { serial: string; baud?: number; board: string; duration?: number; keyFile?: string; counterFile?: string; json?: boolean }) => {
      const board = loadBoard(o.board);
      const key = keyFromOptions(o.keyFile);
      if (!key) process.stderr.write(`${NO_KEY_WARNING}\n`);
      else if (!o.counterFile) process.stderr.write('warning: no --counter-file: after a restart the counters start at 0, and a frame recorded before it can be replayed once\n');
      // Loaded when the command runs, as is serialport in emulate: ~0.2 s that every other command's start would pay.
      const { SerialRunner } = await import('../serial/runner.ts');
      const tty = process.stderr.isTTY;
      const runner = new SerialRunner({
        path: o.serial, baud: o.baud ?? board.serial.baud, board: o.board, durationS: o.duration, key: key?.key, counterFile: o.counterFile,
        onStatus: (line) => process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`),
        onEvent: (line) => process.stderr.write(`${tty ? '\n' : ''}${line}\n`),
      });
      process.once('SIGINT', () => runner.stop());
      process.once('SIGTERM', () => runner.stop());
      const s = await runner.run();
      if (tty) process.stderr.write('\n');
      const summary = { steps: s.steps, reconnects: s.reconnects, cycleMsMedian: s.cycleMsMedian, cycleMsP99: s.cycleMsP99,
        framesOk: s.stats.framesOk, crcErrors: s.stats.crcErrors, framingErrors: s.stats.framingErrors,
        badFrames: s.stats.badFrames, seqGaps: s.stats.seqGaps, authKeyed: s.stats.authKeyed, authFailed: s.stats.authFailed,
        authReplayed: s.stats.authReplayed, tracksConfirmed: s.stats.tracksConfirmed, orders: s.stats.orders };
      if (o.json) console.log(JSON.stringify(summary));
      else console.log(Object.entries(summary).map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v}`).join('  '));
    });
}
