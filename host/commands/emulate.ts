// `parapet emulate --serial <path> <scenario>`: play the battery (radars, launchers) on a serial line. When the
// line disappears mid-run (the far end closes, the pty or device goes away) it says so on stderr, with the port
// and the simulated time, prints the summary of the run so far and exits with status 1.
import type { Command } from 'commander';
import { loadScenario } from '../sim/scenario.ts';
import { formatRun } from '../sim/loop-report.ts';
import { DOCTRINES, type DoctrineName } from '../sim/loop.ts';
import { parseFaults } from '../emulator/faults.ts';
import { intOption, numberOption } from './options.ts';
import { keyFromOptions, NO_KEY_WARNING, KEY_FILE_ENV } from '../link/auth-key.ts';

interface EmulateCli { serial: string; baud: number; seed?: number; doctrine: DoctrineName; speed: number; faults?: string; until?: number; timeout: number; keyFile?: string; json?: boolean }

export function register(program: Command): void {
  program
    .command('emulate')
    .description('play the battery hardware (radars and launchers) of a scenario on a serial line, fire control on the far end')
    .argument('<scenario>', 'scenario JSON (docs/scenario.md)')
    .requiredOption('--serial <path>', 'serial device or pty the fire control listens on')
    .option('--baud <n>', 'baud rate', intOption('--baud', 50, 16_000_000), 921_600)
    .option('--seed <n>', 'seed (default: the scenario\'s)', intOption('--seed', 0, 0xffffffff))
    .option('--doctrine <name>', `${DOCTRINES.join(' | ')}`, 'parapet')
    .option('--speed <x>', 'simulated seconds per second; 0 = as fast as fire control answers', numberOption('--speed', 0, 1e6), 1)
    .option('--faults <spec>', 'line faults, e.g. drop=0.001,flip=0.0001')
    .option('--until <s>', 'stop after this simulated time', numberOption('--until', 1, 1e7))
    .option('--timeout <ms>', 'wait this long for each cycle\'s answer', intOption('--timeout', 10, 600_000), 2000)
    .option('--key-file <path>', `authentication key shared with fire control (32 bytes or 64 hex digits, mode 600; default $${KEY_FILE_ENV}; none: development mode)`)
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: EmulateCli) => {
      if (!DOCTRINES.includes(o.doctrine)) throw new Error(`--doctrine must be one of ${DOCTRINES.join(', ')}, got '${o.doctrine}'`);
      const sc = loadScenario(file);
      const faults = o.faults ? parseFaults(o.faults) : { drop: 0, flip: 0 };
      const key = keyFromOptions(o.keyFile);
      if (!key) process.stderr.write(`${NO_KEY_WARNING}\n`);
      const { emulate } = await import('../emulator/emulate.ts'); // with serialport: loaded only here
      const r = await emulate(sc, { path: o.serial, baud: o.baud, seed: o.seed, doctrine: o.doctrine, speed: o.speed, faults, key: key?.key, untilS: o.until, timeoutMs: o.timeout });
      if (r.lost) {
        // The summary below is the run up to the cycle the line was lost at; the exit status says it is cut short.
        process.stderr.write(`error: ${r.lost.message} at simulated time ${(r.lost.timeMs / 1000).toFixed(1)} s; the summary is of the run so far\n`);
        process.exitCode = 1;
      }
      if (o.json) {
        console.log(JSON.stringify({ summary: r.run.result.summary, timeouts: r.timeouts, refusedConfig: r.refusedConfig, dropped: r.dropped, flipped: r.flipped,
          authRefused: r.authRefused, firmware: r.firmware, ...(r.lost ? { lost: r.lost } : {}) }));
        return;
      }
      console.log(formatRun(r.run.result));
      const fw = r.firmware;
      console.log(`Line: ${r.dropped} bytes dropped, ${r.flipped} bits flipped; firmware counted ${fw.crcErrors} CRC errors, ` +
        `${fw.framingErrors} framing errors, ${fw.seqGaps} frames missing; ${r.timeouts} cycles unanswered` +
        (r.refusedConfig.length ? `; refused configuration: ${r.refusedConfig.join('; ')}` : ''));
      const refused = r.authRefused;
      console.log(key
        ? `Authentication: firmware refused ${fw.authFailed} forged and ${fw.authReplayed} replayed frames; the emulator refused `
          + `${refused.forged} forged, ${refused.replayed} replayed, ${refused.unauthenticated} unauthenticated`
        : fw.authKeyed === 1
          ? `Authentication: fire control holds a key and refused ${fw.authFailed} unauthenticated frames: run with --key-file`
          : 'Authentication: off (development mode)');
    });
}
