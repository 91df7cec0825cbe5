// The page (host/viewer/page/: index.html, TypeScript, CSS). Run from the TypeScript sources, it is built
// with Vite when the viewer starts, in memory (write: false): nothing to keep in step on disk. The compiled
// host (dist/, `npm run build`) reads the files that the build wrote beside it, dist/page/ (Vite
// is a development dependency). Either way the server can only ever hand out the files of this build, by
// exact name.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { COMPILED } from '../package-root.ts';

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

/** URL path ("/", "/assets/index-abc.js", …) → file of the build: the prebuilt page in the compiled host, a
 *  fresh build from the sources otherwise (which is how scripts/build-host.ts makes the prebuilt one). */
export async function buildPage(): Promise<Map<string, Asset>> {
  const assets = COMPILED ? prebuiltPage() : await pageFromSources();
  const index = assets.get('/index.html');
  if (!index) throw new Error('viewer page: the build has no index.html');
  assets.set('/', index);
  return assets;
}

const asset = (fileName: string, body: Buffer): Asset => ({ type: TYPES[fileName.split('.').pop() ?? ''] ?? 'application/octet-stream', body });

function prebuiltPage(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  let files: string[];
  try {
    files = readdirSync(ROOT, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
  } catch {
    throw new Error(`viewer page: ${ROOT} is missing (run \`npm run build\`)`);
  }
  for (const file of files) assets.set(`/${file.slice(ROOT.length)}`, asset(file, readFileSync(file)));
  return assets;
}

async function pageFromSources(): Promise<Map<string, Asset>> {
  const { build } = await import('vite');
  const out = await build({
    root: ROOT, configFile: false, logLevel: 'silent', base: '/', plugins: [browserOnly()],
    worker: { format: 'es', plugins: () => [browserOnly()] },
    build: { write: false, outDir: 'dist', emptyOutDir: false, modulePreload: false, reportCompressedSize: false },
  });
  const results = Array.isArray(out) ? out : [out];
  const assets = new Map<string, Asset>();
  for (const r of results) {
    if (!('output' in r)) throw new Error('viewer page: unexpected Vite build result');
    for (const f of r.output) assets.set(`/${f.fileName}`, asset(f.fileName, Buffer.from(f.type === 'chunk' ? f.code : f.source)));
  }
  return assets;
}
