// What an interpreter costs: build/bench.wasm (the host build with the bench workloads) under wabt's
// wasm-interp (a plain interpreter, as on a microcontroller) against V8 on the same exports. wasm-interp
// calls only exports without arguments and runs them all in order, so benchRaid64 and benchRaid550
// (assembly/bench-abi.ts) carry a fixed raid with TEWA; an export's time is the gap between its output
// line and the line before, stdout being line-buffered through stdbuf. The checksums of both engines must
// agree: the same work was done.
import { spawn, spawnSync } from 'node:child_process';
import { wasmPath, Firmware } from '../host/firmware.ts';
import { pairedRatio, spread, type Spread } from './stats.ts';

export const INTERP_EXPORTS = ['benchRaid64', 'benchRaid550'] as const;
export const hasInterp = (): boolean => spawnSync('wasm-interp', ['--version'], { stdio: 'ignore' }).status === 0;

export interface InterpResult { name: string; targets: number; scans: number; v8: Spread; interp: Spread; ratio: Spread; checksum: number }

/** One wasm-interp run: per export, its result and the ms it took. */
function interpRun(wasm: string): Promise<Map<string, { ms: number; value: number }>> {
  return new Promise((resolve, reject) => {
    const proc = spawn('stdbuf', ['-oL', 'wasm-interp', wasm, '--run-all-exports', '--dummy-import-func']);
    const out = new Map<string, { ms: number; value: number }>();
    let last = performance.now(), buf = '';
    proc.stdout.on('data', (d: Buffer) => {
      const now = performance.now();
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const m = /^(\w+)\(\) => i32:(\d+)/.exec(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (m) out.set(m[1], { ms: now - last, value: Number(m[2]) >>> 0 });
        last = now;
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wasm-interp exited with ${code}`))));
  });
}

export async function measureInterp(runs: number): Promise<{ rows: InterpResult[]; errors: string[] }> {
  const fw = Firmware.load('bench');
  const ex = fw.exports as unknown as Record<string, () => number> & { BENCH_SCANS: WebAssembly.Global };
  const scans = Number(ex.BENCH_SCANS.value);
  const v8 = new Map<string, number[]>(), interp = new Map<string, number[]>(), sums = new Map<string, number>();
  const errors: string[] = [];
  for (const name of INTERP_EXPORTS) { v8.set(name, []); interp.set(name, []); sums.set(name, ex[name]() >>> 0); } // warm-up
  for (let r = 0; r < runs; r++) {
    for (const name of INTERP_EXPORTS) {
      const t0 = performance.now();
      const sum = ex[name]() >>> 0;
      v8.get(name)!.push(performance.now() - t0);
      if (sum !== sums.get(name)) errors.push(`${name}: V8 gave ${sum}, then ${sums.get(name)}`);
    }
    const got = await interpRun(wasmPath('bench'));
    for (const name of INTERP_EXPORTS) {
      const g = got.get(name);
      if (!g) { errors.push(`wasm-interp printed no result for ${name}`); continue; }
      if (g.value !== sums.get(name)) errors.push(`${name}: wasm-interp checksum ${g.value}, V8 ${sums.get(name)}`);
      interp.get(name)!.push(g.ms);
    }
  }
  const rows = INTERP_EXPORTS.map((name) => ({
    name, targets: Number(name.replace('benchRaid', '')), scans, v8: spread(v8.get(name)!), interp: spread(interp.get(name)!),
    ratio: pairedRatio(interp.get(name)!, v8.get(name)!), checksum: sums.get(name)!,
  }));
  return { rows, errors };
}
