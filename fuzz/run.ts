// Coverage-guided fuzzing of the exact firmware: build/<board>.wasm compiled to C by Debian's wasm2c (wabt),
// linked with fuzz/harness.c and run by clang's libFuzzer under AddressSanitizer and UBSan.
//   npm run fuzz -- --seconds N | --runs N  [--board rp2040] [--corpus DIR] [--jobs N] [--keep-going]
// Prints the executions, the coverage (libFuzzer's cov: and ft:), the crashes and the timeouts, and exits
// non-zero when there is a finding. The corpus is kept in fuzz/corpus/<board> (seeded from recorded
// workloads, fuzz/seed-corpus.ts), findings in fuzz/out/<board>/findings/.
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedCorpus } from './seed-corpus.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FUZZ = join(ROOT, 'fuzz');

export interface Toolchain { wasm2c: string; clang: string; runtime: string }

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** wasm2c, its runtime sources and a clang whose -fsanitize=fuzzer links; or why not. */
export function toolchain(): Toolchain | string {
  const wasm2c = which('wasm2c');
  if (!wasm2c) return 'wasm2c is missing (Debian package wabt)';
  const runtime = ['/usr/share/wabt/wasm2c', '/usr/src/wasm2c', '/usr/local/share/wabt/wasm2c']
    .find((d) => existsSync(join(d, 'wasm-rt-impl.c')));
  if (!runtime) return "wasm2c's runtime wasm-rt-impl.c is missing (dpkg -L wabt)";
  for (const clang of ['clang', 'clang-19', 'clang-16', 'clang-15', 'clang-14']) {
    if (!which(clang)) continue;
    const probe = join(FUZZ, 'out', 'probe');
    mkdirSync(probe, { recursive: true });
    writeFileSync(join(probe, 'p.c'), 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n');
    const r = spawnSync(clang, ['-fsanitize=fuzzer,address,undefined', join(probe, 'p.c'), '-o', join(probe, 'p')], { encoding: 'utf8' });
    if (r.status === 0) return { wasm2c, clang, runtime };
  }
  return 'no clang with -fsanitize=fuzzer (Debian packages clang and libclang-rt-14-dev)';
}

/** wasm2c 1.0.32's own float helpers (wasm_fabs, wasm_fabsf on a NaN) clear the sign bit with a signed
 *  1ll << 63 and 1 << 31: undefined behaviour UBSan reports on the first NaN, in the translator's code, not
 *  the firmware's. The same bits, unsigned (docs/reliability.md). */
const WASM2C_PATCHES: [string, string][] = [['~(1ll << 63)', '~(1ull << 63)'], ['~(1 << 31)', '~(1u << 31)']];

/** Builds fuzz/out/<board>[-O<n>]/fuzz-firmware if the module, the harness or the toolchain changed (-O2 for
 *  campaigns; the CI test builds -O1, quicker to compile). */
export function buildFuzzer(board: string, tc: Toolchain, opt = 2): string {
  const wasm = join(ROOT, 'build', `${board}.wasm`);
  if (!existsSync(wasm)) throw new Error(`${wasm} is missing: run \`npm run build\``);
  const out = join(FUZZ, 'out', opt === 2 ? board : `${board}-O${opt}`);
  mkdirSync(out, { recursive: true });
  const exe = join(out, 'fuzz-firmware');
  const flags = [`-O${opt}`, '-g', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined',
    '-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0', `-I${tc.runtime}`, `-I${out}`];
  const key = createHash('sha256').update(readFileSync(wasm)).update(readFileSync(join(FUZZ, 'harness.c')))
    .update(tc.clang).update(flags.join(' ')).update(JSON.stringify(WASM2C_PATCHES)).digest('hex');
  const stamp = join(out, 'build.key');
  if (existsSync(exe) && existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return exe;
  const c = join(out, 'firmware.c');
  const w = spawnSync(tc.wasm2c, [wasm, '-n', 'firmware', '-o', c], { encoding: 'utf8' });
  if (w.status !== 0) throw new Error(`wasm2c failed: ${w.stderr}`);
  let text = readFileSync(c, 'utf8');
  for (const [from, to] of WASM2C_PATCHES) text = text.replaceAll(from, to);
  writeFileSync(c, text);
  process.stderr.write(`fuzz: compiling ${board}.wasm (wasm2c, ${tc.clang} with ASan, UBSan, libFuzzer)…\n`);
  const r = spawnSync(tc.clang, [...flags, join(FUZZ, 'harness.c'), c, join(tc.runtime, 'wasm-rt-impl.c'), '-lm', '-o', exe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang failed:\n${r.stderr}`);
  writeFileSync(stamp, key);
  return exe;
}

export interface FuzzResult {
  board: string; executions: number; cov: number; ft: number; corpus: number; crashes: number; timeouts: number;
  /** Timeouts that time out again when the input is run alone at normal priority (the others were the
   *  shared machine's load: libFuzzer's timeout is wall-clock); the slowest such re-run, s. */
  timeoutsConfirmed: number; slowestRerunS: number;
  ooms: number; sanitizerReports: number; traps: number; execPerSec: number; exitCode: number; log: string;
}

export interface FuzzOptions {
  board?: string; seconds?: number; runs?: number; corpus?: string; jobs?: number; keepGoing?: boolean; nice?: boolean; quiet?: boolean;
  /** Optimisation level of the build (2). */
  opt?: number;
  /** libFuzzer's -seed (random when absent). */
  seed?: number;
  /** Where findings go (fuzz/out/<board>/findings). */
  findings?: string;
  /** libFuzzer's -timeout, s (1). */
  timeoutS?: number;
  /** Read fuzz/regressions/ too (true). */
  regressions?: boolean;
}

export async function fuzz(o: FuzzOptions): Promise<FuzzResult> {
  const board = o.board ?? 'rp2040';
  const tc = toolchain();
  if (typeof tc === 'string') throw new Error(tc);
  const exe = buildFuzzer(board, tc, o.opt);
  const corpus = o.corpus ?? join(FUZZ, 'corpus', board);
  mkdirSync(corpus, { recursive: true });
  if (readdirSync(corpus).length === 0) seedCorpus(corpus, board);
  const findings = o.findings ?? join(FUZZ, 'out', board, 'findings');
  mkdirSync(findings, { recursive: true });
  const before = new Set(readdirSync(findings));
  // The findings of earlier campaigns are read too (libFuzzer writes new inputs to the first folder only).
  const regressions = join(FUZZ, 'regressions');
  const timeout = `-timeout=${o.timeoutS ?? 1}`;
  const args = [corpus, ...(o.regressions !== false && existsSync(regressions) ? [regressions] : []), '-print_final_stats=1', timeout, '-rss_limit_mb=2048', '-max_len=16384',
    `-artifact_prefix=${findings}/`, '-print_pcs=0', '-reload=0'];
  if (o.runs !== undefined) args.push(`-runs=${o.runs}`);
  if (o.seed !== undefined) args.push(`-seed=${o.seed}`);
  if (o.seconds !== undefined) args.push(`-max_total_time=${o.seconds}`);
  // Fork mode: the campaign goes on past a finding (each is kept in findings/ and counted).
  if (o.jobs && o.jobs > 0) args.push(`-fork=${o.jobs}`, '-ignore_crashes=1', '-ignore_timeouts=1', '-ignore_ooms=1');
  const cmd = o.nice ? 'nice' : exe;
  const argv = o.nice ? ['-n', '19', exe, ...args] : args;
  const env = { ...process.env, ASAN_OPTIONS: 'abort_on_error=1:detect_leaks=0', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
    ...(o.keepGoing ? { PARAPET_FUZZ_KEEP_GOING: '1' } : {}) };
  const log: string[] = [];
  const code: number = await new Promise((res) => {
    const p = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (b: Buffer) => { const s = b.toString(); log.push(s); if (!o.quiet) process.stderr.write(s); };
    p.stdout.on('data', take);
    p.stderr.on('data', take);
    p.on('close', (c) => res(c ?? 1));
  });
  const text = log.join('');
  const num = (re: RegExp) => { const m = [...text.matchAll(re)].at(-1); return m ? Number(m[1]) : 0; };
  const fresh = readdirSync(findings).filter((f) => !before.has(f));
  let timeoutsConfirmed = 0, slowestRerunS = 0;
  for (const f of fresh.filter((x) => x.startsWith('timeout-'))) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(exe, [timeout, '-runs=1', join(findings, f)], { env, encoding: 'utf8' });
    slowestRerunS = Math.max(slowestRerunS, Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0) timeoutsConfirmed++;
  }
  // The corpus's coverage, measured alike in both modes (fork mode's cov: counts differently): libFuzzer
  // loads the corpus and stops (-runs=0).
  const m = spawnSync(exe, [corpus, '-runs=0', '-timeout=10', '-max_len=16384'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const inited = [...(m.stderr ?? '').matchAll(/INITED cov: (\d+) ft: (\d+)/g)].at(-1);
  return {
    board,
    executions: num(/stat::number_of_executed_units:\s*(\d+)/g) || num(/#(\d+)(?::|\s+(?:DONE|pulse|NEW|REDUCE|INITED))/g),
    cov: inited ? Number(inited[1]) : num(/cov: (\d+)/g), ft: inited ? Number(inited[2]) : num(/ft: (\d+)/g), corpus: readdirSync(corpus).length,
    crashes: fresh.filter((f) => f.startsWith('crash-')).length, timeouts: fresh.filter((f) => f.startsWith('timeout-')).length,
    ooms: fresh.filter((f) => f.startsWith('oom-')).length, timeoutsConfirmed, slowestRerunS,
    sanitizerReports: (text.match(/ERROR: AddressSanitizer|runtime error:/g) ?? []).length,
    traps: (text.match(/parapet-fuzz: firmware trapped/g) ?? []).length,
    execPerSec: num(/stat::average_exec_per_sec:\s*(\d+)/g) || num(/exec\/s:? (\d+)/g), exitCode: code, log: text,
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = arg('--seconds'), runs = arg('--runs');
  const r = await fuzz({
    board: arg('--board'), seconds: seconds ? Number(seconds) : runs ? undefined : 20, runs: runs ? Number(runs) : undefined,
    corpus: arg('--corpus'), jobs: arg('--jobs') ? Number(arg('--jobs')) : undefined, keepGoing: process.argv.includes('--keep-going'),
    nice: process.argv.includes('--nice'), quiet: process.argv.includes('--quiet'),
  }).catch((e: Error) => { console.error(`fuzz: ${e.message}`); process.exit(2); });
  console.log(`fuzz ${r.board}: ${r.executions} executions (${r.execPerSec}/s), coverage cov ${r.cov} ft ${r.ft}, corpus ${r.corpus}, `
    + `crashes ${r.crashes}, timeouts ${r.timeouts} (${r.timeoutsConfirmed} again when re-run alone; slowest re-run ${r.slowestRerunS.toFixed(2)} s), `
    + `out-of-memory ${r.ooms}, sanitizer reports ${r.sanitizerReports}, firmware traps ${r.traps}`);
  process.exit(r.crashes + r.timeoutsConfirmed + r.ooms + r.sanitizerReports + r.traps > 0 ? 1 : 0);
}
