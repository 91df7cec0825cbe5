// The closed loop in Node: the loop body (loop-core.ts) with the firmware from build/<board>.wasm and the
// run log written to disk (runlog.ts).
import { Firmware } from '../firmware.ts';
import type { StepOutput } from '../link/firmware-link.ts';
import { provisionedLink } from '../link/auth-key.ts';
import { loopBody, type FireControlLink, type LoopRun, type SimulateOptions, type SimulationResult } from './loop-core.ts';
import { RunLog } from './runlog.ts';
import type { Scenario } from './scenario.ts';

export * from './loop-core.ts';

export function simulate(sc: Scenario, opts: SimulateOptions = {}): SimulationResult {
  return runLoop(sc, opts).result;
}

/** The loop with the firmware in process, over an authenticated link (opts.key; a random key by default). */
export function runLoop(sc: Scenario, opts: SimulateOptions = {}): LoopRun {
  const link = provisionedLink(Firmware.load(opts.board ?? 'host'), opts.key);
  const loop = loopCore(sc, opts, link);
  let r = loop.next();
  while (!r.done) r = loop.next(link.step(r.value));
  return r.value;
}

/** The loop body with its run log in `opts.out` (none when absent). */
export function loopCore(sc: Scenario, opts: SimulateOptions, link: FireControlLink): Generator<number, LoopRun, StepOutput> {
  return loopBody(sc, opts, link, opts.out ? new RunLog(opts.out) : null);
}
