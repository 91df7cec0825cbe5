// Board descriptors (boards/*.json) and the build that turns each into build/<board>.wasm: the
// descriptors validate, bad ones are refused with the file and JSON path, the built modules fit their
// boards (checked on the module files themselves, not only on the figures the build reports), and a
// board that cannot fit fails the build with a message saying why.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBoard, type Board } from '../host/boards/board.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BOARDS = join(ROOT, 'boards');
const BUILD = join(ROOT, 'build');
const PAGE = 65536;
const tmp = mkdtempSync(join(tmpdir(), 'parapet-boards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const boardFiles = readdirSync(BOARDS).filter((f) => f.endsWith('.json')).sort();
const rp2040File = join(BOARDS, 'rp2040.json');
const rp2040 = (): Record<string, any> => JSON.parse(readFileSync(rp2040File, 'utf8'));

/** The message parseBoard throws for this descriptor (fails the test if it is accepted). */
function refusal(data: unknown, file = '/boards/edited.json'): string {
  try {
    parseBoard(JSON.stringify(data), file);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('descriptor was accepted');
}

describe('board descriptors', () => {
  it('finds the four shipped boards', () => {
    expect(boardFiles).toEqual(expect.arrayContaining(['esp32s3.json', 'host.json', 'rp2040.json', 'stm32h7.json']));
  });

  for (const f of boardFiles) {
    it(`parses boards/${f}`, () => {
      const board = parseBoard(readFileSync(join(BOARDS, f), 'utf8'), f);
      expect(board.name).toBe(f.slice(0, -5));
      expect(board.memoryPages * 64).toBeLessThanOrEqual(board.ramKiB);
      expect(board.moduleBudgetKiB).toBeLessThanOrEqual(board.flashKiB);
    });
  }

  it('refuses an unknown field, naming the file and the JSON path', () => {
    const b = rp2040();
    b.capacities.radars = 4;
    const msg = refusal(b);
    expect(msg).toContain('/boards/edited.json');
    expect(msg).toContain('/capacities');
    expect(msg).toMatch(/additional propert/i);

    const top = { ...rp2040(), colour: 'green' };
    expect(refusal(top)).toContain('/boards/edited.json');
  });

  it('refuses a missing field, naming the file, the JSON path and the field', () => {
    const b = rp2040();
    delete b.serial.baud;
    const msg = refusal(b);
    expect(msg).toContain('/boards/edited.json');
    expect(msg).toContain('/serial');
    expect(msg).toContain('baud');

    const c = rp2040();
    delete c.memoryPages;
    expect(refusal(c)).toContain('memoryPages');
  });

  it('refuses a value of the wrong type, naming the JSON path', () => {
    const msg = refusal({ ...rp2040(), memoryPages: '3' });
    expect(msg).toContain('/boards/edited.json');
    expect(msg).toContain('/memoryPages');
  });

  it('refuses pinned memory larger than the board RAM, and accepts it exactly full', () => {
    // 5 pages are 320 KiB, more than the RP2040's 264 KiB.
    const msg = refusal({ ...rp2040(), memoryPages: 5 });
    expect(msg).toContain('/boards/edited.json');
    expect(msg).toContain('/memoryPages');
    expect(msg).toContain('264');
    // 4 pages are 256 KiB: fits.
    expect(parseBoard(JSON.stringify({ ...rp2040(), memoryPages: 4 }), 'x.json').memoryPages).toBe(4);
    expect(parseBoard(JSON.stringify({ ...rp2040(), memoryPages: 3, ramKiB: 192 }), 'x.json').ramKiB).toBe(192);
    expect(refusal({ ...rp2040(), memoryPages: 3, ramKiB: 191 })).toContain('/memoryPages');
  });

  it('refuses a module budget larger than the flash', () => {
    const msg = refusal({ ...rp2040(), moduleBudgetKiB: 4096 });
    expect(msg).toContain('/boards/edited.json');
    expect(msg).toContain('/moduleBudgetKiB');
  });

  it('refuses text that is not JSON, naming the file', () => {
    expect(() => parseBoard('{ "name": ', 'broken.json')).toThrow(/broken\.json/);
  });
});

interface Figures { board: string; moduleBytes: number; pages: number; heapTopBytes: number }

describe('built firmware fits its board', () => {
  const boards: Board[] = boardFiles.map((f) => parseBoard(readFileSync(join(BOARDS, f), 'utf8'), f));
  const figuresFile = join(BUILD, 'boards.json');

  it('has build figures for every board (run `npm run build`)', () => {
    expect(existsSync(figuresFile), `${figuresFile} is missing: run \`npm run build\``).toBe(true);
    const figures: Figures[] = JSON.parse(readFileSync(figuresFile, 'utf8'));
    expect(figures.map((f) => f.board).sort()).toEqual(boards.map((b) => b.name).sort());
  });

  for (const board of boardFiles.map((f) => f.slice(0, -5))) {
    it(`${board}: pinned pages, module within its flash budget, heap within memory`, async () => {
      const b = boards.find((x) => x.name === board)!;
      const figures: Figures[] = JSON.parse(readFileSync(figuresFile, 'utf8'));
      const f = figures.find((x) => x.board === board);
      expect(f, `no figures for ${board} in build/boards.json`).toBeDefined();
      expect(f!.pages).toBe(b.memoryPages);
      expect(f!.moduleBytes).toBeLessThanOrEqual(b.moduleBudgetKiB * 1024);
      expect(f!.heapTopBytes).toBeGreaterThan(0);
      expect(f!.heapTopBytes).toBeLessThanOrEqual(f!.pages * PAGE);

      // The module file itself: its size, and linear memory pinned (initial = maximum = memoryPages).
      const wasm = join(BUILD, `${board}.wasm`);
      const bytes = readFileSync(wasm);
      expect(statSync(wasm).size).toBe(f!.moduleBytes);
      expect(bytes.length).toBeLessThanOrEqual(b.moduleBudgetKiB * 1024);
      const { instance } = await WebAssembly.instantiate(bytes, {});
      const memory = instance.exports.memory as WebAssembly.Memory;
      expect(memory.buffer.byteLength).toBe(b.memoryPages * PAGE);
      expect(() => memory.grow(1)).toThrow(RangeError);
    });
  }

  it('keeps every module within its board\'s budget and the rp2040 within 3 pages', () => {
    for (const b of boards) expect(statSync(join(BUILD, `${b.name}.wasm`)).size, b.name).toBeLessThanOrEqual(b.moduleBudgetKiB * 1024);
    const figures: Figures[] = JSON.parse(readFileSync(figuresFile, 'utf8'));
    expect(figures.find((x) => x.board === 'rp2040')!.pages).toBeLessThanOrEqual(3);
    expect(boards.find((x) => x.name === 'rp2040')!.memoryPages).toBeLessThanOrEqual(3);
  });
});

function buildBoards(boardsDir: string, outDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-boards.ts', '--boards', boardsDir, '--out', outDir], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** A boards folder holding edited copies of the rp2040 descriptor. */
function boardsDir(edits: Record<string, (b: Record<string, any>) => void>): string {
  const dir = join(tmp, 'boards');
  mkdirSync(dir);
  for (const [name, edit] of Object.entries(edits)) {
    const b = rp2040();
    b.name = name;
    edit(b);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(b, null, 2));
  }
  return dir;
}

describe('a board the firmware does not fit fails the build', () => {
  // One build of both boards (each compile takes seconds): a failing board does not stop the next.
  const out = join(tmp, 'out');
  let pending: ReturnType<typeof buildBoards> | undefined;
  const build = () => (pending ??= (() => {
    // Figures left by an earlier build in which both boards (then smaller) built: after this build
    // fails for them, nothing may still claim a module for them.
    mkdirSync(out);
    const stale = (board: string) => ({ board, precision: 'f32', moduleBytes: 30_000, pages: 3, heapTopBytes: 100_000, tracks: 128, plots: 192 });
    writeFileSync(join(out, 'boards.json'), JSON.stringify([stale('tiny'), stale('tinyflash')]));
    return buildBoards(boardsDir({
      tiny: (b) => { b.capacities.tracks = 2048; b.capacities.plots = 4096; b.memoryPages = 3; },
      tinyflash: (b) => { b.moduleBudgetKiB = 1; b.flashKiB = 1; },
    }), out);
  })());
  // Set-up, not a test: two AssemblyScript compiles take seconds alone, minutes on a loaded machine.
  beforeAll(async () => { await build(); }, 600_000);
  const errorLine = (stderr: string, board: string) =>
    stderr.split('\n').find((l) => new RegExp(`\\bboard ${board}:`).test(l)) ?? '';

  it('names the board and the pages it needs against the 3 it pins', async () => {
    const r = await build();
    expect(r.status).not.toBe(0);
    const line = errorLine(r.stderr, 'tiny');
    expect(line, r.stderr).not.toBe('');
    const m = /needs (\d+) pages/.exec(line);
    expect(m, line).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(3);
    expect(line).toMatch(/pins 3 pages/);
    expect(existsSync(join(out, 'tiny.wasm'))).toBe(false);
  });

  it('names the board and its flash budget when the module is too large', async () => {
    const r = await build();
    expect(r.status).not.toBe(0);
    const line = errorLine(r.stderr, 'tinyflash');
    expect(line, r.stderr).toMatch(/flash budget of 1 KiB/);
    expect(existsSync(join(out, 'tinyflash.wasm'))).toBe(false);
  });

  it('drops the failed boards from the build figures', async () => {
    await build();
    const figures: Figures[] = JSON.parse(readFileSync(join(out, 'boards.json'), 'utf8'));
    expect(figures.map((f) => f.board)).toEqual([]);
  });

  it('leaves the project build alone', async () => {
    await build();
    expect(existsSync(join(BUILD, 'tiny.wasm'))).toBe(false);
    expect(existsSync(join(BUILD, 'tinyflash.wasm'))).toBe(false);
  });
});
