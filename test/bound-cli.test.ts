// `parapet bound <run-dir>` on real run logs: the bound never above what the run itself did (on a
// battery whose kills are certain, so the run's outcome is its expectation), reproducible output, and
// errors that name the file or option at fault.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBound } from '../host/bound/bound.ts';
import { loadRunDir } from '../host/bound/run-input.ts';
import { boundJson } from '../host/bound/report.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/parapet.mjs', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'parapet-bound-'));
const scenario = join(tmp, 'sure-kills.json');
const run = join(tmp, 'run');

beforeAll(() => {
  // teach-mixed-wave defended by its short-range SAM alone, with Pk 1 against drones and cruise missiles:
  // every kill draw is certain, so the run's value lost is its expected value lost, and six rounds cannot
  // stop seventeen warheads, so the bound is not trivially zero.
  const sc = JSON.parse(readFileSync('scenarios/teach-mixed-wave.json', 'utf8'));
  sc.fireUnits = sc.fireUnits.filter((u: { id: string }) => u.id === 'sr-sam');
  sc.fireUnits[0].pk = { drone: 1, cruise: 1, ballistic: 0 };
  writeFileSync(scenario, JSON.stringify(sc));
  const r = cli('simulate', scenario, '--out', run);
  expect(r.status, r.stderr).toBe(0);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parapet bound on a run directory', () => {
  it('is at most what the run lost (value + λ·cost), and at λ = 0 at most its value lost', async () => {
    const { problem, run: fig } = await loadRunDir(run);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(fig.valueLost).toBe(summary.damage.lost);
    expect(fig.valueLost).toBeGreaterThan(0);
    const r = await computeBound(problem, {}, fig);
    expect(r.lp.objective).toBeLessThanOrEqual(fig.valueLost + r.lambda * fig.interceptorCost + 1e-6);
    expect(r.run!.objectiveGap!).toBeGreaterThanOrEqual(1);
    // Six sure rounds against seventeen warheads: the magazine binds, each round is worth what it saves.
    expect(r.lp.valueLost).toBeGreaterThan(0);
    expect(r.units[0].rounds).toBeCloseTo(6, 6);
    expect(r.units[0].shadowPrice).toBeGreaterThan(0);
    const free = await computeBound(problem, { lambda: 0 }, fig);
    expect(free.lp.valueLost).toBeLessThanOrEqual(fig.valueLost + 1e-6);
    expect(free.lp.valueLost).toBeLessThanOrEqual(r.lp.valueLost + 1e-6);
  });

  it('prints the table, and JSON that is the same bytes every time', async () => {
    const table = cli('bound', run);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/LP bound: value lost ≥ [\d.]+ M/);
    expect(table.stdout).toMatch(/gap: the run's value lost is [\d.]+× the bound's; its value lost \+ λ·cost [\d.]+× the bound's/);
    expect(table.stdout).toMatch(/sr-sam\s+short-range-sam/);
    const json = cli('bound', run, '--json');
    expect(json.status, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.run.doctrine).toBe('parapet');
    expect(out.units[0].id).toBe('sr-sam');
    expect(out.timing).toBeUndefined();
    // The same bytes from a second, separate load and solve.
    const { problem, run: fig } = await loadRunDir(run);
    expect(boundJson(await computeBound(problem, {}, fig))).toBe(json.stdout.trimEnd());
  });

  it('solves the MILP on a small run, and refuses it above the size limit', async () => {
    const { problem, run: fig } = await loadRunDir(run);
    const r = await computeBound(problem, { milp: true, slotS: 60 }, fig);
    expect(r.milp!.bound).toBeGreaterThanOrEqual(r.lp.objective - 1e-6);
    expect(r.milp!.bound).toBeLessThanOrEqual(r.run!.objective + 1e-6);
    await expect(computeBound(problem, { milp: true, slotS: 1 }, fig)).rejects.toThrow(/--milp: the model has \d+ round columns, more than the 5000/);
  });

  it('names the file at fault: a missing log file, a replay, a scenario that is not the run\'s', () => {
    const partial = join(tmp, 'partial');
    mkdirSync(partial);
    for (const f of readdirSync(run)) if (f !== 'world.jsonl') copyFileSync(join(run, f), join(partial, f));
    const missing = cli('bound', partial);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(`${join(partial, 'world.jsonl')}: missing`);

    const meta = JSON.parse(readFileSync(join(run, 'meta.json'), 'utf8'));
    const replay = join(tmp, 'replay');
    mkdirSync(replay);
    for (const f of readdirSync(run)) copyFileSync(join(run, f), join(replay, f));
    writeFileSync(join(replay, 'meta.json'), JSON.stringify({ ...meta, source: { ...meta.source, kind: 'replay' } }));
    const notSim = cli('bound', replay);
    expect(notSim.stderr).toContain(`${join(replay, 'meta.json')}: source.kind is "replay", not a simulation run`);

    const reseeded = join(tmp, 'reseeded');
    mkdirSync(reseeded);
    for (const f of readdirSync(run)) copyFileSync(join(run, f), join(reseeded, f));
    writeFileSync(join(reseeded, 'meta.json'), JSON.stringify({ ...meta, source: { ...meta.source, seed: meta.source.seed + 1 } }));
    const other = cli('bound', reseeded);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/world\.jsonl:\d+: threat \d+ is not where .* with seed \d+ puts it/);

    const noScenario = cli('bound', run, '--scenario', join(tmp, 'nope.json'));
    expect(noScenario.stderr).toContain(`${join(tmp, 'nope.json')}: not found`);
  });
});
