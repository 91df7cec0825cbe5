// A static weapon–target assignment instance (docs/wta.md): weapons with round counts, targets with values,
// and the kill probability of one round of each weapon on each target. This module reads and checks one;
// every error names the file and the JSON path of the offending field, e.g. `p[3][7]`.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

export interface WtaWeapon { id: string; count: number }
export interface WtaTarget { id: string; value: number }

export interface WtaInstance {
  name: string;
  weapons: WtaWeapon[];
  targets: WtaTarget[];
  /** p[i][j]: kill probability of one round of weapon i on target j. */
  p: number[][];
  /** What is known about the instance (a proven optimum, for instance); carried through unchecked. */
  known?: { optimal_value?: number; [key: string]: unknown };
  generator?: { scheme?: string; [key: string]: unknown };
}

type Json = unknown;
const isObject = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A number JSON.parse read as ±Infinity (a literal such as 1e999 overflows): named as such, not as `null`. */
const overflow = (x: Json): boolean => typeof x === 'number' && !Number.isFinite(x) && !Number.isNaN(x);

/**
 * The largest instance file read for a solver of maxWeapons × maxTargets: a generous 64 bytes per
 * probability (a 17-digit decimal with its separator and indentation takes about 25) and 256 per weapon and
 * target, plus 64 KiB for the rest. A file over it cannot hold an instance the firmware takes, and is refused
 * before it is read and parsed whole.
 */
export function instanceByteLimit(maxWeapons: number, maxTargets: number): number {
  return maxWeapons * maxTargets * 64 + (maxWeapons + maxTargets) * 256 + 65536;
}

/** Checks an already parsed instance; `file` only labels the errors. */
export function checkInstance(data: Json, file: string): WtaInstance {
  const fail = (path: string, why: string): never => { throw new Error(`${file}: ${path}: ${why}`); };
  if (!isObject(data)) fail('(root)', 'expected an object');
  const d = data as Record<string, Json>;
  const list = (key: string): Json[] => {
    const v = d[key];
    if (!Array.isArray(v)) return fail(key, 'expected an array');
    if (v.length === 0) fail(key, 'is empty');
    return v;
  };
  const weapons = list('weapons').map((w, i): WtaWeapon => {
    const at = `weapons[${i}]`;
    if (!isObject(w)) return fail(at, 'expected an object');
    const count = w.count ?? 1; // one round unless stated
    if (overflow(count)) fail(`${at}.count`, 'not a finite number (it overflows to Infinity)');
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) fail(`${at}.count`, `${JSON.stringify(count)} is not a non-negative integer`);
    return { id: typeof w.id === 'string' ? w.id : `w${i}`, count: count as number };
  });
  const targets = list('targets').map((t, j): WtaTarget => {
    const at = `targets[${j}]`;
    if (!isObject(t)) return fail(at, 'expected an object');
    const v = t.value;
    if (overflow(v)) fail(`${at}.value`, 'not a finite number (it overflows to Infinity)');
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) fail(`${at}.value`, `${JSON.stringify(v)} is not a finite non-negative number`);
    return { id: typeof t.id === 'string' ? t.id : `t${j}`, value: v as number };
  });
  const rows = list('p');
  if (rows.length !== weapons.length) fail('p', `has ${rows.length} rows for ${weapons.length} weapons`);
  const p = rows.map((row, i): number[] => {
    if (!Array.isArray(row)) return fail(`p[${i}]`, 'expected an array');
    if (row.length !== targets.length) fail(`p[${i}]`, `has ${row.length} entries for ${targets.length} targets`);
    return row.map((x: Json, j: number): number => {
      if (overflow(x)) fail(`p[${i}][${j}]`, 'not a finite number (it overflows to Infinity)');
      if (typeof x !== 'number' || !(x >= 0 && x <= 1)) fail(`p[${i}][${j}]`, `${JSON.stringify(x)} is not a probability in [0, 1]`);
      return x as number;
    });
  });
  const name = typeof d.name === 'string' ? d.name : file;
  return {
    name, weapons, targets, p,
    known: isObject(d.known) ? (d.known as WtaInstance['known']) : undefined,
    generator: isObject(d.generator) ? (d.generator as WtaInstance['generator']) : undefined,
  };
}

export function parseInstance(text: string, file: string): WtaInstance {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return checkInstance(data, file);
}

/** Reads and checks an instance file; with limit (the firmware's solver size), refuses a larger one by its size. */
export function loadInstance(file: string, limit?: { maxWeapons: number; maxTargets: number }): WtaInstance {
  let text: string;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  try {
    if (limit) {
      const max = instanceByteLimit(limit.maxWeapons, limit.maxTargets);
      const size = fstatSync(fd).size;
      if (size > max) {
        throw new Error(`${file}: ${size} bytes, larger than any instance the firmware's solver takes ` +
          `(${limit.maxWeapons} weapons × ${limit.maxTargets} targets: at most ${max} bytes)`);
      }
    }
    try {
      text = readFileSync(fd, 'utf8');
    } catch (e) {
      throw new Error(`${file}: cannot read: ${(e as Error).message}`);
    }
  } finally {
    closeSync(fd);
  }
  return parseInstance(text, file);
}

/** F(x) = Σ_j V_j Π_i (1 − p_ij)^x_ij for one target per round (weapon order, −1 = not fired). */
export function objectiveOf(inst: WtaInstance, roundTarget: readonly number[]): number {
  const surv = inst.targets.map(() => 1);
  let k = 0;
  inst.weapons.forEach((w, i) => {
    for (let c = 0; c < w.count; c++, k++) {
      const j = roundTarget[k];
      if (j >= 0) surv[j] *= 1 - inst.p[i][j];
    }
  });
  return inst.targets.reduce((f, t, j) => f + t.value * surv[j], 0);
}
