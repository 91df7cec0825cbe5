// Plot files other than ASTERIX: CSV (host/sources/csv-plots.ts) and JSON lines with the same field
// names, one plot per line: {"t": s, "sensor_id": n, "range": m, "az": rad, "el": rad} or {..., "x", "y",
// "z"} in the battery frame, optional "plot_id" and "truth_id" (a number or a string; a negative number
// marks a false plot). A line with range, az and el is polar even when it also carries x, y, z (as the
// run log's plots.jsonl does). A bad line is named by its line number, counted and skipped.
import { parsePlotsCsv, type CsvPlot } from './csv-plots.ts';

export type PlotFileFormat = 'csv' | 'jsonl';

export interface FilePlot extends Omit<CsvPlot, 'truthId'> {
  truthId?: number | string;
}

export interface PlotFile {
  plots: FilePlot[];
  /** One message per skipped line: "file: line N: why". */
  errors: string[];
}

/** Format from the extension: .csv, .jsonl / .ndjson; null when it says neither. */
export function plotFileFormat(file: string): PlotFileFormat | null {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return null;
}

export function parsePlotFile(text: string, file: string, format: PlotFileFormat): PlotFile {
  if (format === 'csv') {
    const { plots, errors } = parsePlotsCsv(text, file);
    return { plots, errors };
  }
  return parsePlotsJsonl(text, file);
}

export function parsePlotsJsonl(text: string, file: string): PlotFile {
  const plots: FilePlot[] = [];
  const errors: string[] = [];
  const used = new Set<number>();
  let nextId = 1;
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    try {
      const p = plotOfLine(raw, file, line);
      const plotId = p.plotId ?? nextId;
      if (used.has(plotId)) throw new Error(`${file}: line ${line}: plot_id ${plotId} appears twice`);
      used.add(plotId);
      nextId = Math.max(nextId, plotId) + 1;
      plots.push({ ...p, plotId });
    } catch (e) {
      errors.push((e as Error).message);
    }
  });
  return { plots, errors };
}

function plotOfLine(raw: string, file: string, line: number): Omit<FilePlot, 'plotId'> & { plotId?: number } {
  const at = `${file}: line ${line}`;
  let o: unknown;
  try {
    o = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${at}: not JSON: ${(e as Error).message}`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`${at}: expected a JSON object`);
  const rec = o as Record<string, unknown>;
  const num = (name: string): number => {
    const v = rec[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${at}: field '${name}' must be a finite number (got ${JSON.stringify(v)})`);
    return v;
  };
  const has = (names: string[]) => names.every((n) => rec[n] !== undefined);
  const t = num('t');
  const sensorId = num('sensor_id');
  if (!Number.isInteger(sensorId) || sensorId < 0 || sensorId > 0xffff) throw new Error(`${at}: field 'sensor_id' must be an integer 0..65535`);
  const kind = has(['range', 'az', 'el']) ? 'polar' : has(['x', 'y', 'z']) ? 'cartesian' : null;
  if (!kind) throw new Error(`${at}: needs range, az, el (polar) or x, y, z (Cartesian)`);
  const [a, b, c] = (kind === 'polar' ? ['range', 'az', 'el'] : ['x', 'y', 'z']).map(num);
  if (kind === 'polar' && !(a > 0)) throw new Error(`${at}: field 'range' must be > 0`);
  let plotId: number | undefined;
  if (rec.plot_id !== undefined) {
    plotId = num('plot_id');
    if (!Number.isInteger(plotId) || plotId < 0 || plotId > 0xffffffff) throw new Error(`${at}: field 'plot_id' must be an integer 0..4294967295`);
  }
  const truth = rec.truth_id;
  if (truth !== undefined && typeof truth !== 'string' && !(typeof truth === 'number' && Number.isFinite(truth))) {
    throw new Error(`${at}: field 'truth_id' must be a number or a string`);
  }
  return {
    ...(plotId !== undefined ? { plotId } : {}), kind, timeMs: t * 1000, a, b, c, sensorId, line,
    ...(truth !== undefined ? { truthId: truth as number | string } : {}),
  };
}
