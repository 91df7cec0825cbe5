// Tracker inputs a hostile line can send that used to blind or trap the firmware: −∞ assignment costs on
// f32 boards, one late plot dragging a batch back in time.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { line, plot, config, trackerPayload, confirmGrid, gridPlots, SENSOR } from './hardening-support.ts';

describe('−∞ assignment costs', () => {
  it.each(['esp32s3', 'rp2040'])('a new-target density of 1e-45 with no clutter never traps a two-pair cluster (%s)', (board) => {
    const l = line(board, {}, { falseDensity: 0, pd: 1 });
    config(l.link, trackerPayload({ newTargetDensity: 1e-45 }));
    for (let k = 1; k <= 4; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 10_000 + 50 * k, 10_000, 1000)]);
      l.link.step(k * 1000);
    }
    // Two plots in the one track's gate: a cluster of two pairs.
    l.link.sendPlots(SENSOR.id, [plot(5000, 10_250, 10_000, 1000), plot(5000, 10_255, 10_004, 1000)]);
    expect(() => l.link.step(5000)).not.toThrow();
    // Either the density is refused outright, or the costs stay finite.
    expect(l.fw.stat(P.STAT_CONFIG_REJECTED) + l.fw.stat(P.STAT_COSTS_CLAMPED)).toBeGreaterThanOrEqual(1);
    l.link.sendPlots(SENSOR.id, [plot(6000, 10_300, 10_000, 1000)]);
    expect(l.link.step(6000).picture.tracks.length).toBeGreaterThanOrEqual(1);
  });
});

describe('late plots', () => {
  it('one plot 5 minutes old in a scan is dropped and counted, and the picture stays', () => {
    const l = line('host');
    l.link.configureSensor({ ...SENSOR, id: 2 });
    confirmGrid(l, 20, 5);
    expect(l.fw.stat(P.STAT_TRACKS_CONFIRMED)).toBe(20);
    l.link.sendPlots(SENSOR.id, gridPlots(20, 6000));
    l.link.sendPlots(2, [plot(6000 - 300_000, 50_000, 50_000, 1000)]);
    const out = l.link.step(6000);
    expect(out.picture.tracks.length).toBe(20);
    expect(l.fw.stat(P.STAT_TRACKS_CONFIRMED)).toBe(20);
    expect(l.fw.stat(P.STAT_PLOTS_LATE)).toBe(1);
    expect(l.fw.stat(P.STAT_PLOTS_ASSOCIATED)).toBe(20 * 6 - 20); // every grid plot but the first scan's
  });

  it('a scan of late plots only changes nothing', () => {
    const l = line('host');
    confirmGrid(l, 20, 5);
    const before = l.fw.stat(P.STAT_TRACKS_CREATED);
    l.link.sendPlots(SENSOR.id, [plot(-1e27, 50_000, 50_000, 1000), plot(5000 - 61_000, 0, 0, 1000)]);
    const out = l.link.step(6000);
    expect(out.picture.tracks.length).toBe(20);
    expect(l.fw.stat(P.STAT_PLOTS_LATE)).toBe(2);
    expect(l.fw.stat(P.STAT_TRACKS_CREATED)).toBe(before);
  });
});
