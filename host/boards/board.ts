// A board is data (boards/<name>.json): this module reads and validates it.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from '../package-root.ts';
import { lazyValidator } from '../schema.ts';

export interface BoardCapacities {
  tracks: number;
  plots: number;
  clusterSize: number;
  sensors: number;
  fireUnits: number;
  assets: number;
  wtaWeapons: number;
  wtaTargets: number;
  /** Largest n of the dense assignment bench buffer (lapDenseBuffer, n × n f64); 0 = none. Optional, 0 if absent. */
  lapDense?: number;
}

/** One RAM region of the chip (datasheet address and size). */
export interface MemoryRegion {
  name: string;
  /** Address on the chip, hex. */
  origin: string;
  kiB: number;
  /** Where the figure comes from (datasheet or reference manual section). */
  source: string;
}

/** Where a microcontroller board keeps what the firmware needs (docs/boards.md). The linear memory is one
 *  contiguous block, so it must fit a single region; the runtime's own RAM (an interpreter's compiled code,
 *  stacks and structures) and the native stack take regions of their own or share one. */
export interface MemoryMap {
  regions: MemoryRegion[];
  /** Region holding the module's linear memory (memoryPages × 64 KiB). */
  linearMemory: string;
  runtime: { region: string; kiB: number; source: string };
  stack: { region: string; kiB: number; source: string };
}

export interface Board {
  name: string;
  description: string;
  runtime: 'v8' | 'wasm3' | 'wamr' | 'wasm2c';
  clockMHz: number;
  ramKiB: number;
  flashKiB: number;
  fpu: 'double' | 'single' | 'none';
  memoryPages: number;
  moduleBudgetKiB: number;
  capacities: BoardCapacities;
  serial: { baud: number; dataBits: 5 | 6 | 7 | 8; parity: 'none' | 'even' | 'odd'; stopBits: 1 | 2 };
  cycleBudgetMs: number;
  /** Required for boards run by an interpreter (runtime wasm3 or wamr). */
  memoryMap?: MemoryMap;
}

const positiveInt = { type: 'integer', minimum: 1 };
const boardSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'runtime', 'clockMHz', 'ramKiB', 'flashKiB', 'fpu', 'memoryPages',
    'moduleBudgetKiB', 'capacities', 'serial', 'cycleBudgetMs'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
    description: { type: 'string' },
    runtime: { enum: ['v8', 'wasm3', 'wamr', 'wasm2c'] },
    clockMHz: { type: 'number', exclusiveMinimum: 0 },
    ramKiB: positiveInt,
    flashKiB: positiveInt,
    fpu: { enum: ['double', 'single', 'none'] },
    memoryPages: { type: 'integer', minimum: 1, maximum: 65536 },
    moduleBudgetKiB: positiveInt,
    capacities: {
      type: 'object',
      additionalProperties: false,
      required: ['tracks', 'plots', 'clusterSize', 'sensors', 'fireUnits', 'assets', 'wtaWeapons', 'wtaTargets'],
      properties: {
        tracks: { type: 'integer', minimum: 8, maximum: 65535 },
        plots: { type: 'integer', minimum: 64, maximum: 65535 },
        clusterSize: { type: 'integer', minimum: 2, maximum: 256 },
        sensors: { type: 'integer', minimum: 1, maximum: 255 },
        fireUnits: positiveInt,
        assets: positiveInt,
        wtaWeapons: positiveInt,
        wtaTargets: positiveInt,
        // Bench-only n × n f64 buffer (0 keeps a small board's memory as it is); 2896² f64 alone fill 64 MiB.
        lapDense: { type: 'integer', minimum: 0, maximum: 2896 },
      },
    },
    serial: {
      type: 'object',
      additionalProperties: false,
      required: ['baud', 'dataBits', 'parity', 'stopBits'],
      properties: {
        baud: positiveInt,
        dataBits: { enum: [5, 6, 7, 8] },
        parity: { enum: ['none', 'even', 'odd'] },
        stopBits: { enum: [1, 2] },
      },
    },
    cycleBudgetMs: { type: 'number', exclusiveMinimum: 0 },
    memoryMap: {
      type: 'object',
      additionalProperties: false,
      required: ['regions', 'linearMemory', 'runtime', 'stack'],
      properties: {
        regions: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'origin', 'kiB', 'source'],
            properties: {
              name: { type: 'string', pattern: '^[a-z0-9_]+$' },
              origin: { type: 'string', pattern: '^0x[0-9a-fA-F]{1,8}$' },
              kiB: positiveInt,
              source: { type: 'string', minLength: 1 },
            },
          },
        },
        linearMemory: { type: 'string' },
        runtime: {
          type: 'object', additionalProperties: false, required: ['region', 'kiB', 'source'],
          properties: { region: { type: 'string' }, kiB: { type: 'integer', minimum: 0 }, source: { type: 'string', minLength: 1 } },
        },
        stack: {
          type: 'object', additionalProperties: false, required: ['region', 'kiB', 'source'],
          properties: { region: { type: 'string' }, kiB: positiveInt, source: { type: 'string', minLength: 1 } },
        },
      },
    },
  },
} as const;

const validate = lazyValidator(boardSchema, { allErrors: true });

export const BOARDS_DIR = resolve(ROOT, 'boards');

/** Parses and validates one board descriptor; errors name the file and the JSON path. */
export function parseBoard(text: string, file: string): Board {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!validate(data)) {
    const why = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`).join('; ');
    throw new Error(`${file}: invalid board descriptor: ${why}`);
  }
  const board = data as unknown as Board;
  if (board.memoryPages * 64 > board.ramKiB) {
    throw new Error(`${file}: /memoryPages ${board.memoryPages} pages (${board.memoryPages * 64} KiB) exceed the board's RAM of ${board.ramKiB} KiB`);
  }
  if (board.runtime !== 'v8' && !board.memoryMap) {
    throw new Error(`${file}: /memoryMap is required for a board run by ${board.runtime}`);
  }
  if (board.memoryMap) {
    const names = new Set(board.memoryMap.regions.map((r) => r.name));
    for (const [path, region] of [['linearMemory', board.memoryMap.linearMemory], ['runtime/region', board.memoryMap.runtime.region],
      ['stack/region', board.memoryMap.stack.region]] as const) {
      if (!names.has(region)) throw new Error(`${file}: /memoryMap/${path} '${region}' is not one of the regions (${[...names].join(', ')})`);
    }
  }
  if (board.moduleBudgetKiB > board.flashKiB) {
    throw new Error(`${file}: /moduleBudgetKiB ${board.moduleBudgetKiB} exceeds the flash of ${board.flashKiB} KiB`);
  }
  return board;
}

export function loadBoard(name: string, dir: string = BOARDS_DIR): Board {
  const file = join(dir, `${name}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`unknown board '${name}': no ${file} (boards: ${listBoards(dir).join(', ')})`);
  }
  const board = parseBoard(text, file);
  if (board.name !== name) throw new Error(`${file}: /name is '${board.name}', expected '${name}'`);
  return board;
}

export function listBoards(dir: string = BOARDS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** Boards without a double-precision FPU get the f32 build of the filter state. */
export function realBytes(board: Board): 4 | 8 {
  return board.fpu === 'double' ? 8 : 4;
}

/** Whether the board's build carries the zero-argument raid workloads (assembly/bench-abi.ts), which are
 *  for engines that cannot pass arguments: boards run by an interpreter, and the bench board (lapDense > 0).
 *  The production V8 host leaves them out (its benchRaid exports answer 0). */
export function benchWorkloads(board: Board): boolean {
  return board.runtime !== 'v8' || (board.capacities.lapDense ?? 0) > 0;
}

/** WebAssembly features switched off in a board's build because its runtime may lack them (docs/boards.md):
 *  wasm3 and WAMR as their embedded ports build them take MVP + mutable globals + sign extension, so the
 *  boards they run leave out non-trapping float-to-int (the firmware guards every conversion, so the
 *  trapping forms give the same bytes) and bulk memory (AssemblyScript's own loops instead).
 *  test/mcu-features.test.ts checks every built module against these sets. */
export function disabledFeatures(board: Board): string[] {
  return board.runtime === 'v8' ? [] : ['nontrapping-f2i', 'bulk-memory'];
}

export interface RegionUse { region: string; kiB: number; needKiB: number; parts: string[] }

/** What each region of a board's memory map must hold: the linear memory (memoryPages × 64 KiB), the
 *  runtime's RAM and the stack, each in its region. Boards without a memory map (V8) have none. */
export function regionUse(board: Board): RegionUse[] {
  const map = board.memoryMap;
  if (!map) return [];
  return map.regions.map((r) => {
    const parts: string[] = [];
    let need = 0;
    if (map.linearMemory === r.name) { need += board.memoryPages * 64; parts.push(`linear memory ${board.memoryPages * 64} KiB`); }
    if (map.runtime.region === r.name && map.runtime.kiB > 0) { need += map.runtime.kiB; parts.push(`${board.runtime} ${map.runtime.kiB} KiB`); }
    if (map.stack.region === r.name) { need += map.stack.kiB; parts.push(`stack ${map.stack.kiB} KiB`); }
    return { region: r.name, kiB: r.kiB, needKiB: need, parts };
  });
}

/** The regions a board overfills, as messages ("" when it fits). */
export function memoryMapOverflow(board: Board): string {
  return regionUse(board).filter((u) => u.needKiB > u.kiB)
    .map((u) => `region ${u.region} (${u.kiB} KiB) would hold ${u.parts.join(' + ')} = ${u.needKiB} KiB`).join('; ');
}
