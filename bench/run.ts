// `npm run bench [-- --quick]`: measured figures of the firmware, printed as markdown and written to
// bench/results/latest.json. Every number comes from a run made now, on this machine.
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { measureCycle, growthExponent, type CycleResult } from './tracker-cycle.ts';

const quick = process.argv.includes('--quick');
const sizes = quick ? [64, 256, 550, 1024] : [64, 256, 550, 1024, 4096];
const scans = quick ? 25 : 60;
const root = resolve(import.meta.dirname, '..');

const cycle: CycleResult[] = sizes.map((n) => {
  const r = measureCycle(n, { scans, warmup: 10 });
  process.stderr.write(`cycle ${n} targets: median ${r.medianMs.toFixed(3)} ms\n`);
  return r;
});
const fitRows = cycle.filter((r) => r.targets >= 256);
const exponent = growthExponent(fitRows);

const boards = JSON.parse(readFileSync(resolve(root, 'build/boards.json'), 'utf8')) as
  { board: string; precision: string; moduleBytes: number; pages: number; heapTopBytes: number; tracks: number; plots: number }[];

const lines: string[] = [];
lines.push(`## Firmware cycle (host build, one core): ingest + step, targets + equal clutter, Pd 0.9, 1 s scans`);
lines.push('');
lines.push('| targets | clutter | median ms | p99 ms | confirmed at end |');
lines.push('|---:|---:|---:|---:|---:|');
for (const r of cycle) lines.push(`| ${r.targets} | ${r.clutter} | ${r.medianMs.toFixed(3)} | ${r.p99Ms.toFixed(3)} | ${r.confirmed} |`);
lines.push('');
lines.push(`Growth exponent of the median (log-log fit, ${fitRows[0].targets}–${fitRows.at(-1)!.targets} targets): ${exponent.toFixed(2)}`);
lines.push('');
lines.push('## Boards');
lines.push('');
lines.push('| board | precision | module KiB | pinned pages | used after init KiB | tracks | plots |');
lines.push('|---|---|---:|---:|---:|---:|---:|');
for (const b of boards) {
  lines.push(`| ${b.board} | ${b.precision} | ${(b.moduleBytes / 1024).toFixed(1)} | ${b.pages} | ${(b.heapTopBytes / 1024).toFixed(1)} | ${b.tracks} | ${b.plots} |`);
}
console.log(lines.join('\n'));

mkdirSync(resolve(root, 'bench/results'), { recursive: true });
writeFileSync(resolve(root, 'bench/results/latest.json'), JSON.stringify({
  date: new Date().toISOString(), quick, node: process.version, cpu: cpus()[0]?.model, cycle, growthExponent: exponent, boards,
}, null, 2) + '\n');
