// The firmware loaded from build/<board>.wasm. The wrapper itself is host/firmware-module.ts, which has no
// Node imports so that the viewer's browser worker can bundle it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Firmware as WasmFirmware, FirmwareError } from './firmware-module.ts';
import { ROOT } from './package-root.ts';

export { FirmwareError, STAT_NAMES, type FirmwareExports } from './firmware-module.ts';

export { ROOT };

export function wasmPath(board: string): string {
  return resolve(ROOT, 'build', `${board}.wasm`);
}

/** The wrapper with a loader from disk; a subclass so that every caller keeps `Firmware.load`. */
export class Firmware extends WasmFirmware {
  /** Loads build/<board>.wasm (run `npm run build` first), or the given bytes, and calls init(). */
  static load(board = 'host', wasm?: Uint8Array): Firmware {
    const file = wasmPath(board);
    if (!wasm && !existsSync(file)) {
      throw new FirmwareError(`no firmware for board '${board}': ${file} is missing (run \`npm run build\`)`);
    }
    return WasmFirmware.fromBytes(board, wasm ?? readFileSync(file));
  }
}
