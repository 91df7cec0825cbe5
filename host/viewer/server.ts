// The viewer's HTTP server: node:http on 127.0.0.1 only (a run log is not for the network). It answers
// the built page's files by exact name, the firmware module by exact name in live mode, and the JSON API;
// anything else is 404, and any path that tries to climb out (.., encoded dots or slashes, backslashes,
// //) is 403 before any lookup. A request whose Host header is not a loopback name is 403 too: a page on
// another site whose name the attacker rebinds to 127.0.0.1 (DNS rebinding) must not read the run log.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FirmwareError, wasmPath } from '../firmware.ts';
import type { DoctrineName } from '../sim/loop-core.ts';
import { loadScenario } from '../sim/scenario.ts';
import { frameJson } from './frame-index.ts';
import { buildRunIndex, type RunIndex } from './run-index.ts';
import { buildPage, type Asset } from './page-build.ts';

export interface Viewer { url: string; host: string; port: number; index: RunIndex | null; close(): Promise<void> }
/** Live mode: the scenario the page's worker simulates, instead of a run directory. */
export interface LiveOptions { scenario: string; seed?: number; doctrine?: DoctrineName; board?: string }

const HOST = '127.0.0.1';
const JSON_TYPE = 'application/json; charset=utf-8';
/** The one firmware module a live page may fetch: the board's, under this exact path. */
export const firmwarePath = (board: string) => `/firmware/${board}.wasm`;

/** True for a request path that could name something outside the page and the API. */
export function suspiciousPath(raw: string): boolean {
  return /\.\.|%2e|%2f|%5c|%00|\\|\/\//i.test(raw);
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** True for a Host header naming this server by a loopback name, with no port or the server's own. */
export function loopbackHost(header: string | undefined, port: number): boolean {
  if (header === undefined) return false;
  const m = /^(\[::1\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim().toLowerCase());
  if (!m || !LOOPBACK_NAMES.has(m[1])) return false;
  return m[2] === undefined || Number(m[2]) === port;
}

/** The t of /api/frame: a finite number of milliseconds, or null when it is missing or not one. */
export function frameTime(q: URLSearchParams): number | null {
  const s = q.get('t');
  if (s === null || !/^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(s)) return null;
  const t = Number(s);
  return Number.isFinite(t) ? t : null;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
const json = (res: ServerResponse, status: number, v: unknown) => send(res, status, JSON_TYPE, JSON.stringify(v));

/** What the server answers besides the page: a run directory's index, or a live run's scenario and firmware. */
interface Source { meta: string; events: string; index: RunIndex | null; files: Map<string, Asset> }

function liveSource(o: LiveOptions): Source {
  const board = o.board ?? 'host';
  const scenario = loadScenario(o.scenario); // checked here, so a bad file fails the command, not the page
  const file = wasmPath(board);
  let wasm: Buffer;
  try { wasm = readFileSync(file); } catch { throw new FirmwareError(`no firmware for board '${board}': ${file} is missing (run \`npm run build\`)`); }
  const meta = { live: true, label: scenario.name, file: o.scenario, scenario, seed: o.seed ?? scenario.seed, doctrine: o.doctrine ?? 'parapet', board, firmware: firmwarePath(board) };
  return { meta: JSON.stringify(meta), events: '', index: null, files: new Map([[firmwarePath(board), { type: 'application/wasm', body: wasm }]]) };
}

export async function startViewer(dir: string | null, opts: { port?: number; live?: LiveOptions } = {}): Promise<Viewer> {
  const sourceOf = async (): Promise<Source> => {
    if (opts.live) return liveSource(opts.live);
    const index = await buildRunIndex(dir!);
    const { engagements, kills, leaks } = index.frames.events;
    return { meta: JSON.stringify(index.meta), events: JSON.stringify({ engagements, kills, leaks }), index, files: new Map() };
  };
  const [source, page] = await Promise.all([sourceOf(), buildPage()]);
  let port = 0; // the listening port, set before the first request can arrive
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const [path, query = ''] = raw.split('?', 2);
    if (!loopbackHost(req.headers.host, port)) return json(res, 403, { error: 'forbidden host: the viewer answers only 127.0.0.1, localhost or [::1]' });
    if (suspiciousPath(path)) return json(res, 403, { error: 'forbidden path' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'GET only' });
    if (path === '/api/meta') return send(res, 200, JSON_TYPE, source.meta);
    if (path === '/api/events' && source.index) return send(res, 200, JSON_TYPE, source.events);
    if (path === '/api/frame' && source.index) {
      const q = new URLSearchParams(query);
      const t = frameTime(q);
      if (t === null) return json(res, 400, { error: 't (ms) required: /api/frame?t=<simulated time in ms, a finite number>' });
      return send(res, 200, JSON_TYPE, frameJson(source.index.frames, t, source.index.fadeMs, q.get('events') !== '0'));
    }
    const file = page.get(path) ?? source.files.get(path);
    if (!file) return json(res, 404, { error: 'not found' });
    send(res, 200, file.type, file.body);
  };
  const server = createServer((req, res) => {
    try { handle(req, res); } catch (e) { json(res, 500, { error: (e as Error).message }); }
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(opts.port ?? 0, HOST, () => ok()); });
  const { address: host } = server.address() as AddressInfo;
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`, host, port, index: source.index,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
