// Hardening of the host against hostile input: the viewer's Host check (DNS rebinding), its frame API's
// required t, and the run directory's files (regular files only, bounded, a last line without newline).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';

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
