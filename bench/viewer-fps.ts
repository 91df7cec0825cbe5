// Workload (f): the replay viewer scrubbing through the Kyiv night in headless Chromium. The run log is
// simulated now (the real one: 16 800 cycles, ~400 MB), served by `parapet view`'s server, and the page
// is swept across the whole timeline, forwards then backwards, one position at a time: each step seeks
// (request, parse, draw, exactly what the scrubber's input does) and then waits for the next animation
// frame, so a frame counts only once it could be on screen. Frames/s of a sweep = positions / its time.
// Headless Chromium's animation frames come at 60 Hz, which caps that figure; one more sweep without the
// wait measures the step itself, the headroom under the cap.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { startViewer } from '../host/viewer/server.ts';
import { spread, type Spread } from './stats.ts';

export const CHROMIUM = '/usr/bin/chromium';
const KYIV = resolve(import.meta.dirname, '../scenarios/kyiv-2025-07-04.json');

export interface ViewerFps {
  cycles: number; logMB: number; indexS: number; browser: string; sweeps: number; positions: number;
  /** Frames/s of each sweep. */
  fps: Spread;
  /** Time of one scrub step, seek to next animation frame, ms. */
  frameMs: Spread; p95FrameMs: number;
  /** One more sweep without waiting for animation frames: the step itself (request, parse, draw), ms. */
  stepMs: Spread; p95StepMs: number;
}

export function hasChromium(): boolean { return existsSync(CHROMIUM); }

export async function measureViewerFps(sweeps: number, positions: number): Promise<ViewerFps> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-viewer-fps-'));
  try {
    const result = simulate(loadScenario(KYIV), { out: join(dir, 'run'), file: KYIV });
    const logMB = result.files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
    const t0 = performance.now();
    const viewer = await startViewer(join(dir, 'run'), { port: 0 });
    const indexS = (performance.now() - t0) / 1000;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(viewer.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      /** One pass over the timeline; `paced`: each step also waits for the next animation frame. */
      const sweep = (backwards: boolean, paced: boolean) => page.evaluate(async ({ positions, backwards, paced }) => {
        const v = window.parapetViewer!;
        const steps: number[] = [];
        const start = performance.now();
        for (let i = 0; i < positions; i++) {
          const k = backwards ? positions - 1 - i : i;
          const a = performance.now();
          await v.seek(v.meta.startMs + ((v.meta.endMs - v.meta.startMs) * k) / (positions - 1));
          if (paced) await new Promise((ok) => requestAnimationFrame(ok));
          steps.push(performance.now() - a);
        }
        return { ms: performance.now() - start, steps };
      }, { positions, backwards, paced });
      const fps: number[] = [], frames: number[] = [];
      for (let s = 0; s < sweeps; s++) {
        const r = await sweep(s % 2 === 1, true);
        fps.push((positions * 1000) / r.ms);
        frames.push(...r.steps);
      }
      const unpaced = (await sweep(false, false)).steps;
      const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))];
      return {
        cycles: viewer.index!.frames.cycles.length, logMB, indexS, browser: browser.version(), sweeps, positions,
        fps: spread(fps), frameMs: spread(frames), p95FrameMs: p95(frames), stepMs: spread(unpaced), p95StepMs: p95(unpaced),
      };
    } finally {
      await browser.close();
      await viewer.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
