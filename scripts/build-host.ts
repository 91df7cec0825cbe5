// Compiles the TypeScript host to JavaScript in dist/ (part of `npm run build`), so that `parapet` starts on
// plain Node with no TypeScript loader: esbuild bundles host/cli.ts, and the simulator's worker thread
// (host/sim/loop-worker.ts), into dist/cli.js and dist/loop-worker.js. A module that a command imports when
// it runs (`await import(...)`) becomes a chunk of its own, so it is still loaded only then; packages stay
// in node_modules. Every file lands directly in dist/, one level below the package root as host/'s modules
// are (host/package-root.ts relies on that). The viewer's page is built here too, into dist/page/: Vite is
// a development dependency, and the compiled `parapet view` serves these files.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist');
/** Written last: the time of the build, which bin/parapet.mjs compares with the sources'. */
export const STAMP = join(DIST, '.built');

/** The modules that may find files from their own place (import.meta): they know where the bundle puts them.
 *  createRequire(import.meta.url) is fine anywhere (packages resolve alike from host/ and from dist/). */
const PLACED = new Set(['host/package-root.ts', 'host/sim/loop-runs.ts', 'host/viewer/page-build.ts']);

/** Refuses a module that would look for files relative to itself: in the bundle it is no longer where it was. */
function checkPlacement(): void {
  const bad = readdirSync(join(ROOT, 'host'), { recursive: true, encoding: 'utf8' })
    .map((f) => `host/${f.split('\\').join('/')}`)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('host/viewer/page/') && !PLACED.has(f))
    .filter((f) => /import\.meta\.(dirname|filename|url|resolve)/.test(readFileSync(join(ROOT, f), 'utf8').replaceAll('createRequire(import.meta.url)', '')));
  if (bad.length) {
    throw new Error(`${bad.join(', ')}: finds files from its own place (import.meta), which the bundle moves to dist/; ` +
      'take the package root from host/package-root.ts instead');
  }
}

/** Bundles the host into dist/; returns the number of files written. */
export async function buildHostJs(): Promise<number> {
  checkPlacement();
  rmSync(DIST, { recursive: true, force: true });
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'host/cli.ts', 'loop-worker': 'host/sim/loop-worker.ts' },
    outdir: DIST, entryNames: '[name]', chunkNames: '[name]-[hash]',
    bundle: true, splitting: true, packages: 'external', format: 'esm', platform: 'node', target: 'node20',
    charset: 'utf8', logLevel: 'warning', metafile: true,
  });
  return Object.keys(r.metafile.outputs).length;
}

/** Builds the viewer's page with Vite and writes its files under dist/page/. */
export async function buildViewerPage(): Promise<number> {
  const { buildPage } = await import('../host/viewer/page-build.ts');
  const out = join(DIST, 'page');
  let n = 0;
  for (const [path, asset] of await buildPage()) {
    if (path === '/') continue; // the same file as /index.html
    const file = join(out, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, asset.body);
    n++;
  }
  return n;
}

export async function buildHost(): Promise<void> {
  const t0 = performance.now();
  const files = await buildHostJs();
  const pageFiles = await buildViewerPage();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.log(`${relative(ROOT, DIST)}/  host ${files} files, viewer page ${pageFiles} files, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildHost();
