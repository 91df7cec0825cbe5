// The viewer's HTTP server: node:http on 127.0.0.1 only (a run log is not for the network). It answers
// the built page's files by exact name and the JSON API; anything else is 404, and any path that tries
// to climb out (.., encoded dots or slashes, backslashes, //) is 403 before any lookup.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRunIndex, frameAt, metaOf, type RunIndex } from './run-index.ts';
import { buildPage, type Asset } from './page-build.ts';

export interface Viewer { url: string; host: string; port: number; index: RunIndex; close(): Promise<void> }

const HOST = '127.0.0.1';

/** True for a request path that could name something outside the page and the API. */
export function suspiciousPath(raw: string): boolean {
  return /\.\.|%2e|%2f|%5c|%00|\\|\/\//i.test(raw);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
const json = (res: ServerResponse, status: number, v: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(v));

export async function startViewer(dir: string, opts: { port?: number } = {}): Promise<Viewer> {
  const [index, assets] = await Promise.all([buildRunIndex(dir), buildPage()]);
  const meta = JSON.stringify(metaOf(index));
  const handle = (req: IncomingMessage, res: ServerResponse, files: Map<string, Asset>) => {
    const raw = req.url ?? '/';
    const [path, query = ''] = raw.split('?', 2);
    if (suspiciousPath(path)) return json(res, 403, { error: 'forbidden path' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'GET only' });
    if (path === '/api/meta') return send(res, 200, 'application/json; charset=utf-8', meta);
    if (path === '/api/frame') {
      const t = Number(new URLSearchParams(query).get('t'));
      if (!Number.isFinite(t)) return json(res, 400, { error: 't (ms) required' });
      return json(res, 200, frameAt(index, t));
    }
    const file = files.get(path);
    if (!file) return json(res, 404, { error: 'not found' });
    send(res, 200, file.type, file.body);
  };
  const server = createServer((req, res) => {
    try { handle(req, res, assets); } catch (e) { json(res, 500, { error: (e as Error).message }); }
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(opts.port ?? 0, HOST, () => ok()); });
  const { address: host, port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`, host, port, index,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
