// The page (host/viewer/page/: index.html, TypeScript, CSS) is built with Vite when `parapet view` starts,
// in memory (write: false): nothing to keep in step on disk, and the server can only ever hand out the
// files of this build, by exact name.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

export interface Asset { type: string; body: Buffer }

const ROOT = fileURLToPath(new URL('./page/', import.meta.url));
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml',
};

const NODE_MODULES = new Set(builtinModules);
/** The page and the live worker run in the browser: a Node module in their graph fails the build by name
 *  (the simulator's Node-bound parts, fs and worker_threads, stay in host/firmware.ts, loop.ts, runlog.ts). */
const browserOnly = (): Plugin => ({
  name: 'parapet-browser-only', enforce: 'pre',
  resolveId(id, importer) {
    if (id.startsWith('node:') || NODE_MODULES.has(id)) this.error(`viewer page: ${importer ?? '?'} imports the Node module ${id}`);
    return null;
  },
});

/** URL path ("/", "/assets/index-abc.js", …) → file of the build. */
export async function buildPage(): Promise<Map<string, Asset>> {
  const out = await build({
    root: ROOT, configFile: false, logLevel: 'silent', base: '/', plugins: [browserOnly()],
    worker: { format: 'es', plugins: () => [browserOnly()] },
    build: { write: false, outDir: 'dist', emptyOutDir: false, modulePreload: false, reportCompressedSize: false },
  });
  const results = Array.isArray(out) ? out : [out];
  const assets = new Map<string, Asset>();
  for (const r of results) {
    if (!('output' in r)) throw new Error('viewer page: unexpected Vite build result');
    for (const f of r.output) {
      const body = Buffer.from(f.type === 'chunk' ? f.code : f.source);
      const ext = f.fileName.split('.').pop() ?? '';
      assets.set(`/${f.fileName}`, { type: TYPES[ext] ?? 'application/octet-stream', body });
    }
  }
  const index = assets.get('/index.html');
  if (!index) throw new Error('viewer page: the build has no index.html');
  assets.set('/', index);
  return assets;
}
