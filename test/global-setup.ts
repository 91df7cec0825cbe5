// Once before the tests: the CLI tests start bin/parapet.mjs, which runs the compiled host of dist/. When a
// file under host/ or assembly/ is newer than that build, or there is none, the host is compiled again
// (scripts/build-host.ts, a few seconds), so that those tests run the sources under test. The firmware
// modules (build/*.wasm) are `npm run build`'s, as before.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildHost, STAMP } from '../scripts/build-host.ts';

const ROOT = resolve(import.meta.dirname, '..');

function newestSource(): number {
  let newest = 0;
  for (const dir of ['host', 'assembly']) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (f.isFile()) newest = Math.max(newest, statSync(join(f.parentPath, f.name)).mtimeMs);
    }
  }
  return newest;
}

export default async function setup(): Promise<void> {
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= newestSource()) return;
  await buildHost();
}
