// The firmware on a microcontroller for real: each MCU board's module compiled ahead of time to C by
// wasm2c, linked for the board's memory map (mcu/build.ts) and booted in qemu-system-arm (a Cortex-M7 with
// double-precision FPU for stm32h7, the RP2040's Cortex-M0+ code on a Cortex-M3 for rp2040). Against V8
// running the same board's module: bist() and benchRaid64() checksums, and every byte the image sends over
// its UART for the 64-target raid's frames. The image's RAM use (map file) and stack high-water mark
// against the board; instructions per step (QEMU -icount) against the board's cycleBudgetMs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoard } from '../host/boards/board.ts';
import { Firmware } from '../host/firmware.ts';
import { buildImage, checkImageRam, ensureImage, type ImageRam } from '../mcu/build.ts';
import { QemuImage } from '../mcu/qemu.ts';
import { raidStream, referenceReply } from '../mcu/raid.ts';
import { TARGETS, missingTools } from '../mcu/targets.ts';

const ROOT = resolve(import.meta.dirname, '..');
const missing = missingTools();
if (missing) console.log(`mcu-qemu: skipped, missing ${missing} (apt-get install wabt gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)`);

const field = (line: string, key: string): number => {
  const m = new RegExp(`\\b${key} (\\d+)`).exec(line);
  if (!m) throw new Error(`no ${key} in '${line}'`);
  return Number(m[1]);
};

describe.skipIf(!!missing).each(TARGETS)('image for $board in QEMU $machine', (target) => {
  const board = loadBoard(target.board);
  let ram: ImageRam;
  let qemu: QemuImage;
  let insnsPerTick = 0;
  const { config, scans } = raidStream(64, 12);
  beforeAll(async () => {
    ram = ensureImage(target);
    qemu = new QemuImage(target.machine, join(ROOT, 'build', 'mcu', target.board, 'image.elf'));
    await qemu.connected();
    const cal = await qemu.console.waitFor(/^calibrate /, 30_000);
    insnsPerTick = field(cal, 'insns') / field(cal, 'ticks');
    await qemu.console.waitFor(/^ready$/, 120_000);
  }, 300_000);
  afterAll(() => qemu?.stop());

  it('boots, and bist() and benchRaid64() give the checksums V8 gives for the same module', () => {
    const fw = Firmware.load(target.board);
    const bist = qemu.console.lines.find((l) => l.startsWith('bist '))!;
    const raid = qemu.console.lines.find((l) => l.startsWith('benchRaid64 '))!;
    console.log(`${target.board}: ${bist}; ${raid} (${insnsPerTick} instructions a tick)`);
    expect(field(bist, 'checksum')).toBe(fw.exports.bist() >>> 0);
    expect(field(raid, 'checksum')).toBe((fw.exports as unknown as { benchRaid64(): number }).benchRaid64() >>> 0);
  });

  it('fits the board: RAM use from the map file, the stack high-water mark', () => {
    expect(() => checkImageRam(board, ram)).not.toThrow();
    expect(ram.linearBytes).toBe(board.memoryPages * 65536);
    const stack = qemu.console.lines.find((l) => l.startsWith('stack '))!;
    const used = field(stack, 'used'), size = field(stack, 'size');
    console.log(`${target.board}: ${ram.regions.map((r) => `${r.name} ${r.usedBytes} of ${r.kiB * 1024} B`).join(', ')}; stack high-water ${used} of ${size} B`);
    expect(size).toBe(board.memoryMap!.stack.kiB * 1024);
    expect(used).toBeLessThan(size); // the whole painted stack used would mean it overflowed
  });

  it('served over its UART: every byte it sends for the 64-target raid equals V8\'s', async () => {
    const all = new Uint8Array(config.length + scans.reduce((a, s) => a + s.length, 0));
    all.set(config, 0);
    let at = config.length;
    for (const s of scans) { all.set(s, at); at += s.length; }
    const ref = referenceReply(target.board, all);
    expect(ref.steps).toBe(scans.length);
    qemu.send(config);
    for (const s of scans) qemu.send(s);
    await qemu.receivedAtLeast(ref.bytes.length, 240_000);
    await qemu.console.waitFor(new RegExp(`^step n ${scans.length} `), 30_000);
    const got = Uint8Array.from(qemu.received);
    expect(got.length).toBe(ref.bytes.length);
    const first = got.findIndex((b, i) => b !== ref.bytes[i]);
    expect(first, `first differing byte at ${first} of ${got.length}`).toBe(-1);
  }, 300_000);

  it('one step() of the 64-target raid within cycleBudgetMs (instructions counted, CPI range stated)', () => {
    const steps = qemu.console.lines.filter((l) => l.startsWith('step '));
    expect(steps.length).toBe(scans.length);
    const insns = steps.map((l) => field(l, 'ticks') * insnsPerTick);
    const worst = Math.max(...insns);
    const [lo, hi] = target.cpi;
    const ms = (cpi: number): number => (worst * cpi) / (board.clockMHz * 1000);
    console.log(`${target.board}: step() of the 64-target raid, the heaviest of ${steps.length}: ${(worst / 1e6).toFixed(2)} M instructions ` +
      `= ${ms(lo).toFixed(1)}–${ms(hi).toFixed(1)} ms at CPI ${lo}–${hi}, ${board.clockMHz} MHz (budget ${board.cycleBudgetMs} ms); ` +
      `tracks at the end ${field(steps[steps.length - 1], 'tracks')}`);
    expect(worst).toBeGreaterThan(0);
    expect(ms(hi)).toBeLessThanOrEqual(board.cycleBudgetMs);
  });
});

// A real engine whose floating point is not WebAssembly's: the same C compiled with fused multiply-add
// (gcc's default for GNU C, -ffp-contract=fast; the images use off). a·b + c then rounds once, not twice.
describe.skipIf(!!missing)('bist() on an engine that fuses multiply-add', () => {
  const target = TARGETS.find((t) => t.board === 'stm32h7')!;
  const tmp = mkdtempSync(join(tmpdir(), 'parapet-mcu-fma-'));
  let qemu: QemuImage | undefined;
  afterAll(() => { qemu?.stop(); rmSync(tmp, { recursive: true, force: true }); });

  it('the stm32h7 image built with -ffp-contract=fast gives another bist() checksum than V8', async () => {
    buildImage(target, tmp, undefined, ['-ffp-contract=fast']);
    qemu = new QemuImage(target.machine, join(tmp, target.board, 'image.elf'));
    await qemu.connected();
    const bist = await qemu.console.waitFor(/^bist /, 120_000);
    const v8 = Firmware.load(target.board).exports.bist() >>> 0;
    console.log(`stm32h7 with fused multiply-add: ${bist}; V8 ${v8}`);
    expect(field(bist, 'checksum')).not.toBe(v8);
  }, 300_000);
});
