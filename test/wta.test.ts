// The firmware's weapon–target assignment solver against proven optima (shared data: wta/), against
// exhaustive enumeration on tiny random instances, and on malformed input.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadInstance, objectiveOf, parseInstance, type WtaInstance } from '../host/wta/instance.ts';
import { loadWtaFirmware, solveWta, type WtaExports, type WtaSolution } from '../host/wta/solve.ts';
import { register, runWtaSolve } from '../host/commands/wta.ts';
import { describeShared, sharedPath } from './shared-data.ts';

const DATA = sharedPath('wta');
/** The shared instances, read by the suites that use them (beforeAll), once. */
let shared: { file: string; path: string; inst: WtaInstance }[] = [];
const loadShared = (): void => {
  if (shared.length) return;
  shared = readdirSync(DATA).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, path: resolve(DATA, file), inst: loadInstance(resolve(DATA, file)) }));
};
const WORK = 10_000_000;

let fw: WtaExports;
beforeAll(async () => { fw = await loadWtaFirmware('host'); });

/** (c) Feasible, and the reported F is F recomputed here from the returned rounds. */
function expectConsistent(inst: WtaInstance, sol: WtaSolution): void {
  expect(sol.roundTarget.length).toBe(inst.weapons.reduce((s, w) => s + w.count, 0));
  const fired = inst.weapons.map(() => 0);
  for (const [i, j] of sol.assignment) {
    expect(j >= 0 && j < inst.targets.length).toBe(true);
    fired[i]++;
  }
  fired.forEach((f, i) => expect(f).toBeLessThanOrEqual(inst.weapons[i].count));
  const f = objectiveOf(inst, sol.roundTarget);
  expect(Math.abs(f - sol.objective)).toBeLessThanOrEqual(1e-12 * Math.max(1, f));
}

describeShared('wta', 'wta: shared instances with proven optima', () => {
  beforeAll(loadShared);

  it('stays within 0.5 % on average and 2 % at worst of the optimum, per family', () => {
    const rows: { family: string; name: string; greedy: number; final: number; ms: number }[] = [];
    for (const { inst } of shared) {
      const opt = inst.known!.optimal_value!;
      const sol = solveWta(fw, inst, { work: WORK, seed: 1 });
      expectConsistent(inst, sol);
      // Nothing beats a proven optimum (beyond its 1e-6 certificate).
      expect(sol.objective).toBeGreaterThanOrEqual(opt * (1 - 1e-6));
      // The greedy start is the instance file's maximum-marginal-return greedy.
      const mmr = (inst.known!.mmr_global as { value: number }).value;
      expect(Math.abs(sol.greedy - mmr)).toBeLessThanOrEqual(1e-9 * mmr);
      rows.push({
        family: String(inst.generator!.scheme), name: inst.name,
        greedy: 100 * (sol.greedy / opt - 1), final: 100 * (sol.objective / opt - 1), ms: sol.ms,
      });
    }
    const lines = rows.map((r) => `${r.family.padEnd(6)} ${r.name.padEnd(22)} ${r.greedy.toFixed(3).padStart(8)} ${r.final.toFixed(4).padStart(8)} ${r.ms.toFixed(1).padStart(7)}`);
    console.log(['family instance               greedy %  final %      ms', ...lines].join('\n'));
    for (const family of new Set(rows.map((r) => r.family))) {
      const gaps = rows.filter((r) => r.family === family).map((r) => r.final);
      expect(gaps.reduce((a, b) => a + b, 0) / gaps.length, family).toBeLessThanOrEqual(0.5);
      expect(Math.max(...gaps), family).toBeLessThanOrEqual(2);
    }
  });
});

// Exact optimum of a tiny instance. A round fired never raises F (it multiplies a survival by 1 − p ≤ 1),
// so some optimum fires every round and enumerating the fired assignments suffices; rounds of one weapon
// are interchangeable, so each weapon's targets are enumerated as a non-decreasing sequence.
function bruteForce(inst: WtaInstance): number {
  const n = inst.targets.length, V = inst.targets.map((t) => t.value);
  const roundW = inst.weapons.flatMap((w, i) => Array<number>(w.count).fill(i));
  const surv = Array<number>(n).fill(1);
  const exact = (): number => surv.reduce((f, s, j) => f + V[j] * s, 0);
  const slack = 1e-9 * V.reduce((a, b) => a + b, 0);
  let best = exact();
  const dfs = (k: number, lo: number, f: number): void => {
    if (k === roundW.length) {
      if (f < best + slack) best = Math.min(best, exact()); // the running sum only filters
      return;
    }
    const i = roundW[k];
    const from = k > 0 && roundW[k - 1] === i ? lo : 0;
    for (let j = from; j < n; j++) {
      const s = surv[j], p = inst.p[i][j];
      surv[j] = s * (1 - p);
      dfs(k + 1, j, f - V[j] * s * p);
      surv[j] = s;
    }
  };
  dfs(0, 0, best);
  return best;
}

const probability = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(1) },
  { weight: 7, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);
const value = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));
/** At most 8 rounds (weapons of 0–3 rounds) on 1–8 targets. */
const tinyInstance = fc.record({
  counts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 8 })
    .map((c) => c.map((x, i) => Math.max(0, Math.min(x, 8 - c.slice(0, i).reduce((a, b) => a + b, 0))))),
  n: fc.integer({ min: 1, max: 8 }),
}).chain(({ counts, n }) => fc.record({
  values: fc.array(value, { minLength: n, maxLength: n }),
  p: fc.array(fc.array(probability, { minLength: n, maxLength: n }), { minLength: counts.length, maxLength: counts.length }),
}).map(({ values, p }): WtaInstance => ({
  name: 'tiny',
  weapons: counts.map((count, i) => ({ id: `w${i}`, count })),
  targets: values.map((v, j) => ({ id: `t${j}`, value: v })),
  p,
})));

describe('wta: exhaustive enumeration on tiny instances', () => {
  it('finds the exact optimum', () => {
    fc.assert(fc.property(tinyInstance, (inst) => {
      const sol = solveWta(fw, inst, { work: 200_000, seed: 7 });
      expectConsistent(inst, sol);
      const opt = bruteForce(inst);
      expect(Math.abs(sol.objective - opt)).toBeLessThanOrEqual(1e-9 * opt + 1e-300);
    }), { seed: 20_260_301, numRuns: 150 });
  });
});

describeShared('wta', 'wta: determinism', () => {
  beforeAll(loadShared);

  it('gives the same assignment for the same input and seed, on every build', async () => {
    const boards = await Promise.all(['host', 'stm32h7', 'esp32s3', 'rp2040'].map((b) => loadWtaFirmware(b)));
    for (const { inst } of shared) {
      const a = solveWta(fw, inst, { work: 300_000, seed: 42 });
      const b = solveWta(fw, inst, { work: 300_000, seed: 42 });
      expect(b.roundTarget).toEqual(a.roundTarget);
      expect(b.objective).toBe(a.objective);
      // The f32 boards solve in f64 too: where an instance fits, the answer is bit-identical.
      for (const other of boards) {
        const rounds = inst.weapons.reduce((s, w) => s + w.count, 0);
        if (inst.weapons.length > other.wtaMaxWeapons() || inst.targets.length > other.wtaMaxTargets() || rounds > other.wtaMaxRounds()) continue;
        const c = solveWta(other, inst, { work: 300_000, seed: 42 });
        expect(c.roundTarget).toEqual(a.roundTarget);
        expect(c.objective).toBe(a.objective);
      }
    }
  });

  it('with no work left it returns the greedy start', () => {
    const { inst } = shared.find((s) => s.inst.name.startsWith('bp1_020'))!;
    const sol = solveWta(fw, inst, { work: 0 });
    expect(sol.objective).toBe(sol.greedy);
    expectConsistent(inst, sol);
  });
});

const good = (): Record<string, unknown> => ({
  weapons: [{ id: 'a', count: 2 }, { id: 'b' }],
  targets: [{ id: 'x', value: 10 }, { id: 'y', value: 5 }, { id: 'z', value: 1 }],
  p: [[0.5, 0.2, 0], [0.1, 0.9, 1]],
});

describe('wta: bad input', () => {
  it('accepts a well-formed instance (count defaults to 1)', () => {
    const inst = parseInstance(JSON.stringify(good()), 'ok.json');
    expect(inst.weapons.map((w) => w.count)).toEqual([2, 1]);
  });

  it.each([
    ['p[1][2]', (d: Record<string, any>) => { d.p[1][2] = 1.5; }],
    ['p[0][1]', (d: Record<string, any>) => { d.p[0][1] = -0.1; }],
    ['p[0][0]', (d: Record<string, any>) => { d.p[0][0] = null; }],
    ['p[1]', (d: Record<string, any>) => { d.p[1].pop(); }],
    ['p', (d: Record<string, any>) => { d.p.pop(); }],
    ['targets[1].value', (d: Record<string, any>) => { d.targets[1].value = -5; }],
    ['targets[0].value', (d: Record<string, any>) => { d.targets[0].value = '10'; }],
    ['weapons[0].count', (d: Record<string, any>) => { d.weapons[0].count = -1; }],
    ['weapons[1].count', (d: Record<string, any>) => { d.weapons[1].count = 1.5; }],
    ['weapons', (d: Record<string, any>) => { d.weapons = []; }],
  ])('names %s', (field, spoil) => {
    const d = good();
    spoil(d);
    expect(() => parseInstance(JSON.stringify(d), 'bad.json')).toThrow(`bad.json: ${field}:`);
  });

  it('reports unreadable files and JSON errors with the file name', () => {
    expect(() => loadInstance('/nonexistent/wta.json')).toThrow('/nonexistent/wta.json: cannot read');
    expect(() => parseInstance('{"weapons": [', 'broken.json')).toThrow('broken.json: not valid JSON');
  });

  // The firmware checks for itself what the host may have let through (NaN cannot come from JSON).
  it('is refused by the firmware with an error code and the element index', () => {
    const mem = () => fw.memory.buffer;
    const write = (values: number[], counts: number[], p: number[]): void => {
      new Float64Array(mem(), fw.wtaValues(), values.length).set(values);
      new Int32Array(mem(), fw.wtaCounts(), counts.length).set(counts);
      new Float64Array(mem(), fw.wtaProb(), p.length).set(p);
    };
    const solve = (m: number, n: number, work = 1000): [number, number] => [fw.wtaSolve(m, n, work, 1), fw.wtaErrorIndex()];
    write([1, 2, 3], [1, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(solve(2, 3)[0]).toBeGreaterThan(0);
    expect(solve(0, 3)).toEqual([-1, 0]);
    expect(solve(2, fw.wtaMaxTargets() + 1)).toEqual([-1, 1]);
    expect(solve(2, 3, -1)[0]).toBe(-6);
    write([1, 2, 3], [1, -2], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(solve(2, 3)).toEqual([-2, 1]);
    write([1, 2, 3], [1, fw.wtaMaxRounds()], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(solve(2, 3)).toEqual([-3, 1]);
    write([1, NaN, 3], [1, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(solve(2, 3)).toEqual([-4, 1]);
    write([1, 2, Infinity], [1, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(solve(2, 3)).toEqual([-4, 2]);
    write([1, 2, 3], [1, 1], [0.5, 0.5, 0.5, 0.5, NaN, 0.5]);
    expect(solve(2, 3)).toEqual([-5, 4]);
    write([1, 2, 3], [1, 1], [0.5, 1.0000001, 0.5, 0.5, 0.5, 0.5]);
    expect(solve(2, 3)).toEqual([-5, 1]);
    expect(fw.wtaRounds()).toBe(0); // a refused instance leaves no stale solution
    // Through the host wrapper the refused element is named.
    const inst = parseInstance(JSON.stringify(good()), 'ok.json');
    inst.p[1][2] = NaN;
    expect(() => solveWta(fw, inst)).toThrow('p[1][2]');
  });
});

describeShared('wta', 'wta: parapet wta solve', () => {
  beforeAll(loadShared);
  afterEach(() => { vi.restoreAllMocks(); });

  it('prints objective, one [weapon, target] pair per round fired, ms and greedy', async () => {
    const { path, inst } = shared.find((s) => s.inst.name.startsWith('ad_012'))!;
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['wta', 'solve', path, '--work', '500000', '--seed', '3'], { from: 'user' });
    write.mockRestore();
    const r = JSON.parse(out) as { objective: number; assignment: [number, number][]; ms: number; greedy: number };
    expect(Object.keys(r)).toEqual(['objective', 'assignment', 'ms', 'greedy']);
    const direct = solveWta(fw, inst, { work: 500_000, seed: 3 });
    expect(r.objective).toBe(direct.objective);
    expect(r.assignment).toEqual(direct.assignment);
    expect(r.greedy).toBe(direct.greedy);
  });

  it('fails with the file and field named', async () => {
    let err = '';
    const status = await runWtaSolve(resolve(DATA, 'README.md'), { board: 'host', work: 10, seed: 1 }, { out: () => {}, err: (t) => { err += t; } });
    expect(status).toBe(1);
    expect(err).toContain('README.md: not valid JSON');
    err = '';
    expect(await runWtaSolve(shared[0].path, { board: 'nope', work: 10, seed: 1 }, { out: () => {}, err: (t) => { err += t; } })).toBe(1);
    expect(err).toContain("no firmware for board 'nope'");
  });
});
