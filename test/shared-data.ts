// The shared recordings and instances (ASTERIX captures with their reference decodes, WTA instances with
// proven optima) are not part of the repository. They are looked for in one place: the folder named by
// PARAPET_SHARED_DATA, else ../shared/data beside the clone (where CI has them). A suite that needs them
// is declared with describeShared: when its folder is absent the suite is skipped, and a note on the
// console says which suite and why.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** The shared data folder: $PARAPET_SHARED_DATA (relative to the repository, or absolute), else ../shared/data. */
export const SHARED_DATA = resolve(ROOT, process.env.PARAPET_SHARED_DATA || '../shared/data');

/** A path inside the shared data folder. */
export const sharedPath = (...parts: string[]): string => join(SHARED_DATA, ...parts);

/** True when sharedPath(...parts) exists. */
export const hasShared = (...parts: string[]): boolean => existsSync(sharedPath(...parts));

/**
 * describe(name, fn) when the shared data has `sub` (a folder or file under it); otherwise the suite is
 * skipped with a note. The suite's body runs either way (that is how its tests are listed as skipped), so
 * it reads no shared file itself: its reads go in beforeAll or in the tests.
 */
export function describeShared(sub: string, name: string, fn: () => void): void {
  const present = hasShared(sub);
  if (!present) {
    console.warn(`skipped: "${name}" needs the shared data ${sharedPath(sub)}, which is absent ` +
      '(PARAPET_SHARED_DATA names the folder; by default ../shared/data beside the repository)');
  }
  describe.skipIf(!present)(name, fn);
}
