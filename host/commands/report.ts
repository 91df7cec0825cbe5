// `parapet report <run-dir>`: the run log of `simulate --out` (or `replay --out`) as a self-contained
// HTML page with the summary table and charts (host/report/, docs/report.md).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('report')
    .description('write a run log as a self-contained HTML report (summary table and charts)')
    .argument('<run-dir>', 'run directory written by simulate --out or replay --out')
    .option('-o, --out <file>', 'HTML file to write', 'report.html')
    .option('--compare <run-dir>', 'a second run directory, shown side by side')
    .action(async (dir: string, o: { out: string; compare?: string }) => {
      // Loaded when the command runs: Vega takes ~0.2 s to import, which every other command's start would pay.
      const { buildReport } = await import('../report/build.ts');
      const html = await buildReport(o.compare ? [dir, o.compare] : [dir]);
      writeFileSync(o.out, html);
      console.log(`report: ${o.out} (${(html.length / 1024).toFixed(0)} kB)`);
    });
}
