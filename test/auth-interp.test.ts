// The RFC 4231 HMAC-SHA-256 vectors inside the firmware, on every board, in the wabt reference interpreter
// (which runs only zero-argument exports: authVectors() is one, as bist() is) and in V8: every check passes.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as P from '../assembly/protocol.ts';
import { Firmware, wasmPath } from '../host/firmware.ts';
import { listBoards } from '../host/boards/board.ts';

describe.each(listBoards())('board %s', (name) => {
  it('authVectors() passes every check in wasm-interp and in V8', () => {
    const out = execFileSync('wasm-interp', [wasmPath(name), '--run-all-exports', '--dummy-import-func'], { encoding: 'utf8' });
    const m = /authVectors\(\) => i32:(\d+)/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1]) >>> 0).toBe(P.AUTH_VECTORS_PASS);
    expect(Firmware.load(name).exports.authVectors() >>> 0).toBe(P.AUTH_VECTORS_PASS);
  }, 120_000);
});
