// Recovery: init() and CONFIG/RESET restore every static structure, array headers included, and after a
// trap the host re-instantiates the module and says so. Each hostile input of the hardening tests is
// driven, then the firmware re-initialised, then a clean workload whose output bytes must equal a fresh
// instance's.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import * as P from '../assembly/protocol.ts';
import { Firmware, FirmwareError } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, encodeReset, encodeHeartbeat } from '../host/link/frames.ts';
import { encodeAssetConfig } from '../host/link/tewa-frames.ts';
import { unit } from './tewa-support.ts';
import { line, plot, config, patchF32, trackerPayload, SENSOR, type Line } from './hardening-support.ts';

const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 10_000 };

/** A clean workload: sensor, tracker, an asset and a fire unit, 12 targets for 8 scans; the digest of every
 *  byte transmitted (ACKs included). */
function clean(fw: Firmware): string {
  const h = createHash('sha256');
  const link = new FirmwareLink(fw);
  const send = (type: number, payload: Uint8Array) => { link.send(type, payload); };
  h.update(fw.ingest(new Uint8Array([0])));
  link.configureSensor(SENSOR);
  link.configureTracker(DEFAULT_TRACKER_CONFIG);
  link.configureAsset(CITY);
  link.configureFireUnit(unit({ id: 10 }));
  send(P.FRAME_HEARTBEAT, encodeHeartbeat(0));
  let id = 1;
  for (let k = 1; k <= 8; k++) {
    const plots = Array.from({ length: 12 }, (_, i) => ({ plotId: id++, kind: 'cartesian' as const, timeMs: k * 1000,
      a: 2000 * (i - 6), b: 12_000 - 50 * k, c: 500 + 100 * i }));
    link.sendPlots(SENSOR.id, plots);
    h.update(link.step(k * 1000).bytes);
  }
  return h.digest('hex');
}

const BOARDS = ['host', 'esp32s3', 'rp2040', 'stm32h7'];
const fresh = new Map(BOARDS.map((b) => [b, clean(Firmware.load(b))]));

// The hostile inputs of the hardening tests, each on a configured firmware.
const HOSTILE: [string, (l: Line) => void][] = [
  ['a plot stamped 1e27 ms after a track', (l) => {
    l.link.sendPlots(SENSOR.id, [plot(1000, 10_000, 10_000, 1000)]);
    l.link.step(1000);
    l.link.sendPlots(SENSOR.id, [plot(1e27, 10_000, 10_000, 1000)]);
    l.link.step(1e27);
  }],
  ['maximum speed 1e15 and gate 6e16', (l) => {
    config(l.link, patchF32(patchF32(trackerPayload(), 12, 1e15), 20, 6e16));
    l.link.sendPlots(SENSOR.id, [plot(1000, 10_000, 10_000, 1000)]);
    l.link.step(1000);
    l.link.sendPlots(SENSOR.id, [plot(2000, 10_000, 10_000, 1000)]);
    l.link.step(2000);
  }],
  ['a new-target density of 1e-45 with no clutter', (l) => {
    l.link.configureSensor({ ...SENSOR, falseDensity: 0 });
    config(l.link, patchF32(trackerPayload(), 16, 1e-45));
    for (let k = 1; k <= 4; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 10_000 + 50 * k, 10_000, 1000)]);
      l.link.step(k * 1000);
    }
    l.link.sendPlots(SENSOR.id, [plot(5000, 10_250, 10_000, 1000), plot(5000, 10_255, 10_004, 1000)]);
    l.link.step(5000);
  }],
  ['an asset radius of 1e20, then a step at 1e200 ms after an engagement', (l) => {
    l.link.send(P.FRAME_CONFIG, encodeAssetConfig({ ...CITY, radius: 1e20 }));
    l.link.configureAsset(CITY);
    l.link.configureFireUnit(unit({ id: 10, channels: 1 }));
    for (let k = 1; k <= 5; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 0, 12_000 - 50 * k, 1000)]);
      l.link.step(k * 1000);
    }
    l.link.step(1e200);
  }],
  ['dense clutter against dense tracks', (l) => {
    for (let k = 1; k <= 2; k++) {
      l.link.sendPlots(SENSOR.id, Array.from({ length: 100 }, (_, i) => plot(k * 1000, 10_000 + (i % 5) * 10, 10_000 + (i % 7) * 7, 1000 + (i % 3) * 15)));
      l.link.step(k * 1000);
    }
  }],
  ['a RESET during an engagement', (l) => {
    l.link.configureAsset(CITY);
    l.link.configureFireUnit(unit({ id: 10, channels: 1 }));
    for (let k = 1; k <= 5; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 0, 12_000 - 50 * k, 1000)]);
      l.link.step(k * 1000);
    }
    config(l.link, encodeReset());
  }],
  ['a vertical σa of 5e22', (l) => {
    config(l.link, patchF32(trackerPayload(), 24, 5e22));
    for (let k = 1; k <= 3; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 10_000, 10_000, 1000)]);
      l.link.step(k * 1000);
    }
    l.link.step(600_000);
  }],
];

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
