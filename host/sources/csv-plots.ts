// Plot files in CSV: a header `t,sensor_id,x,y,z` (Cartesian metres in the battery frame) or
// `t,sensor_id,range,az,el` (metres, radians, azimuth clockwise from north); t in seconds. Extra columns
// are allowed (e.g. a `plot_id`, or a `truth_id` for scoring, never given to the tracker). A bad record
// is reported with its line and field and skipped; it is never dropped silently.
import { createRequire } from 'node:module';
import type { Plot } from '../link/frames.ts';

// csv-parse is loaded on the first file read, not with every command's start.
const lazyRequire = createRequire(import.meta.url);

export interface CsvPlot extends Plot { sensorId: number; line: number; truthId?: number }
export interface CsvPlotFile { kind: 'cartesian' | 'polar'; plots: CsvPlot[]; errors: string[] }

export function parsePlotsCsv(text: string, file: string): CsvPlotFile {
  let rows: string[][];
  let lines: number[];
  try {
    // `info` gives each record's own line in the file, so messages name the right line even after
    // comments, blank lines or quoted fields that span lines.
    const { parse } = lazyRequire('csv-parse/sync') as typeof import('csv-parse/sync');
    const parsed = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, comment: '#', info: true }) as unknown as
      { record: string[]; info: { lines: number } }[];
    rows = parsed.map((r) => r.record);
    lines = parsed.map((r) => r.info.lines);
  } catch (e) {
    throw new Error(`${file}: not readable as CSV: ${(e as Error).message}`);
  }
  if (rows.length === 0) throw new Error(`${file}: empty file, expected a header line`);
  const header = rows[0].map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const cart = ['x', 'y', 'z'].every((c) => col(c) >= 0);
  const polar = ['range', 'az', 'el'].every((c) => col(c) >= 0);
  if (col('t') < 0 || col('sensor_id') < 0 || (!cart && !polar)) {
    throw new Error(`${file}: line ${lines[0]}: header must be t,sensor_id,x,y,z or t,sensor_id,range,az,el (got ${rows[0].join(',')})`);
  }
  const kind = cart ? 'cartesian' : 'polar';
  const names = cart ? ['x', 'y', 'z'] : ['range', 'az', 'el'];
  const plots: CsvPlot[] = [];
  const errors: string[] = [];
  let nextId = 1;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const line = lines[r];
    const get = (name: string): number => {
      const v = row[col(name)];
      const n = v === undefined || v === '' ? NaN : Number(v);
      if (!Number.isFinite(n)) throw new Error(`${file}: line ${line}: field '${name}' is not a finite number (${JSON.stringify(v ?? '')})`);
      return n;
    };
    try {
      const t = get('t');
      const sensorId = get('sensor_id');
      if (!Number.isInteger(sensorId) || sensorId < 0 || sensorId > 0xffff) throw new Error(`${file}: line ${line}: field 'sensor_id' must be an integer 0..65535`);
      const [a, b, c] = names.map(get);
      if (kind === 'polar' && !(a > 0)) throw new Error(`${file}: line ${line}: field 'range' must be > 0`);
      const plotId = col('plot_id') >= 0 ? get('plot_id') : nextId;
      nextId = Math.max(nextId, plotId) + 1;
      const truth = col('truth_id') >= 0 ? get('truth_id') : undefined;
      plots.push({ plotId, kind, timeMs: t * 1000, a, b, c, sensorId, line, ...(truth !== undefined ? { truthId: truth } : {}) });
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return { kind, plots, errors };
}
