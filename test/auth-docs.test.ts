// The counter table of docs/firmware-abi.md is the firmware's: every stat id, in order, with its name
// (the authentication counters at its end included), and nothing else.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import * as P from '../assembly/protocol.ts';
import { STAT_NAMES } from '../host/firmware.ts';

describe('docs/firmware-abi.md', () => {
  it('lists every telemetry counter of assembly/protocol.ts, by id and name', () => {
    const doc = readFileSync('docs/firmware-abi.md', 'utf8');
    const section = doc.slice(doc.indexOf('## Telemetry counters'), doc.indexOf('## Pipeline'));
    const rows = [...section.matchAll(/^\| (\d+) \| (\w+) \|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(STAT_NAMES.map((name, id) => [id, name]));
    expect(rows.length).toBe(P.STAT_COUNT);
  });
});
