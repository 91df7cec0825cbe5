// The docs' tables against the code, so neither can change without the other: the telemetry counters of
// docs/firmware-abi.md against assembly/protocol.ts's STAT_* ids and the host's names for them; the frame
// types of docs/wire-protocol.md against FRAME_* and the host's directions; each layout heading's type,
// section and size against the constants. A row missing, added or renamed on one side fails.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { STAT_NAMES } from '../host/firmware-module.ts';
import * as F from '../host/link/frames.ts';

const ROOT = resolve(import.meta.dirname, '..');
const doc = (name: string): string => readFileSync(join(ROOT, 'docs', name), 'utf8');

/** The rows of the first table after the heading that starts with `heading` (header and rule row left out). */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const at = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '').startsWith(heading));
  if (at < 0) throw new Error(`no heading "${heading}"`);
  let i = at + 1;
  while (i < lines.length && !lines[i].startsWith('|')) {
    if (/^#+ /.test(lines[i])) throw new Error(`no table under "${heading}"`);
    i++;
  }
  const rows: string[][] = [];
  for (; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(
      lines[i]
        .replace(/^\|/, '')
        .replace(/\|\s*$/, '')
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

/** protocol.ts's constants with a prefix, by name without it (STAT_COUNT and the like left out by `skip`). */
function constants(prefix: string, skip: string[] = []): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of Object.entries(P)) {
    if (k.startsWith(prefix) && !skip.includes(k) && typeof v === 'number') m.set(k.slice(prefix.length), v);
  }
  return m;
}

const camel = (constName: string): string => constName.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

describe('docs/firmware-abi.md, telemetry counters', () => {
  const rows = tableAfter(doc('firmware-abi.md'), 'Telemetry counters');
  const stats = constants('STAT_', ['STAT_COUNT']);

  it('has one row per STAT_* id of assembly/protocol.ts, in id order, named as the constant', () => {
    const want = [...stats].map(([name, id]) => [id, camel(name)] as const).sort((a, b) => a[0] - b[0]);
    expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual(want.map(([id, name]) => [id, name]));
  });

  it('covers the ids 0 … STAT_COUNT − 1, each with a meaning', () => {
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: P.STAT_COUNT }, (_, i) => i));
    for (const r of rows) expect(r[2], `counter ${r[0]}`).not.toBe('');
  });

  it("names each counter as the host does (STAT_NAMES, TELEMETRY's decoder)", () => {
    expect(rows.map((r) => r[1])).toEqual(STAT_NAMES);
  });
});

describe('docs/wire-protocol.md, frame types', () => {
  const md = doc('wire-protocol.md');
  const rows = tableAfter(md, 'Frame types');
  const frames = constants('FRAME_', ['FRAME_HEADER_BYTES', 'FRAME_CRC_BYTES', 'FRAME_MAX_RAW', 'FRAME_MAX_PAYLOAD', 'FRAME_AUTH']); // FRAME_AUTH is a flag on the type byte (docs/security.md), not a type
  const DIRECTION: Record<string, F.Direction> = { 'host → firmware': 'toFirmware', 'firmware → host': 'toHost' };

  it('has one row per FRAME_* type of assembly/protocol.ts, with its id and name', () => {
    const want = [...frames].map(([name, id]) => [id, name] as const).sort((a, b) => a[0] - b[0]);
    expect(rows.map((r) => [Number(r[0]), r[1]])).toEqual(want.map(([id, name]) => [id, name]));
  });

  it("gives each type the direction the host's link gives it", () => {
    for (const r of rows) expect(DIRECTION[r[2]], `${r[1]}: "${r[2]}"`).toBe(F.frameDirection(Number(r[0])));
  });

  // "### CONFIG / SENSOR (section 0x01), 68 bytes", "### ORDER (0x12), 12 + 48·n bytes (n ≤ 42)"
  const headings = [...md.matchAll(/^### (.+?) \((section )?(0x[0-9a-f]+)\), (.+)$/gm)].map((m) => ({
    name: m[1],
    id: Number(m[3]),
    size: m[4],
    line: m[0],
  }));

  it('has a layout heading for every CONFIG section, with its id and size', () => {
    const sections = constants('CONFIG_');
    const documented = headings.filter((h) => h.name.startsWith('CONFIG / '));
    expect(documented.map((h) => [h.name.slice('CONFIG / '.length), h.id]).sort()).toEqual([...sections].sort());
    for (const h of documented) {
      const name = h.name.slice('CONFIG / '.length);
      const bytes = name === 'RESET' ? F.RESET_BYTES : (P as unknown as Record<string, number>)[`${name}_CONFIG_BYTES`];
      expect(h.size, h.line).toBe(`${bytes} byte${bytes === 1 ? '' : 's'}`);
    }
  });

  it('has a layout heading for every frame type but CONFIG, with its id and size', () => {
    const documented = headings.filter((h) => !h.name.startsWith('CONFIG'));
    expect(documented.map((h) => [h.name, h.id]).sort()).toEqual([...frames].filter(([n]) => n !== 'CONFIG').sort());
    const records = (header: number, record: number): string =>
      `${header} + ${record}·n bytes (n ≤ ${Math.floor((P.FRAME_MAX_PAYLOAD - header) / record)})`;
    const size: Record<string, string> = {
      SCAN: `${F.SCAN_BYTES} bytes`,
      PLOTS: records(P.PLOTS_HEADER_BYTES, P.PLOT_RECORD_BYTES),
      EFFECTOR: `${P.EFFECTOR_BYTES} bytes`,
      KILL: `${P.KILL_BYTES} bytes`,
      HEARTBEAT: `${F.HEARTBEAT_BYTES} bytes`,
      TRACKS: records(P.TRACKS_HEADER_BYTES, P.TRACK_RECORD_BYTES),
      TELEMETRY: `${F.TELEMETRY_HEADER_BYTES} + ${F.TELEMETRY_COUNTER_BYTES}·n bytes`,
      // ORDER keeps room for the authentication trailer (assembly/limits.ts, ORDERS_PER_FRAME).
      ORDER: `${P.ORDERS_HEADER_BYTES} + ${P.ORDER_RECORD_BYTES}·n bytes (n ≤ ${Math.floor((P.FRAME_MAX_PAYLOAD - P.AUTH_TRAILER_BYTES - P.ORDERS_HEADER_BYTES) / P.ORDER_RECORD_BYTES)}: room for the authentication trailer)`,
      ACK: `${F.ACK_BYTES} bytes`,
      THREATS: records(P.THREATS_HEADER_BYTES, P.THREAT_RECORD_BYTES),
    };
    for (const h of documented) expect(h.size, h.line).toBe(size[h.name]);
  });
});

describe('docs/firmware-abi.md, exports', () => {
  const md = doc('firmware-abi.md');
  const exported = (board: string): string[] =>
    WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(ROOT, 'build', `${board}.wasm`)))).map((e) => e.name);

  it('names every export of the host and bench modules (in the functions table or the text after it)', () => {
    const all = new Set([...exported('host'), ...exported('bench')]);
    all.delete('memory'); // the module facts' first rows
    const undocumented = [...all].filter((name) => !new RegExp(`\`${name}[\`(]`).test(md));
    expect(undocumented).toEqual([]);
  });

  it('lists in its functions table only what the host module exports', () => {
    const host = new Set(exported('host'));
    const rows = tableAfter(md, 'Functions').map((r) => r[0].replace(/`/g, ''));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((name) => !host.has(name))).toEqual([]);
  });
});

describe('the table parser', () => {
  it('sees a row taken out of a table', () => {
    const md = doc('firmware-abi.md').replace(/^\| 17 \| steps \|.*\n/m, '');
    const rows = tableAfter(md, 'Telemetry counters');
    expect(rows.length).toBe(P.STAT_COUNT - 1);
    expect(rows.map((r) => Number(r[0]))).not.toEqual(Array.from({ length: P.STAT_COUNT }, (_, i) => i));
  });
});

describe('assembly/board.d.ts (the editors’ stand-in for the generated board.ts)', () => {
  it('declares every constant scripts/build-boards.ts writes into board.ts', () => {
    const generated = readFileSync(join(ROOT, 'scripts/build-boards.ts'), 'utf8');
    const template = generated.slice(generated.indexOf('function boardSource'), generated.indexOf('async function compile'));
    const names = (s: string): string[] => [...s.matchAll(/^export (?:declare )?(?:const|type) (\w+)/gm)].map((m) => m[1]).sort();
    const written = names(template);
    expect(written.length).toBeGreaterThan(5);
    expect(names(readFileSync(join(ROOT, 'assembly/board.d.ts'), 'utf8'))).toEqual(written);
  });
});
