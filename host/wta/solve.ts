// Runs the firmware's weapon–target assignment solver (assembly/wta-abi.ts) on an instance: writes it into
// the module's static buffers, calls wtaSolve, and reads one target per round back.
import { Firmware } from '../firmware.ts';
import type { WtaInstance } from './instance.ts';

/** The exports this module uses. */
export interface WtaExports {
  memory: WebAssembly.Memory;
  wtaValues(): number;
  wtaCounts(): number;
  wtaProb(): number;
  wtaMaxWeapons(): number;
  wtaMaxTargets(): number;
  wtaMaxRounds(): number;
  wtaSolve(m: number, n: number, workBound: number, seed: number): number;
  wtaErrorIndex(): number;
  wtaGreedyObjective(): number;
  wtaRoundTarget(): number;
  wtaRounds(): number;
  wtaWork(): number;
}

/** Default work bound: about 35 ms on the host; reaches the proven optimum on nearly every shared instance. */
export const WTA_DEFAULT_WORK = 10_000_000;


/** The board's firmware, loaded through the host's typed wrapper. */
export async function loadWtaFirmware(board = 'host'): Promise<WtaExports> {
  return Firmware.load(board).exports as unknown as WtaExports;
}

export interface WtaSolution {
  objective: number;
  greedy: number;
  /** Target of each round in weapon order (weapon 0's rounds first), −1 = not fired. */
  roundTarget: number[];
  /** [weapon, target] of every round fired. */
  assignment: [number, number][];
  work: number;
  ms: number;
}

export interface WtaSolveOptions { work?: number; seed?: number }

/** The error codes of wtaSolve, with how to name the refused element from wtaErrorIndex(). */
function firmwareError(code: number, index: number, inst: WtaInstance): string {
  const n = inst.targets.length;
  switch (code) {
    case -1: return `${index === 0 ? 'weapons' : 'targets'}: count outside the firmware's range`;
    case -2: return `weapons[${index}].count: refused by the firmware (negative)`;
    case -3: return `weapons[${index}].count: total rounds exceed the firmware's capacity`;
    case -4: return `targets[${index}].value: refused by the firmware (negative, NaN or infinite)`;
    case -5: return `p[${Math.floor(index / n)}][${index % n}]: refused by the firmware (outside [0, 1] or NaN)`;
    case -6: return 'work bound: refused by the firmware (negative)';
    default: return `wtaSolve failed with code ${code}`;
  }
}

export function solveWta(fw: WtaExports, inst: WtaInstance, opts: WtaSolveOptions = {}): WtaSolution {
  const m = inst.weapons.length, n = inst.targets.length;
  const work = opts.work ?? WTA_DEFAULT_WORK, seed = opts.seed ?? 1;
  if (!Number.isInteger(work) || work < 0 || work > 0x7fffffff) throw new Error(`work bound ${work}: expected an integer in 0..2^31-1`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed ${seed}: expected an integer in 0..2^32-1`);
  // Checked here too: the buffers are fixed-size, and writing past them would corrupt other state.
  if (m > fw.wtaMaxWeapons()) throw new Error(`${inst.name}: ${m} weapons, the firmware holds ${fw.wtaMaxWeapons()}`);
  if (n > fw.wtaMaxTargets()) throw new Error(`${inst.name}: ${n} targets, the firmware holds ${fw.wtaMaxTargets()}`);
  const rounds = inst.weapons.reduce((s, w) => s + w.count, 0);
  if (rounds > fw.wtaMaxRounds()) throw new Error(`${inst.name}: ${rounds} rounds, the firmware holds ${fw.wtaMaxRounds()}`);

  const buf = fw.memory.buffer;
  new Float64Array(buf, fw.wtaValues(), n).set(inst.targets.map((t) => t.value));
  new Int32Array(buf, fw.wtaCounts(), m).set(inst.weapons.map((w) => w.count));
  const p = new Float64Array(buf, fw.wtaProb(), m * n);
  inst.p.forEach((row, i) => p.set(row, i * n));

  const t0 = performance.now();
  const objective = fw.wtaSolve(m, n, work, seed >>> 0 | 0);
  const ms = performance.now() - t0;
  if (objective < 0) throw new Error(`${inst.name}: ${firmwareError(objective, fw.wtaErrorIndex(), inst)}`);
  // Finite values can still sum past the largest double (two targets of 1e308): no answer to report.
  if (!Number.isFinite(objective)) throw new Error(`${inst.name}: the objective is not finite (${objective}): the target values are too large to sum`);

  const roundTarget = Array.from(new Int32Array(fw.memory.buffer, fw.wtaRoundTarget(), fw.wtaRounds()));
  const assignment: [number, number][] = [];
  let k = 0;
  inst.weapons.forEach((w, i) => {
    for (let c = 0; c < w.count; c++, k++) if (roundTarget[k] >= 0) assignment.push([i, roundTarget[k]]);
  });
  return { objective, greedy: fw.wtaGreedyObjective(), roundTarget, assignment, work: fw.wtaWork(), ms };
}
