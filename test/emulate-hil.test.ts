// Hardware in the loop with the battery emulator: `parapet run --serial` (the firmware) on one end of a
// real pty pair, the emulator playing a scenario's radars and launchers on the other. On a clean line the
// outcome equals the in-process simulation for the same seed; on a faulty one the run completes, the
// firmware counts the corrupt frames and the emulator the cycles left unanswered.
import { describe, it, expect } from 'vitest';
import { loadScenario } from '../host/sim/scenario.ts';
import { runLoop } from '../host/sim/loop.ts';
import { emulate } from '../host/emulator/emulate.ts';
import { withRunner } from './serial-support.ts';

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
});
