// `parapet replay` as a user runs it: the real CLI process on a multi-radar capture and on plot files,
// checking the run log it writes (docs/run-log.md) and how it reports what it could not use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlotsJsonl, plotFileFormat } from '../host/sources/plot-files.ts';
import { DATA_DIR } from './asterix-support.ts';
import { describeShared } from './shared-data.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'parapet.mjs');
const PCAP = join(DATA_DIR, 'cat_034_048.pcap');
const tmp = mkdtempSync(join(tmpdir(), 'parapet-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'build', 'host.wasm'))) throw new Error('build/host.wasm is missing: run `npm run build` first');
});

function parapet(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const readJsonl = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
const write = (name: string, text: string) => { const f = join(tmp, name); writeFileSync(f, text); return f; };

describeShared('asterix', 'parapet replay on cat_034_048.pcap', () => {
  it('runs the radar whose position the capture carries and writes the run log', () => {
    const out = join(tmp, 'pcap');
    const r = parapet('replay', PCAP, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/radar 25\/12: site 43\.57103, 16\.40606, 780\.0 m \(I034\/120\); period 4\.945 s \(I034\/041\)/);
    expect(r.stdout).toMatch(/skipped: duplicate: 63/);
    // The six radars without a position are named, not dropped silently.
    for (const key of ['25/201', '25/13', '25/204', '25/11', '25/14', '25/205']) expect(r.stderr).toContain(`radar ${key}: no position known`);
    for (const f of ['meta.json', 'plots.jsonl', 'tracks.jsonl', 'summary.json', 'truth.jsonl']) expect(existsSync(join(out, f)), f).toBe(true);

    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
    expect(meta.source).toEqual({ file: 'cat_034_048.pcap', kind: 'asterix', format: 'pcap', records: 162 });
    expect(meta.origin).toEqual({ lat: 43.57102632522583, lon: 16.4060640335083, alt: 780 });
    expect(meta.sensors).toHaveLength(1);
    expect(meta.sensors[0]).toMatchObject({ id: 25 * 256 + 12, name: '25/12', east: 0, north: 0, up: 0, scanPeriodS: 4.9453125 });
    expect(meta.tracker.accelSigma).toBe(5);

    const plots = readJsonl(join(out, 'plots.jsonl'));
    expect(plots).toHaveLength(19);
    for (const p of plots) {
      expect(Object.keys(p).sort()).toEqual(['az', 'el', 'plotId', 'range', 'scan', 'sensor', 'sigmaEl', 'timeMs', 'x', 'y', 'z']);
      expect(Math.hypot(p.x, p.y, p.z)).toBeCloseTo(p.range, 3); // the site is the origin
    }
    expect(new Set(plots.map((p) => p.plotId)).size).toBe(19);
    const steps = readJsonl(join(out, 'tracks.jsonl'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(steps).toHaveLength(summary.steps);
    for (const s of steps) expect(Array.isArray(s.tracks) && Number.isFinite(s.timeMs)).toBe(true);
    expect(summary.plots).toBe(19);
    expect(summary.firmware.plotsIn).toBe(19);
    expect(summary.score.all.aircraft).toBe(19);
    expect(readJsonl(join(out, 'truth.jsonl'))).toHaveLength(19);
  });

  it('places every radar from a sites file and prints the summary as JSON', () => {
    // Made-up positions (the capture gives only 25/12's): this checks the plumbing, not the geography.
    const sites = Object.fromEntries(['25/201', '25/13', '25/204', '25/11', '25/14', '25/205'].map((k, i) =>
      [k, { lat: 42 + i * 0.5, lon: 14 + i * 0.7, alt: 100 * i }]));
    const file = write('sites.json', JSON.stringify(sites));
    const r = parapet('replay', PCAP, '--sites', file, '--json', '--out', join(tmp, 'pcap-all'));
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.plots).toBe(63);
    expect(summary.skipped).toEqual({ duplicate: 63, 'no detection (radar track only)': 2 });
    const meta = JSON.parse(readFileSync(join(tmp, 'pcap-all', 'meta.json'), 'utf8'));
    expect(meta.sensors.map((s: { name: string; siteFrom: string }) => `${s.name} ${s.siteFrom}`).sort()).toEqual([
      '25/11 sites file', '25/12 I034/120', '25/13 sites file', '25/14 sites file', '25/201 sites file', '25/204 sites file', '25/205 sites file']);
    // The origin is the first radar's site: it sits at 0, 0, 0; the others are placed around it.
    expect(meta.sensors.filter((s: { east: number; north: number }) => s.east === 0 && s.north === 0)).toHaveLength(1);
  });

  it('refuses --site for a recording of several radars, and a bad sites file, naming the problem', () => {
    const r = parapet('replay', PCAP, '--site', '43.5,16.4,780');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--site gives one radar's position but the recording has 7 radars/);
    const bad = write('bad-sites.json', JSON.stringify({ '25-12': { lat: 1, lon: 2, alt: 3 } }));
    const r2 = parapet('replay', PCAP, '--sites', bad);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/key '25-12' is not SAC\/SIC/);
    expect(parapet('replay', PCAP, '--site', '43.5,16.4').stderr).toMatch(/--site must be lat,lon,alt/);
  });
});

describe('parapet replay on plot files', () => {
  // One target flying east at 200 m/s, one plot a second for 30 s, seen by sensor 1 at the origin.
  const lines = Array.from({ length: 30 }, (_, k) => ({ t: k, sensor_id: 1, x: -3000 + 200 * k, y: 5000, z: 3000, truth_id: 7 }));

  it('reads JSONL, names and skips bad lines, and scores by truth_id', () => {
    const text = [...lines.slice(0, 10).map((l) => JSON.stringify(l)), '{"t": 10, "sensor_id": 1, "x": 1', '',
      JSON.stringify({ t: 10.5, sensor_id: 1, x: 1, y: 2 }), ...lines.slice(10).map((l) => JSON.stringify(l))].join('\n');
    const file = write('plots.jsonl', text);
    const r = parapet('replay', file, '--json', '--out', join(tmp, 'jsonl'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/plots\.jsonl: line 11: not JSON/);
    expect(r.stderr).toMatch(/plots\.jsonl: line 13: needs range, az, el \(polar\) or x, y, z \(Cartesian\)/);
    const summary = JSON.parse(r.stdout);
    expect(summary.skipped).toEqual({ 'bad line': 2 });
    expect(summary.plots).toBe(30);
    expect(summary.score.truth).toBe('truth_id');
    expect(summary.score.all).toMatchObject({ aircraft: 1, eligible: 0, purity: 1, breaks: 0 });
    const steps = readJsonl(join(tmp, 'jsonl', 'tracks.jsonl'));
    expect(steps).toHaveLength(30);
    const last = steps[29].tracks;
    expect(last).toHaveLength(1);
    expect(last[0].x).toBeCloseTo(-3000 + 200 * 29, -2);
  });

  it('reads the same plots from CSV', () => {
    const file = write('plots.csv', ['t,sensor_id,x,y,z,truth_id', ...lines.map((l) => [l.t, l.sensor_id, l.x, l.y, l.z, l.truth_id].join(','))].join('\n'));
    const r = parapet('replay', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.plots).toBe(30);
    expect(summary.score.all.purity).toBe(1);
  });

  it('needs a sensors file for polar plots', () => {
    const file = write('polar.jsonl', JSON.stringify({ t: 0, sensor_id: 3, range: 1000, az: 0.1, el: 0.01 }) + '\n');
    const r = parapet('replay', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/polar plots of sensor 3 need --sensors/);
  });
});

describe('parsePlotsJsonl', () => {
  it('takes range, az, el over x, y, z, keeps given plot ids and refuses repeated ones', () => {
    const text = [
      JSON.stringify({ t: 1.5, sensor_id: 2, plot_id: 40, range: 1000, az: 1, el: 0.1, x: 1, y: 2, z: 3, truth_id: 'A1' }),
      JSON.stringify({ t: 2, sensor_id: 2, x: 1, y: 2, z: 3, truth_id: -1 }),
      JSON.stringify({ t: 3, sensor_id: 2, plot_id: 40, x: 1, y: 2, z: 3 }),
      JSON.stringify({ t: 'x', sensor_id: 2, x: 1, y: 2, z: 3 }),
      JSON.stringify({ t: 3, sensor_id: 70000, x: 1, y: 2, z: 3 }),
      JSON.stringify({ t: 3, sensor_id: 1, range: -5, az: 0, el: 0 }),
      '[1, 2]',
    ].join('\n');
    const { plots, errors } = parsePlotsJsonl(text, 'p.jsonl');
    expect(plots).toEqual([
      { plotId: 40, kind: 'polar', timeMs: 1500, a: 1000, b: 1, c: 0.1, sensorId: 2, line: 1, truthId: 'A1' },
      { plotId: 41, kind: 'cartesian', timeMs: 2000, a: 1, b: 2, c: 3, sensorId: 2, line: 2, truthId: -1 },
    ]);
    expect(errors).toEqual([
      'p.jsonl: line 3: plot_id 40 appears twice',
      `p.jsonl: line 4: field 't' must be a finite number (got "x")`,
      "p.jsonl: line 5: field 'sensor_id' must be an integer 0..65535",
      "p.jsonl: line 6: field 'range' must be > 0",
      'p.jsonl: line 7: expected a JSON object',
    ]);
    expect([plotFileFormat('a.CSV'), plotFileFormat('b.ndjson'), plotFileFormat('c.ast')]).toEqual(['csv', 'jsonl', null]);
  });
});
