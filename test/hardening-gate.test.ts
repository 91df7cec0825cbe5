// A gate box far wider than the coarse grid's integer cell range (a plot stamped far from a track's time)
// must go to the wide list: no saturated cell index, no wrapped span, no walk over the i32 range.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { line, plot, confirmGrid, SENSOR } from './hardening-support.ts';

describe('gate span overflow', () => {
  it('a plot stamped 1e27 ms after a track neither traps nor hangs the step (chained grid)', () => {
    const l = line('host');
    l.link.sendPlots(SENSOR.id, [plot(1000, 10_000, 10_000, 1000)]);
    l.link.step(1000);
    l.link.sendPlots(SENSOR.id, [plot(1e27, 10_000, 10_000, 1000)]);
    expect(() => l.link.step(1e27)).not.toThrow();
    expect(l.fw.stat(P.STAT_GATES_OFF_GRID)).toBe(1);
    // Still tracking afterwards.
    l.link.sendPlots(SENSOR.id, [plot(1e27 + 1000, 10_000, 10_000, 1000)]);
    expect(() => l.link.step(1e27 + 1000)).not.toThrow();
  });

  it.each(['esp32s3', 'rp2040', 'stm32h7'])('and on board %s', (board) => {
    const l = line(board);
    l.link.sendPlots(SENSOR.id, [plot(1000, 10_000, 10_000, 1000), plot(1000, -20_000, 5000, 3000)]);
    l.link.step(1000);
    l.link.sendPlots(SENSOR.id, [plot(1e27, 10_000, 10_000, 1000)]);
    expect(() => l.link.step(1e27)).not.toThrow();
    expect(l.fw.stat(P.STAT_GATES_OFF_GRID)).toBeGreaterThanOrEqual(1);
  });

  it('from 4096 tracks on (contiguous grid) the step returns', () => {
    const l = line('host');
    confirmGrid(l, 4100, 1);
    expect(l.fw.stat(P.STAT_TRACKS_ACTIVE)).toBe(4100);
    l.link.sendPlots(SENSOR.id, [plot(1e27, 10_000, 10_000, 1000)]);
    expect(() => l.link.step(1e27)).not.toThrow();
    expect(l.fw.stat(P.STAT_GATES_OFF_GRID)).toBe(4100);
  });
});
