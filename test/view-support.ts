// Shared by the viewer's tests (view.test.ts, view-live.test.ts): a teaching run simulated once per file,
// its run log read back, raw requests to the server, the paths it must refuse, and the page in Chromium.
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Viewer } from '../host/viewer/server.ts';

export const SCENARIO = 'scenarios/teach-mixed-wave.json';
export type Rec = Record<string, any>;
export type Cycle = { timeMs: number; tracks: Rec[] };
export type Placed = { n: number; x: number; y: number };

export const logLines = (run: string, name: string): Rec[] => readFileSync(join(run, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
/** The busiest cycles first: they test the most tracks. */
export const busiest = (cycles: Cycle[]) => [...cycles].sort((a, b) => b.tracks.length - a.tracks.length || a.timeMs - b.timeMs);

export const getJson = async (v: Viewer, path: string) => (await fetch(new URL(path, v.url))).json() as Promise<Rec>;
/** A raw request: fetch() would normalise the dot segments away before they reach the server. */
export const raw = (v: Viewer, path: string) => new Promise<{ status: number; body: string }>((ok, fail) => {
  const req = request({ host: v.host, port: v.port, path, method: 'GET' }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', fail).end();
});

const FORBIDDEN = ['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/..%2fpackage.json',
  '/assets/..\\..\\package.json', '//etc/passwd', '/etc/passwd', '/host/cli.ts', '/main.ts', '/api/../meta.json', '/api/frame/../../summary.json',
  '/firmware/../package.json', '/firmware/%2e%2e/build/host.wasm', '/firmware/host.wasm/../../package.json', '/firmware//host.wasm',
  '/build/host.wasm', '/firmware/stm32h7.wasm', '/firmware/', '/host.wasm'];
/** Paths outside the page, the API and the firmware: 403 or 404, and nothing of what they name. */
export async function expectRefused(v: Viewer): Promise<void> {
  for (const path of FORBIDDEN) {
    const r = await raw(v, path);
    expect([403, 404], path).toContain(r.status);
    expect(r.body, path).not.toContain('"name": "parapet"');
    expect(r.body, path).not.toContain('root:');
    expect(r.body, path).not.toContain('asm'); // no wasm module (\0asm) either
  }
}

export async function openPage(browser: Browser, v: Viewer, init?: () => void): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (init) await page.addInitScript(init);
  await page.goto(v.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { page, errors };
}
export const positions = async (page: Page): Promise<Placed[]> => JSON.parse((await page.locator('#plan').getAttribute('data-track-positions'))!);
