// The key of the authenticated link on the host (docs/security.md): read from a file named by --key-file
// or $PARAPET_KEY_FILE, never from the command line or the environment itself; refused when the file is
// readable by anyone but its owner. HMAC-SHA-256 is Node's (createHmac).
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as P from '../../assembly/protocol.ts';
import { LinkAuth, epochMicros, type LinkAuthOptions, type MacFn } from './auth.ts';
import { FirmwareLink } from './firmware-link.ts';
import type { Firmware } from '../firmware-module.ts';

export const KEY_FILE_ENV = 'PARAPET_KEY_FILE';

/** HMAC-SHA-256 under `key`, Node's. */
export function nodeMac(key: Uint8Array): MacFn {
  const k = Buffer.from(key);
  return (data) => new Uint8Array(createHmac('sha256', k).update(data).digest());
}

/** The host's end of a link under `key`; `live`: counters seeded from the clock (a serial line). */
export function linkAuth(key: Uint8Array, live = false): LinkAuth {
  const opts: LinkAuthOptions = live ? { clock: epochMicros } : {};
  return new LinkAuth(nodeMac(key), opts);
}

/** A fresh random key (a simulation's per-run key). */
export function randomKey(): Uint8Array { return new Uint8Array(randomBytes(P.AUTH_KEY_BYTES)); }

/** Reads a key file: 32 raw bytes, or 64 hexadecimal digits (whitespace around them allowed). Refuses a
 *  file that its group or others may read or write, and a blank key. */
export function readKeyFile(path: string): Uint8Array {
  let mode: number;
  try { mode = statSync(path).mode; } catch (e) { throw new Error(`key file ${path}: ${(e as Error).message}`); }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`key file ${path}: its mode is ${(mode & 0o777).toString(8)}, so others may read it; \`chmod 600 ${path}\``);
  }
  const bytes = readFileSync(path);
  const text = bytes.toString('latin1').trim();
  let key: Uint8Array;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = new Uint8Array(Buffer.from(text, 'hex'));
  else if (bytes.length === P.AUTH_KEY_BYTES) key = new Uint8Array(bytes);
  else throw new Error(`key file ${path}: must hold ${P.AUTH_KEY_BYTES} raw bytes or ${2 * P.AUTH_KEY_BYTES} hexadecimal digits`);
  if (key.every((b) => b === key[0])) throw new Error(`key file ${path}: the key is blank (one byte repeated)`);
  return key;
}

/** The key named by `--key-file` or else $PARAPET_KEY_FILE, with where it came from; null when neither is set. */
export function keyFromOptions(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): { key: Uint8Array; source: string } | null {
  const path = keyFile ?? env[KEY_FILE_ENV];
  if (!path) return null;
  return { key: readKeyFile(path), source: keyFile ? `--key-file ${path}` : `$${KEY_FILE_ENV} (${path})` };
}

/** The warning a command prints when it runs the link without a key. */
export const NO_KEY_WARNING = `warning: no key (--key-file or $${KEY_FILE_ENV}): control and ORDER frames go `
  + 'unauthenticated, and anyone on the line can reconfigure the battery (development mode; docs/security.md)';

/**
 * Provisions `fw` and returns the host's link to it under the same key: `key` undefined gives a fresh
 * random key for this run (the in-process runs, simulate and replay, always take the authenticated path;
 * no tag or counter reaches their outputs, so a seed's outputs stay byte-identical), null development mode.
 */
export function provisionedLink(fw: Firmware, key?: Uint8Array | null): FirmwareLink {
  const k = key === undefined ? randomKey() : key;
  if (!k) return new FirmwareLink(fw);
  fw.provision(k);
  return new FirmwareLink(fw, linkAuth(k));
}

/** The firmware's counter marks as a runner keeps them between its restarts (docs/security.md). */
export interface CounterMarks { in: bigint; out: bigint }

/** Frames the firmware may send between two writes of the marks: a restart's outgoing floor is the last
 *  mark written plus this, so it starts above anything sent since. */
export const COUNTER_RESERVE = 1n << 20n;

/** Reads a counter file ({"in": "<decimal>", "out": "<decimal>"}); null when there is none yet. */
export function readCounterFile(path: string): CounterMarks | null {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`counter file ${path}: ${(e as Error).message}`);
  }
  try {
    const j = JSON.parse(text) as { in: string; out: string };
    const m = { in: BigInt(j.in), out: BigInt(j.out) };
    if (m.in < 0n || m.out < 0n) throw new Error('negative');
    return m;
  } catch (e) {
    throw new Error(`counter file ${path}: not {"in": "<decimal>", "out": "<decimal>"} (${(e as Error).message})`);
  }
}

/** Writes the marks, whole or not at all (a temporary file renamed over it), readable by the owner only. */
export function writeCounterFile(path: string, m: CounterMarks): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify({ in: m.in.toString(), out: m.out.toString() }) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
