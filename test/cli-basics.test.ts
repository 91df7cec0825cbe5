// The `parapet` command line as a process: help, unknown commands, option errors, and `selftest`
// checked against the board's firmware module run directly (no host code in between).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'parapet.mjs');

function parapet(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The options a user must be able to find in each command's help. */
const OPTIONS: Record<string, string[]> = {
  demo: ['--board', '--seed', '--targets', '--clutter', '--scans', '--json'],
  selftest: ['--board', '--seed', '--scans', '--json'],
  track: ['<plots.csv>', '--out', '--sensors', '--board', '--period', '--sigma', '--max-speed'],
  decode: ['<file>', '--format', '--jsonl'],
  bound: ['<run-dir>', '--scenario', '--slot', '--lambda', '--after-detection', '--milp', '--json'],
};
const REQUIRED_COMMANDS = ['demo', 'selftest', 'track'];

/** Command names as the top-level help lists them (commander's own `help` aside). */
const listed: string[] = (() => {
  const text = parapet('--help').stdout;
  const section = text.slice(text.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z][a-z0-9-]*)\b/gm)].map((m) => m[1]).filter((n) => n !== 'help');
})();

beforeAll(() => {
  if (!existsSync(join(ROOT, 'build', 'rp2040.wasm'))) throw new Error('build/rp2040.wasm is missing: run `npm run build` first');
});

describe('parapet --help', () => {
  it('lists every command at the top level', () => {
    const r = parapet('--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: parapet\b/m);
    expect(listed).toEqual(expect.arrayContaining(REQUIRED_COMMANDS));
  });

  for (const name of listed) {
    const options = OPTIONS[name] ?? [];
    it(`documents the options of '${name}'`, () => {
      for (const args of [[name, '--help'], ['help', name]]) {
        const r = parapet(...args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^Usage: parapet ${name}\\b`, 'm'));
        for (const option of options) expect(r.stdout, `${args.join(' ')} mentions ${option}`).toContain(option);
        expect(r.stdout).toContain('--help');
      }
    });
  }
});

describe('parapet errors', () => {
  it('exits non-zero on an unknown command, naming it', () => {
    const r = parapet('nosuchcommand');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('nosuchcommand');
    expect(r.stdout).toBe('');
  });

  it('exits non-zero on a non-numeric --scans, naming the option', () => {
    const r = parapet('selftest', '--scans', 'abc');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--scans');
    expect(r.stderr).toContain('abc');
    expect(r.stdout).toBe('');
  });
});

describe('parapet selftest', () => {
  it('prints the checksum that the rp2040 module computes on its own', async () => {
    const r = parapet('selftest', '--board', 'rp2040', '--json');
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ board: 'rp2040', seed: 1, scans: 60 });

    // bist() is the module's built-in self test: seed 1, 60 scans, the CLI's defaults. The module imports nothing.
    const { instance } = await WebAssembly.instantiate(readFileSync(join(ROOT, 'build', 'rp2040.wasm')), {});
    const bist = instance.exports.bist as () => number;
    const expected = bist() >>> 0;
    expect(report.checksum).toBe(expected);
    expect(Number.isInteger(report.checksum) && report.checksum >= 0 && report.checksum <= 0xffffffff).toBe(true);
  });

  it('gives a different checksum for a different seed', () => {
    const a = JSON.parse(parapet('selftest', '--board', 'rp2040', '--json', '--scans', '10').stdout);
    const b = JSON.parse(parapet('selftest', '--board', 'rp2040', '--json', '--scans', '10', '--seed', '2').stdout);
    expect(a.scans).toBe(10);
    expect(b.seed).toBe(2);
    expect(a.checksum).not.toBe(b.checksum);
  });

  it('refuses an unknown board, naming it', () => {
    const r = parapet('selftest', '--board', 'nosuch');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\bnosuch\b/);
  });
});
