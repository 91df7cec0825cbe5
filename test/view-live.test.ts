// `parapet view --live`: the scenario simulated in the page's Web Worker with the firmware served by the
// viewer, against the Node simulation of the same scenario and seed: its final summary, and frames at
// busy cycles, between cycles and at the end (tracks as in the Node run's tracks.jsonl, the whole picture
// as the replay server gives it of that run log); the firmware served by exact name and nothing else; a
// broken scenario refused before serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { wasmPath } from '../host/firmware.ts';
import { simulate, type SimulationResult } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';
import { launchChromium } from './chromium-support.ts';
import { busiest, expectRefused, getJson, logLines, openPage, raw, SCENARIO, type Cycle } from './view-support.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parapet-view-live-'));
const run = join(tmp, 'run');
let nodeRun: SimulationResult;
let cycles: Cycle[];
let replay: Viewer;
let browser: Browser;

beforeAll(async () => {
  nodeRun = simulate(loadScenario(SCENARIO), { out: run });
  cycles = logLines(run, 'tracks.jsonl') as Cycle[];
  [replay, browser] = await Promise.all([startViewer(run, { port: 0 }), launchChromium()]);
});
afterAll(async () => { await browser?.close(); await replay?.close(); });

/** Two summaries of one run: equal to the last bit. The simulator's norms avoid Math.hypot, whose last
 *  bit differs between Node's V8 and Chromium's (host/hypot.ts); everything else is the same code. */
function expectSameRun(live: unknown, node: unknown): void {
  expect(live).toEqual(node);
}

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

describe('parapet view --live: the page in Chromium', () => {
  it('the page\'s worker simulates the scenario with the firmware as it is watched, and equals the Node simulation', async () => {
    const live = await startViewer(null, { port: 0, live: { scenario: SCENARIO } });
    try {
      expect(live.host).toBe('127.0.0.1');
      const wasm = await fetch(new URL('/firmware/host.wasm', live.url));
      expect(wasm.headers.get('content-type')).toBe('application/wasm');
      expect(Buffer.from(await wasm.arrayBuffer()).equals(readFileSync(wasmPath('host')))).toBe(true);
      await expectRefused(live);
      expect((await raw(live, '/api/frame?t=0')).status).toBe(404); // frames come from the worker

      // Every frame time drawn while the simulation runs, to see that the picture moves as it goes.
      const { page, errors } = await openPage(browser, live, () => {
        const seen: number[] = ((window as unknown as { framesSeen: number[] }).framesSeen = []);
        new MutationObserver(() => {
          const t = Number(document.getElementById('plan')?.dataset.frameT);
          if (!document.body.dataset.liveDone && Number.isFinite(t) && t !== seen[seen.length - 1]) seen.push(t);
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-frame-t'] });
      });
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
      const times = [...busiest(cycles).slice(0, 3).map((c) => c.timeMs), cycles[Math.floor(cycles.length / 3)].timeMs + 500, cycles[cycles.length - 1].timeMs];
      for (const t of times) {
        const f = await page.evaluate(async (at) => { await window.parapetViewer!.seek(at); return window.parapetViewer!.frame(); }, t);
        const c = cycles[cycles.findLastIndex((x) => x.timeMs <= t)];
        expect(f!.cycleMs).toBe(c.timeMs);
        expect(f!.tracks).toEqual(c.tracks);
        expect(f).toEqual(await getJson(replay, `/api/frame?t=${t}`));
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
