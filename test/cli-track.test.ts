// `parapet track` end to end, as a user runs it: a plots CSV written from a synthetic raid goes through
// the real CLI process, and the tracks CSV that comes back is scored against the raid generator's own
// ground truth (never against anything the tracker reports about itself).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRaid, type MeasurementMode, type Raid } from '../host/sim/synthetic.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'parapet.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'parapet-track-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'build', 'host.wasm'))) throw new Error('build/host.wasm is missing: run `npm run build` first');
});

function parapet(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SENSOR = { id: 1, east: 0, north: 0, up: 0, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange: 200_000 };
const HEADERS: Record<MeasurementMode, string> = { cartesian: 't,sensor_id,x,y,z', polar: 't,sensor_id,range,az,el' };
const TRACK_HEADER = 't,track_id,x,y,z,vx,vy,vz,status';

function raidOf(measurement: MeasurementMode): Raid {
  return generateRaid({
    seed: 20240611, targets: 5, scanPeriodS: 1, scans: 20, pd: 1, clutterPerScan: 0, measurement,
    sensors: [{ ...SENSOR, sigmaCartesian: 20 }],
  });
}

/** The raid as plots CSV lines (header first); t in seconds. */
function plotLines(raid: Raid, measurement: MeasurementMode): string[] {
  const lines = [HEADERS[measurement]];
  for (const scan of raid.scans) {
    for (const p of scan.plots) lines.push([p.timeMs / 1000, scan.sensorId, p.a, p.b, p.c].join(','));
  }
  return lines;
}

function writeFile(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

interface TrackRow { t: number; id: number; x: number; y: number; z: number; vx: number; vy: number; vz: number; status: string }

function parseTracks(text: string): { header: string; rows: TrackRow[] } {
  const [header, ...lines] = text.trimEnd().split('\n');
  const rows = lines.map((line) => {
    const f = line.split(',');
    expect(f, line).toHaveLength(9);
    const [t, id, x, y, z, vx, vy, vz] = f.slice(0, 8).map(Number);
    for (const v of [t, id, x, y, z, vx, vy, vz]) expect(Number.isFinite(v), line).toBe(true);
    return { t, id, x, y, z, vx, vy, vz, status: f[8] };
  });
  return { header, rows };
}

/**
 * Scores a tracks CSV against the raid: at the last step every target has its own confirmed track
 * within 150 m (and a velocity within 40 m/s), nothing else is confirmed (no clutter, Pd = 1), and over
 * the last 10 steps each target stays on the same track id.
 */
function expectTracksFollowTruth(raid: Raid, text: string): void {
  const { header, rows } = parseTracks(text);
  expect(header).toBe(TRACK_HEADER);
  for (const r of rows) expect(['confirmed', 'coasting']).toContain(r.status);
  // Every output step is a scan time, in seconds.
  const scanTimesS = new Set(raid.truth.map((s) => s.timeMs / 1000));
  for (const r of rows) expect(scanTimesS.has(r.t), `t ${r.t}`).toBe(true);

  const nearest = (timeMs: number, target: { x: number; y: number; z: number }) => {
    let best: { row: TrackRow; d: number } | undefined;
    for (const row of rows) {
      if (row.t !== timeMs / 1000 || row.status !== 'confirmed') continue;
      const d = Math.hypot(row.x - target.x, row.y - target.y, row.z - target.z);
      if (!best || d < best.d) best = { row, d };
    }
    return best;
  };

  const last = raid.truth.at(-1)!;
  const lastConfirmed = rows.filter((r) => r.t === last.timeMs / 1000 && r.status === 'confirmed');
  expect(lastConfirmed).toHaveLength(last.targets.length);
  const idOf = new Map<number, number>();
  for (const target of last.targets) {
    const m = nearest(last.timeMs, target);
    expect(m, `target ${target.id} has no confirmed track at the last step`).toBeDefined();
    expect(m!.d, `target ${target.id} position error`).toBeLessThan(150);
    expect(Math.hypot(m!.row.vx - target.vx, m!.row.vy - target.vy, m!.row.vz - target.vz), `target ${target.id} velocity error`)
      .toBeLessThan(40);
    idOf.set(target.id, m!.row.id);
  }
  expect(new Set(idOf.values()).size, 'two targets share a track').toBe(last.targets.length);

  for (const step of raid.truth.slice(-10)) {
    for (const target of step.targets) {
      const m = nearest(step.timeMs, target);
      expect(m, `target ${target.id} untracked at t=${step.timeMs} ms`).toBeDefined();
      expect(m!.d, `target ${target.id} at t=${step.timeMs} ms`).toBeLessThan(150);
      expect(m!.row.id, `target ${target.id} changed track id at t=${step.timeMs} ms`).toBe(idOf.get(target.id));
    }
  }
}

describe('parapet track', () => {
  const cartesian = raidOf('cartesian');
  const cartesianCsv = writeFile('cartesian.csv', plotLines(cartesian, 'cartesian').join('\n') + '\n');

  it('tracks Cartesian plots: every target confirmed near its true position with a stable id', () => {
    const out = join(tmp, 'cartesian-tracks.csv');
    const r = parapet('track', cartesianCsv, '--out', out, '--sigma', '20');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const plotCount = cartesian.scans.reduce((n, s) => n + s.plots.length, 0);
    expect(r.stderr).toContain(`${plotCount} plots, 0 bad records skipped`);
    expectTracksFollowTruth(cartesian, readFileSync(out, 'utf8'));
  });

  it('writes the same tracks to standard output when --out is not given', () => {
    const out = join(tmp, 'cartesian-tracks-2.csv');
    expect(parapet('track', cartesianCsv, '--out', out, '--sigma', '20').status).toBe(0);
    const r = parapet('track', cartesianCsv, '--sigma', '20');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(out, 'utf8'));
  });

  it('tracks polar plots placed by a sensors file', () => {
    const polar = raidOf('polar');
    const csv = writeFile('polar.csv', plotLines(polar, 'polar').join('\n') + '\n');
    const sensors = writeFile('sensors.json', JSON.stringify([SENSOR]));
    const out = join(tmp, 'polar-tracks.csv');
    const r = parapet('track', csv, '--out', out, '--sensors', sensors);
    expect(r.status, r.stderr).toBe(0);
    expectTracksFollowTruth(polar, readFileSync(out, 'utf8'));
  });

  it('refuses a file whose header is not a plots header, naming the file and line 1', () => {
    const lines = plotLines(cartesian, 'cartesian');
    const csv = writeFile('bad-header.csv', ['t,sensor,x,y,z', ...lines.slice(1)].join('\n') + '\n');
    const out = join(tmp, 'bad-header-tracks.csv');
    const r = parapet('track', csv, '--out', out);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(csv);
    expect(r.stderr).toMatch(/line 1\b/);
    expect(existsSync(out)).toBe(false);
  });

  it('skips a malformed record with a warning naming its line and field, and still tracks', () => {
    const lines = plotLines(cartesian, 'cartesian');
    const f = lines[4].split(','); // file line 5
    f[2] = 'abc';
    lines[4] = f.join(',');
    const csv = writeFile('malformed.csv', lines.join('\n') + '\n');
    const out = join(tmp, 'malformed-tracks.csv');
    const r = parapet('track', csv, '--out', out, '--sigma', '20');
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => /warning/i.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(csv);
    expect(warnings[0]).toMatch(/line 5\b/);
    expect(warnings[0]).toMatch(/'x'/);
    expect(r.stderr).toContain(`${lines.length - 2} plots, 1 bad records skipped`);
    // One lost plot early in the raid costs no target its track.
    expectTracksFollowTruth(cartesian, readFileSync(out, 'utf8'));
  });

  it('counts comment and blank lines when naming the line of a malformed record', () => {
    // The malformed record is on line 5 of the file: a comment and a blank line precede it.
    const text = ['# recorded on the range', 't,sensor_id,x,y,z', '0,1,1000,2000,300', '', '1,1,abc,2000,300', '2,1,1000,2000,300'].join('\n') + '\n';
    const csv = writeFile('commented.csv', text);
    const r = parapet('track', csv);
    expect(r.status, r.stderr).toBe(0);
    const warning = r.stderr.split('\n').find((l) => /warning/i.test(l));
    expect(warning).toBeDefined();
    expect(warning).toMatch(/line 5\b/);
    expect(warning).toMatch(/'x'/);
  });

  it('refuses polar plots without --sensors', () => {
    const csv = writeFile('polar-only.csv', plotLines(raidOf('polar'), 'polar').join('\n') + '\n');
    const r = parapet('track', csv);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(csv);
    expect(r.stderr).toMatch(/polar/);
    expect(r.stderr).toContain('--sensors');
    expect(r.stdout).toBe('');
  });

  it('refuses a sensors file with an unknown field or a wrong type, naming the JSON path', () => {
    const csv = writeFile('polar-s.csv', plotLines(raidOf('polar'), 'polar').join('\n') + '\n');
    const unknown = writeFile('sensors-unknown.json', JSON.stringify([{ ...SENSOR, beamwidth: 0.02 }]));
    let r = parapet('track', csv, '--sensors', unknown);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(unknown);
    expect(r.stderr).toMatch(/\/0\b/);
    expect(r.stderr).toMatch(/additional propert/i);

    const wrongType = writeFile('sensors-type.json', JSON.stringify([{ ...SENSOR, sigmaRange: '30' }]));
    r = parapet('track', csv, '--sensors', wrongType);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(wrongType);
    expect(r.stderr).toContain('/0/sigmaRange');
    expect(r.stderr).toMatch(/number/);
  });

  it('refuses plots from a sensor the sensors file does not describe', () => {
    const lines = plotLines(raidOf('polar'), 'polar').map((l, i) => (i === 0 ? l : l.replace(/^([^,]*),1,/, '$1,2,')));
    const csv = writeFile('polar-sensor2.csv', lines.join('\n') + '\n');
    const sensors = writeFile('sensors-1.json', JSON.stringify([SENSOR]));
    const r = parapet('track', csv, '--sensors', sensors);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/sensor_id 2\b/);
    expect(r.stderr).toContain(sensors);
  });

  it('refuses an unknown board, naming it', () => {
    const r = parapet('track', cartesianCsv, '--board', 'nosuch');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/\bnosuch\b/);
    expect(r.stderr).toMatch(/unknown board/i);
    expect(r.stdout).toBe('');
  });
});
