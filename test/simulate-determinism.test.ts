// Determinism of the closed loop: the same scenario and seed give byte-identical summaries and run logs
// (every file but timing.json, which holds wall-clock times); another seed gives another run. The run log's
// files exist, every line parses, and they agree with the summary.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate, type DoctrineName } from '../host/sim/loop.ts';
import { RUN_LOG_FILES } from '../host/sim/runlog.ts';
import { loadScenario } from '../host/sim/scenario.ts';

const sc = loadScenario('scenarios/teach-mixed-wave.json');
const tmp = mkdtempSync(join(tmpdir(), 'parapet-sim-'));
const run = (name: string, seed?: number, doctrine: DoctrineName = 'parapet') =>
  simulate(sc, { seed, doctrine, out: join(tmp, name), file: 'scenarios/teach-mixed-wave.json' });
const files = (name: string): Map<string, string> =>
  new Map(readdirSync(join(tmp, name)).sort().map((f) => [f, readFileSync(join(tmp, name, f), 'utf8')]));

describe('determinism', () => {
  let a: ReturnType<typeof run>, b: ReturnType<typeof run>, c: ReturnType<typeof run>;
  beforeAll(() => {
    a = run('a');
    b = run('b');
    c = run('c', sc.seed + 1);
  });

  it('gives a byte-identical summary and run log for the same seed', () => {
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
    const fa = files('a'), fb = files('b');
    expect([...fa.keys()]).toEqual([...fb.keys()]);
    for (const [name, text] of fa) if (name !== 'timing.json') expect(text === fb.get(name), name).toBe(true);
  });

  it('gives a different run for a different seed', () => {
    expect(c.summary.seed).toBe(sc.seed + 1);
    expect(JSON.stringify({ ...c.summary, seed: 0 })).not.toBe(JSON.stringify({ ...a.summary, seed: 0 }));
    expect(files('c').get('plots.jsonl')).not.toBe(files('a').get('plots.jsonl'));
  });

  it('is deterministic for the nearest-first baseline too', () => {
    expect(JSON.stringify(run('n1', undefined, 'nearest').summary)).toBe(JSON.stringify(run('n2', undefined, 'nearest').summary));
  });

  it('is deterministic for the layered baseline too, run log included', () => {
    expect(JSON.stringify(run('l1', undefined, 'layered').summary)).toBe(JSON.stringify(run('l2', undefined, 'layered').summary));
    expect(files('l1').get('orders.jsonl')).toBe(files('l2').get('orders.jsonl'));
  });
});

describe('run log', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => { r = run('log'); });
  const dir = join(tmp, 'log');
  const lines = (f: string): Record<string, unknown>[] =>
    readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes every file, each parsing as JSON', () => {
    expect(readdirSync(dir).sort()).toEqual(['meta.json', 'summary.json', 'timing.json', ...RUN_LOG_FILES].sort());
    expect(r.files.map((f) => f.replace(/^.*[/\\]/, '')).sort()).toEqual(readdirSync(dir).sort());
    for (const f of RUN_LOG_FILES) expect(lines(f).length, f).toBeGreaterThan(0);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    expect(meta.source).toMatchObject({ kind: 'simulation', scenario: sc.name, seed: sc.seed, doctrine: 'parapet' });
    expect(meta.origin).toEqual({ lat: sc.origin.latDeg, lon: sc.origin.lonDeg, alt: sc.origin.altM });
    expect(meta.sensors.map((s: { id: number }) => s.id)).toEqual(sc.radars.map((x) => x.id));
    expect(meta.assets.length).toBe(sc.assets.length);
    expect(meta.fireUnits.map((u: { id: string }) => u.id)).toEqual(sc.fireUnits.map((u) => u.id));
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(r.summary)));
  });

  it('agrees with the summary: plots given, orders, kills and impacts', () => {
    expect(lines('plots.jsonl').length).toBe(r.summary.firmware.plots);
    expect(lines('truth.jsonl').map((t) => t.plotId)).toEqual(lines('plots.jsonl').map((p) => p.plotId));
    expect(lines('tracks.jsonl').length).toBe(r.summary.firmware.steps);
    expect(lines('orders.jsonl').length).toBe(r.summary.orders.issued);
    expect(lines('orders.jsonl').filter((o) => o.result === 'fired').length).toBe(r.summary.orders.fired);
    const outcomes = lines('outcomes.jsonl');
    expect(new Set(outcomes.filter((o) => o.kind === 'killed').map((o) => o.threatId)).size).toBe(r.summary.threats.all.intercepted);
    expect(outcomes.filter((o) => o.kind === 'impact').length).toBe(r.summary.threats.all.leaked);
  });

  it('cleans up', () => rmSync(tmp, { recursive: true, force: true }));
});
