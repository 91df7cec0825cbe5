// Builds build/<board>.wasm for every board in boards/ (or those named on the command line) and checks
// that each module fits its board: linear memory after init within the pinned pages, module size within
// the flash budget. Board capacities reach the firmware as a generated assembly/board.ts.
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import asc from 'assemblyscript/asc';
import { listBoards, loadBoard, realBytes, benchWorkloads, disabledFeatures, memoryMapOverflow, type Board } from '../host/boards/board.ts';
import { STAT_HEAP_TOP } from '../assembly/protocol.ts';

const ROOT = resolve(import.meta.dirname, '..');
let BUILD = join(ROOT, 'build');
let SRC = join(ROOT, 'assembly');
let ALL_FEATURES = false; // --all-features: keep the features a board's runtime may lack (a test's reference build)
const PAGE = 65536;

function boardSource(board: Board): string {
  const c = board.capacities;
  const real = realBytes(board) === 8 ? 'f64' : 'f32';
  return `// Generated from boards/${board.name}.json by scripts/build-boards.ts. Do not edit.
export type real = ${real};
export const REAL_BYTES: i32 = ${realBytes(board)};
export const MEMORY_PAGES: i32 = ${board.memoryPages};
export const MAX_TRACKS: i32 = ${c.tracks};
export const MAX_PLOTS: i32 = ${c.plots};
export const MAX_CLUSTER: i32 = ${c.clusterSize};
export const MAX_SENSORS: i32 = ${c.sensors};
export const MAX_FIRE_UNITS: i32 = ${c.fireUnits};
export const MAX_ASSETS: i32 = ${c.assets};
export const WTA_MAX_WEAPONS: i32 = ${c.wtaWeapons};
export const WTA_MAX_TARGETS: i32 = ${c.wtaTargets};
export const LAP_DENSE: i32 = ${c.lapDense ?? 0};
export const BENCH_WORKLOADS: bool = ${benchWorkloads(board)};
`;
}

async function compile(board: Board, pages: number, outFile: string): Promise<void> {
  const gen = join(BUILD, 'gen', board.name);
  rmSync(gen, { recursive: true, force: true });
  mkdirSync(gen, { recursive: true });
  cpSync(SRC, gen, { recursive: true });
  writeFileSync(join(gen, 'board.ts'), boardSource(board));
  const args = [
    'index.ts',
    '--outFile', outFile,
    '--runtime', 'stub',
    '--optimizeLevel', '3',
    '--shrinkLevel', '0',
    '--converge',
    '--initialMemory', String(pages),
    '--maximumMemory', String(pages),
    '--use', 'abort=abort/firmwareAbort',
    '--baseDir', gen,
    ...(disabledFeatures(board).length && !ALL_FEATURES ? ['--disable', disabledFeatures(board).join(',')] : []),
  ];
  let stderr = '';
  const { error } = await asc.main(args, {
    stderr: { write: (s: string | Uint8Array) => { stderr += String(s); return true; } } as never,
    stdout: { write: () => true } as never,
  });
  if (error) throw new Error(`board ${board.name}: compile failed: ${error.message}\n${stderr}`);
}

/** Instantiates the module, runs init(), and returns the heap top it reached (bytes). */
async function heapTopAfterInit(wasmFile: string): Promise<number> {
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), {
    env: { abort: () => { throw new Error('firmware abort'); } },
  });
  const ex = instance.exports as Record<string, CallableFunction>;
  const status = ex.init() as number;
  if (status !== 0) throw new Error(`init() returned ${status}`);
  return ex.stat(STAT_HEAP_TOP) as number;
}

export interface BoardFigures {
  board: string; precision: 'f64' | 'f32'; moduleBytes: number; pages: number; heapTopBytes: number;
  tracks: number; plots: number;
}

async function buildBoard(board: Board): Promise<BoardFigures> {
  const outFile = join(BUILD, `${board.name}.wasm`);
  // A microcontroller's linear memory is one block of RAM: with the runtime and the stack it must fit the
  // regions the board's memory map gives them (docs/boards.md).
  const overflow = memoryMapOverflow(board);
  if (overflow) throw new Error(`board ${board.name}: does not fit the chip: ${overflow}: lower memoryPages or the runtime's need`);
  await compile(board, board.memoryPages, outFile);
  let heapTop: number;
  try {
    heapTop = await heapTopAfterInit(outFile);
  } catch (first) {
    // Measure the need with unpinned memory so the message can say how much is missing.
    const probe = join(BUILD, 'gen', `${board.name}.probe.wasm`);
    await compile(board, 1024, probe);
    const need = await heapTopAfterInit(probe);
    rmSync(outFile, { force: true });
    if (need <= board.memoryPages * PAGE) {
      throw new Error(`board ${board.name}: the firmware failed to start: ${(first as Error).message}`);
    }
    throw new Error(`board ${board.name}: the firmware needs ${Math.ceil(need / PAGE)} pages (${(need / 1024).toFixed(1)} KiB after init) ` +
      `but the board pins ${board.memoryPages} pages (${board.memoryPages * 64} KiB): lower its capacities or raise memoryPages`);
  }
  const moduleBytes = statSync(outFile).size;
  if (moduleBytes > board.moduleBudgetKiB * 1024) {
    rmSync(outFile, { force: true });
    throw new Error(`board ${board.name}: module is ${(moduleBytes / 1024).toFixed(1)} KiB, over its flash budget of ${board.moduleBudgetKiB} KiB`);
  }
  return {
    board: board.name, precision: realBytes(board) === 8 ? 'f64' : 'f32', moduleBytes, pages: board.memoryPages,
    heapTopBytes: heapTop, tracks: board.capacities.tracks, plots: board.capacities.plots,
  };
}

async function main(): Promise<void> {
  // Usage: build-boards [--boards DIR] [--out DIR] [--src DIR] [--all-features] [board ...] (--src: firmware
  // sources other than assembly/, e.g. a patched copy a test builds)
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const dir = flag('--boards');
  const out = flag('--out');
  if (out) BUILD = resolve(out);
  const all = args.indexOf('--all-features');
  if (all >= 0) { args.splice(all, 1); ALL_FEATURES = true; }
  const src = flag('--src');
  if (src) SRC = resolve(src);
  let boards: Board[];
  try {
    boards = (args.length ? args : listBoards(dir)).map((n) => loadBoard(n, dir));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  }
  mkdirSync(BUILD, { recursive: true });
  const figures: BoardFigures[] = [];
  let failed = 0;
  for (const board of boards) {
    try {
      const f = await buildBoard(board);
      figures.push(f);
      console.log(`build/${f.board}.wasm  ${f.precision}  module ${(f.moduleBytes / 1024).toFixed(1)} KiB  ` +
        `memory ${f.pages} pages (${(f.heapTopBytes / 1024).toFixed(1)} of ${f.pages * 64} KiB used after init)  ` +
        `tracks ${f.tracks} plots ${f.plots}`);
    } catch (e) {
      failed++;
      console.error(`error: ${(e as Error).message}`);
    }
  }
  // Merge with the figures of boards not rebuilt this time, so a partial build keeps the others.
  const file = join(BUILD, 'boards.json');
  let previous: BoardFigures[] = [];
  try { previous = JSON.parse(readFileSync(file, 'utf8')) as BoardFigures[]; } catch { /* first build */ }
  const known = new Set(listBoards(dir));
  const attempted = new Set(boards.map((b) => b.name));
  const merged = [...previous.filter((p) => known.has(p.board) && !attempted.has(p.board)), ...figures]
    .sort((a, b) => a.board.localeCompare(b.board));
  writeFileSync(file, JSON.stringify(merged, null, 2) + '\n');
  if (failed) process.exit(1);
}

await main();
