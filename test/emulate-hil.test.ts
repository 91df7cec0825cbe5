// Hardware in the loop with the battery emulator: `parapet run --serial` (the firmware) on one end of a
// real pty pair, the emulator playing a scenario's radars and launchers on the other. On a clean line the
// outcome equals the in-process simulation for the same seed; on a faulty one the run completes, the
// firmware counts the corrupt frames and the emulator the cycles left unanswered.
import { describe, it, expect } from 'vitest';
import { loadScenario } from '../host/sim/scenario.ts';
import { runLoop } from '../host/sim/loop.ts';
import { emulate } from '../host/emulator/emulate.ts';
import { spawn } from 'node:child_process';
import * as P from '../assembly/protocol.ts';
import { FarEnd, ptyPair, withRunner } from './serial-support.ts';

const SCENARIO = 'scenarios/teach-mixed-wave.json';
const UNTIL_S = 1200; // the first intercepts come after 900 s: the look-ahead leaves the early drones to the jammers


/** The summary without what depends on the transport (frame and byte counts of the firmware's link). */
function outcome(summary: Record<string, unknown>) {
  const { firmware: _firmware, ...rest } = summary;
  return rest;
}

describe('battery emulator over a serial line', () => {
  const sc = loadScenario(SCENARIO);

  it('gives the in-process outcome for the same seed on a clean line', async () => {
    const r = await withRunner(['--duration', '300'], (path) => emulate(sc, { path, baud: 921600, seed: 7, speed: 0, faults: { drop: 0, flip: 0 }, untilS: UNTIL_S }));
    const local = runLoop(sc, { seed: 7, untilS: UNTIL_S });
    expect(r.timeouts).toBe(0);
    expect(r.refusedConfig).toEqual([]);
    expect(outcome(r.run.result.summary as never)).toEqual(outcome(local.result.summary as never));
    expect(r.run.result.summary.threats.all.intercepted).toBeGreaterThan(0);
  }, 120_000);

  it('completes on a faulty line, with corrupt frames counted by the firmware', async () => {
    const r = await withRunner(['--duration', '300'], (path) => emulate(sc, { path, baud: 921600, seed: 7, speed: 0, faults: { drop: 0.0002, flip: 0.0001 }, untilS: UNTIL_S, timeoutMs: 300 }));
    expect(r.dropped + r.flipped).toBeGreaterThan(0);
    const fw = r.firmware;
    expect(fw.crcErrors + fw.framingErrors + fw.badFrames).toBeGreaterThan(0);
    expect(fw.seqGaps).toBeGreaterThan(0);
  }, 120_000);

  it('says so, with the summary so far and a non-zero exit, when the line disappears mid-run', async () => {
    const pty = await ptyPair();
    const far = await FarEnd.open(pty.a);
    far.port.on('error', () => {}); // its side goes too
    // --timeout long enough that the emulator is still waiting for the first cycle's answer when the pty goes.
    const emu = spawn(process.execPath, ['bin/parapet.mjs', 'emulate', SCENARIO, '--serial', pty.b, '--speed', '0', '--timeout', '600000'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    emu.stdout!.on('data', (d) => { out += d; });
    emu.stderr!.on('data', (d) => { err += d; });
    const exited = new Promise<number | null>((res) => emu.once('exit', (code) => res(code)));
    try {
      const scan = await far.waitFor((f) => f.type === P.FRAME_SCAN, 60_000);
      expect(scan, err).not.toBeNull();
      pty.stop(); // socat killed: both ptys and their links vanish
      const code = await exited;
      expect(code, err).not.toBe(0);
      expect(code, err).not.toBe(13); // Node's exit for a promise left pending: the silent failure this replaces
      expect(err).toContain(`${pty.b}: the serial line went away`);
      expect(err).toMatch(/at simulated time \d+\.\d s; the summary is of the run so far/);
      expect(out.trim().length, err).toBeGreaterThan(0);
      expect(out).toContain('Line:');
    } finally {
      emu.kill('SIGKILL');
      pty.stop();
      await far.close().catch(() => {});
    }
  }, 120_000);
});
