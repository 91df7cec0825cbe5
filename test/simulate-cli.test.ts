// `parapet simulate` end to end through the CLI: a run, the nearest-first baseline, a scenario with a typo
// (the message names the JSON path, the exit status is not 0), several seeds on worker threads with
// --compare, and --json output.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/parapet.mjs', 'simulate', ...args], { encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'parapet-sim-cli-'));

describe('parapet simulate', () => {
  it('runs a scenario and prints the outcome table', () => {
    const r = cli('scenarios/teach-single-drone.json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/teach-single-drone, seed 1, doctrine parapet/);
    expect(r.stdout).toMatch(/intercepted/);
    expect(r.stdout).toMatch(/Cost-exchange/);
  });

  it('runs the nearest-first baseline, with JSON output', () => {
    const r = cli('scenarios/teach-mixed-wave.json', '--doctrine', 'nearest', '--json', '--seed', '11');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.summary.doctrine).toBe('nearest');
    expect(out.summary.seed).toBe(11);
    expect(out.summary.orders.fired).toBeGreaterThan(0);
    expect(out.summary.firmware.orders).toBe(0);
  });

  it('names the JSON path of a typo in the scenario and exits non-zero', () => {
    const sc = JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8'));
    sc.radars[0].scanPeriod = sc.radars[0].scanPeriodS;
    delete sc.radars[0].scanPeriodS;
    const file = join(tmp, 'typo.json');
    writeFileSync(file, JSON.stringify(sc));
    const r = cli(file);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${file}: /radars/0/scanPeriod is not a known field (did you mean 'scanPeriodS'?)`);
    expect(r.stderr).toContain('/radars/0/scanPeriodS is required');
    expect(r.stdout).toBe('');
  });

  it('says so when the scenario file is missing or not JSON', () => {
    const missing = cli(join(tmp, 'nothing.json'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/nothing\.json: cannot read/);
    const file = join(tmp, 'broken.json');
    writeFileSync(file, '{ "name": ');
    const broken = cli(file);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/broken\.json: not valid JSON/);
  });

  it('refuses an unknown doctrine', () => {
    const r = cli('scenarios/teach-single-drone.json', '--doctrine', 'random');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/parapet, nearest, layered/);
  });

  it('compares the three doctrines over several seeds on worker threads', () => {
    const out = join(tmp, 'runs');
    const r = cli('scenarios/teach-mixed-wave.json', '--compare', '--runs', '2', '--json', '--threads', '2', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.runs.map((x: { summary: { seed: number; doctrine: string } }) => `${x.summary.doctrine}-${x.summary.seed}`))
      .toEqual(['parapet-7', 'nearest-7', 'layered-7', 'parapet-8', 'nearest-8', 'layered-8']);
    expect(res.aggregate.map((a: { doctrine: string }) => a.doctrine)).toEqual(['parapet', 'nearest', 'layered']);
    const fig = res.aggregate[0].figures['threats.all.intercepted'];
    expect(fig.n).toBe(2);
    expect(fig.lo).toBeLessThanOrEqual(fig.mean);
    expect(fig.hi).toBeGreaterThanOrEqual(fig.mean);
    // One run log per run, and the same run alone gives the same summary as in the pool.
    const single = JSON.parse(cli('scenarios/teach-mixed-wave.json', '--seed', '8', '--doctrine', 'nearest', '--json').stdout);
    expect(JSON.stringify(single.summary)).toBe(JSON.stringify(res.runs[4].summary));
    expect(JSON.parse(readFileSync(join(out, 'nearest-8', 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(res.runs[4].summary)));
  });

  it('cleans up', () => rmSync(tmp, { recursive: true, force: true }));
});
