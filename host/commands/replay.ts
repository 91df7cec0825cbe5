// `parapet replay <recording>`: recorded radar data through the firmware, one antenna scan per step,
// scored against the identities the recording carries; the run log goes to --out (docs/run-log.md).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { CONTAINER_FORMATS, decodeAsterix, type ContainerFormat } from '../sources/asterix.ts';
import { identityFor, plotsFromAsterix, AIRBORNE_FL, type Conversion } from '../sources/plots-from-asterix.ts';
import { parsePlotFile, plotFileFormat, type FilePlot, type PlotFileFormat } from '../sources/plot-files.ts';
import { parseGeodetic, type Geodetic } from '../geo.ts';
import { loadSensors, defaultSensor } from '../sensors-file.ts';
import { loadBoard } from '../boards/board.ts';
import {
  REPLAY_TRACKER_CONFIG, radarSensorConfig, runReplay, scansOf, scoreByIdentity, writeRunLog,
  type IdentityOf, type IdentityScore, type LoggedPlot, type ReplayScan, type ReplayStep,
} from '../replay.ts';
import type { SensorConfig } from '../link/frames.ts';
import { numberOption } from './options.ts';
import { keyFromOptions, KEY_FILE_ENV } from '../link/auth-key.ts';

export type ReplayFormat = 'auto' | ContainerFormat | PlotFileFormat;

export interface ReplayOptions {
  format?: ReplayFormat;
  site?: string;
  sites?: string;
  origin?: string;
  sensors?: string;
  period?: number;
  board?: string;
  out?: string;
  sigmaRange?: number;
  sigmaAz?: number;
  maxElevation?: number;
  /** --key-file: the key of the link to the firmware (else $PARAPET_KEY_FILE, else a random key per run). */
  keyFile?: string;
}

/** The figures every replay reports against. */
export const TARGETS = { purity: 0.99, coverage: 0.97, breaksPerAircraftHour: 1 } as const;

export interface ReplayReport {
  meta: Record<string, unknown>;
  summary: {
    source: string;
    plots: number;
    steps: number;
    skipped: Record<string, number>;
    wallMs: { read: number; convert: number; firmware: number; total: number };
    score: null | { truth: string; all: IdentityScore; airborne?: IdentityScore };
    targets: typeof TARGETS;
    firmware: Record<string, number>;
  };
  plots: LoggedPlot[];
  steps: ReplayStep[];
  truth?: { plotId: number; truth: string | null }[];
  warnings: string[];
  files: string[];
}

interface Prepared {
  sensors: SensorConfig[];
  scans: ReplayScan[];
  plots: LoggedPlot[];
  identity?: { truth: string; all: IdentityOf; airborne?: IdentityOf };
  meta: Record<string, unknown>;
  skipped: Record<string, number>;
  warnings: string[];
}

export function replayRecording(file: string, o: ReplayOptions = {}): ReplayReport {
  const t0 = performance.now();
  let bytes: Buffer;
  try { bytes = readFileSync(file); } catch (e) { throw new Error(`${file}: cannot read: ${(e as Error).message}`); }
  const format = o.format && o.format !== 'auto' ? o.format : plotFileFormat(file) ?? 'auto';
  const tRead = performance.now();
  const prep = format === 'csv' || format === 'jsonl'
    ? prepareFromPlotFile(bytes.toString('utf8'), file, format, o)
    : prepareFromAsterix(bytes, file, format, o);
  const tConvert = performance.now();
  const tracker = REPLAY_TRACKER_CONFIG;
  const run = runReplay(prep.sensors, prep.scans, { board: o.board, tracker, key: keyFromOptions(o.keyFile)?.key });
  const gapS = Math.max(...prep.sensors.map((s) => s.scanPeriodS)) * (tracker.deleteMisses + 0.5);
  let score: ReplayReport['summary']['score'] = null;
  let truth: ReplayReport['truth'];
  if (prep.identity) {
    const { all, airborne } = prep.identity;
    score = { truth: prep.identity.truth, all: scoreByIdentity(prep.plots, all, run, { gapS }) };
    if (airborne) score.airborne = scoreByIdentity(prep.plots, airborne, run, { gapS });
    truth = prep.plots.map((p) => ({ plotId: p.plotId, truth: all(p.plotId) })).filter((t): t is { plotId: number; truth: string | null } => t.truth !== undefined);
  }
  const tEnd = performance.now();
  const summary: ReplayReport['summary'] = {
    source: file, plots: prep.plots.length, steps: run.steps.length, skipped: prep.skipped,
    wallMs: { read: tRead - t0, convert: tConvert - tRead, firmware: run.wallMs, total: tEnd - t0 },
    score, targets: TARGETS, firmware: run.stats,
  };
  const meta = { ...prep.meta, board: o.board ?? 'host', tracker, steps: 'one per antenna scan, at its latest plot' };
  const report: ReplayReport = { meta, summary, plots: prep.plots, steps: run.steps, truth, warnings: prep.warnings, files: [] };
  if (o.out) report.files = writeRunLog(o.out, { meta, plots: prep.plots, steps: run.steps, summary, truth });
  return report;
}

function prepareFromAsterix(bytes: Uint8Array, file: string, format: ContainerFormat | 'auto', o: ReplayOptions): Prepared {
  const decoded = decodeAsterix(bytes, { format, fileName: file });
  const conv: Conversion = plotsFromAsterix(decoded.records, {
    site: o.site ? parseGeodetic(o.site, '--site') : undefined,
    sites: o.sites ? loadSites(o.sites) : undefined,
    origin: o.origin ? parseGeodetic(o.origin, '--origin') : undefined,
    ...(o.sigmaRange ? { sigmaRange: () => o.sigmaRange! } : {}),
  });
  const warnings: string[] = [];
  if (decoded.counts.errors) warnings.push(`${file}: ${decoded.counts.errors} decoding errors (see \`parapet decode\`); good records kept`);
  for (const [key, n] of Object.entries(conv.noSite)) warnings.push(`radar ${key}: no position known (--site, --sites or I034/120), its ${n} plots are left out`);
  for (const r of conv.radars) if (r.periodFrom === 'assumed') warnings.push(`radar ${r.key}: antenna period unknown, ${r.periodS} s assumed`);
  const sensors = conv.radars.map((r) => radarSensorConfig(r, { sigmaRange: o.sigmaRange, sigmaAz: o.sigmaAz && (o.sigmaAz * Math.PI) / 180, maxElevationDeg: o.maxElevation }));
  const plots = conv.plots.map((p) => ({ plotId: p.plotId, kind: 'polar' as const, timeMs: p.timeMs, a: p.range, b: p.az, c: p.el, sensorId: p.sensorId, scan: p.scan }));
  const all = identityFor(conv.identities);
  const airborne = identityFor(conv.identities, true);
  return {
    sensors, scans: scansOf(plots), warnings, skipped: { ...conv.skipped, ...prefixed('no site ', conv.noSite) },
    plots: conv.plots.map(({ timeMs, sensorId, plotId, scan, range, az, el, sigmaEl, x, y, z }) =>
      ({ timeMs, sensor: sensorId, plotId, scan, range, az, el, sigmaEl, x, y, z })),
    identity: { truth: `${all.truth} (airborne: FL ≥ ${AIRBORNE_FL})`, all: all.of, airborne: airborne.of },
    meta: {
      source: { file: basename(file), kind: 'asterix', format: decoded.format, records: decoded.counts.records },
      origin: conv.origin,
      sensors: conv.radars.map((r, k) => ({ ...sensors[k], name: r.key, site: r.site, siteFrom: r.siteFrom, periodFrom: r.periodFrom, plots: r.plots, scans: r.scans })),
    },
  };
}

function prepareFromPlotFile(text: string, file: string, format: PlotFileFormat, o: ReplayOptions): Prepared {
  const parsed = parsePlotFile(text, file, format);
  const warnings = parsed.errors.map((e) => `skipped ${e}`);
  const sensors = o.sensors ? loadSensors(o.sensors) : [];
  for (const id of new Set(parsed.plots.map((p) => p.sensorId))) {
    if (sensors.some((s) => s.id === id)) continue;
    if (o.sensors) throw new Error(`${file}: sensor_id ${id} is not in ${o.sensors}`);
    if (parsed.plots.some((p) => p.sensorId === id && p.kind === 'polar')) throw new Error(`${file}: polar plots of sensor ${id} need --sensors to place it`);
    sensors.push(defaultSensor(id));
  }
  const hasTruth = parsed.plots.some((p) => p.truthId !== undefined);
  const truthOf = new Map(parsed.plots.map((p) => [p.plotId, p.truthId]));
  const all: IdentityOf = (id) => {
    const t = truthOf.get(id);
    return t === undefined ? undefined : typeof t === 'number' && t < 0 ? null : String(t);
  };
  const site = new Map(sensors.map((s) => [s.id, s]));
  return {
    sensors, scans: plotFileScans(parsed.plots, o.period), warnings, skipped: parsed.errors.length ? { 'bad line': parsed.errors.length } : {},
    plots: parsed.plots.map((p) => loggedPlot(p, site.get(p.sensorId)!)),
    ...(hasTruth ? { identity: { truth: 'truth_id', all } } : {}),
    meta: { source: { file: basename(file), kind: format }, origin: null, sensors },
  };
}

/** Plot files carry no antenna position: one step per distinct time per sensor, or every `periodS`. */
function plotFileScans(plots: readonly FilePlot[], periodS?: number): ReplayScan[] {
  return scansOf(plots.map((p) => ({ ...p, scan: periodS ? Math.ceil(p.timeMs / (periodS * 1000)) : p.timeMs })));
}

function loggedPlot(p: FilePlot, s: SensorConfig): LoggedPlot {
  const base = { timeMs: p.timeMs, sensor: p.sensorId, plotId: p.plotId };
  if (p.kind === 'cartesian') return { ...base, x: p.a, y: p.b, z: p.c };
  const [r, az, el] = [p.a, p.b, p.c];
  return { ...base, range: r, az, el, x: s.east + r * Math.cos(el) * Math.sin(az), y: s.north + r * Math.cos(el) * Math.cos(az), z: s.up + r * Math.sin(el) };
}

/** Sites file: {"SAC/SIC": {"lat": deg, "lon": deg, "alt": m}, ...}. */
export function loadSites(file: string): Map<string, Geodetic> {
  let data: unknown;
  try { data = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new Error(`${file}: ${(e as Error).message}`); }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: expected an object keyed by "SAC/SIC"`);
  const out = new Map<string, Geodetic>();
  for (const [key, v] of Object.entries(data)) {
    const m = /^(\d{1,3})\/(\d{1,3})$/.exec(key);
    if (!m || +m[1] > 255 || +m[2] > 255) throw new Error(`${file}: key '${key}' is not SAC/SIC (two numbers 0..255)`);
    const g = v as Partial<Geodetic> | null;
    if (!g || ![g.lat, g.lon, g.alt].every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`${file}: /${key} needs numbers lat, lon, alt`);
    out.set(`${+m[1]}/${+m[2]}`, parseGeodetic(`${g.lat},${g.lon},${g.alt}`, `${file}: /${key}`));
  }
  return out;
}

function prefixed(p: string, o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [p + k, v]));
}

const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(2)} %`);
const fixed = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '–');

/** The summary as a table for people. */
export function formatReport(r: ReplayReport): string {
  const s = r.summary;
  const lines = [`Parapet replay of ${basename(s.source)}: ${s.plots} plots, ${s.steps} steps, board ${r.meta.board as string}`];
  for (const sensor of (r.meta.sensors as Record<string, unknown>[])) {
    if (sensor.name) {
      const site = sensor.site as Geodetic;
      lines.push(`  radar ${sensor.name}: site ${site.lat.toFixed(5)}, ${site.lon.toFixed(5)}, ${site.alt.toFixed(1)} m (${sensor.siteFrom}); ` +
        `period ${(sensor.scanPeriodS as number).toFixed(3)} s (${sensor.periodFrom}); ${sensor.plots} plots in ${sensor.scans} scans`);
    }
  }
  for (const [why, n] of Object.entries(s.skipped)) lines.push(`  skipped: ${why}: ${n}`);
  if (s.score) {
    const cols: [string, IdentityScore][] = [['all traffic', s.score.all], ...(s.score.airborne ? [['airborne', s.score.airborne] as [string, IdentityScore]] : [])];
    const rows: [string, ...string[]][] = [
      ['', ...cols.map(([n]) => n), 'target'],
      ['aircraft (seen ≥ 60 s)', ...cols.map(([, q]) => `${q.aircraft} (${q.eligible})`), ''],
      ['purity', ...cols.map(([, q]) => pct(q.purity)), `≥ ${pct(TARGETS.purity)}`],
      ['coverage', ...cols.map(([, q]) => pct(q.coverage)), `≥ ${pct(TARGETS.coverage)}`],
      ['breaks per aircraft-hour', ...cols.map(([, q]) => fixed(q.breaksPerAircraftHour, 2)), `< ${TARGETS.breaksPerAircraftHour}`],
      ['  breaks / after a detection gap', ...cols.map(([, q]) => `${q.breaks} / ${q.breaksAfterGap}`), ''],
      ['  aircraft-hours', ...cols.map(([, q]) => q.aircraftHours.toFixed(1)), ''],
      ['ID swaps / stray plots', ...cols.map(([, q]) => `${q.idSwaps} / ${q.strayPlots}`), ''],
      ['plots in confirmed tracks', ...cols.map(([, q]) => pct(q.plotsInTracks)), ''],
      ['median time to confirmed track, s', ...cols.map(([, q]) => fixed(q.latencyMedianS, 1)), ''],
    ];
    const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
    lines.push(`  scored against: ${s.score.truth}`);
    for (const row of rows) lines.push('  ' + row.map((v, c) => (c === 0 ? v.padEnd(w[c]) : v.padStart(w[c]))).join('   '));
  } else {
    lines.push('  no identities in the input: not scored');
  }
  const f = s.firmware;
  lines.push(`  firmware: ${f.tracksCreated} tracks started, ${f.plotsAssociated} plots associated, ` +
    `dropped ${f.plotsDropped} plots / ${f.tracksDropped} track starts, ${f.plotsInvalid} invalid plots`);
  lines.push(`  wall time: ${(s.wallMs.total / 1000).toFixed(2)} s (decode and convert ${((s.wallMs.read + s.wallMs.convert) / 1000).toFixed(2)} s, firmware ${(s.wallMs.firmware / 1000).toFixed(2)} s)`);
  if (r.files.length) lines.push(`  run log: ${r.files.join(', ')}`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('replay')
    .description('replay a recording (ASTERIX, or plots in CSV/JSONL) through the firmware and score it against the identities it carries')
    .argument('<recording>', 'ASTERIX (raw, pcap, pcapng, GPS) or a plots file (.csv, .jsonl)')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', ...CONTAINER_FORMATS, 'csv', 'jsonl']).default('auto'))
    .option('--site <lat,lon,alt>', 'position of the radar (single-radar recordings): degrees, degrees, metres')
    .option('--sites <sites.json>', 'radar positions keyed by "SAC/SIC": {"20/129": {"lat": .., "lon": .., "alt": ..}}')
    .option('--origin <lat,lon,alt>', 'origin of the battery frame (default: the first radar\'s site)')
    .option('--sensors <sensors.json>', 'sensor sites and noise for CSV/JSONL plots')
    .option('--period <s>', 'CSV/JSONL plots: step every this many seconds instead of at every distinct time', numberOption('--period', 0.001, 3600))
    .option('--sigma-range <m>', 'σ range of the radars instead of 4 range LSBs', numberOption('--sigma-range', 0.1, 10000))
    .option('--sigma-az <deg>', 'σ azimuth of the radars instead of 0.08°', numberOption('--sigma-az', 0.0001, 10))
    .option('--max-elevation <deg>', 'upper edge of the radars\' elevation coverage (cone of silence above), instead of 40°', numberOption('--max-elevation', 1, 90))
    .option('-b, --board <name>', 'board whose firmware to run', 'host')
    .option('-o, --out <dir>', 'write the run log (meta.json, plots.jsonl, tracks.jsonl, summary.json) to this directory')
    .option('--key-file <path>', `key of the authenticated link to the firmware (default $${KEY_FILE_ENV}, else a random key per run)`)
    .option('--json', 'print the summary as JSON')
    .action((file: string, o: ReplayOptions & { json?: boolean }) => {
      loadBoard(o.board ?? 'host');
      const report = replayRecording(file, o);
      for (const w of report.warnings.slice(0, 20)) console.error(`warning: ${w}`);
      if (report.warnings.length > 20) console.error(`warning: ... and ${report.warnings.length - 20} more`);
      if (o.json) console.log(JSON.stringify(report.summary));
      else process.stdout.write(formatReport(report));
    });
}
