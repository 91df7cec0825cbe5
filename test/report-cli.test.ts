// `parapet report` through the CLI: writes the file and exits 0; a missing run directory is an error
// naming it, with a non-zero exit.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parapet-report-cli-'));
const run = join(tmp, 'run');
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/parapet.mjs', 'report', ...args], { encoding: 'utf8' });

beforeAll(() => {
  simulate(loadScenario('scenarios/teach-mixed-wave.json'), { out: run, untilS: 900 });
});

describe('parapet report (CLI)', () => {
  it('writes the HTML report and exits 0', () => {
    const out = join(tmp, 'report.html');
    const r = cli(run, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<table class="figures">');
    expect(r.stdout).toContain(out);
  });

  it('fails with the run directory named', () => {
    const missing = join(tmp, 'missing');
    const r = cli(missing, '--out', join(tmp, 'x.html'));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${missing}: no such run directory`);
    expect(existsSync(join(tmp, 'x.html'))).toBe(false);
  });
});
