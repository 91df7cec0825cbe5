// `npm run bench [-- --quick] [-- --write-docs] [-- --skip-missing]`: Parapet's workloads and the peers a
// user would pick instead, side by side in one run, printed as markdown and written to
// bench/results/latest.json. Every number comes from a run made now, on this machine. Exits non-zero
// when any peer disagrees with Parapet on an optimum, or the engines disagree on a checksum; a missing
// peer (SciPy, wasm-interp) is an error too unless --skip-missing.
import { writeFileSync, readFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execSync } from 'node:child_process';
import * as P from '../assembly/protocol.ts';
import { raidFixture, FirmwareCycle, TRACKER, type GatedPairs } from './tracker-cycle.ts';
import { JsTracker } from './peers/js-tracker.ts';
import { NpmLap, NPM_PACKAGES } from './peers/npm-lap.ts';
import { findPython, SciPy, writeProblems } from './peers/scipy.ts';
import { Parapet, randomDense, gatedCase, runCase, scipyProblems, type LapCase, type LapResult } from './lap-kernels.ts';
import { measureWta } from './wta.ts';
import { measureAsterix, measureReplay } from './asterix.ts';
import { hasInterp, measureInterp } from './interp.ts';
import { hasMcuTools, measureMcu, type McuRow } from './mcu.ts';
import { hasChromium, measureViewerFps, CHROMIUM, type ViewerFps } from './viewer-fps.ts';
import { measureStartup, SMALL_CAPTURE } from './cli-startup.ts';
import { spread, pairedRatio, growthExponent, fmtRatio, fmtMs, type Spread } from './stats.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick'), skipMissing = argv.includes('--skip-missing'), writeDocs = argv.includes('--write-docs');
const root = resolve(import.meta.dirname, '..');
const started = performance.now();
const C = {
  sizes: [64, 256, 550, 1024, 4096], scans: quick ? 25 : 60, warmup: 10,
  jsCapMs: quick ? 10_000 : 60_000, denseNs: quick ? [100, 500, 1000] : [100, 500, 1000, 2000], repeats: quick ? 5 : 11,
  npmCapMs: quick ? 5_000 : 30_000, npmBudgetMs: quick ? 6_000 : 30_000, wtaRepeats: quick ? 3 : 7, asterixRepeats: quick ? 3 : 7,
  interpRuns: quick ? 2 : 3, viewerSweeps: quick ? 2 : 6, viewerPositions: quick ? 200 : 300, startupRuns: quick ? 5 : 11,
};
const errors: string[] = [];
const md: string[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);
const version = (pkg: string) => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

// ---- machine ----
const cpuModel = (() => { try { return /Model name:\s*(.+)/.exec(execSync('lscpu', { encoding: 'utf8' }))?.[1].trim(); } catch { return undefined; } })() ?? cpus()[0]?.model;
const machine = { cpu: cpuModel, cores: cpus().length, node: process.version, date: new Date().toISOString(), quick };

// ---- (a) firmware cycle, with the npm tracker alongside ----
interface CycleRow {
  targets: number; scans: number; ms: Spread; p99: number; confirmed: number; orders: number; tracksDropped: number; trackingOnly: Spread;
  js?: { ms: Spread; ratio: Spread; confirmed: number } | { dnf: string };
}
const cycle: CycleRow[] = [];
const gated = new Map<number, GatedPairs>();
let jsStopped = '';
for (const n of C.sizes) {
  const fx = raidFixture(n, C.scans);
  const fw = new FirmwareCycle(fx), bare = new FirmwareCycle(fx, { tewa: false });
  let js: JsTracker | undefined = jsStopped ? undefined : new JsTracker(fx.radar, { ...TRACKER, pd: fx.radar.pd!, falseDensity: fx.falseDensity });
  const mine: number[] = [], peer: number[] = [], tracking: number[] = [];
  let jsSpent = 0, jsScans = 0;
  for (let k = 0; k < C.scans; k++) {
    const a = fw.scan(k), t = bare.scan(k);
    if (k >= C.warmup) { mine.push(a); tracking.push(t); }
    if (!js) continue;
    const t0 = performance.now();
    js.step(fx.raid.scans[k].plots, fx.raid.scans[k].timeMs);
    const b = performance.now() - t0;
    jsSpent += b; jsScans++;
    if (k >= C.warmup) peer.push(b);
    if (jsSpent > C.jsCapMs && k < C.scans - 1) { js = undefined; jsStopped = `did not finish ${C.scans} scans in ${C.jsCapMs / 1000} s at ${n} targets (${jsScans} done)`; }
  }
  gated.set(n, fw.gated());
  const sorted = [...mine].sort((x, y) => x - y);
  const row: CycleRow = { targets: n, scans: mine.length, ms: spread(mine), p99: sorted[Math.floor(0.99 * (sorted.length - 1))],
    confirmed: fw.stat(P.STAT_TRACKS_CONFIRMED), orders: fw.stat(P.STAT_ORDERS), tracksDropped: fw.stat(P.STAT_TRACKS_DROPPED),
    trackingOnly: spread(tracking) };
  if (js) row.js = { ms: spread(peer), ratio: pairedRatio(peer, mine), confirmed: js.confirmed };
  else if (jsStopped) row.js = { dnf: jsStopped.includes(`at ${n} targets`) ? jsStopped : `not run: ${jsStopped}` };
  cycle.push(row);
  log(`(a) ${n} targets: Parapet ${fmtMs(row.ms.median)} ms${row.js && 'ms' in row.js ? `, npm tracker ${fmtMs(row.js.ms.median)} ms` : ''}`);
}

// ---- (b) assignment kernels ----
const parapet = new Parapet();
const cases: LapCase[] = [...C.denseNs.map((n) => randomDense(n, n)), ...C.sizes.map((n) => gatedCase(n, gated.get(n)!, parapet.denseCapacity))];
const python = findPython();
let scipy: SciPy | undefined;
const tmp = mkdtempSync(join(tmpdir(), 'parapet-bench-'));
const { problems, index } = scipyProblems(cases);
if (python) {
  writeProblems(join(tmp, 'problems.bin'), problems);
  scipy = new SciPy(python);
  await scipy.load(join(tmp, 'problems.bin'));
} else {
  (skipMissing ? log : (s: string) => errors.push(s))('SciPy not found: apt-get install python3-scipy (or pass --skip-missing)');
}
const npm = new Map(NPM_PACKAGES.map((p) => [p, new NpmLap(p)]));
const dnf = new Set<string>();
const lap: LapResult[] = [];
for (const c of cases) {
  const r = await runCase(c, parapet, npm, dnf, { repeats: C.repeats, npmCapMs: C.npmCapMs, npmBudgetMs: C.npmBudgetMs, scipy, scipyIndex: index });
  lap.push(...r.rows);
  errors.push(...r.errors);
  log(`(b) ${c.name} ${c.size}: ${r.rows.map((x) => `${x.solver} ${x.ms ? fmtMs(x.ms.median) : x.status}`).join(', ')}`);
}
scipy?.close();
for (const l of npm.values()) l.close();
rmSync(tmp, { recursive: true, force: true });

// ---- (c) WTA, (d) ASTERIX, interpreter, (e) boards ----
const wta = [[20, 20], [80, 80], [200, 550]].map(([m, n]) => measureWta(m, n, C.wtaRepeats));
log(`(c) WTA: ${wta.map((w) => `${w.weapons}x${w.targets} ${fmtMs(w.ms.median)} ms`).join(', ')}`);
const asterix = measureAsterix(C.asterixRepeats);
log(`(d) ASTERIX: ${asterix ? `${Math.round(asterix.recordsPerS)} records/s` : 'file not found'}`);
const replay = measureReplay();
log(`(d) replay: ${replay ? `${replay.s.toFixed(2)} s` : 'file not found'}`);
let interp: Awaited<ReturnType<typeof measureInterp>>['rows'] = [];
if (hasInterp()) {
  const r = await measureInterp(C.interpRuns);
  interp = r.rows;
  errors.push(...r.errors);
  log(`interp: ${interp.map((x) => `${x.name} ${fmtRatio(x.ratio)}`).join(', ')}`);
} else {
  (skipMissing ? log : (s: string) => errors.push(s))('wasm-interp not found: apt-get install wabt (or pass --skip-missing)');
}
// ---- the microcontroller images in QEMU (docs/boards.md) ----
let mcu: McuRow[] = [];
if (hasMcuTools()) {
  const r = await measureMcu();
  mcu = r.rows;
  errors.push(...r.errors);
  log(`mcu: ${mcu.map((x) => `${x.board} step ${(x.stepMaxInsns / 1e6).toFixed(1)} M instructions`).join(', ')}`);
} else {
  (skipMissing ? log : (s: string) => errors.push(s))('wasm2c, arm-none-eabi-gcc or qemu-system-arm not found: apt-get install wabt gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm (or pass --skip-missing)');
}
// ---- (f) the viewer scrubbing through the Kyiv run log ----
let viewer: ViewerFps | undefined;
if (hasChromium()) {
  const f0 = performance.now();
  viewer = await measureViewerFps(C.viewerSweeps, C.viewerPositions);
  log(`(f) viewer: ${viewer.fps.median.toFixed(1)} frames/s scrubbing ${viewer.cycles} cycles (${((performance.now() - f0) / 1000).toFixed(0)} s with the simulation)`);
} else {
  (skipMissing ? log : (s: string) => errors.push(s))(`${CHROMIUM} not found: apt-get install chromium (or pass --skip-missing)`);
}
// ---- (g) what a command costs before it does anything ----
const startup = measureStartup(C.startupRuns);
log(`(g) start-up: ${startup.map((r) => `${r.command} ${fmtMs(r.compiled.median)} ms CPU (tsx ${fmtMs(r.tsx.median)} ms)`).join(', ')}`);
const boards = JSON.parse(readFileSync(resolve(root, 'build/boards.json'), 'utf8')) as
  { board: string; precision: string; moduleBytes: number; pages: number; heapTopBytes: number; tracks: number; plots: number }[];

// ---- scaling and targets ----
const fitCycle = cycle.filter((r) => r.targets >= 256);
const cycleExp = growthExponent(fitCycle.map((r) => r.targets), fitCycle.map((r) => r.ms.median));
// Where the track pool overflowed, part of the work was refused: the fit without those sizes too.
const fitFull = fitCycle.filter((r) => r.tracksDropped === 0);
const cycleExpFull = fitFull.length >= 2 ? growthExponent(fitFull.map((r) => r.targets), fitFull.map((r) => r.ms.median)) : NaN;
const jsRows = cycle.filter((r) => r.targets >= 256 && r.js && 'ms' in r.js);
const jsExp = jsRows.length >= 2 ? growthExponent(jsRows.map((r) => r.targets), jsRows.map((r) => (r.js as { ms: Spread }).ms.median)) : NaN;
const lapExp = (solver: string, dense: boolean) => {
  const rows = lap.filter((r) => r.solver === solver && r.ms && r.name.startsWith(dense ? 'dense' : 'gated') && (dense || r.form.startsWith(solver === 'SciPy' ? 'min_weight' : 'sparse')));
  const x = rows.map((r) => (dense ? Number(r.size.split(' ')[0]) : Number(/(\d+) targets/.exec(r.name)![1])));
  return rows.length >= 2 ? { from: x[0], to: x.at(-1)!, k: growthExponent(x, rows.map((r) => r.ms!.median)) } : undefined;
};
const exps = {
  cycle: { from: fitCycle[0].targets, to: fitCycle.at(-1)!.targets, k: cycleExp },
  cycleNoOverflow: { from: fitFull[0]?.targets, to: fitFull.at(-1)?.targets, k: cycleExpFull },
  jsTracker: { k: jsExp },
  denseParapet: lapExp('Parapet LAPJV', true), denseScipy: lapExp('SciPy', true), denseMunkres: lapExp('munkres', true),
  sparseParapet: lapExp('Parapet LAPJVsp', false), sparseScipy: lapExp('SciPy', false),
};
const at550 = cycle.find((r) => r.targets === 550)!;
const gatedPeers = lap.filter((r) => r.name.startsWith('gated') && (r.solver === 'munkres' || r.solver === 'munkres-js'));
const sciDense1000 = lap.find((r) => r.name === 'dense random' && r.size === '1000 × 1000' && r.solver === 'SciPy');
const targets = [
  { target: 'full cycle at 550 + 550 clutter, median < 1 ms', met: at550.ms.median < 1,
    value: `${fmtMs(at550.ms.median)} ms (tracking only ${fmtMs(at550.trackingOnly.median)} ms)` },
  { target: 'cycle growth exponent ≤ 1.2 from 256 to 4096 targets', met: exps.cycle.to === 4096 && cycleExp <= 1.2, value: `${cycleExp.toFixed(2)} (${exps.cycle.from}–${exps.cycle.to})` },
  { target: 'sparse gated assignment ≥ 10× faster than the npm Munkres packages',
    met: gatedPeers.length > 0 && gatedPeers.every((r) => r.status !== 'ok' || (r.ratio && r.ratio.median >= 10)),
    value: NPM_PACKAGES.map((pkg) => {
      const rows = gatedPeers.filter((r) => r.solver === pkg), ran = rows.filter((r) => r.ratio);
      const low = ran.reduce((a, r) => (r.ratio!.median < a.ratio!.median ? r : a), ran[0]);
      const targetsOf = (r: LapResult) => /(\d+) targets/.exec(r.name)![1];
      return `${pkg}: ${low ? `${fmtRatio(low.ratio!)} at ${targetsOf(low)} targets (the lowest of ${ran.length} sizes)` : 'not run'}` +
        rows.filter((r) => !r.ratio).map((r) => `, ${r.status} at ${targetsOf(r)} (${r.note})`).join('');
    }).join('; ') },
  { target: 'dense n = 1000 within 2× of SciPy', met: !!sciDense1000?.ratio && sciDense1000.ratio.median >= 0.5,
    value: sciDense1000?.ratio ? `SciPy / Parapet = ${fmtRatio(sciDense1000.ratio)}${sciDense1000.ratio.median > 1 ? ': Parapet is the faster' : ''}` : 'SciPy not run' },
  { target: 'Barcelona recording (45 min) replayed through the firmware in < 15 s', met: !!replay && replay.s < 15,
    value: replay ? `${replay.s.toFixed(2)} s, ${replay.plots} plots, ${replay.steps} revolutions` : 'recording not found: not run' },
  { target: '`parapet --help` and `parapet decode` of a small file start in < 0.3 s CPU', met: startup.every((r) => r.compiled.median < 300),
    value: startup.map((r) => `${r.command.split(' ')[1]} ${fmtMs(r.compiled.median)} ms`).join(', ') + ` (through tsx as before: ${startup.map((r) => `${fmtMs(r.tsx.median)} ms`).join(', ')})` },
  { target: 'viewer scrubbing on Kyiv ≥ 30 frames/s', met: !!viewer && viewer.fps.median >= 30,
    value: viewer ? `${viewer.fps.median.toFixed(1)} frames/s, median of ${viewer.sweeps} sweeps (${viewer.fps.lo.toFixed(1)}–${viewer.fps.hi.toFixed(1)}); ` +
      `a step ${fmtMs(viewer.frameMs.median)} ms median, ${fmtMs(viewer.p95FrameMs)} ms p95` : 'Chromium not found: not run' },
];

// ---- markdown ----
md.push(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${scipy ? `, ${scipy.version}` : ''}; ` +
  `kalman-filter ${version('kalman-filter')}, munkres ${version('munkres')}, munkres-js ${version('munkres-js')}; ` +
  `${quick ? 'quick' : 'full'} run of ${machine.date.slice(0, 10)}, ${((performance.now() - started) / 1000).toFixed(0)} s. ` +
  `Ratios are peer time / Parapet time, pair by pair (runs back to back), median with the 10–90 % range.`);
md.push('', '### Targets (host build, one core)', '', '| target | met | measured |', '|---|---|---|');
for (const t of targets) md.push(`| ${t.target} | ${t.met ? 'yes' : '**no**'} | ${t.value} |`);
md.push('', `### (a) Firmware cycle: ingest + step (tracking, TEWA with 24 fire units and 20 assets, orders), targets + equal clutter, Pd 0.9, 1 s scans`, '');
md.push('| targets | Parapet median ms (10–90 %) | p99 ms | tracking only ms | confirmed | orders | tracks dropped | npm tracker ms | npm / Parapet | npm confirmed |');
md.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of cycle) {
  const js = r.js && 'ms' in r.js ? `${fmtMs(r.js.ms.median)} | ${fmtRatio(r.js.ratio)} | ${r.js.confirmed}` : `${r.js && 'dnf' in r.js ? r.js.dnf : '–'} | | `;
  md.push(`| ${r.targets} | ${fmtMs(r.ms.median)} (${fmtMs(r.ms.lo)}–${fmtMs(r.ms.hi)}) | ${fmtMs(r.p99)} | ${fmtMs(r.trackingOnly.median)} | ${r.confirmed} | ${r.orders} | ${r.tracksDropped} | ${js} |`);
}
md.push('', `npm tracker: kalman-filter predict/correct, munkres over the gated matrix, the firmware's gating and M-of-N (bench/peers/js-tracker.ts). ` +
  `Growth exponent of the median (log–log least squares): Parapet ${cycleExp.toFixed(2)} over ${exps.cycle.from}–${exps.cycle.to} targets` +
  (fitFull.length < fitCycle.length && fitFull.length >= 2 ? ` (${cycleExpFull.toFixed(2)} over ${fitFull[0].targets}–${fitFull.at(-1)!.targets}, ` +
    'the sizes where the track pool did not overflow; tracks dropped counts the plots that could not start a tentative track)' : '') +
  `${Number.isFinite(jsExp) ? `, npm tracker ${jsExp.toFixed(2)} over ${jsRows[0].targets}–${jsRows.at(-1)!.targets}` : ''}.`);
md.push('', '### (b) Assignment kernels', '', '| matrix | size | solver | form | median ms (10–90 %) | peer / Parapet | optimum |', '|---|---|---|---|---:|---:|---:|');
for (const r of lap) {
  md.push(`| ${r.name} | ${r.size} | ${r.solver} | ${r.form} | ${r.ms ? `${fmtMs(r.ms.median)} (${fmtMs(r.ms.lo)}–${fmtMs(r.ms.hi)})` : r.note ?? r.status} | ` +
    `${r.ratio ? fmtRatio(r.ratio) : r.ms ? 'reference' : ''} | ${r.objective !== undefined && r.ms ? r.objective.toPrecision(10) : ''} |`);
}
const fmtExp = (e?: { from: number; to: number; k: number }) => (e ? `${e.k.toFixed(2)} (${e.from}–${e.to})` : '–');
md.push('', `Every optimum above was recomputed from the solver's assignment and agrees with Parapet's to 1e-9 (the run fails otherwise). ` +
  `Gated matrices: the last scan's gated track × plot pairs of (a), compacted to the tracks and plots in some gate; the block form adds a ` +
  `"missed" column per track and a "new" row per plot so that a perfect matching always exists (its optimum equals the rectangular min(c, 0) one). ` +
  `Growth exponents vs n (dense) or targets (gated): Parapet LAPJV ${fmtExp(exps.denseParapet)}, SciPy ${fmtExp(exps.denseScipy)}, ` +
  `munkres ${fmtExp(exps.denseMunkres)}; Parapet LAPJVsp ${fmtExp(exps.sparseParapet)}, SciPy sparse ${fmtExp(exps.sparseScipy)}.`);
md.push('', '### (c) Weapon–target assignment (wtaSolve, default work bound)', '', '| weapons × targets | median ms (10–90 %) | objective | greedy | work |', '|---|---:|---:|---:|---:|');
for (const w of wta) md.push(`| ${w.weapons} × ${w.targets} | ${fmtMs(w.ms.median)} (${fmtMs(w.ms.lo)}–${fmtMs(w.ms.hi)}) | ${w.objective.toFixed(3)} | ${w.greedy.toFixed(3)} | ${w.work} |`);
md.push('', '### (d) ASTERIX decoding (host, decodeAsterix)', '');
md.push(asterix ? `${asterix.file}: ${asterix.records} records, ${(asterix.bytes / 1e6).toFixed(2)} MB in ${fmtMs(asterix.ms.median)} ms median: ` +
  `${Math.round(asterix.recordsPerS).toLocaleString('en')} records/s, ${asterix.mbPerS.toFixed(1)} MB/s.` : 'Recording not found (shared data: asterix/BCN_0800_0845.ast): not run.');
if (replay) md.push('', `The whole replay (\`parapet replay\`'s work: decode, plots, ${replay.steps} antenna revolutions through the host firmware, scoring): ${replay.s.toFixed(2)} s for ${replay.plots} plots, one run.`);
md.push('', '### Interpreter: the same build/bench.wasm under wasm-interp (wabt) against V8', '', '| export | targets | scans | V8 ms | wasm-interp ms | interp / V8 | checksum |', '|---|---:|---:|---:|---:|---:|---:|');
for (const r of interp) md.push(`| ${r.name} | ${r.targets} | ${r.scans} | ${fmtMs(r.v8.median)} | ${fmtMs(r.interp.median)} | ${fmtRatio(r.ratio)} | ${r.checksum} |`);
if (!interp.length) md.push('| not run | | | | | | |');
md.push('', 'Each export reinitialises the firmware and runs its raid with TEWA through the wire frames; the checksum (FNV-1a of all bytes sent) is the same on both engines.');
md.push('', '### Microcontroller images in QEMU (-icount: instructions counted; docs/boards.md)', '', '| board | QEMU machine | bist() M instr. | benchRaid64() M instr. | step() of the 64-target raid, median / heaviest M instr. | heaviest at the CPI range, ms | budget ms | flash KiB | RAM KiB |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of mcu) {
  const ms = (cpi: number): string => ((r.stepMaxInsns * cpi) / (r.clockMHz * 1000)).toFixed(1);
  md.push(`| ${r.board} | ${r.machine} | ${(r.bistInsns / 1e6).toFixed(1)} | ${(r.raidInsns / 1e6).toFixed(1)} | ${(r.stepMedianInsns / 1e6).toFixed(2)} / ${(r.stepMaxInsns / 1e6).toFixed(2)} | ` +
    `${ms(r.cpi[0])}–${ms(r.cpi[1])} (CPI ${r.cpi[0]}–${r.cpi[1]}, ${r.clockMHz} MHz) | ${r.budgetMs} | ${r.flashKiB.toFixed(0)} | ${r.ramKiB.toFixed(0)} |`);
}
if (!mcu.length) md.push('| not run | | | | | | | | |');
md.push('', '### (e) Boards (build/boards.json)', '', '| board | precision | module KiB | pinned pages | used after init KiB | tracks | plots |', '|---|---|---:|---:|---:|---:|---:|');
for (const b of boards) md.push(`| ${b.board} | ${b.precision} | ${(b.moduleBytes / 1024).toFixed(1)} | ${b.pages} | ${(b.heapTopBytes / 1024).toFixed(1)} | ${b.tracks} | ${b.plots} |`);
md.push('', '### (f) Replay viewer scrubbing the Kyiv run log (headless Chromium, `parapet view`)', '');
md.push(viewer ? `${viewer.cycles} cycles, ${viewer.logMB.toFixed(0)} MB of run log, indexed in ${viewer.indexS.toFixed(1)} s; ${viewer.browser}, 1280 × 800. ` +
  `${viewer.sweeps} sweeps of ${viewer.positions} positions across the whole night, alternately forwards and backwards; each step seeks ` +
  `(request, parse, draw) and waits for the next animation frame (60 Hz at most). Frames/s per sweep: ${viewer.fps.median.toFixed(1)} median ` +
  `(${viewer.fps.lo.toFixed(1)}–${viewer.fps.hi.toFixed(1)}); a step: ${fmtMs(viewer.frameMs.median)} ms median, ${fmtMs(viewer.frameMs.hi)} ms at 90 %, ` +
  `${fmtMs(viewer.p95FrameMs)} ms at 95 %. One more sweep without waiting for animation frames (the step itself): ` +
  `${fmtMs(viewer.stepMs.median)} ms median, ${fmtMs(viewer.p95StepMs)} ms at 95 %.` : 'Chromium not found: not run.');
md.push('', '### (g) Command start-up: CPU time of the whole process (user + system), before and after the compiled host', '');
md.push('| command | compiled (bin/parapet.mjs) ms | through tsx ms | tsx / compiled |', '|---|---:|---:|---:|');
for (const r of startup) md.push(`| \`${r.command}\` | ${fmtMs(r.compiled.median)} (${fmtMs(r.compiled.lo)}–${fmtMs(r.compiled.hi)}) | ${fmtMs(r.tsx.median)} (${fmtMs(r.tsx.lo)}–${fmtMs(r.tsx.hi)}) | ${fmtRatio(r.ratio)} |`);
md.push('', `${C.startupRuns} runs of each, the two ways alternating; median (10–90 %). Compiled: \`npm run build\`'s dist/cli.js. ` +
  `Through tsx: \`node --import tsx host/cli.ts\`, what every command paid before, with tsx's cache filled. The small file is ${SMALL_CAPTURE}.`);
console.log(md.join('\n'));

mkdirSync(resolve(root, 'bench/results'), { recursive: true });
writeFileSync(resolve(root, 'bench/results/latest.json'), JSON.stringify({
  machine, config: C, durationS: (performance.now() - started) / 1000, targets, exponents: exps, cycle, lap, wta, asterix, replay, interp, mcu, viewer, startup, boards, errors,
}, null, 2) + '\n');
if (writeDocs) {
  const file = resolve(root, 'docs/performance.md');
  if (!readFileSync(file, 'utf8').includes('<!-- bench:begin -->')) errors.push('docs/performance.md: no <!-- bench:begin --> marker');
  const doc = readFileSync(file, 'utf8').replace(/<!-- bench:begin -->[\s\S]*?<!-- bench:end -->/,
    () => `<!-- bench:begin -->\n${md.join('\n')}\n<!-- bench:end -->`);
  writeFileSync(file, doc);
}
log(`bench: ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (errors.length) {
  const unique = [...new Set(errors)];
  console.error(`\nBENCH FAILED: ${unique.length} disagreement(s) or missing peer(s):\n${unique.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
