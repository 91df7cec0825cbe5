#!/usr/bin/env node
// Entry point of the `parapet` CLI: runs the compiled host, dist/cli.js (`npm run build` writes it from
// host/*.ts). In a clone it warns when host/ has changed since that build; an installed package has no host/.
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const stamp = new URL('dist/.built', root);
if (!existsSync(stamp)) {
  console.error('parapet: the compiled host (dist/) is missing: run `npm run build`');
  process.exit(1);
}
const sources = new URL('host/', root);
if (existsSync(sources)) {
  const built = statSync(stamp).mtimeMs;
  const changed = readdirSync(sources, { recursive: true, withFileTypes: true })
    .some((f) => f.isFile() && statSync(`${f.parentPath}/${f.name}`).mtimeMs > built);
  if (changed) console.error('parapet: host/ has changed since the last build: this runs the compiled host of dist/; `npm run build` updates it');
}
await import('../dist/cli.js');
