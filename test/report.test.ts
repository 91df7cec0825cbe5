// `parapet report`: a short simulation's run log into HTML, checked against the run log itself: every number
// of the summary table against summary.json and timing.json (cells parsed out of the tables), inline SVG
// charts and nothing fetched from outside, two runs side by side, the threat series against the summary,
// a replay-like run log with files missing, and errors that name the file.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { buildReport } from '../host/report/build.ts';
import { threatSeries } from '../host/report/series.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parapet-report-'));
const runA = join(tmp, 'parapet');
const runB = join(tmp, 'nearest');

interface Cell { run: number; file: string; path: string; value: unknown; scale: number; text: string }

const attr = (tag: string, name: string): string | undefined => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const unescapeHtml = (s: string): string => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The numeric cells of the page's summary tables: table → rows → cells, with their attributes. */
function tableCells(html: string): Cell[] {
  const tables = [...html.matchAll(/<table class="figures">([\s\S]*?)<\/table>/g)].map((m) => m[1]);
  expect(tables.length).toBeGreaterThan(0);
  const cells: Cell[] = [];
  for (const t of tables) {
    for (const row of t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      for (const c of row[1].matchAll(/<td([^>]*)>([^<]*)<\/td>/g)) {
        const path = attr(c[1], 'data-path');
        if (path === undefined) continue;
        cells.push({
          run: Number(attr(c[1], 'data-run')), file: attr(c[1], 'data-file')!, path: unescapeHtml(path),
          value: JSON.parse(unescapeHtml(attr(c[1], 'data-value')!)), scale: Number(attr(c[1], 'data-scale')), text: c[2],
        });
      }
    }
  }
  return cells;
}

const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], o);
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The printed number of a cell equals value × scale to the decimals printed. */
function expectPrinted(c: Cell): void {
  if (c.value === null) return void expect(c.text).toBe('n/a');
  const printed = c.text.replace(/[\u202f ]/g, '').match(/^-?\d+(\.\d+)?/);
  expect(printed, `${c.path}: "${c.text}"`).not.toBeNull();
  const decimals = printed![1] ? printed![1].length - 1 : 0;
  expect(Math.abs(Number(printed![0]) - (c.value as number) * c.scale), c.path).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

/** Every figure of summary.json that is a number (or null) has its cell. */
function numericLeaves(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o === 'number') return [prefix];
  if (typeof o !== 'object') return [];
  return Object.entries(o as object).flatMap(([k, v]) => numericLeaves(v, prefix ? `${prefix}.${k}` : k));
}

beforeAll(() => {
  const sc = loadScenario('scenarios/teach-mixed-wave.json');
  simulate(sc, { doctrine: 'parapet', out: runA, file: 'scenarios/teach-mixed-wave.json' });
  simulate(sc, { doctrine: 'nearest', out: runB, file: 'scenarios/teach-mixed-wave.json' });
});

describe('parapet report', () => {
  it('prints every figure of summary.json and timing.json as the run log has it', async () => {
    const html = await buildReport([runA]);
    const cells = tableCells(html);
    const sources = { 'summary.json': json(join(runA, 'summary.json')), 'timing.json': json(join(runA, 'timing.json')) };
    for (const c of cells) {
      expect(c.run).toBe(0);
      expect(c.value, `${c.file} ${c.path}`).toEqual(get(sources[c.file as keyof typeof sources], c.path));
      expectPrinted(c);
    }
    const shown = new Set(cells.filter((c) => c.file === 'summary.json').map((c) => c.path));
    const skipped = ['seed', 'simulatedS', 'costExchange.threatCostDestroyed']; // in the run description, or always null
    for (const p of numericLeaves(sources['summary.json'])) if (!skipped.includes(p)) expect(shown, p).toContain(p);
    for (const p of ['cycleMsMedian', 'cycleMsP99']) expect(cells.some((c) => c.file === 'timing.json' && c.path === p)).toBe(true);
    expect(html).toContain('holds no per-cycle times');
  });

  it('is self-contained: inline SVG charts, no URL, script or external link', async () => {
    const html = await buildReport([runA]);
    expect((html.match(/<svg[\s>]/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\s/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])).size).toBe([...html.matchAll(/\sid="/g)].length);
  });

  it('shows two runs side by side with --compare', async () => {
    const html = await buildReport([runA, runB]);
    expect(html).toMatch(/<title>Parapet run report: parapet vs nearest<\/title>/);
    const cells = tableCells(html);
    for (const [run, dir] of [[0, runA], [1, runB]] as const) {
      const summary = json(join(dir, 'summary.json'));
      const mine = cells.filter((c) => c.run === run && c.file === 'summary.json');
      expect(mine.length).toBeGreaterThan(50);
      for (const c of mine) expect(c.value, c.path).toEqual(get(summary, c.path));
    }
    const rounds = (run: number) => cells.find((c) => c.run === run && c.path === 'spend.total.rounds')!.value;
    expect(rounds(0)).toBe(get(json(join(runA, 'summary.json')), 'spend.total.rounds'));
    expect(rounds(1)).toBe(get(json(join(runB, 'summary.json')), 'spend.total.rounds'));
  });

  it('draws threats over time that end where the summary ends', async () => {
    const s = await threatSeries(join(runA, 'world.jsonl'), join(runA, 'outcomes.jsonl'), ['drone', 'decoy', 'cruise', 'ballistic']);
    const summary = json(join(runA, 'summary.json')) as { threats: Record<string, { intercepted: number; leaked: number; alive: number }> };
    const lastT = Math.max(...s.points.map((p) => p.tMin));
    for (const cls of s.classes) {
      const at = (state: string) => s.points.find((p) => p.tMin === lastT && p.series === cls && p.state === state)!.count;
      expect({ intercepted: at('intercepted'), leaked: at('leaked'), alive: at('alive') }, cls)
        .toEqual({ intercepted: summary.threats[cls].intercepted, leaked: summary.threats[cls].leaked, alive: summary.threats[cls].alive });
    }
    expect(s.events.filter((e) => e.kind === 'intercepted').length).toBe((summary.threats.all as { intercepted: number }).intercepted);
  });

  it('reports a replay run log with what it has and names what is missing', async () => {
    const dir = join(tmp, 'replay');
    mkdirSync(dir);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ source: { file: 'x.ast', kind: 'asterix' }, origin: null, sensors: [], board: 'host' }));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ source: 'x.ast', plots: 12, steps: 3, wallMs: 4.5, score: null }));
    cpSync(join(runA, 'plots.jsonl'), join(dir, 'plots.jsonl'));
    cpSync(join(runA, 'tracks.jsonl'), join(dir, 'tracks.jsonl'));
    const html = await buildReport([dir]);
    expect(html).toMatch(/not in this run log: timing\.json, truth\.jsonl, world\.jsonl, threats\.jsonl, orders\.jsonl, outcomes\.jsonl/);
    expect(html).toMatch(/needs world\.jsonl and outcomes\.jsonl/);
    const cells = tableCells(html);
    expect(cells.map((c) => [c.path, c.value])).toEqual([['plots', 12], ['steps', 3], ['wallMs', 4.5]]);
    expect((html.match(/<svg[\s>]/g) ?? []).length).toBe(1); // tracks over time
  });

  it('names the file when the run directory, summary.json or a JSONL line is wrong', async () => {
    await expect(buildReport([join(tmp, 'nowhere')])).rejects.toThrow(`${join(tmp, 'nowhere')}: no such run directory`);
    const bad = join(tmp, 'bad');
    cpSync(runA, bad, { recursive: true });
    writeFileSync(join(bad, 'summary.json'), '{"threats": ');
    await expect(buildReport([bad])).rejects.toThrow(`${join(bad, 'summary.json')}: not valid JSON`);
    const lines = readFileSync(join(runA, 'outcomes.jsonl'), 'utf8').split('\n');
    lines[2] = lines[2].slice(0, 20);
    cpSync(join(runA, 'summary.json'), join(bad, 'summary.json'));
    writeFileSync(join(bad, 'outcomes.jsonl'), lines.join('\n'));
    await expect(buildReport([bad])).rejects.toThrow(`${join(bad, 'outcomes.jsonl')}:3: not valid JSON`);
  });
});
