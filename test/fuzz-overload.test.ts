// Overload: ten times a board's capacity. A few real targets are tracked, then every scan brings ten times as
// many plots as the plot pool holds, each where it would start a track (ten times the track pool too). The
// pools fill and what they cannot hold is dropped and counted exactly; the step's work stays within its
// bounds; the output stays complete; the heap top never moves; the real tracks keep their numbers through
// the flood, and once it stops the clutter's tracks go by the confirmation rule and the pool empties. All of
// it from the firmware's counters and frames, never the wall clock.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { DEFAULT_DOCTRINE } from '../host/link/tewa-frames.ts';
import type { Plot } from '../host/link/frames.ts';
import { unit } from './tewa-support.ts';
import { line, SENSOR } from './hardening-support.ts';
import { CITY } from './hardening-replay.ts';
import { WTA_OVERSHOOT, gateBound as gateWorkBound } from './fuzz-soak-support.ts';

const REAL = 8;
/** Flood scans per board. */
const FLOOD: Record<string, number> = { host: 4, stm32h7: 4, esp32s3: 4, rp2040: 6 };

describe.each(Object.keys(FLOOD))('10× capacity flood on board %s', (board) => {
  it('pools fill, the excess is dropped and counted, work stays bounded, the real tracks survive', () => {
    const l = line(board, {}, { maxRange: 1e6, sigmaCart: 10 });
    l.link.configureAsset(CITY);
    l.link.configureFireUnit(unit({ id: 10 }));
    const S = (id: number) => l.fw.stat(id);
    const capTracks = S(P.STAT_CAP_TRACKS), capPlots = S(P.STAT_CAP_PLOTS), heapTop = S(P.STAT_HEAP_TOP);
    const gateBound = gateWorkBound(capTracks, capPlots); // one sensor: one batch a step
    let id = 1;
    const real = (tMs: number): Plot[] => Array.from({ length: REAL }, (_, i) => ({ plotId: id++, kind: 'cartesian', timeMs: tMs,
      a: 4000 * (i - REAL / 2), b: 15_000 - 0.05 * tMs, c: 1000 + 50 * i }));
    let k = 0, maxGate = 0;
    const step = () => {
      const gate0 = S(P.STAT_GATE_WORK);
      const out = l.link.step(k * 1000); // throws on an incomplete output
      maxGate = Math.max(maxGate, S(P.STAT_GATE_WORK) - gate0);
      expect(S(P.STAT_HEAP_TOP)).toBe(heapTop);
      expect(S(P.STAT_GATE_WORK) - gate0).toBeLessThanOrEqual(gateBound);
      expect(S(P.STAT_WTA_WORK)).toBeLessThanOrEqual(DEFAULT_DOCTRINE.wtaWorkBound + WTA_OVERSHOOT);
      expect(S(P.STAT_TRACKS_ACTIVE)).toBeLessThanOrEqual(capTracks);
      expect(S(P.STAT_TX_OVERFLOWS)).toBe(0);
      return out;
    };
    for (k = 1; k <= 4; k++) { l.link.sendPlots(SENSOR.id, real(k * 1000)); step(); }
    const numbers = () => step().picture.tracks.map((t) => t.trackNumber).sort((a, b) => a - b);
    k = 5; l.link.sendPlots(SENSOR.id, real(k * 1000));
    const before = numbers();
    expect(before).toHaveLength(REAL);
    // The flood: every scan the real plots first, then 10× the plot pool of clutter spread over 400 km.
    const n = 10 * Math.max(capPlots, capTracks);
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (let f = 0; f < FLOOD[board]; f++) {
      k++;
      const plots = [...real(k * 1000), ...Array.from({ length: n }, (): Plot => ({ plotId: id++, kind: 'cartesian', timeMs: k * 1000,
        a: 4e5 * (rnd() - 0.5), b: 4e5 * (rnd() - 0.5), c: 20_000 * rnd() }))];
      const plotsIn = S(P.STAT_PLOTS_IN), dropped = S(P.STAT_PLOTS_DROPPED);
      l.link.sendPlots(SENSOR.id, plots);
      expect(S(P.STAT_PLOTS_IN) - plotsIn).toBe(plots.length);
      // The pool was empty at the scan's start (the last step used every plot): all beyond it dropped.
      expect(S(P.STAT_PLOTS_DROPPED) - dropped).toBe(plots.length - capPlots);
      const tracks = step().picture.tracks.map((t) => t.trackNumber);
      for (const t of before) expect(tracks).toContain(t);
    }
    expect(S(P.STAT_TRACKS_ACTIVE)).toBe(capTracks);
    expect(S(P.STAT_TRACKS_DROPPED)).toBeGreaterThan(0);
    console.log(`overload ${board}: ${FLOOD[board]} scans of ${n} plots; plotsDropped ${S(P.STAT_PLOTS_DROPPED)}, tracksDropped ${S(P.STAT_TRACKS_DROPPED)}, `
      + `pairsDropped ${S(P.STAT_PAIRS_DROPPED)}, plotsUngated ${S(P.STAT_PLOTS_UNGATED)}, largest step's gate work ${maxGate} (bound ${gateBound}), tracks ${S(P.STAT_TRACKS_ACTIVE)}/${capTracks}`);
    // After the flood: the clutter's tentative tracks fail M-of-N and go; the real ones stay, same numbers.
    const dropped = S(P.STAT_PLOTS_DROPPED);
    for (let q = 0; q < 6; q++) { k++; l.link.sendPlots(SENSOR.id, real(k * 1000)); step(); }
    k++; l.link.sendPlots(SENSOR.id, real(k * 1000));
    expect(numbers()).toEqual(before);
    expect(S(P.STAT_TRACKS_ACTIVE)).toBe(REAL);
    expect(S(P.STAT_PLOTS_DROPPED)).toBe(dropped);
  }, 300_000);
});
