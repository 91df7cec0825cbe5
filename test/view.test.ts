// `parapet view` in replay: the server's API against the run log it serves (tracks per cycle; engagements,
// kills, leaks and plots against a scan of the whole log and summary.json), its refusal of paths outside
// the page and the API, the CLI, and the page in Debian's Chromium: tracks drawn, a click on a track, zoom
// and pan, screenshots. Live mode is view-live.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { frameJson } from '../host/viewer/frame-index.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';
import { launchChromium } from './chromium-support.ts';
import { busiest, expectRefused, getJson, logLines, openPage, positions, raw, SCENARIO, type Cycle, type Placed, type Rec } from './view-support.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parapet-view-'));
const run = join(tmp, 'run');
let viewer: Viewer;
let cycles: Cycle[];
let threatsAt: Map<number, Rec[]>;

beforeAll(async () => {
  // A run with kills and leaks to show: the teaching wave without the look-ahead, which lets two threats through
  // (with it every threat of the wave is intercepted).
  const sc = loadScenario(SCENARIO);
  simulate({ ...sc, doctrine: { ...sc.doctrine, lookahead: { ...sc.doctrine.lookahead, enabled: false } } }, { out: run });
  cycles = logLines(run, 'tracks.jsonl') as Cycle[];
  threatsAt = new Map(logLines(run, 'threats.jsonl').map((r) => [r.timeMs, r.threats]));
  viewer = await startViewer(run, { port: 0 });
});
afterAll(async () => { await viewer?.close(); });

describe('parapet view: server and API', () => {
  it('listens on 127.0.0.1 only and serves the page', async () => {
    expect(viewer.host).toBe('127.0.0.1');
    const r = await raw(viewer, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<canvas id="plan"');
  });

  it('meta: the run log\'s cycles, assets and fire units', async () => {
    const meta = await getJson(viewer, '/api/meta');
    expect(meta.cycles).toBe(cycles.length);
    expect(meta.startMs).toBe(cycles[0].timeMs);
    expect(meta.endMs).toBe(cycles[cycles.length - 1].timeMs);
    const runMeta = JSON.parse(readFileSync(join(run, 'meta.json'), 'utf8'));
    expect(meta.assets.map((a: Rec) => a.value)).toEqual(runMeta.assets.map((a: Rec) => a.value));
    expect(meta.fireUnits.length).toBe(runMeta.fireUnits.length);
  });

  it('frame: the tracks of tracks.jsonl at the cycle at or before t', async () => {
    const picks = [...busiest(cycles).slice(0, 3), cycles[Math.floor(cycles.length / 2)]];
    expect(picks[0].tracks.length).toBeGreaterThan(3);
    for (const c of picks) {
      for (const t of [c.timeMs, c.timeMs + 1]) { // between cycles the last cycle still holds
        const f = await getJson(viewer, `/api/frame?t=${t}`);
        expect(f.cycleMs).toBe(c.timeMs);
        expect(f.tracks.map((k: Rec) => k.trackNumber)).toEqual(c.tracks.map((k) => k.trackNumber));
        expect(f.threats).toEqual(threatsAt.get(c.timeMs));
      }
    }
  });

  it('frame: engagements in flight, and kills and leaks adding up to summary.json at the end', async () => {
    const orders = logLines(run, 'orders.jsonl').filter((o) => o.result === 'fired' || o.result === 'phantom');
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    for (const c of busiest(cycles).slice(0, 5)) {
      const f = await getJson(viewer, `/api/frame?t=${c.timeMs}`);
      expect(f.engagements.length).toBe(orders.filter((o) => o.timeMs <= c.timeMs && c.timeMs < o.interceptMs).length);
    }
    const end = await getJson(viewer, `/api/frame?t=${cycles[cycles.length - 1].timeMs}`);
    expect(end.counts.intercepted).toBe(summary.threats.all.intercepted);
    expect(end.counts.leaked).toBe(summary.threats.all.leaked);
    expect(end.counts.leaked).toBeGreaterThan(0);
  });

  it('index: engagements, kills, leaks and plots at every cycle equal a scan of the whole run log', async () => {
    const orders = logLines(run, 'orders.jsonl').filter((o) => o.result === 'fired' || o.result === 'phantom');
    const outcomes = logLines(run, 'outcomes.jsonl');
    const plots = logLines(run, 'plots.jsonl');
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
    const events = await getJson(viewer, '/api/events');
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect(events.kills.length).toBe(summary.threats.all.intercepted);
    expect(events.leaks.length).toBe(summary.threats.all.leaked);
    const t = busiest(cycles)[0].timeMs;
    const full = await getJson(viewer, `/api/frame?t=${t}`), lean = await getJson(viewer, `/api/frame?t=${t}&events=0`);
    expect(lean.kills).toBeUndefined();
    const { engagements, kills, leaks, ...rest } = full;
    expect(lean).toEqual(rest);
    expect(engagements.length + kills.length).toBeGreaterThan(0);
  });

  it('refuses paths outside the page and the API', async () => {
    await expectRefused(viewer);
    expect((await raw(viewer, '/firmware/host.wasm')).status).toBe(404); // replay serves no firmware
    expect((await raw(viewer, '/api/frame?t=abc')).status).toBe(400);
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
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  it('draws the run log\'s tracks, shows a clicked track\'s threat evaluation, saves a screenshot', async () => {
    const { page, errors } = await openPage(browser, viewer);
    const canvas = page.locator('#plan');
    // A busy cycle with an engaged track far enough from the others to be clicked unambiguously.
    let picked: { n: number; x: number; y: number; threat: Rec } | null = null;
    for (const c of busiest(cycles).slice(0, 40)) {
      await page.evaluate((t) => window.parapetViewer!.seek(t), c.timeMs);
      expect(Number(await canvas.getAttribute('data-frame-t'))).toBe(c.timeMs);
      expect(Number(await canvas.getAttribute('data-tracks-drawn'))).toBe(c.tracks.length);
      expect(await page.evaluate(() => window.parapetViewer!.frame())).toEqual(await getJson(viewer, `/api/frame?t=${c.timeMs}`));
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
    const { page, errors } = await openPage(browser, viewer);
    const canvas = page.locator('#plan');
    const box = (await canvas.boundingBox())!;
    const c = busiest(cycles)[0];
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
});
