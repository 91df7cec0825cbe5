// Boards true to their chips: every board an interpreter or an ahead-of-time image runs has a memory map
// (boards/<board>.json memoryMap, docs/boards.md) whose regions hold what the board puts in them, and the
// build refuses a board whose linear memory with the runtime's need does not fit its region.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listBoards, loadBoard, memoryMapOverflow, regionUse, parseBoard } from '../host/boards/board.ts';

const ROOT = resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'parapet-mcu-boards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const mcu = listBoards().filter((b) => loadBoard(b).runtime !== 'v8');

describe('memory maps', () => {
  it('every board not run by V8 has one', () => {
    expect(mcu).toEqual(expect.arrayContaining(['esp32s3', 'rp2040', 'stm32h7']));
    for (const b of mcu) expect(loadBoard(b).memoryMap, b).toBeDefined();
  });

  it.each(mcu)('%s: each region holds what the board puts there, and the regions are within its RAM', (name) => {
    const board = loadBoard(name);
    expect(memoryMapOverflow(board)).toBe('');
    const map = board.memoryMap!;
    expect(map.regions.reduce((a, r) => a + r.kiB, 0)).toBeLessThanOrEqual(board.ramKiB);
    const linear = regionUse(board).find((u) => u.region === map.linearMemory)!;
    expect(linear.needKiB).toBeGreaterThanOrEqual(board.memoryPages * 64);
    expect(linear.needKiB).toBeLessThanOrEqual(linear.kiB);
    for (const r of map.regions) expect(r.source.length, `${name}/${r.name} says where its size comes from`).toBeGreaterThan(10);
  });

  it('on-chip boards keep their linear memory in on-chip SRAM', () => {
    // The 512 KiB AXI SRAM is the STM32H743's largest block; the RP2040's striped SRAM0-3 is 256 KiB.
    expect(loadBoard('stm32h7').memoryMap!.linearMemory).toBe('axi_sram');
    expect(loadBoard('stm32h7').memoryPages * 64).toBeLessThanOrEqual(512);
    expect(loadBoard('rp2040').memoryMap!.linearMemory).toBe('sram0_3');
    expect(loadBoard('esp32s3').memoryMap!.linearMemory).toBe('sram1');
  });

  it('refuses a memory map naming a region it does not have', () => {
    const b = JSON.parse(readFileSync(join(ROOT, 'boards', 'stm32h7.json'), 'utf8'));
    b.memoryMap.linearMemory = 'sdram';
    expect(() => parseBoard(JSON.stringify(b), 'edited.json')).toThrow(/memoryMap\/linearMemory 'sdram'/);
    delete b.memoryMap;
    expect(() => parseBoard(JSON.stringify(b), 'edited.json')).toThrow(/memoryMap is required/);
  });
});

describe('the build', () => {
  /** build-boards on edited copies of the shipped descriptors; the refusal comes before any compile. */
  const build = (edit: (name: string, b: Record<string, any>) => void, board: string) => {
    const dir = join(tmp, `boards-${board}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir);
    for (const n of listBoards()) {
      const b = JSON.parse(readFileSync(join(ROOT, 'boards', `${n}.json`), 'utf8'));
      edit(n, b);
      writeFileSync(join(dir, `${n}.json`), JSON.stringify(b));
    }
    return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-boards.ts'), '--boards', dir, '--out', join(dir, 'build'), board],
      { cwd: ROOT, encoding: 'utf8' });
  };

  it('fails when the linear memory outgrows its region (stm32h7 at 9 pages: 576 KiB in the 512 KiB AXI SRAM)', () => {
    const r = build((n, b) => { if (n === 'stm32h7') b.memoryPages = 9; }, 'stm32h7');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('board stm32h7: does not fit the chip');
    expect(r.stderr).toContain('region axi_sram (512 KiB) would hold linear memory 576 KiB = 576 KiB');
  });

  it('fails when linear memory and an interpreter share a region too small for both (rp2040 under wasm3)', () => {
    const r = build((n, b) => {
      if (n !== 'rp2040') return;
      b.runtime = 'wasm3';
      b.memoryMap.runtime = { region: 'sram0_3', kiB: 170, source: 'wasm3, the lower end of its need' };
    }, 'rp2040');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('region sram0_3 (256 KiB) would hold linear memory 192 KiB + wasm3 170 KiB = 362 KiB');
  });
});
