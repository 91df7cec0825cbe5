// `parapet view`: the server's API against the run log it serves (tracks per cycle, kills and leaks
// against summary.json), its refusal of paths outside the page and the API, the CLI, and the page itself
// in Debian's Chromium: tracks drawn, a click on a track, zoom and pan, a screenshot. Live mode: the same
// scenario simulated by the page's Web Worker gives the Node simulation's summary and frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { wasmPath } from '../host/firmware.ts';
import { simulate, type SimulationResult } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { frameJson } from '../host/viewer/frame-index.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';
import { launchChromium } from './chromium-support.ts';

const SCENARIO = 'scenarios/teach-mixed-wave.json';
const tmp = mkdtempSync(join(tmpdir(), 'parapet-view-'));
const run = join(tmp, 'run');
let viewer: Viewer;
let nodeRun: SimulationResult;

type Rec = Record<string, any>;
const lines = (name: string): Rec[] => readFileSync(join(run, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
let cycles: { timeMs: number; tracks: Rec[] }[];
let threatsAt: Map<number, Rec[]>;

beforeAll(async () => {
  nodeRun = simulate(loadScenario(SCENARIO), { out: run });
  cycles = lines('tracks.jsonl') as typeof cycles;
  threatsAt = new Map(lines('threats.jsonl').map((r) => [r.timeMs, r.threats]));
  viewer = await startViewer(run, { port: 0 });
});
afterAll(async () => { await viewer?.close(); });

const getJson = async (path: string, v = viewer) => (await fetch(new URL(path, v.url))).json() as Promise<Rec>;
/** A raw request: fetch() would normalise the dot segments away before they reach the server. */
const raw = (path: string, v = viewer) => new Promise<{ status: number; body: string }>((ok, fail) => {
  const req = request({ host: v.host, port: v.port, path, method: 'GET' }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', fail).end();
});
const forbidden = ['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/..%2fpackage.json',
  '/assets/..\\..\\package.json', '//etc/passwd', '/etc/passwd', '/host/cli.ts', '/main.ts', '/api/../meta.json', '/api/frame/../../summary.json',
  '/firmware/../package.json', '/firmware/%2e%2e/build/host.wasm', '/firmware/host.wasm/../../package.json', '/firmware//host.wasm',
  '/build/host.wasm', '/firmware/stm32h7.wasm', '/firmware/', '/host.wasm'];
async function expectRefused(v: Viewer): Promise<void> {
  for (const path of forbidden) {
    const r = await raw(path, v);
    expect([403, 404], path).toContain(r.status);
    expect(r.body, path).not.toContain('"name": "parapet"');
    expect(r.body, path).not.toContain('root:');
    expect(r.body, path).not.toContain('asm'); // no wasm module (\0asm) either
  }
}
type Placed = { n: number; x: number; y: number };
/**
 * Two summaries of one run: equal, except that a fraction may differ in its last bits. The simulation is
 * the same code, but a few quality figures go through Math.hypot, whose last bit differs between Node's
 * V8 and Chromium's (the Kyiv night: localisationMeanM2 by 7e-10 of 1.2e6). Counts are integers: exact.
 */
function expectSameRun(live: unknown, node: unknown, path = 'summary'): void {
  if (typeof node === 'number' && Number.isFinite(node) && !Number.isInteger(node) && typeof live === 'number') {
    expect(Math.abs(live - node), path).toBeLessThanOrEqual(1e-12 * Math.abs(node));
  } else if (node && typeof node === 'object' && live && typeof live === 'object') {
    expect(Object.keys(live), path).toEqual(Object.keys(node));
    for (const k of Object.keys(node)) expectSameRun((live as Rec)[k], (node as Rec)[k], `${path}.${k}`);
  } else {
    expect(live, path).toEqual(node);
  }
}
const positions = async (page: Page): Promise<Placed[]> => JSON.parse((await page.locator('#plan').getAttribute('data-track-positions'))!);
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

  it('index: engagements, kills, leaks and plots at every cycle equal a scan of the whole run log', async () => {
    const orders = lines('orders.jsonl').filter((o) => o.result === 'fired' || o.result === 'phantom');
    const outcomes = lines('outcomes.jsonl');
    const plots = lines('plots.jsonl');
    const ix = viewer.index!;
    expect(ix.frames.events.kills.length).toBe(outcomes.filter((o) => o.kind === 'killed').length);
    for (const c of cycles) {
      for (const t of [c.timeMs - 1, c.timeMs, c.timeMs + 1]) {
        const f = JSON.parse(frameJson(ix.frames, t, ix.fadeMs));
        expect(f.engagements.map((e: Rec) => e.engagement), `t ${t}`).toEqual(orders.filter((o) => o.timeMs <= t && t < o.interceptMs).map((o) => o.engagement));
        expect(f.kills.map((k: Rec) => k.threatId)).toEqual(outcomes.filter((o) => o.kind === 'killed' && o.timeMs <= t).map((o) => o.threatId));
        expect(f.leaks.map((k: Rec) => k.threatId)).toEqual(outcomes.filter((o) => o.kind === 'impact' && o.timeMs <= t).map((o) => o.threatId));
        expect(f.plots.length).toBe(plots.filter((p) => t - ix.fadeMs < p.timeMs && p.timeMs <= t).length);
      }
    }
  });

  it('events once, frames without them: the same picture in two requests', async () => {
    const events = await getJson('/api/events');
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(events.kills.length).toBe(summary.threats.all.intercepted);
    expect(events.leaks.length).toBe(summary.threats.all.leaked);
    const t = busiest()[0].timeMs;
    const full = await getJson(`/api/frame?t=${t}`), lean = await getJson(`/api/frame?t=${t}&events=0`);
    expect(lean.kills).toBeUndefined();
    const { engagements, kills, leaks, ...rest } = full;
    expect(lean).toEqual(rest);
    expect(engagements.length + kills.length).toBeGreaterThan(0);
  });

  it('refuses paths outside the page and the API', async () => {
    await expectRefused(viewer);
    expect((await raw('/firmware/host.wasm')).status).toBe(404); // replay serves no firmware
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

describe('parapet view --live: the command', () => {
  it('checks the scenario before serving: a broken file fails by name, with every problem and a non-zero exit', () => {
    const bad = join(tmp, 'bad-scenario.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(SCENARIO, 'utf8')), durationS: -5, stepS: undefined }));
    const r = spawnSync(process.execPath, ['bin/parapet.mjs', 'view', '--live', bad, '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: /stepS is required`);
    expect(r.stderr).toContain(`${bad}: /durationS`);
    expect(r.stdout).not.toContain('http://');
  });
});

describe('parapet view: the page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  async function open(v: Viewer): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(v.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { page, errors };
  }

  it('draws the run log\'s tracks, shows a clicked track\'s threat evaluation, saves a screenshot', async () => {
    const { page, errors } = await open(viewer);
    const canvas = page.locator('#plan');
    // A busy cycle with an engaged track far enough from the others to be clicked unambiguously.
    let picked: { n: number; x: number; y: number; threat: Rec } | null = null;
    for (const c of busiest().slice(0, 40)) {
      await page.evaluate((t) => window.parapetViewer!.seek(t), c.timeMs);
      expect(Number(await canvas.getAttribute('data-frame-t'))).toBe(c.timeMs);
      expect(Number(await canvas.getAttribute('data-tracks-drawn'))).toBe(c.tracks.length);
      expect(await page.evaluate(() => window.parapetViewer!.frame())).toEqual(await getJson(`/api/frame?t=${c.timeMs}`));
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
    await page.close();
  });

  it('zooms about the cursor, pans by dragging, resets; a click after zooming still picks the track under it', async () => {
    const { page, errors } = await open(viewer);
    const canvas = page.locator('#plan');
    const box = (await canvas.boundingBox())!;
    const c = busiest()[0];
    await page.evaluate((t) => window.parapetViewer!.seek(t), c.timeMs);
    const before = await positions(page);
    const view = async () => JSON.parse((await canvas.getAttribute('data-view'))!) as { zoom: number; panX: number; panY: number };
    expect(await view()).toEqual({ zoom: 1, panX: 0, panY: 0 });
    const inside = (p: Placed) => p.x > 20 && p.x < box.width - 20 && p.y > 20 && p.y < box.height - 20;
    const isolated = (p: Placed, all: Placed[], px: number) => all.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > px);
    // Zoom in about one track: it stays where it is, every other track moves away from it by the zoom factor.
    const anchor = before.find((p) => inside(p) && isolated(p, before, 16))!;
    expect(anchor, 'an isolated track to zoom about').toBeDefined();
    await page.mouse.move(box.x + anchor.x, box.y + anchor.y);
    await page.mouse.wheel(0, -400);
    const factor = (await view()).zoom;
    expect(factor).toBeGreaterThan(1.5);
    const zoomed = await positions(page);
    expect(zoomed.map((p) => p.n)).toEqual(before.map((p) => p.n));
    const tolerance = 0.5 + 0.5 * factor + 0.01; // both readings are rounded to whole pixels
    zoomed.forEach((p, i) => {
      expect(Math.abs(p.x - (anchor.x + (before[i].x - anchor.x) * factor)), `track ${p.n} x`).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(p.y - (anchor.y + (before[i].y - anchor.y) * factor)), `track ${p.n} y`).toBeLessThanOrEqual(tolerance);
    });
    // A click on another track where the zoom put it selects that track.
    const target = zoomed.find((p) => p.n !== anchor.n && inside(p) && isolated(p, zoomed, 16))!;
    expect(target, 'another isolated track after zooming').toBeDefined();
    await canvas.click({ position: { x: target.x, y: target.y } });
    expect(await page.locator('#selected').getAttribute('data-track')).toBe(String(target.n));
    // Dragging moves the picture by the drag and selects nothing new.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 - 80, { steps: 6 });
    await page.mouse.up();
    const panned = await positions(page);
    panned.forEach((p, i) => { expect(p.x - zoomed[i].x).toBeCloseTo(120, -0.5); expect(p.y - zoomed[i].y).toBeCloseTo(-80, -0.5); });
    expect(await page.locator('#selected').getAttribute('data-track')).toBe(String(target.n));
    await page.locator('#reset-view').click();
    expect(await positions(page)).toEqual(before);
    await page.screenshot({ path: join(tmp, 'view-zoomed.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('live: the page\'s worker simulates the scenario with the firmware as it is watched, and equals the Node simulation', async () => {
    const live = await startViewer(null, { port: 0, live: { scenario: SCENARIO } });
    try {
      expect(live.host).toBe('127.0.0.1');
      const wasm = await fetch(new URL('/firmware/host.wasm', live.url));
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(Buffer.from(await wasm.arrayBuffer()).equals(readFileSync(wasmPath('host')))).toBe(true);
      await expectRefused(live);
      expect((await raw('/api/frame?t=0', live)).status).toBe(404); // frames come from the worker

      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // Every frame time drawn while the simulation runs, to see that the picture moves as it goes.
      await page.addInitScript(() => {
        const seen: number[] = ((window as unknown as { framesSeen: number[] }).framesSeen = []);
        new MutationObserver(() => {
          const t = Number(document.getElementById('plan')?.dataset.frameT);
          if (!document.body.dataset.liveDone && Number.isFinite(t) && t !== seen[seen.length - 1]) seen.push(t);
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-frame-t'] });
      });
      await page.goto(live.url);
      await page.waitForSelector('body[data-live-done="true"]', { timeout: 60_000 });
      const seen = await page.evaluate(() => (window as unknown as { framesSeen: number[] }).framesSeen);
      expect(seen.length).toBeGreaterThan(3);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);

      expectSameRun(await page.evaluate(() => window.parapetViewer!.live!.summary), nodeRun.summary);
      const liveMeta = await page.evaluate(() => window.parapetViewer!.meta);
      expect(liveMeta.startMs).toBe(cycles[0].timeMs);
      expect(liveMeta.endMs).toBe(cycles[cycles.length - 1].timeMs);
      // Frames at busy cycles, between cycles and at the end: the tracks of the Node run's tracks.jsonl, and
      // the same picture (plots, engagements, kills, leaks, counts) the replay server gives of that run log.
      const times = [...busiest().slice(0, 3).map((c) => c.timeMs), cycles[Math.floor(cycles.length / 3)].timeMs + 500, cycles[cycles.length - 1].timeMs];
      for (const t of times) {
        const f = await page.evaluate(async (at) => { await window.parapetViewer!.seek(at); return window.parapetViewer!.frame(); }, t);
        const c = cycles[cycles.findLastIndex((x) => x.timeMs <= t)];
        expect(f!.cycleMs).toBe(c.timeMs);
        expect(f!.tracks).toEqual(c.tracks);
        expect(f).toEqual(await getJson(`/api/frame?t=${t}`));
      }
      const end = await page.evaluate(() => window.parapetViewer!.frame()!.counts);
      expect(end.intercepted).toBe(nodeRun.summary.threats.all.intercepted);
      expect(end.leaked).toBe(nodeRun.summary.threats.all.leaked);
      await page.screenshot({ path: join(tmp, 'view-live.png') });
      console.log(`live viewer screenshot: ${join(tmp, 'view-live.png')}`);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await live.close();
    }
  });
});
