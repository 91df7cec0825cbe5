// The report as a reader sees it: report.html opened from disk in Debian's Chromium with every network
// request refused and recorded (none may be attempted), the charts laid out as SVG, and the numbers read
// from the rendered page (its text, not its data attributes) against summary.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { buildReport } from '../host/report/build.ts';
import { launchChromium } from './chromium-support.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parapet-report-browser-'));
const run = join(tmp, 'run');
const html = join(tmp, 'report.html');
let browser: Browser;
type Rec = Record<string, any>;

beforeAll(async () => {
  simulate(loadScenario('scenarios/teach-mixed-wave.json'), { out: run, file: 'scenarios/teach-mixed-wave.json' });
  writeFileSync(html, await buildReport([run]));
  browser = await launchChromium();
});
afterAll(async () => { await browser?.close(); });

const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Rec)?.[k], o);

describe('parapet report in Chromium, offline', () => {
  it('renders its charts and the numbers of summary.json without a single network request', async () => {
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
    const attempted: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      attempted.push(url);
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => { if (!r.url().startsWith('file:')) attempted.push(r.url()); });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

    // Charts: laid out with a size, and the intercept/leak timeline has one point per threat of the summary.
    const charts = await page.locator('figure svg').evaluateAll((svgs) => svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: s.querySelectorAll('[role="graphics-symbol"], path').length };
    }));
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) { expect(c.w).toBeGreaterThan(100); expect(c.h).toBeGreaterThan(50); expect(c.marks).toBeGreaterThan(0); }
    const points = await page.locator('figure svg path[aria-roledescription="point"]').evaluateAll((ps) => ps.map((p) => p.getAttribute('aria-label') ?? ''));
    expect(points.filter((l) => /kind: intercepted/.test(l)).length).toBe(summary.threats.all.intercepted);
    expect(points.filter((l) => /kind: leaked/.test(l)).length).toBe(summary.threats.all.leaked);

    // The threats table read as a reader reads it: column headers, row headers, the text of the cells.
    const threats = await page.locator('table.figures').filter({ has: page.locator('th', { hasText: /^intercepted$/ }) }).first().evaluate((t: HTMLTableElement) => {
      const rows = [...t.rows];
      const head = [...rows[0].cells].map((c) => c.innerText.trim());
      return rows.slice(1).map((r) => Object.fromEntries([...r.cells].map((c, i) => [head[i] || 'class', c.innerText.trim()])));
    });
    const all = threats.find((r) => r.class === 'all')!;
    for (const k of ['launched', 'detected', 'engaged', 'intercepted', 'leaked', 'alive']) expect(Number(all[k]), k).toBe(summary.threats.all[k]);
    for (const cls of ['drone', 'decoy', 'cruise', 'ballistic']) {
      expect(Number(threats.find((r) => r.class === cls)!.intercepted), cls).toBe(summary.threats[cls].intercepted);
    }

    // Every numeric cell: its rendered text against the value at its path in summary.json.
    const cells = await page.locator('td[data-path][data-file="summary.json"]').evaluateAll((tds) => tds.map((td) => ({
      path: td.getAttribute('data-path')!, scale: Number(td.getAttribute('data-scale')), text: (td as HTMLElement).innerText.trim(),
    })));
    expect(cells.length).toBeGreaterThan(50);
    for (const c of cells) {
      const v = get(summary, c.path);
      if (v === null) { expect(c.text, c.path).toBe('n/a'); continue; }
      const printed = c.text.replace(/[\u202f ,]/g, '').match(/^-?\d+(\.\d+)?/);
      expect(printed, `${c.path}: "${c.text}"`).not.toBeNull();
      const decimals = printed![1] ? printed![1].length - 1 : 0;
      expect(Math.abs(Number(printed![0]) - (v as number) * c.scale), c.path).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
    }
    await page.screenshot({ path: join(tmp, 'report.png'), fullPage: true });
    console.log(`report screenshot: ${join(tmp, 'report.png')}`);
    expect(attempted).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
