// Where the package's own files are (build/<board>.wasm, boards/, scenarios/), whether the host runs from
// its TypeScript sources (host/, under vitest and tsx) or compiled by `npm run build` (dist/, what
// bin/parapet.mjs runs), in a clone or installed from the packed package.
import { resolve } from 'node:path';

/** True in the compiled host (dist/*.js), false in host/*.ts. */
export const COMPILED = !import.meta.url.endsWith('.ts');

/** The package root. This module is host/package-root.ts, or part of a file directly in dist/ (the build
 *  writes every file there, scripts/build-host.ts): either way one level below the root. */
export const ROOT = resolve(import.meta.dirname, '..');
