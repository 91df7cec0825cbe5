// Effects against closed forms: fly-out time, the earliest-intercept geometry, kill draws per engagement
// (independent of the order engagements are resolved in, and at the right rate), leaker damage landing
// only on the asset(s) whose radius holds the impact point, decoys doing none, and a fire unit's rounds,
// reloads, channels and doctrine reserve.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assessEngagement, assetsAt, DamageLedger, drawKill, engagementId, flyOutTimeS, killProbability, type Engagement } from '../host/sim/effects.ts';
import { FireUnitState, inEnvelope, planIntercept } from '../host/sim/fire-unit.ts';
import { checkScenario, type Asset, type Doctrine, type FireUnit } from '../host/sim/scenario.ts';
import { SimStreams } from '../host/sim/streams.ts';

const Z = 4.5;
const base = checkScenario(JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8')), 'teach');
const unitWith = (over: Partial<FireUnit> = {}): FireUnit => ({ ...base.fireUnits[0], position: { eastM: 0, northM: 0 }, ...over });
const doctrine = (over: Partial<Doctrine> = {}): Doctrine => ({ ...base.doctrine, ...over });
const engagement = (id: string, rounds = 1): Engagement => ({
  id, fireUnitId: 'u', threatId: 1, orderTimeS: 0, interceptPoint: { x: 0, y: 5000, z: 1000 }, interceptTimeS: 10, rounds,
});

describe('fly-out', () => {
  it('takes the reaction time plus the distance over the average speed', () => {
    const unit = unitWith({ reactionTimeS: 7, interceptorSpeedMps: 500 });
    // A 3-4-5 triangle scaled by 1000: 5 km away.
    expect(flyOutTimeS(unit, { x: 3000, y: 0, z: 4000 })).toBeCloseTo(7 + 5000 / 500, 12);
    expect(flyOutTimeS({ ...unit, position: { eastM: 1000, northM: -2000 } }, { x: 4000, y: 2000, z: 0 })).toBeCloseTo(7 + 10, 12);
  });

  it('plans the earliest intercept of a constant-velocity threat', () => {
    const unit = unitWith({ reactionTimeS: 5, interceptorSpeedMps: 800 });
    // Head-on along the north axis from D: D − vτ = s(τ − r)  ⇒  τ = (D + s·r)/(s + v).
    const D = 20_000;
    const v = 50;
    const plan = planIntercept(unit, { x: 0, y: D, z: 0 }, { x: 0, y: -v, z: 0 })!;
    expect(plan.tauS).toBeCloseTo((D + 800 * 5) / (800 + v), 9);
    expect(plan.point.y).toBeCloseTo(D - v * plan.tauS, 6);
    expect(flyOutTimeS(unit, plan.point)).toBeCloseTo(plan.tauS, 9);
    // A crossing, climbing threat: the plan's point is where both arrive together.
    const p = { x: -12_000, y: 9000, z: 800 };
    const vel = { x: 220, y: -30, z: 5 };
    const c = planIntercept(unit, p, vel)!;
    expect(c.point.x).toBeCloseTo(p.x + vel.x * c.tauS, 6);
    expect(Math.hypot(c.point.x, c.point.y, c.point.z)).toBeCloseTo(800 * (c.tauS - 5), 4);
    // A threat running away faster than the interceptor is never caught.
    expect(planIntercept(unitWith({ interceptorSpeedMps: 60 }), { x: 0, y: 5000, z: 500 }, { x: 0, y: 80, z: 0 })).toBeNull();
  });

  it('checks the envelope at the intercept point', () => {
    const unit = unitWith(); // 1–20 km, 20 m–12 km, ≤ 900 m/s
    expect(inEnvelope(unit, { x: 0, y: 10_000, z: 1000 }, 50)).toBe(true);
    expect(inEnvelope(unit, { x: 0, y: 500, z: 100 }, 50)).toBe(false);
    expect(inEnvelope(unit, { x: 0, y: 25_000, z: 1000 }, 50)).toBe(false);
    expect(inEnvelope(unit, { x: 0, y: 10_000, z: 10 }, 50)).toBe(false);
    expect(inEnvelope(unit, { x: 0, y: 10_000, z: 1000 }, 1500)).toBe(false);
  });
});

describe('kill draws', () => {
  const unit = unitWith({ pk: { drone: 0.7, decoy: 0.7, cruise: 0.4, ballistic: 0 } });

  it('do not depend on the order engagements are resolved in, nor on the others', () => {
    const ids = Array.from({ length: 40 }, (_, i) => engagementId('sr', i + 1, 100 + i));
    const forward = new Map(ids.map((id) => [id, drawKill(engagement(id, 2), unit, 'cruise', new SimStreams(77))]));
    const streams = new SimStreams(77);
    const backward = new Map([...ids].reverse().map((id) => [id, drawKill(engagement(id, 2), unit, 'cruise', streams)]));
    expect([...backward.entries()].sort()).toEqual([...forward.entries()].sort());
    // Interleaving unrelated engagements on the same streams changes nothing either.
    const busy = new SimStreams(77);
    const mixed = ids.map((id, i) => {
      drawKill(engagement(`other-${i}`, 3), unit, 'drone', busy);
      return drawKill(engagement(id, 2), unit, 'cruise', busy);
    });
    expect(mixed).toEqual(ids.map((id) => forward.get(id)));
    // A different seed gives a different sequence.
    expect(ids.map((id) => drawKill(engagement(id, 2), unit, 'cruise', new SimStreams(78)))).not.toEqual(mixed);
  });

  it('kill at 1 − (1 − Pk)^rounds (binomial bounds)', () => {
    const streams = new SimStreams(5);
    const n = 5000;
    for (const rounds of [1, 2]) {
      const p = killProbability(unit, 'cruise', rounds);
      expect(p).toBeCloseTo(1 - 0.6 ** rounds, 12);
      let kills = 0;
      for (let i = 0; i < n; i++) if (drawKill(engagement(`e${rounds}-${i}`, rounds), unit, 'cruise', streams)) kills++;
      expect(Math.abs(kills - n * p)).toBeLessThan(Z * Math.sqrt(n * p * (1 - p)));
    }
    expect(drawKill(engagement('zero'), unit, 'ballistic', streams)).toBe(false);
  });

  it('assess a vanished target as no-target without a draw', () => {
    const a = assessEngagement(engagement('gone'), unit, 'drone', false, new SimStreams(1));
    expect(a.outcome).toBe('no-target');
    const b = assessEngagement(engagement('here'), unit, 'drone', true, new SimStreams(1));
    expect(b.outcome).toBe(drawKill(engagement('here'), unit, 'drone', new SimStreams(1)) ? 'killed' : 'missed');
    expect(b.pKill).toBeCloseTo(0.7, 12);
  });
});

describe('leaker damage', () => {
  const asset = (id: string, e: number, n: number, radiusM: number, value: number): Asset => ({ id, name: id, kind: 'district', position: { eastM: e, northM: n }, radiusM, value });
  const assets = [asset('a', 0, 0, 1000, 100), asset('b', 5000, 0, 500, 50), asset('c', 5300, 0, 400, 80)];
  const lethality = { drone: 0.25, cruise: 0.5, ballistic: 1 };

  it('lands on the asset the impact point is inside, and only there', () => {
    const ledger = new DamageLedger(assets, lethality);
    const events = ledger.impact(1, 'drone', { eastM: 600, northM: -700 }, 10); // 922 m from a
    expect(events.map((e) => e.assetId)).toEqual(['a']);
    expect(events[0].valueLost).toBeCloseTo(25, 12);
    expect(ledger.remaining('a')).toBeCloseTo(75, 12);
    expect(ledger.remaining('b')).toBe(50);
    expect(ledger.remaining('c')).toBe(80);
    // Just outside every radius: nothing.
    expect(ledger.impact(2, 'cruise', { eastM: 1001, northM: 0 }, 11)).toEqual([]);
    // Where two radii overlap, both assets are hit.
    expect(assetsAt({ eastM: 5200, northM: 0 }, assets).map((a) => a.id)).toEqual(['b', 'c']);
    expect(ledger.impact(3, 'cruise', { eastM: 5200, northM: 0 }, 12).map((e) => [e.assetId, e.valueLost])).toEqual([['b', 25], ['c', 40]]);
    // A second hit takes the lethality fraction of what is left.
    ledger.impact(4, 'drone', { eastM: 0, northM: 0 }, 13);
    expect(ledger.remaining('a')).toBeCloseTo(100 * 0.75 * 0.75, 12);
    expect(ledger.totalLost).toBeCloseTo(25 + 25 + 40 + 18.75, 9);
  });

  it('is nothing for a decoy, even on the asset’s centre', () => {
    const ledger = new DamageLedger(assets, lethality);
    expect(ledger.impact(1, 'decoy', { eastM: 0, northM: 0 }, 5)).toEqual([]);
    expect(ledger.remaining('a')).toBe(100);
    expect(ledger.totalLost).toBe(0);
  });
});

describe('fire-unit state', () => {
  it('fires ready rounds, reloads when empty, and stops when the magazine is spent', () => {
    const s = new FireUnitState(unitWith({ readyRounds: 2, magazine: 5, reloadTimeS: 100, guidanceChannels: 10 }));
    const d = doctrine({ salvoLimit: 2 });
    expect(s.refusal(0, 2, 'drone', d)).toBeNull();
    s.fire(0, 2, 10);
    expect(s.refusal(1, 1, 'drone', d)).toBe('reloading');
    expect(s.refusal(100, 2, 'drone', d)).toBeNull();
    s.fire(100, 2, 110);
    s.update(200);
    expect(s.ready).toBe(1); // the last round of the magazine
    expect(s.refusal(200, 2, 'drone', d)).toBe('no-rounds');
    s.fire(200, 1, 210);
    expect(s.remaining).toBe(0);
    expect(s.refusal(1000, 1, 'drone', d)).toBe('no-rounds');
    expect(s.roundsFired).toBe(5);
    expect(s.refusal(1000, 3, 'drone', d)).toBe('salvo-limit');
  });

  it('holds a guidance channel until the intercept', () => {
    const s = new FireUnitState(unitWith({ readyRounds: 8, magazine: 8, guidanceChannels: 2 }));
    s.fire(0, 1, 30);
    s.fire(1, 1, 20);
    expect(s.refusal(5, 1, 'drone', doctrine())).toBe('no-channel');
    expect(s.refusal(20, 1, 'drone', doctrine())).toBeNull();
  });

  it('keeps the doctrine reserve for its classes only', () => {
    const lr = unitWith({ kind: 'long-range-sam', readyRounds: 4, magazine: 4, guidanceChannels: 8 });
    const s = new FireUnitState(lr);
    const d = doctrine({ reserve: [{ kind: 'long-range-sam', rounds: 3, forClasses: ['ballistic'] }] });
    expect(s.refusal(0, 1, 'drone', d)).toBeNull();
    s.fire(0, 1, 10);
    expect(s.refusal(1, 1, 'drone', d)).toBe('reserve');
    expect(s.refusal(1, 1, 'ballistic', d)).toBeNull();
    // Another kind of unit is not bound by it.
    expect(new FireUnitState({ ...lr, kind: 'short-range-sam' }).reserved(d, 'drone')).toBe(0);
  });
});
