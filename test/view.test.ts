// `parapet view`: the server's API against the run log it serves (tracks per cycle, kills and leaks
// against summary.json), its refusal of paths outside the page and the API, the CLI, and the page itself
// in Debian's Chromium: tracks drawn, a click on a track, a screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'parapet-view-'));
const run = join(tmp, 'run');
let viewer: Viewer;

type Rec = Record<string, any>;
const lines = (name: string): Rec[] => readFileSync(join(run, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
let cycles: { timeMs: number; tracks: Rec[] }[];
let threatsAt: Map<number, Rec[]>;

beforeAll(async () => {
  simulate(loadScenario('scenarios/teach-mixed-wave.json'), { out: run });
  cycles = lines('tracks.jsonl') as typeof cycles;
  threatsAt = new Map(lines('threats.jsonl').map((r) => [r.timeMs, r.threats]));
  viewer = await startViewer(run, { port: 0 });
});
afterAll(async () => { await viewer?.close(); });

const getJson = async (path: string) => (await fetch(new URL(path, viewer.url))).json() as Promise<Rec>;
/** A raw request: fetch() would normalise the dot segments away before they reach the server. */
const raw = (path: string) => new Promise<{ status: number; body: string }>((ok, fail) => {
  const req = request({ host: viewer.host, port: viewer.port, path, method: 'GET' }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', fail).end();
});
/** The busiest cycles first: they test the most tracks. */
const busiest = () => [...cycles].sort((a, b) => b.tracks.length - a.tracks.length || a.timeMs - b.timeMs);

describe('parapet view: server and API', () => {
  it('listens on 127.0.0.1 only and serves the page', async () => {
    expect(viewer.host).toBe('127.0.0.1');
    const r = await raw('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<canvas id="plan"');
  });

  it('meta: the run log\'s cycles, assets and fire units', async () => {
    const meta = await getJson('/api/meta');
    expect(meta.cycles).toBe(cycles.length);
    expect(meta.startMs).toBe(cycles[0].timeMs);
    expect(meta.endMs).toBe(cycles[cycles.length - 1].timeMs);
    const runMeta = JSON.parse(readFileSync(join(run, 'meta.json'), 'utf8'));
    expect(meta.assets.map((a: Rec) => a.value)).toEqual(runMeta.assets.map((a: Rec) => a.value));
    expect(meta.fireUnits.length).toBe(runMeta.fireUnits.length);
  });

  it('frame: the tracks of tracks.jsonl at the cycle at or before t', async () => {
    const picks = [...busiest().slice(0, 3), cycles[Math.floor(cycles.length / 2)]];
    expect(picks[0].tracks.length).toBeGreaterThan(3);
    for (const c of picks) {
      for (const t of [c.timeMs, c.timeMs + 1]) { // between cycles the last cycle still holds
        const f = await getJson(`/api/frame?t=${t}`);
        expect(f.cycleMs).toBe(c.timeMs);
        expect(f.tracks.map((k: Rec) => k.trackNumber)).toEqual(c.tracks.map((k) => k.trackNumber));
        expect(f.threats).toEqual(threatsAt.get(c.timeMs));
      }
    }
  });

  it('frame: engagements in flight, and kills and leaks adding up to summary.json at the end', async () => {
    const orders = lines('orders.jsonl').filter((o) => o.result === 'fired' || o.result === 'phantom');
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    for (const c of busiest().slice(0, 5)) {
      const f = await getJson(`/api/frame?t=${c.timeMs}`);
      expect(f.engagements.length).toBe(orders.filter((o) => o.timeMs <= c.timeMs && c.timeMs < o.interceptMs).length);
    }
    const end = await getJson(`/api/frame?t=${cycles[cycles.length - 1].timeMs}`);
    expect(end.counts.intercepted).toBe(summary.threats.all.intercepted);
    expect(end.counts.leaked).toBe(summary.threats.all.leaked);
    expect(end.counts.leaked).toBeGreaterThan(0);
  });

  it('refuses paths outside the page and the API', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/..%2fpackage.json',
      '/assets/..\\..\\package.json', '//etc/passwd', '/etc/passwd', '/host/cli.ts', '/main.ts', '/api/../meta.json', '/api/frame/../../summary.json']) {
      const r = await raw(path);
      expect([403, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain('"name": "parapet"');
      expect(r.body, path).not.toContain('root:');
    }
    expect((await raw('/api/frame?t=abc')).status).toBe(400);
  });
});

describe('parapet view: the command', () => {
  it('prints its 127.0.0.1 URL and serves the run', async () => {
    const child = spawn(process.execPath, ['bin/parapet.mjs', 'view', run, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (c) => { out += c; const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out); if (m) ok(m[0]); });
        child.on('exit', (code) => fail(new Error(`view exited ${code}: ${out}`)));
      });
      const meta = (await (await fetch(new URL('/api/meta', url))).json()) as Rec;
      expect(meta.cycles).toBe(cycles.length);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('parapet view: the page in Chromium', () => {
  it('draws the run log\'s tracks, shows a clicked track\'s threat evaluation, saves a screenshot', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the viewer's browser test needs Debian's chromium (apt-get install chromium; .ci/run installs it)`);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(viewer.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      const canvas = page.locator('#plan');
      // A busy cycle with an engaged track far enough from the others to be clicked unambiguously.
      let picked: { n: number; x: number; y: number; threat: Rec } | null = null;
      for (const c of busiest().slice(0, 40)) {
        await page.evaluate((t) => window.parapetViewer!.seek(t), c.timeMs);
        expect(Number(await canvas.getAttribute('data-frame-t'))).toBe(c.timeMs);
        expect(Number(await canvas.getAttribute('data-tracks-drawn'))).toBe(c.tracks.length);
        const placed = JSON.parse((await canvas.getAttribute('data-track-positions'))!) as { n: number; x: number; y: number }[];
        const threats = threatsAt.get(c.timeMs) ?? [];
        for (const p of placed) {
          const threat = threats.find((h) => h.trackNumber === p.n && h.unit !== null);
          const alone = placed.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 16);
          if (threat && alone) { picked = { ...p, threat }; break; }
        }
        if (picked) break;
      }
      expect(picked, 'an engaged, isolated track in the busiest cycles').not.toBeNull();
      const { n, x, y, threat } = picked!;
      await canvas.click({ position: { x, y } });
      const panel = page.locator('#selected');
      expect(await panel.getAttribute('data-track')).toBe(String(n));
      const field = (name: string) => panel.locator(`dd[data-field="${name}"]`).textContent();
      expect(await field('track')).toBe(String(n));
      expect(await field('class')).toBe(threat.class);
      expect(await field('engaged by')).toBe(threat.unit);
      expect(await field('Pk')).toBe(threat.pkEngagement.toFixed(2));
      expect(await field('time to go')).toBe(`${threat.tgoS.toFixed(0)} s`);
      const shot = join(tmp, 'view.png');
      await page.screenshot({ path: shot });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      console.log(`viewer screenshot: ${shot}`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
