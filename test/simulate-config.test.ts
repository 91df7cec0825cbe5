// What the closed loop tells the firmware about a scenario (loop-config.ts), and the statistics over
// seeds (loop-stats.ts).
import { describe, expect, it } from 'vitest';
import { COVERAGE_PD, coverageRange, falseDensity, firmwareSetup } from '../host/sim/loop-config.ts';
import { meanInterval, tQuantile } from '../host/sim/loop-stats.ts';
import { targetPd } from '../host/sim/radar.ts';
import { checkScenario, loadScenario } from '../host/sim/scenario.ts';

const kyiv = loadScenario('scenarios/kyiv-2025-07-04.json');

describe('firmware configuration from a scenario', () => {
  const setup = firmwareSetup(kyiv);

  it('covers each radar out to where the typical target is seen with Pd ½, within the instrumented range', () => {
    kyiv.radars.forEach((r, i) => {
      const c = setup.sensors[i];
      expect(c.id).toBe(r.id);
      expect(c.up).toBe(r.antennaHeightM);
      expect(c.maxRange).toBe(coverageRange(kyiv, r));
      expect(c.maxRange).toBeLessThanOrEqual(r.maxRangeM);
      expect(targetPd(r, 0.0326, c.maxRange)).toBeCloseTo(COVERAGE_PD, 1);
      expect(c.pd).toBeGreaterThan(COVERAGE_PD);
      expect(c.pd).toBeLessThanOrEqual(1);
      expect(c.sigmaAz).toBeCloseTo((r.noise.azDeg * Math.PI) / 180, 12);
    });
  });

  it('spreads the clutter over the coverage volume', () => {
    const full = kyiv.radars[0]; // full circle, 0–40°
    const v = (full.maxRangeM ** 3 / 3) * 2 * Math.PI * Math.sin((40 * Math.PI) / 180);
    expect(falseDensity(full)).toBeCloseTo(full.clutterPerScan / v, 25);
    const sector = kyiv.radars[4]; // 0–150°, 0–85°
    const vs = (sector.maxRangeM ** 3 / 3) * ((150 * Math.PI) / 180) * Math.sin((85 * Math.PI) / 180);
    expect(falseDensity(sector)).toBeCloseTo(sector.clutterPerScan / vs, 25);
  });

  it('derives the tracker from the threats: turn acceleration, fastest threat, misses across the radars', () => {
    expect(setup.tracker.accelSigma).toBeCloseTo((240 * 2 * Math.PI) / 180, 9); // cruise: 240 m/s at 2°/s
    expect(setup.tracker.maxSpeed).toBeCloseTo(1.2 * 1900, 9); // the fastest ballistic missile
    expect(setup.tracker.deleteMisses).toBe(Math.ceil(3 * 2 + (2 * 10) / 3 + (2 * 10) / 2));
  });

  it('maps fire units, magazines and the doctrine onto the wire', () => {
    kyiv.fireUnits.forEach((u, i) => {
      const w = setup.fireUnits[i];
      expect(w.id).toBe(i);
      expect(w.kind).toBe(u.kind === 'mobile-fire-group' ? 'gun' : u.kind);
      expect(w.readyRounds).toBe(Math.min(0xffff, u.readyRounds));
      expect(w.magazine).toBe(Math.min(0xffff, u.magazine - u.readyRounds));
      expect(w.pk.unknown).toBe(Math.min(u.pk.drone, u.pk.cruise));
    });
    expect(setup.doctrine).toMatchObject({ shootLookShoot: true, salvoLimit: 2, reserveForBallistic: 0, costWeight: 1, killAssessS: 2 });
    expect(setup.reserves).toEqual([{ kind: 'long-range-sam', classes: ['ballistic'], rounds: 4 }]);
    expect(setup.warnings).toEqual([]);
    expect(firmwareSetup(kyiv, false).fireUnits).toEqual([]);
  });

  it('carries every reserve entry to the firmware as a rule', () => {
    const extra = [{ kind: 'short-range-sam' as const, rounds: 2, forClasses: ['cruise' as const, 'decoy' as const, 'drone' as const] }];
    const sc = { ...kyiv, doctrine: { ...kyiv.doctrine, reserve: [...kyiv.doctrine.reserve, ...extra] } };
    const s = firmwareSetup(sc);
    expect(s.doctrine.reserveForBallistic).toBe(0);
    expect(s.reserves[1]).toEqual({ kind: 'short-range-sam', classes: ['cruise', 'drone'], rounds: 2 });
    expect(s.warnings).toEqual([]);
  });

  it('leaves the scenario checks to the loader', () => {
    expect(() => checkScenario({}, 'x.json')).toThrow(/x\.json: \/name is required/);
  });
});

describe('statistics over seeds', () => {
  it('has the Student t quantiles of the tables', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.975, 4)).toBeCloseTo(2.776, 3);
    expect(tQuantile(0.975, 19)).toBeCloseTo(2.093, 3);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.962, 3);
  });

  it('gives the mean and its 95 % interval, leaving undefined figures out', () => {
    const m = meanInterval([1, 2, 3, 4, NaN]);
    expect(m.n).toBe(4);
    expect(m.mean).toBe(2.5);
    const half = tQuantile(0.975, 3) * (Math.sqrt(5 / 3) / 2);
    expect(m.lo).toBeCloseTo(2.5 - half, 12);
    expect(m.hi).toBeCloseTo(2.5 + half, 12);
    expect(meanInterval([7]).lo).toBeNaN();
  });
});
