// Board bring-up check: the built-in self-test gives the same checksum in V8 and in the wabt reference
// interpreter, for every board (the interpreter can call only zero-argument exports, hence bist()).
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { Firmware, wasmPath } from '../host/firmware.ts';
import { listBoards } from '../host/boards/board.ts';

describe.each(listBoards())('board %s', (name) => {
  it('bist() in wasm-interp equals selftest(1, 60) in V8', () => {
    const out = execFileSync('wasm-interp', [wasmPath(name), '--run-all-exports', '--dummy-import-func'], { encoding: 'utf8' });
    const m = /bist\(\) => i32:(\d+)/.exec(out);
    expect(m, out).not.toBeNull();
    const interp = Number(m![1]) >>> 0;
    const v8 = Firmware.load(name).selftest(1, 60);
    expect(interp).toBe(v8);
    // The self-test really tracked: its raid's 24 targets hold confirmed tracks at the end.
    const fw = Firmware.load(name);
    fw.selftest(1, 60);
    expect(fw.stats().tracksConfirmed).toBe(24);
  }, 120_000);

  it('depends on the seed', () => {
    const fw = Firmware.load(name);
    expect(fw.selftest(1, 20)).not.toBe(fw.selftest(2, 20));
    expect(fw.selftest(1, 20)).toBe(fw.selftest(1, 20));
  });
});
