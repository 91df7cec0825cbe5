// The microcontroller images: which boards get one, the QEMU machine that boots it, and the compiler's
// CPU flags. A board's own memory map (boards/<board>.json memoryMap) sets the linker regions; QEMU's MPS2
// machines have RAM at other addresses, so the image lays the board's regions, each with its real size, one
// after another into the machine's SSRAM2/3 (4 MiB at 0x20000000), and its flash budget into SSRAM1 at 0.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export interface McuTarget {
  board: string;
  machine: string;
  /** What the QEMU machine's CPU is (the image may use a subset of its instructions). */
  cpu: string;
  cflags: string[];
  /** Instructions per clock cycle range on the real part, for time estimates from instruction counts. */
  cpi: [number, number];
}

export const TARGETS: McuTarget[] = [
  // Cortex-M7 with the double-precision FPU (FPv5-D16), as the STM32H743.
  { board: 'stm32h7', machine: 'mps2-an500', cpu: 'cortex-m7', cflags: ['-mcpu=cortex-m7', '-mfpu=fpv5-d16', '-mfloat-abi=hard'], cpi: [0.8, 2.0] },
  // The RP2040's Cortex-M0+ (ARMv6-M, no FPU): its code runs unchanged on the AN385's Cortex-M3.
  { board: 'rp2040', machine: 'mps2-an385', cpu: 'cortex-m3', cflags: ['-mcpu=cortex-m0plus', '-mfloat-abi=soft'], cpi: [1.1, 2.0] },
];

export const QEMU_RAM_ORIGIN = 0x20000000;
export const QEMU_RAM_KIB = 4096;
export const QEMU_FLASH_KIB = 4096;

/** The wasm2c runtime header's folder (Debian's wabt ships it in /usr/src/wasm2c). */
export function wasm2cInclude(): string | undefined {
  return ['/usr/src/wasm2c', '/usr/share/wabt/wasm2c', '/usr/include'].find((d) => existsSync(`${d}/wasm-rt.h`));
}

/** The tools an image needs that are missing ('' when all are there). */
export function missingTools(qemu = true): string {
  const tools = ['wasm2c', 'arm-none-eabi-gcc', ...(qemu ? ['qemu-system-arm'] : [])];
  const missing = tools.filter((t) => spawnSync(t, ['--version'], { stdio: 'ignore' }).status !== 0);
  if (!wasm2cInclude()) missing.push('wasm-rt.h (wabt)');
  return missing.join(', ');
}
