// A 6-hour soak on every board, on simulated time (test/fuzz-soak-support.ts: 5400 scans of 4 s, a wave of
// 12 targets every 5 minutes, 20 clutter plots a scan, kills reported, the look-ahead on). Figures come from
// the firmware's own counters and frames, never the wall clock; they are printed for docs/reliability.md.
import { describe, it, expect } from 'vitest';
import { soak, WTA_OVERSHOOT } from './fuzz-soak-support.ts';

const HOURS = Number(process.env.PARAPET_SOAK_HOURS ?? 6);

describe.each(['host', 'stm32h7', 'esp32s3', 'rp2040'])('soak on board %s', (board) => {
  it(`${HOURS} simulated hours: constant heap, bounded step work, no drops within capacity, tracks leave only by the rules`, () => {
    const f = soak({ board, hours: HOURS });
    console.log(`soak ${board}: ${JSON.stringify(f)}`);
    expect(f.scans).toBe(HOURS * 900);
    expect(f.heapTopMoved).toBe(0);
    expect(f.workOverBound).toBe(0);
    expect(f.maxGateWork).toBeLessThanOrEqual(f.gateBound);
    expect(f.maxWtaWork).toBeLessThanOrEqual(f.wtaBound + WTA_OVERSHOOT);
    expect(f.maxLookaheadWork).toBeLessThanOrEqual(f.lookaheadBound);
    // Within capacity: nothing dropped, nothing cut, every plot valid and on time.
    expect({ plotsDropped: f.plotsDropped, tracksDropped: f.tracksDropped, txOverflows: f.txOverflows, plotsInvalid: f.plotsInvalid, plotsLate: f.plotsLate })
      .toEqual({ plotsDropped: 0, tracksDropped: 0, txOverflows: 0, plotsInvalid: 0, plotsLate: 0 });
    // The raid was tracked and fought throughout, and every rule of deletion was exercised.
    expect(f.maxConfirmed).toBeGreaterThanOrEqual(12);
    expect(f.orders).toBeGreaterThan(100);
    expect(f.kills).toBeGreaterThan(100);
    expect(f.lookaheads).toBeGreaterThanOrEqual(HOURS * 100);
    expect(f.deletedByMisses).toBeGreaterThan(0);
    expect(f.deletedCoasting).toBeGreaterThan(0);
    expect(f.deletedKilled).toBeGreaterThan(0);
    expect(f.lostTracks).toEqual([]);
    expect(f.lost).toBe(0);
  }, 300_000);
});
