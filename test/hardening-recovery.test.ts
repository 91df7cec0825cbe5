// Recovery: init() and CONFIG/RESET restore every static structure, array headers included, and after a
// trap the host re-instantiates the module and says so. Each hostile input of the hardening tests is
// driven, then the firmware re-initialised, then a clean workload whose output bytes must equal a fresh
// instance's.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { Firmware, FirmwareError } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { encodeReset } from '../host/link/frames.ts';
import { line, plot, config, SENSOR } from './hardening-support.ts';
import { BOARDS, HOSTILE, clean } from './hardening-replay.ts';

const fresh = new Map(BOARDS.map((b) => [b, clean(Firmware.load(b))]));

describe.each(BOARDS)('recovery on board %s', (board) => {
  it.each(HOSTILE)('after %s, init() gives a fresh firmware', (_what, drive) => {
    const l = line(board);
    let trapped = false;
    try { drive(l); } catch (e) {
      if (!(e instanceof FirmwareError)) throw e;
      trapped = true;
      expect(e.message).toMatch(/re-instantiated/);
    }
    expect(trapped).toBe(false); // none of them traps any more
    l.fw.init();
    expect(clean(l.fw)).toBe(fresh.get(board));
  });

  it('init() restores every pool after its headers and contents were overwritten', () => {
    const fw = Firmware.load(board);
    clean(fw);
    // What a write past a pool does: everything from the gate's pair pool to the end of memory garbage.
    const mem = new Uint8Array(fw.exports.memory.buffer);
    const from = (fw.exports as unknown as { lapGateTracks(): number }).lapGateTracks() - 20;
    for (let i = from; i < mem.length; i++) mem[i] = (i * 2654435761) >>> 24;
    fw.init();
    expect(fw.stat(P.STAT_HEAP_TOP)).toBe(Firmware.load(board).stat(P.STAT_HEAP_TOP));
    expect(clean(fw)).toBe(fresh.get(board));
  });

  it('CONFIG/RESET restores the array headers', () => {
    const fw = Firmware.load(board);
    const ref = Firmware.load(board);
    const hdr = (f: Firmware) => new Uint8Array(f.exports.memory.buffer, f.exports.rxBuffer() - 20, 20).slice();
    new Uint8Array(fw.exports.memory.buffer, fw.exports.rxBuffer() - 20, 20).fill(0xa5);
    const link = new FirmwareLink(fw);
    expect(config(link, encodeReset()).status).toBe(P.ACK_OK);
    expect(hdr(fw)).toEqual(hdr(ref));
  });
});

describe('a trap on the host', () => {
  it('re-instantiates the module, says so, and the next workload is a fresh firmware\'s', () => {
    const fw = Firmware.load('host');
    clean(fw);
    // Force a fault: every pool's header says it is empty, so the tracker's check of its pools fails (an
    // assertion: the firmware traps). The pools are the stub allocator's blocks, from the heap's start to its
    // top: found as the first 16-aligned chain of well-formed blocks that ends exactly at the top.
    const mem = new DataView(fw.exports.memory.buffer);
    const top = fw.stat(P.STAT_HEAP_TOP) - 4;
    const chain = (start: number): number[] | null => {
      const blocks: number[] = [];
      for (let b = start; b <= top; b += 4 + mem.getUint32(b, true)) {
        if (b === top) return blocks;
        const mm = mem.getUint32(b, true);
        if ((mm + 4) % 16 !== 0 || mm < 12 || mem.getUint32(b + 4, true) !== 0 || mem.getUint32(b + 8, true) !== 0) return null;
        blocks.push(b);
      }
      return null;
    };
    let blocks: number[] | null = null;
    for (let a = 12; a < top && !blocks; a += 16) blocks = chain(a);
    expect(blocks!.length).toBeGreaterThan(100);
    for (const b of blocks!) mem.setUint32(b + 16, 0, true);
    const link = new FirmwareLink(fw);
    let error: unknown;
    try {
      for (let k = 1; k <= 5 && !error; k++) {
        link.sendPlots(SENSOR.id, [plot(k * 1000, 1000 * k, 0, 100)]);
        link.step(k * 1000);
      }
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/trapped.*re-instantiated/);
    expect(fw.reinstantiations).toBe(1);
    expect(clean(fw)).toBe(fresh.get('host'));
  });
});
