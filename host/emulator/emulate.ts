// `parapet emulate`: the battery hardware (radars and launchers) on the far end of a serial line. The
// simulator's world plays the radars and launchers; fire control is whatever answers on the line (the
// firmware under `parapet run --serial`, or a board running it). The loop is the simulator's own
// (host/sim/loop.ts), so a faultless line gives the outcome of the in-process simulation, seed for seed.
import { SerialPort } from 'serialport';
import { loopCore, type DoctrineName, type LoopRun } from '../sim/loop.ts';
import type { Scenario } from '../sim/scenario.ts';
import { FaultyLine, type Faults } from './faults.ts';
import { LineLostError, SerialFireControl } from './serial-link.ts';
import { linkAuth } from '../link/auth-key.ts';
import type { StepOutput } from '../link/firmware-link.ts';

export interface EmulateOptions {
  path: string;
  baud: number;
  seed?: number;
  doctrine?: DoctrineName;
  /** Simulated seconds per wall-clock second; 0 = as fast as the far end answers. */
  speed: number;
  faults: Faults;
  /** The authentication key shared with fire control; none: development mode (docs/security.md). */
  key?: Uint8Array | null;
  untilS?: number;
  /** How long to wait for a cycle's answer, ms. */
  timeoutMs?: number;
  /** Give up after this many cycles in a row without an answer (fire control gone). */
  maxSilentCycles?: number;
  onProgress?: (timeS: number, endS: number) => void;
}

export interface EmulateResult {
  run: LoopRun; timeouts: number; refusedConfig: string[]; dropped: number; flipped: number;
  /** Frames from fire control refused for authentication (with a key). */
  authRefused: { unauthenticated: number; forged: number; replayed: number };
  /** The firmware's counters from its last TELEMETRY frame (frames, CRC and framing errors, ...). */
  firmware: Record<string, number>;
  /** The line disappeared mid-run: what happened and at what simulated time; the run is the run so far. */
  lost?: { message: string; timeMs: number };
}

export async function emulate(sc: Scenario, o: EmulateOptions): Promise<EmulateResult> {
  const port = new SerialPort({ path: o.path, baudRate: o.baud, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(new Error(`${o.path}: ${e.message}`)) : res())));
  const line = new FaultyLine(o.faults, o.seed ?? sc.seed);
  // On a live line the counter is seeded from the clock: a restarted emulator starts above what it sent.
  const link = new SerialFireControl(port, line, o.timeoutMs ?? 5000, o.key ? linkAuth(o.key, true) : null);
  try {
    const loop = loopCore(sc, { seed: o.seed, doctrine: o.doctrine, untilS: o.untilS, onProgress: o.onProgress }, link);
    const wall0 = Date.now();
    let r = loop.next();
    let silent = 0;
    let lost: EmulateResult['lost'];
    while (!r.done) {
      if (o.speed > 0) {
        const due = wall0 + r.value / o.speed;
        if (due > Date.now()) await new Promise((res) => setTimeout(res, due - Date.now()));
      }
      const before = link.timeouts;
      let out: StepOutput;
      try {
        out = await link.step(r.value);
      } catch (e) {
        if (!(e instanceof LineLostError)) throw e;
        lost = { message: e.message, timeMs: r.value };
        r = loop.next({ picture: { timeMs: r.value, tracks: [] }, telemetry: { timeMs: r.value, counters: [] }, orders: [], threats: [], bytes: new Uint8Array(), stop: true });
        break;
      }
      silent = link.timeouts > before ? silent + 1 : 0;
      if (silent >= (o.maxSilentCycles ?? 10)) {
        const refused = Object.values(link.authRefused).reduce((a, b) => a + b, 0);
        throw new Error(`${o.path}: fire control has not answered ${silent} cycles in a row (is \`parapet run --serial\` on the other end?`
          + (refused ? ` ${refused} of its frames failed authentication: is it provisioned with the same key?)` : ')'));
      }
      r = loop.next(out);
    }
    if (!r.done) throw new Error('the loop did not end after fire control was lost'); // loopBody ends on stop
    return {
      run: r.value, timeouts: link.timeouts, refusedConfig: link.refusedConfig, dropped: line.dropped, flipped: line.flipped,
      authRefused: link.authRefused, firmware: link.firmwareStats(), lost,
    };
  } finally {
    await new Promise<void>((res) => (port.isOpen ? port.close(() => res()) : res()));
  }
}
