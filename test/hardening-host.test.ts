// Hardening of the host against hostile input: the viewer's Host check (DNS rebinding), its frame API's
// required t, and the run directory's files (regular files only, bounded, a last line without newline).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'parapet.mjs');
const parapet = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

const tmp = mkdtempSync(join(tmpdir(), 'parapet-hard-'));
const run = join(tmp, 'run');
let viewer: Viewer;

/** A GET with the Host header as given (fetch() will not let a test set it). */
const withHost = (v: Viewer, path: string, host: string) => new Promise<{ status: number; body: string }>((ok, fail) => {
  const req = request({ host: v.host, port: v.port, path, method: 'GET', headers: { host } }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body }));
  });
  req.on('error', fail).end();
});

beforeAll(async () => {
  simulate(loadScenario('scenarios/teach-mixed-wave.json'), { out: run });
  viewer = await startViewer(run, { port: 0 });
});
afterAll(async () => {
  await viewer?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('viewer: Host header', () => {
  it('answers loopback names, with or without its port', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', `127.0.0.1:${viewer.port}`, `localhost:${viewer.port}`, `[::1]:${viewer.port}`, 'LOCALHOST']) {
      expect((await withHost(viewer, '/api/meta', host)).status, host).toBe(200);
    }
  });
  it('refuses any other name (a DNS-rebinding page) with 403', async () => {
    for (const host of ['evil.example', `evil.example:${viewer.port}`, '127.0.0.1.evil.example', 'localhost.', '10.0.0.1', `127.0.0.1:${viewer.port + 1}`, 'localhost:abc', '[::2]']) {
      const r = await withHost(viewer, '/api/meta', host);
      expect(r.status, host).toBe(403);
      expect(r.body, host).not.toContain('cycles');
    }
  });
});

describe('viewer: /api/frame needs t', () => {
  it('400 with a clear message for a missing, empty or non-numeric t', async () => {
    for (const q of ['', '?t=', '?t=abc', '?events=0', '?t=%20', '?t=Infinity', '?t=1e999']) {
      const r = await withHost(viewer, `/api/frame${q}`, '127.0.0.1');
      expect(r.status, q).toBe(400);
      expect(JSON.parse(r.body).error, q).toMatch(/t .*required|t must be/);
    }
    expect((await withHost(viewer, '/api/frame?t=0', '127.0.0.1')).status).toBe(200);
  });
});

describe('viewer: the run directory\'s files', () => {
  const copy = (name: string) => {
    const d = join(tmp, name);
    cpSync(run, d, { recursive: true });
    return d;
  };
  it('refuses a FIFO in the run directory instead of hanging', async () => {
    for (const f of ['tracks.jsonl', 'meta.json']) {
      const d = copy(`fifo-${f}`);
      rmSync(join(d, f));
      execFileSync('mkfifo', [join(d, f)]);
      await expect(startViewer(d, { port: 0 })).rejects.toThrow(/not a regular file/);
    }
  });
  it('serves a log whose last line has no newline', async () => {
    const d = copy('no-newline');
    for (const f of ['tracks.jsonl', 'threats.jsonl', 'world.jsonl', 'outcomes.jsonl']) {
      writeFileSync(join(d, f), readFileSync(join(d, f), 'utf8').replace(/\n+$/, ''));
    }
    const v = await startViewer(d, { port: 0 });
    try {
      expect((await withHost(v, '/api/meta', '127.0.0.1')).status).toBe(200);
      expect((await withHost(v, '/api/frame?t=0', '127.0.0.1')).status).toBe(200);
    } finally { await v.close(); }
  });
  it('refuses a file over the size limit, naming it', async () => {
    const d = copy('big');
    const { MAX_JSON_BYTES } = await import('../host/report/jsonl.ts');
    writeFileSync(join(d, 'meta.json'), Buffer.alloc(MAX_JSON_BYTES + 1, 0x20));
    await expect(startViewer(d, { port: 0 })).rejects.toThrow(/meta\.json.*larger than/);
  });
});

describe('wta solve: numbers that overflow, objectives that are not finite, files too large', () => {
  const write = (name: string, text: string) => {
    const f = join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  it('names a field that overflows to Infinity as not a finite number', () => {
    const cases: [string, string][] = [
      ['{"weapons":[{"count":1}],"targets":[{"value":1}],"p":[[1e999]]}', 'p[0][0]'],
      ['{"weapons":[{"count":1}],"targets":[{"value":1e999}],"p":[[0.5]]}', 'targets[0].value'],
      ['{"weapons":[{"count":1e999}],"targets":[{"value":1}],"p":[[0.5]]}', 'weapons[0].count'],
    ];
    cases.forEach(([text, field], k) => {
      const r = parapet('wta', 'solve', write(`inf-${k}.json`, text));
      expect(r.status, field).toBe(1);
      expect(r.stderr, field).toContain(`${field}: not a finite number`);
      expect(r.stderr, field).not.toContain('null');
    });
  });
  it('an objective that is not finite is an error, not "objective": null with exit 0', () => {
    const r = parapet('wta', 'solve', write('huge-values.json', '{"weapons":[{"count":1}],"targets":[{"value":1.7e308},{"value":1.7e308}],"p":[[0,0]]}'));
    expect(r.stdout).not.toContain('"objective":null');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/objective is not finite/);
  });
  it('refuses an instance larger than the firmware takes by its size, saying the limit', () => {
    const m = 5000, n = 5000;
    const row = '[' + Array(n).fill('0.5').join(',') + ']';
    const text = `{"weapons":[${Array(m).fill('{"count":1}').join(',')}],"targets":[${Array(n).fill('{"value":1}').join(',')}],"p":[${Array(m).fill(row).join(',')}]}`;
    const r = parapet('wta', 'solve', write('huge.json', text));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/huge\.json: \d+ bytes, larger than any instance the firmware's solver takes \(256 weapons × 1024 targets: at most \d+ bytes\)/);
  });
});
