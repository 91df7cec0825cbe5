// The package as a user gets it: `npm pack` of the repository (its compiled host in dist/ and the firmware
// modules of build/, as `npm run build` left them), installed into an empty folder, and `parapet` run from
// there through npx. The install holds the production dependencies only: no tsx, no Vite, no TypeScript.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'parapet-pack-'));
const app = join(tmp, 'app');
const installed = join(app, 'node_modules', 'parapet');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment without what an enclosing `npm test` sets for its own package (lifecycle, package fields). */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
  !k.startsWith('npm_') || ['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'].includes(k)));

beforeAll(() => {
  for (const f of ['dist/cli.js', 'build/host.wasm']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  // The package is packed as built: --ignore-scripts keeps `prepare` from building it all again.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp],
    { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string }[];
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'parapet-install-check', private: true }));
  // From the npm cache when it has every dependency (it does after `npm ci`), from the registry otherwise.
  execFileSync('npm', ['install', join(tmp, packed[0].filename), '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: app, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}, 660_000);

const npx = (...args: string[]) =>
  spawnSync('npx', ['--no-install', 'parapet', ...args], { cwd: app, env, encoding: 'utf8', timeout: 120_000 });

describe('the packed package, installed in an empty folder', () => {
  it('holds the compiled host, the firmware and the scenarios, and installs no TypeScript tooling', () => {
    for (const f of ['bin/parapet.mjs', 'dist/cli.js', 'dist/loop-worker.js', 'dist/page/index.html', 'build/host.wasm', 'boards/host.json', 'scenarios/teach-mixed-wave.json']) {
      expect(existsSync(join(installed, f)), f).toBe(true);
    }
    expect(existsSync(join(installed, 'host'))).toBe(false);
    for (const dev of ['tsx', 'vite', 'typescript', 'esbuild', 'assemblyscript']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
  });

  it('runs `parapet simulate` on a scenario it ships', () => {
    const r = npx('simulate', 'node_modules/parapet/scenarios/teach-mixed-wave.json', '--until', '60');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Parapet closed loop: teach-mixed-wave, seed 7, doctrine parapet, board host: 60 s simulated/);
    expect(r.stdout).toMatch(/Firmware: \d+ cycles/);
    expect(r.stderr).toBe('');
  });

  it('runs several seeds on worker threads (dist/loop-worker.js)', () => {
    const r = npx('simulate', 'node_modules/parapet/scenarios/teach-single-drone.json', '--runs', '2', '--until', '30', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).runs).toHaveLength(2);
  });

  it('serves the prebuilt viewer page (Vite is not installed)', async () => {
    // The installed command itself (not through npx), so that the process stopped below is the server.
    const child = spawn(join(app, 'node_modules', '.bin', 'parapet'), ['view', '--live', 'node_modules/parapet/scenarios/teach-single-drone.json', '--port', '0'],
      { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '', err = '';
        child.stdout!.on('data', (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out); if (m) ok(m[0]); });
        child.stderr!.on('data', (d) => { err += d; });
        child.once('exit', (code) => fail(new Error(`parapet view exited (${code}): ${err}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
      expect((await fetch(new URL(script, url))).status).toBe(200);
      expect((await fetch(new URL('/firmware/host.wasm', url))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
