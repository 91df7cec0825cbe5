// The microcontroller images in QEMU (mcu/, docs/boards.md): instructions counted under -icount for
// bist(), benchRaid64() and each step() of the 64-target raid served over the UART, with the time they
// take on the board's clock over the target's CPI range. Checksums and served bytes must equal V8's.
import { spawnSync } from 'node:child_process';
import { loadBoard } from '../host/boards/board.ts';
import { Firmware } from '../host/firmware.ts';
import { ensureImage } from '../mcu/build.ts';
import { QemuImage } from '../mcu/qemu.ts';
import { concat, raidStream, referenceReply } from '../mcu/raid.ts';
import { TARGETS, missingTools } from '../mcu/targets.ts';
import { join, resolve } from 'node:path';

export const hasMcuTools = (): boolean => missingTools() === '' && spawnSync('qemu-system-arm', ['--version'], { stdio: 'ignore' }).status === 0;

export interface McuRow {
  board: string; machine: string; clockMHz: number; cpi: [number, number]; budgetMs: number;
  bistInsns: number; raidInsns: number; stepMedianInsns: number; stepMaxInsns: number; flashKiB: number; ramKiB: number;
}

const field = (line: string | undefined, key: string): number => Number(new RegExp(`\\b${key} (\\d+)`).exec(line ?? '')?.[1] ?? NaN);

export async function measureMcu(): Promise<{ rows: McuRow[]; errors: string[] }> {
  const root = resolve(import.meta.dirname, '..');
  const rows: McuRow[] = [], errors: string[] = [];
  const { config, scans } = raidStream(64, 12);
  const stream = concat([config, ...scans]);
  for (const t of TARGETS) {
    const board = loadBoard(t.board);
    const ram = ensureImage(t);
    const q = new QemuImage(t.machine, join(root, 'build', 'mcu', t.board, 'image.elf'));
    try {
      await q.connected();
      await q.console.waitFor(/^ready$/, 300_000);
      const cal = q.console.lines.find((l) => l.startsWith('calibrate'));
      const perTick = field(cal, 'insns') / field(cal, 'ticks');
      const bist = q.console.lines.find((l) => l.startsWith('bist '));
      const raid = q.console.lines.find((l) => l.startsWith('benchRaid64 '));
      const fw = Firmware.load(t.board);
      if (field(bist, 'checksum') !== fw.exports.bist() >>> 0) errors.push(`${t.board}: bist() in QEMU ${field(bist, 'checksum')}, V8 ${fw.exports.bist() >>> 0}`);
      const ref = referenceReply(t.board, stream);
      q.send(stream);
      await q.receivedAtLeast(ref.bytes.length, 300_000);
      await q.console.waitFor(new RegExp(`^step n ${ref.steps} `), 60_000);
      if (q.received.length !== ref.bytes.length || q.received.some((b, i) => b !== ref.bytes[i])) errors.push(`${t.board}: the bytes served differ from V8's`);
      const steps = q.console.lines.filter((l) => l.startsWith('step ')).map((l) => field(l, 'ticks') * perTick).sort((a, b) => a - b);
      rows.push({
        board: t.board, machine: t.machine, clockMHz: board.clockMHz, cpi: t.cpi, budgetMs: board.cycleBudgetMs,
        bistInsns: field(bist, 'ticks') * perTick, raidInsns: field(raid, 'ticks') * perTick,
        stepMedianInsns: steps[Math.floor(steps.length / 2)], stepMaxInsns: steps[steps.length - 1],
        flashKiB: ram.flashBytes / 1024, ramKiB: (ram.dataBytes + ram.bssBytes + ram.linearBytes + ram.stackBytes) / 1024,
      });
    } finally {
      q.stop();
    }
  }
  return { rows, errors };
}
