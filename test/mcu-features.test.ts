// Modules every microcontroller runtime accepts: each built module's instructions and structure against
// what wasm3 and WAMR as their embedded ports accept (mcu/features.ts), with byte-identical outputs to a
// build that keeps the saturating conversions; and a bist() that fails an engine whose floating point is
// not IEEE 754 (a build with one operation of the Kalman update off by an ulp gives another checksum).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBoards, loadBoard, disabledFeatures } from '../host/boards/board.ts';
import { moduleFeatures, RUNTIME_FEATURES, WASM3_MAX_EXPORT_NAMES } from '../mcu/features.ts';
import { rng } from '../mcu/raid.ts';

const ROOT = resolve(import.meta.dirname, '..');
const haveWabt = spawnSync('wasm-objdump', ['--version']).status === 0;
if (!haveWabt) console.log('mcu-features: skipped, wabt (wasm-objdump) not installed');

type Exports = Record<string, (...a: number[]) => number>;
async function exportsOf(file: string): Promise<Exports> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  return instance.exports as unknown as Exports;
}

describe.skipIf(!haveWabt)('features each built module uses', () => {
  it.each(listBoards())('board %s', (name) => {
    const board = loadBoard(name);
    const { features, ops, facts } = moduleFeatures(join(ROOT, 'build', `${name}.wasm`));
    const listed = [...features].sort();
    console.log(`${name} (${board.runtime}): ${listed.join(', ')}; ${ops.size} distinct instructions`);
    expect(features.has('unknown'), [...ops.keys()].join(' ')).toBe(false);
    expect(facts.imports).toBe(0);
    expect(facts.memory).toEqual({ initial: board.memoryPages, maximum: board.memoryPages });
    if (board.runtime === 'v8') return;
    // The board may move between the two interpreters: its module must suit both.
    for (const rt of ['wasm3', 'wamr'] as const) {
      const unsupported = listed.filter((f) => !RUNTIME_FEATURES[rt].includes(f as never));
      expect(unsupported, `${name} needs features ${rt} lacks`).toEqual([]);
    }
    for (const f of disabledFeatures(board)) expect(features.has(f as never)).toBe(false);
    const crowded = [...facts.exportNames.values()].filter((n) => n.length > WASM3_MAX_EXPORT_NAMES);
    expect(crowded, 'functions with more export names than wasm3 keeps').toEqual([]);
  });
});

// Two variant builds of the rp2040 board in a temporary folder: the saturating conversions kept
// (--all-features), and one Kalman-update operation perturbed by an ulp (a source patch in a copy of assembly/).
describe.skipIf(!haveWabt)('variant builds', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'parapet-mcu-features-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  // The two builds run side by side (one compiler each).
  const build = (out: string, ...extra: string[]): Promise<void> => new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-boards.ts'), '--out', out, ...extra, 'rp2040'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d) => { err += d; });
    p.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`build-boards ${extra.join(' ')}: ${err}`))));
  });
  const src = join(tmp, 'assembly');
  beforeAll(async () => {
    cpSync(join(ROOT, 'assembly'), src, { recursive: true });
    const file = join(src, 'track', 'update.ts');
    const text = readFileSync(file, 'utf8');
    const exact = 'const inv = <real>1 / det;';
    expect(text).toContain(exact);
    // 1/det one ulp high (f32): what a divide by reciprocal approximation gives.
    writeFileSync(file, text.replace(exact, 'const inv = (<real>1 / det) * (<real>1 + <real>1.1920929e-7);'));
    await Promise.all([build(join(tmp, 'sat'), '--all-features'), build(join(tmp, 'ulp'), '--src', src)]);
  }, 240_000);

  it('the rp2040 module without saturating conversions sends the same bytes as the build with them', async () => {
    const sat = join(tmp, 'sat', 'rp2040.wasm');
    expect(moduleFeatures(sat).features.has('nontrapping-f2i')).toBe(true);
    expect(moduleFeatures(join(ROOT, 'build', 'rp2040.wasm')).features.has('nontrapping-f2i')).toBe(false);
    const a = await exportsOf(join(ROOT, 'build', 'rp2040.wasm'));
    const b = await exportsOf(sat);
    for (const run of [(e: Exports) => e.bist(), (e: Exports) => e.selftest(7, 90), (e: Exports) => e.benchRaid64(), (e: Exports) => e.benchRaid550()]) {
      expect(run(a) >>> 0).toBe(run(b) >>> 0);
    }
  });

  it('bist() tells an engine whose Kalman update is an ulp off', async () => {
    const good = await exportsOf(join(ROOT, 'build', 'rp2040.wasm'));
    const off = await exportsOf(join(tmp, 'ulp', 'rp2040.wasm'));
    const g = good.bist() >>> 0, o = off.bist() >>> 0;
    console.log(`rp2040 bist(): IEEE ${g}, 1/det an ulp high ${o}`);
    expect(o).not.toBe(g);
    // The perturbed engine still tracks the whole raid: only the exact state tells it apart.
    expect(off.stat(10)).toBe(good.stat(10));
  });
});


// truncSat (assembly/util/trunc.ts) is i32.trunc_sat_f64_s from MVP operations: the same integer for every
// input, against the instruction itself (a module from wabt's wat2wasm, run by V8).
describe.skipIf(!haveWabt)('truncSat', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'parapet-truncsat-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('equals i32.trunc_sat_f64_s on the edges and on random doubles', async () => {
    writeFileSync(join(tmp, 'sat.wat'), '(module (func (export "sat") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s))');
    execFileSync('wat2wasm', [join(tmp, 'sat.wat'), '-o', join(tmp, 'sat.wasm')]);
    cpSync(join(ROOT, 'assembly', 'util', 'trunc.ts'), join(tmp, 'trunc.ts'));
    writeFileSync(join(tmp, 'main.ts'), 'import { truncSat } from "./trunc";\nexport function mvp(x: f64): i32 { return truncSat(x); }\n');
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'assemblyscript', 'bin', 'asc.js'), join(tmp, 'main.ts'), '--outFile', join(tmp, 'mvp.wasm'),
      '--runtime', 'stub', '-O3', '--disable', 'nontrapping-f2i,bulk-memory'], { cwd: ROOT, stdio: 'pipe' });
    expect(moduleFeatures(join(tmp, 'mvp.wasm')).features.has('nontrapping-f2i')).toBe(false);
    const sat = (await exportsOf(join(tmp, 'sat.wasm'))).sat, mvp = (await exportsOf(join(tmp, 'mvp.wasm'))).mvp;
    const edges = [NaN, -NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 0.5, -0.5, 0.9999999999999999, -0.9999999999999999,
      // biome-ignore lint/correctness/noPrecisionLoss: the edge cases are the doubles these literals round to
      2147483647, 2147483647.5, 2147483647.9999998, 2147483648, 2147483648.0000005, -2147483648, -2147483648.5, -2147483648.9999998,
      -2147483649, -2147483649.0000005, 1e300, -1e300, 3.4028234663852886e38, 1e10, -1e10];
    const rnd = rng(0x5eed);
    const random = Array.from({ length: 20000 }, (_, i) => {
      const mag = 2 ** (rnd() * 70 - 20) * (rnd() < 0.5 ? -1 : 1);
      return i % 2 ? mag : Math.round(mag) + (rnd() - 0.5) * 2;
    });
    for (const x of [...edges, ...random]) expect(mvp(x), String(x)).toBe(sat(x));
  });
});
