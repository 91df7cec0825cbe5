// The host's parsers of files and requests against hostile input (fast-check, fixed seeds and run counts):
// capture containers (pcap, pcapng, GPS recorder) with their headers and length fields mutated, through the
// ASTERIX decoder and the plot conversion; WTA instance files; and the viewer's HTTP server on loopback, a
// bounded number of raw requests. Each must return, or throw an Error that says what is wrong (never a
// TypeError or RangeError from inside, never a hang), and the server must answer every request and keep
// serving. (Random bytes and overwritten ASTERIX blocks themselves: asterix-malformed.test.ts.)
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { plotsFromAsterix } from '../host/sources/plots-from-asterix.ts';
import { parseInstance } from '../host/wta/instance.ts';
import { loadWtaFirmware, solveWta, type WtaExports } from '../host/wta/solve.ts';
import { startViewer, type Viewer } from '../host/viewer/server.ts';
import { simulate } from '../host/sim/loop.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { pcapFile, PcapngWriter, sampleFrames } from './pcap-support.ts';
import { campaign } from './fuzz-support.ts';

/** A clear error: an Error of the host's own making, with a message; not a JavaScript fault from inside. */
function expectClear(e: unknown, prefix?: string): void {
  expect(e).toBeInstanceOf(Error);
  expect(e).not.toBeInstanceOf(TypeError);
  expect(e).not.toBeInstanceOf(RangeError);
  expect((e as Error).message.length).toBeGreaterThan(0);
  if (prefix) expect((e as Error).message.startsWith(prefix), (e as Error).message).toBe(true);
}

// ---------------------------------------------------------------------------------------------------------
// Capture files

const frames = sampleFrames();
const CONTAINERS: [string, Uint8Array][] = [
  ['pcap', pcapFile(frames)],
  ['pcap big-endian, ns', pcapFile(frames, { bigEndian: true, nanoseconds: true })],
  ['pcapng', frames.reduce((w, f) => w.enhanced(f), new PcapngWriter().interface(1)).bytes()],
  ['pcapng big-endian', frames.reduce((w, f) => w.simple(f), new PcapngWriter(false).interface(1)).bytes()],
  ['gps', Uint8Array.from([...new Array(2200).fill(0), ...frames.slice(0, 3).flatMap((f) => [...f.slice(42), ...new Array(10).fill(0)])])],
];

/** Edits of a container: bytes overwritten (header and length fields weighted up: the first 64 bytes and
 *  32-bit values 0, 0xffffffff, 0x7fffffff, small and huge), a truncation, a repeated tail. */
const edit = (n: number) => fc.oneof(
  fc.tuple(fc.constant('byte' as const), fc.nat(n - 1), fc.integer({ min: 0, max: 255 })),
  fc.tuple(fc.constant('byte' as const), fc.nat(Math.min(63, n - 1)), fc.integer({ min: 0, max: 255 })),
  fc.tuple(fc.constant('u32' as const), fc.nat(Math.max(0, n - 4)), fc.constantFrom(0, 1, 3, 0xffffffff, 0x7fffffff, 0x10000, 65535, 1 << 30)),
  fc.tuple(fc.constant('cut' as const), fc.nat(n), fc.constant(0)),
);

function mutate(base: Uint8Array, edits: ['byte' | 'u32' | 'cut', number, number][]): Uint8Array {
  let buf = base.slice();
  for (const [kind, at, v] of edits) {
    if (kind === 'byte') buf[Math.min(at, buf.length - 1)] = v;
    else if (kind === 'u32' && at + 4 <= buf.length) new DataView(buf.buffer).setUint32(at, v >>> 0, at % 2 === 0);
    else if (kind === 'cut') buf = buf.slice(0, Math.min(at, buf.length));
  }
  return buf;
}

describe('capture files through the ASTERIX decoder and the plot conversion', () => {
  it.each(CONTAINERS)('%s with mutated headers and lengths: a result whose errors name offsets, or a clear error', (_name, base) => {
    expect(base.length).toBeGreaterThan(64);
    const { seed, numRuns } = campaign(300);
    let decoded = 0, thrown = 0;
    fc.assert(fc.property(fc.array(edit(base.length), { minLength: 1, maxLength: 5 }), fc.constantFrom('auto', 'raw', 'pcap', 'pcapng', 'gps') as fc.Arbitrary<'auto'>,
      (edits, format) => {
        const buf = mutate(base, edits);
        let r: ReturnType<typeof decodeAsterix>;
        try { r = decodeAsterix(buf, { format }); } catch (e) { expectClear(e); thrown++; return; }
        decoded++;
        expect(r.counts.records).toBe(r.records.length);
        expect(r.counts.errors).toBe(r.errors.length);
        for (const e of r.errors) { expect(e.offset).toBeGreaterThanOrEqual(0); expect(e.offset).toBeLessThanOrEqual(buf.length); expect(e.message.length).toBeGreaterThan(0); }
        for (const rec of r.records) expect(rec.offset).toBeLessThan(buf.length);
        try {
          const c = plotsFromAsterix(r.records);
          for (const p of c.plots) for (const v of [p.timeMs, p.range, p.az, p.el, p.x, p.y, p.z]) expect(Number.isFinite(v), JSON.stringify(p)).toBe(true);
        } catch (e) { expectClear(e); }
      }), { seed, numRuns });
    console.log(`capture fuzz ${_name}: ${decoded} decoded, ${thrown} refused with an error`);
  });
});

// ---------------------------------------------------------------------------------------------------------
// WTA instance files

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, -1, 1, 0.5, 1.0000001, 1e308, -1e308, 2 ** 53, '', '1', 'NaN', [], {}),
  fc.double(), fc.integer(), fc.string({ maxLength: 4 }),
);
const goodInstance = fc.record({
  m: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 6 }), seed: fc.nat(),
}).map(({ m, n, seed }) => {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  return {
    name: 'fuzz', weapons: Array.from({ length: m }, (_, i) => ({ id: `w${i}`, count: 1 + (i % 3) })),
    targets: Array.from({ length: n }, (_, j) => ({ id: `t${j}`, value: 10 + 90 * r() })),
    p: Array.from({ length: m }, () => Array.from({ length: n }, () => r())),
  } as Record<string, unknown>;
});
/** A path into the instance and the hostile value put there (or the key deleted). */
const instanceEdit = fc.tuple(
  fc.constantFrom('weapons', 'targets', 'p', 'name', 'known', '(root)'),
  fc.nat(8), fc.nat(8), fc.constantFrom('count', 'value', 'id', '*'), jsonValue, fc.boolean(),
);

function applyInstanceEdit(d: Record<string, unknown>, [key, i, j, field, v, del]: [string, number, number, string, unknown, boolean]): unknown {
  if (key === '(root)') return v;
  const x = d[key];
  if (!Array.isArray(x) || del && field === '*') { if (del) delete d[key]; else d[key] = v; return d; }
  const at = i % (x.length + 1);
  if (key === 'p' && Array.isArray(x[at]) && field !== '*') (x[at] as unknown[])[j % ((x[at] as unknown[]).length + 1)] = v;
  else if (field === '*' || typeof x[at] !== 'object' || x[at] === null) x[at] = v;
  else if (del) delete (x[at] as Record<string, unknown>)[field];
  else (x[at] as Record<string, unknown>)[field] = v;
  return d;
}

describe('WTA instance files', () => {
  let fw: WtaExports;
  beforeAll(async () => { fw = await loadWtaFirmware('host'); });

  it('hostile instances: a checked instance the solver takes, or an error naming the file and the field', () => {
    const { seed, numRuns } = campaign(400);
    let ok = 0, refused = 0;
    fc.assert(fc.property(goodInstance, fc.array(instanceEdit, { minLength: 0, maxLength: 3 }), fc.nat(6), (inst, edits, damage) => {
      let doc: unknown = structuredClone(inst);
      for (const e of edits) if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) doc = applyInstanceEdit(doc as Record<string, unknown>, e);
      let text = JSON.stringify(doc) ?? 'undefined';
      if (damage === 0) text = text.slice(0, Math.floor(text.length / 2)); // a truncated file
      let parsed: ReturnType<typeof parseInstance>;
      try { parsed = parseInstance(text, 'fuzz.json'); } catch (e) { expectClear(e, 'fuzz.json: '); refused++; return; }
      for (const row of parsed.p) for (const x of row) expect(x >= 0 && x <= 1).toBe(true);
      expect(parsed.p.length).toBe(parsed.weapons.length);
      try {
        const s = solveWta(fw, parsed, { work: 2000 });
        expect(Number.isFinite(s.objective)).toBe(true);
        ok++;
      } catch (e) { expectClear(e); refused++; }
    }), { seed, numRuns });
    console.log(`WTA instance fuzz: ${ok} solved, ${refused} refused with an error`);
    expect(ok).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The viewer's HTTP server (127.0.0.1 only)

/** One raw request on its own connection; the whole answer, or '' when the server closed without one. A
 *  server that never answers fails the test at its timeout. */
function rawRequest(port: number, bytes: Uint8Array): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1', () => s.end(bytes));
    s.on('data', (c) => chunks.push(c));
    s.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? ok(Buffer.concat(chunks).toString('latin1')) : fail(e)));
    s.on('close', () => ok(Buffer.concat(chunks).toString('latin1')));
  });
}

const pathPart = fc.oneof(
  fc.constantFrom('/', '/api/meta', '/api/events', '/api/frame', '/index.html', '/firmware/host.wasm', '/assets/', '/api/', '//etc/passwd',
    '/../../etc/passwd', '/%2e%2e/', '/%2F', '/%00', '/\\..\\', '/api/frame?t=', '/api/frame?t=NaN', '/api/frame?t=1e308', '/api/frame?t=-1e308',
    '/api/frame?t=0&events=0', '/api/frame?t=5e3&t=1', '/?%zz', '/%', '/%e2%82', '/\u00e9', '*', 'http://127.0.0.1/', ''),
  fc.string({ maxLength: 40 }).map((s) => `/${s}`),
  fc.array(fc.constantFrom('a', '/', '.', '%', '?', '&', '=', 't', '0', '9', '\u0000', ' ', '\r', '\n', '\u00ff'), { maxLength: 60 }).map((a) => `/${a.join('')}`),
  fc.integer({ min: 1, max: 6 }).map((k) => `/api/frame?t=${'9'.repeat(10 ** k / 10)}`),
);
const request = fc.record({
  method: fc.oneof({ weight: 6, arbitrary: fc.constant('GET') },
    fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'GET\u0000', 'get', 'G E T', '')),
  path: pathPart,
  version: fc.oneof({ weight: 6, arbitrary: fc.constant('HTTP/1.1') }, fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'FOO', '')),
  headers: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant('Host: 127.0.0.1') }, fc.constantFrom('Host: 127.0.0.1', 'Content-Length: 5', 'Content-Length: -1', 'Content-Length: 99999999999',
    'Transfer-Encoding: chunked', 'Connection: keep-alive', 'Expect: 100-continue', `X-Long: ${'x'.repeat(20_000)}`, 'Bad Header', ':', 'Range: bytes=0-1')), { minLength: 1, maxLength: 4 }),
  body: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }), fc.constant('0\r\n\r\n')),
  cut: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(60) }),
});

describe('the viewer HTTP server', () => {
  let viewer: Viewer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parapet-fuzz-view-'));
    simulate(loadScenario('scenarios/teach-single-drone.json'), { out: join(dir, 'run'), untilS: 300 });
    viewer = await startViewer(join(dir, 'run'), { port: 0 });
  });
  afterAll(async () => { await viewer?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('answers every hostile request (or closes it as malformed) and keeps serving', async () => {
    const { seed, numRuns } = campaign(150); // requests, each on its own connection
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(request, async (q) => {
      let text = `${q.method} ${q.path} ${q.version}\r\n${q.headers.join('\r\n')}${q.headers.length ? '\r\n' : ''}\r\n${q.body}`;
      if (q.cut !== null) text = text.slice(0, q.cut);
      const answer = await rawRequest(viewer.port, Buffer.from(text, 'latin1'));
      if (answer === '') return; // closed: a truncated request
      // An informational answer (100 Continue to an Expect) comes before the final one.
      const m = /^(?:HTTP\/1\.[01] 1\d\d [^\r]*\r\n\r\n)*HTTP\/1\.[01] (\d{3}) /.exec(answer);
      expect(m, answer.slice(0, 200)).not.toBeNull();
      const status = Number(m![1]);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // 500 is the handler's own catch: an exception from inside is a bug, never an answer.
      expect([200, 400, 403, 404, 405, 408, 413, 417, 431, 501, 505]).toContain(status);
      if (/^\S+ [^ ]*(\.\.|%2e|%2f|%5c|%00|\\|\/\/)/i.test(text) && status === 200) throw new Error(`a climbing path was served: ${q.path}`);
    }), { seed, numRuns });
    console.log(`viewer fuzz: statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    const meta = await rawRequest(viewer.port, Buffer.from('GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    expect(meta).toMatch(/^HTTP\/1\.1 200 /);
  }, 240_000);
});
