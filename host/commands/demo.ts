// `parapet demo`: the tracker on a built-in synthetic raid (550 targets at 50 and 250 m/s, 200 clutter
// plots a scan), scored against the generator's ground truth.
import type { Command } from 'commander';
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import { generateRaid } from '../sim/synthetic.ts';
import { runRaid } from '../raid-runner.ts';
import { intOption } from './options.ts';
import { percentile } from '../metrics/stats.ts';

const lazyRequire = createRequire(import.meta.url); // cli-progress: loaded when the command runs

export function register(program: Command): void {
  program
    .command('demo')
    .description('track a synthetic raid with the firmware and print track-quality figures')
    .option('-b, --board <name>', 'board whose firmware to run', 'host')
    .option('--seed <n>', 'raid seed', intOption('--seed', 0, 0xffffffff), 1)
    .option('--targets <n>', 'number of targets', intOption('--targets', 1, 4096), 550)
    .option('--clutter <n>', 'clutter plots per scan', intOption('--clutter', 0, 8192), 200)
    .option('--scans <n>', 'number of one-second scans', intOption('--scans', 2, 3600), 60)
    .option('--json', 'print the summary as JSON')
    .action((o: { board: string; seed: number; targets: number; clutter: number; scans: number; json?: boolean }) => {
      const maxRange = 150_000;
      const sensors = [{ id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange, pd: 0.9 }];
      const raid = generateRaid({ seed: o.seed, targets: o.targets, scanPeriodS: 1, scans: o.scans, sensors, pd: 0.9,
        clutterPerScan: o.clutter, clutter: 'fixed' });
      const { SingleBar, Presets } = lazyRequire('cli-progress') as typeof cliProgress;
      const bar = process.stderr.isTTY && !o.json
        ? new SingleBar({ format: 'scans {bar} {value}/{total}', clearOnComplete: true }, Presets.shades_classic)
        : null;
      bar?.start(o.scans, 0);
      // Clutter spread over the radar's coverage volume (a 20 km slab): the density the firmware expects.
      const falseDensity = o.clutter / (Math.PI * maxRange ** 2 * 20_000);
      const r = runRaid(raid, 1, { board: o.board, falseDensity, onStep: (k) => bar?.update(k) });
      bar?.stop();
      const q = r.quality;
      const latency = q.perTruth.map((t) => t.latencySteps).filter((v): v is number => v !== undefined);
      const within5 = latency.filter((v) => v <= 5).length / Math.max(1, raid.firstDetection.size);
      const summary = {
        board: o.board, seed: o.seed, targets: o.targets, clutterPerScan: o.clutter, scans: o.scans,
        coverage: q.coverage, confirmedWithin5Scans: within5, latencyScansMean: q.latencyStepsMean,
        gospaMean: q.gospaMean, trackBreaks: q.trackBreaks, handovers: q.handovers, idSwaps: q.idSwaps,
        falseTracks: q.falseTracks, purity: q.purity?.mean ?? NaN,
        stepMsMedian: percentile(r.stepMs, 0.5), stepMsP99: percentile(r.stepMs, 0.99),
        plotsDropped: r.stats.plotsDropped, tracksDropped: r.stats.tracksDropped, clustersOversize: r.stats.clustersOversize,
      };
      if (o.json) { console.log(JSON.stringify(summary)); return; }
      const rows: [string, string][] = [
        ['targets / clutter per scan / scans', `${o.targets} / ${o.clutter} / ${o.scans}`],
        ['targets with a confirmed track', pct(q.coverage)],
        ['confirmed within 5 scans of first plot', pct(within5)],
        ['mean confirmation latency, scans', q.latencyStepsMean.toFixed(2)],
        ['GOSPA mean (c = 500 m, p = 2), m', Math.sqrt(q.gospaMean).toFixed(1)],
        ['track breaks / handovers / ID swaps', `${q.trackBreaks} / ${q.handovers} / ${q.idSwaps}`],
        ['false tracks', String(q.falseTracks)],
        ['plot purity of tracks', pct(q.purity?.mean ?? NaN)],
        ['step time median / p99 (incl. link), ms', `${summary.stepMsMedian.toFixed(3)} / ${summary.stepMsP99.toFixed(3)}`],
        ['overflows: plots / tracks / oversize clusters', `${r.stats.plotsDropped} / ${r.stats.tracksDropped} / ${r.stats.clustersOversize}`],
      ];
      const w = Math.max(...rows.map(([k]) => k.length));
      console.log(`Parapet tracker, board ${o.board}, synthetic raid seed ${o.seed}`);
      for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
    });
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(2)} %` : 'n/a';
}
