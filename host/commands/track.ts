// `parapet track plots.csv --out tracks.csv`: the file-in/file-out tracker, for comparing Parapet with
// other trackers. One step per distinct plot time (or every --period seconds); every confirmed track
// of every step is written as t,track_id,x,y,z,vx,vy,vz,status.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Firmware } from '../firmware.ts';
import { FirmwareLink } from '../link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG } from '../link/frames.ts';
import { parsePlotsCsv, type CsvPlot } from '../sources/csv-plots.ts';
import { loadSensors, defaultSensor } from '../sensors-file.ts';
import { loadBoard } from '../boards/board.ts';
import { numberOption } from './options.ts';
import * as P from '../../assembly/protocol.ts';

interface TrackOptions { out?: string; sensors?: string; board: string; period?: number; sigma: number; maxSpeed: number }

export function register(program: Command): void {
  program
    .command('track')
    .description('track a plots CSV file (t,sensor_id,x,y,z or t,sensor_id,range,az,el) into a tracks CSV')
    .argument('<plots.csv>', 'input plots; t in seconds, metres and radians')
    .option('-o, --out <tracks.csv>', 'output file (default: standard output)')
    .option('-s, --sensors <sensors.json>', 'sensor sites and noise (required for polar plots)')
    .option('-b, --board <name>', 'board whose firmware to run', 'host')
    .option('--period <s>', 'step every this many seconds instead of at every distinct plot time', numberOption('--period', 0.001, 3600))
    .option('--sigma <m>', 'σ per axis of Cartesian plots when no sensors file is given', numberOption('--sigma', 0.001, 1e5), 30)
    .option('--max-speed <m/s>', 'fastest target to initiate on', numberOption('--max-speed', 1, 10000), 400)
    .action((file: string, o: TrackOptions) => {
      loadBoard(o.board);
      let text: string;
      try { text = readFileSync(file, 'utf8'); } catch (e) { throw new Error(`${file}: ${(e as Error).message}`); }
      const parsed = parsePlotsCsv(text, file);
      for (const e of parsed.errors.slice(0, 10)) console.error(`warning: skipped ${e}`);
      if (parsed.errors.length > 10) console.error(`warning: ... and ${parsed.errors.length - 10} more bad records`);
      if (parsed.kind === 'polar' && !o.sensors) throw new Error(`${file}: polar plots need --sensors to place the radars`);
      const sensors = o.sensors ? loadSensors(o.sensors) : [];
      const ids = new Set(parsed.plots.map((p) => p.sensorId));
      for (const id of ids) {
        if (!sensors.some((s) => s.id === id)) {
          if (o.sensors) throw new Error(`${file}: sensor_id ${id} is not in ${o.sensors}`);
          sensors.push(defaultSensor(id, o.sigma));
        }
      }
      const fw = Firmware.load(o.board);
      const link = new FirmwareLink(fw);
      for (const s of sensors) link.configureSensor(s);
      link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, maxSpeed: o.maxSpeed });
      const lines = ['t,track_id,x,y,z,vx,vy,vz,status'];
      for (const [t, plots] of groupByStep(parsed.plots, o.period)) {
        const bySensor = new Map<number, CsvPlot[]>();
        for (const p of plots) bySensor.set(p.sensorId, [...(bySensor.get(p.sensorId) ?? []), p]);
        for (const [id, list] of bySensor) {
          link.sendPlots(id, list.map(({ plotId, kind, timeMs, a, b, c }) => ({ plotId, kind, timeMs, a, b, c })));
        }
        const { picture } = link.step(t);
        for (const tr of picture.tracks) {
          lines.push([t / 1000, tr.trackNumber, tr.x, tr.y, tr.z, tr.vx, tr.vy, tr.vz,
            tr.status === P.TRACK_COASTING ? 'coasting' : 'confirmed'].map(fmt).join(','));
        }
      }
      const csv = lines.join('\n') + '\n';
      if (o.out) writeFileSync(o.out, csv); else process.stdout.write(csv);
      const s = fw.stats();
      const overflow = s.plotsDropped + s.tracksDropped + s.plotsInvalid;
      console.error(`${file}: ${parsed.plots.length} plots, ${parsed.errors.length} bad records skipped; ` +
        `${lines.length - 1} track rows${o.out ? ` written to ${o.out}` : ''}` +
        (overflow ? `; firmware dropped ${s.plotsDropped} plots (pool full), ${s.plotsInvalid} invalid, ${s.tracksDropped} track starts (pool full)` : ''));
    });
}

/** Steps as [time ms, plots up to it]: one per distinct time, or per period. */
function groupByStep(plots: CsvPlot[], periodS?: number): [number, CsvPlot[]][] {
  const sorted = [...plots].sort((a, b) => a.timeMs - b.timeMs || a.line - b.line);
  const steps = new Map<number, CsvPlot[]>();
  for (const p of sorted) {
    const t = periodS ? Math.ceil(p.timeMs / (periodS * 1000)) * periodS * 1000 : p.timeMs;
    const list = steps.get(t) ?? [];
    list.push(p);
    steps.set(t, list);
  }
  return [...steps.entries()];
}

function fmt(v: number | string): string {
  return typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v;
}
