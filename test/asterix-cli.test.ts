// `parapet decode`: JSON lines on stdout, errors with file and offset on
// stderr, and a failing exit status only when the file cannot be read.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register, runDecode } from '../host/commands/decode.ts';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { block, bytes, cat048Record, DATA_DIR } from './asterix-support.ts';
import { describeShared } from './shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'parapet-decode-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string, opts: Parameters<typeof runDecode>[1] = {}) {
  let out = '';
  let err = '';
  const status = runDecode(file, opts, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err, lines: out.trim() ? out.trim().split('\n') : [] };
}

describe('parapet decode', () => {
  it('lists each error with file name and byte offset, still exits 0', () => {
    const file = join(tmp, 'damaged.ast');
    const good = block(48, cat048Record(1, 2, 3));
    writeFileSync(file, bytes(good, [48, 0, 1], good));
    const r = run(file);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(2);
    expect(r.err).toContain(`${file}:${good.length}: block 1: CAT048 block: LEN 1 < 3`);
    expect(r.err).toMatch(/3 blocks, 2 records, 1 errors; 3 bytes skipped/);
  });

  it('fails when the file cannot be read', () => {
    const r = run(join(tmp, 'missing.ast'));
    expect(r.status).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/missing\.ast: cannot read/);
  });
});

describeShared('asterix', 'parapet decode on the shared recordings', () => {
  it('prints one JSON line per record, identical to the library decode', () => {
    const file = join(DATA_DIR, 'cat_034_048.pcap');
    const r = run(file, { jsonl: true });
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => JSON.parse(l))).toEqual(decodeAsterix(readFileSync(file)).records);
    expect(r.err).toMatch(/cat_034_048\.pcap: pcap, 120 blocks, 162 records, 0 errors/);
  });

  it('honours --format over detection', () => {
    const file = join(DATA_DIR, 'parsegps.gps');
    expect(run(file).lines).toHaveLength(18);
    const forced = run(file, { format: 'raw' });
    expect(forced.status).toBe(0);
    expect(forced.err).toMatch(/parsegps\.gps: raw,/);
  });

  it('registers on a commander program', async () => {
    const program = new Command('parapet').exitOverride();
    register(program);
    const writes: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((t) => { writes.push(String(t)); return true; });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['decode', join(DATA_DIR, 'jasterix_cat034ed1.26.bin'), '--format', 'auto', '--jsonl'], { from: 'user' });
      expect(process.exitCode ?? 0).toBe(0);
      expect(JSON.parse(writes.join(''))).toMatchObject({ cat: 34, cat034_mt: 2 });
      await expect(program.parseAsync(['decode', 'x', '--format', 'zip'], { from: 'user' })).rejects.toThrow(/zip/);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
