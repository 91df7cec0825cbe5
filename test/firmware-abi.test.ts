// The firmware's ABI contract on every board: no imports, pinned memory, no allocation after init,
// and garbage or overload on the input never traps or corrupts.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Firmware, wasmPath } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { listBoards, loadBoard, benchWorkloads } from '../host/boards/board.ts';
import { DEFAULT_TRACKER_CONFIG } from '../host/link/frames.ts';
import * as P from '../assembly/protocol.ts';

const boards = listBoards();

describe.each(boards)('board %s', (name) => {
  const board = loadBoard(name);
  const module = new WebAssembly.Module(readFileSync(wasmPath(name)));

  it('imports nothing and exports the ABI', () => {
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    for (const f of ['init', 'rxBuffer', 'rxCapacity', 'ingest', 'step', 'txBuffer', 'stat', 'selftest', 'bist', 'memory']) {
      expect(exports).toContain(f);
    }
  });

  it('carries the zero-argument raid workloads only where an engine needs them', () => {
    const ex = Firmware.load(name).exports as unknown as { benchRaid64(): number };
    if (benchWorkloads(board)) expect(ex.benchRaid64() >>> 0).not.toBe(0);
    else expect(ex.benchRaid64()).toBe(0);
    expect(benchWorkloads(board)).toBe(name !== 'host');
  });

  it('pins its memory at the board\'s page count', () => {
    const fw = Firmware.load(name);
    expect(fw.stat(P.STAT_MEMORY_PAGES)).toBe(board.memoryPages);
    expect(() => fw.exports.memory.grow(1)).toThrow();
  });

  it('never moves the heap top during thousands of steps with plots', () => {
    const fw = Firmware.load(name);
    const link = new FirmwareLink(fw);
    link.configureSensor({ id: 3, east: 0, north: 0, up: 0, sigmaRange: 30, sigmaAz: 0.002, sigmaEl: 0.002, sigmaCart: 30,
      maxRange: 100_000, pd: 0.9, falseDensity: 1e-12, scanPeriodS: 1 });
    link.configureTracker(DEFAULT_TRACKER_CONFIG);
    const top = fw.stat(P.STAT_HEAP_TOP);
    let id = 1;
    for (let k = 1; k <= 2000; k++) {
      const plots = Array.from({ length: 8 }, (_, i) => ({ plotId: id++, kind: 'cartesian' as const, timeMs: k * 1000,
        a: 10_000 + i * 3000 + 50 * k, b: 5000 + ((k * 7919 + i * 104729) % 997), c: 1000 }));
      link.sendPlots(3, plots);
      link.step(k * 1000);
    }
    expect(fw.stat(P.STAT_STEPS)).toBe(2000);
    expect(fw.stat(P.STAT_TRACKS_CONFIRMED)).toBeGreaterThan(0);
    expect(fw.stat(P.STAT_HEAP_TOP)).toBe(top);
  });

  it('survives random bytes: counted, never fatal, and still tracks afterwards', () => {
    const fw = Firmware.load(name);
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 5000 }), (bytes) => {
      fw.ingest(bytes);
      fw.step(0);
      return true;
    }), { numRuns: 60, seed: 42 });
    const s = fw.stats();
    expect(s.bytesIn).toBeGreaterThan(0);
    expect(s.framingErrors + s.crcErrors + s.badFrames).toBeGreaterThan(0);
    // The link resynchronises: a clean frame after the garbage is understood.
    const link = new FirmwareLink(fw);
    fw.ingest(new Uint8Array([0]));
    expect(() => link.configureTracker(DEFAULT_TRACKER_CONFIG)).not.toThrow();
  });

  it('counts plot and track overflows instead of corrupting memory', () => {
    const fw = Firmware.load(name);
    const link = new FirmwareLink(fw);
    link.configureSensor({ id: 1, east: 0, north: 0, up: 0, sigmaRange: 10, sigmaAz: 0.001, sigmaEl: 0.001, sigmaCart: 10,
      maxRange: 1e6, pd: 0.9, falseDensity: 1e-12, scanPeriodS: 1 });
    const cap = board.capacities.plots;
    const extra = 37;
    // Widely spaced plots: each starts its own track, so tracks overflow too.
    const plots = Array.from({ length: cap + extra }, (_, i) => ({ plotId: i + 1, kind: 'cartesian' as const, timeMs: 1000,
      a: (i % 200) * 5000, b: Math.floor(i / 200) * 5000, c: 1000 }));
    link.sendPlots(1, plots);
    expect(fw.stat(P.STAT_PLOTS_DROPPED)).toBe(extra);
    link.step(1000);
    const tracks = Math.min(cap, board.capacities.tracks);
    expect(fw.stat(P.STAT_TRACKS_ACTIVE)).toBe(tracks);
    expect(fw.stat(P.STAT_TRACKS_DROPPED)).toBe(cap - tracks);
    // Still consistent: resetting brings the pools back, and tracking works.
    link.reset();
    link.sendPlots(1, [{ plotId: 1, kind: 'cartesian', timeMs: 2000, a: 100, b: 100, c: 100 }]);
    link.step(2000);
    expect(fw.stat(P.STAT_TRACKS_ACTIVE)).toBe(1);
  });
});
