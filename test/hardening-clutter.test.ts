// Dense clutter: N plots in a 50 m cube against N tracks gate N² pairs. Gating stops when the pair pool is
// full (or the batch's coarse-gate work reaches its bound), the plots left are counted, not gated, and they
// start no tracks: the work of a step is bounded by the pools, not by N². Work is counted, never timed.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { loadBoard } from '../host/boards/board.ts';
import { line, plot, SENSOR } from './hardening-support.ts';

function cube(n: number, tMs: number, seed: number) {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 50;
  return Array.from({ length: n }, () => plot(tMs, 10_000 + r(), 10_000 + r(), 1000 + r()));
}

describe('dense clutter against dense tracks', () => {
  it.each([1024, 2048, 16_384])('%i plots in a 50 m cube against as many tracks: bounded work, counted', (n) => {
    const l = line('host');
    const pairPool = 4 * loadBoard('host').capacities.plots;
    l.link.sendPlots(SENSOR.id, cube(n, 1000, 1));
    l.link.step(1000);
    expect(l.fw.stat(P.STAT_TRACKS_ACTIVE)).toBe(n);
    const work0 = l.fw.stat(P.STAT_GATE_WORK);
    l.link.sendPlots(SENSOR.id, cube(n, 2000, 2));
    expect(() => l.link.step(2000)).not.toThrow();
    const work = l.fw.stat(P.STAT_GATE_WORK) - work0;
    // Every plot could gate with every track: n² pairs. The pool holds pairPool; gating stopped there.
    expect(l.fw.stat(P.STAT_GATE_PAIRS)).toBeLessThanOrEqual(pairPool);
    expect(l.fw.stat(P.STAT_PAIRS_DROPPED)).toBeLessThanOrEqual(n);
    expect(work).toBeLessThanOrEqual(pairPool + 2 * n);
    const ungated = l.fw.stat(P.STAT_PLOTS_UNGATED);
    expect(ungated).toBeGreaterThan(0);
    expect(ungated).toBeLessThan(n);
    // Ungated plots start no tracks: the pool does not fill with clutter.
    expect(l.fw.stat(P.STAT_TRACKS_CREATED)).toBeLessThanOrEqual(n + (n - ungated));
  });
});
