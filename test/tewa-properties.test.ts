// Invariants of the fire-control cycle over random batteries and raids (fast-check): every order lies
// inside its unit's envelope and before the threat's time-to-go, its intercept point is where the
// interceptor and the track meet (closed form), rounds never go below zero, channels are never exceeded,
// no threat gets more rounds than the salvo limit, and the same input gives the same orders.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ScriptedBattery, unit, type Target } from './tewa-support.ts';
import type { FireUnitConfig } from '../host/link/tewa-frames.ts';

const KINDS = ['long-range-sam', 'short-range-sam', 'gun', 'interceptor-drone', 'ew'] as const;

const unitArb = (id: number) => fc.record({
  kind: fc.constantFrom(...KINDS),
  east: fc.integer({ min: -5000, max: 5000 }), north: fc.integer({ min: -5000, max: 5000 }),
  minRange: fc.integer({ min: 0, max: 2000 }), span: fc.integer({ min: 2000, max: 60_000 }),
  maxAlt: fc.integer({ min: 500, max: 20_000 }), speed: fc.integer({ min: 200, max: 1500 }),
  reaction: fc.double({ min: 0, max: 8, noNaN: true }), channels: fc.integer({ min: 1, max: 4 }),
  rounds: fc.integer({ min: 0, max: 10 }), pk: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  cost: fc.integer({ min: 0, max: 2000 }),
}).map((u): FireUnitConfig => unit({
  id, kind: u.kind, east: u.east, north: u.north, minRange: u.minRange, maxRange: u.minRange + u.span, maxAlt: u.maxAlt,
  interceptorSpeed: u.speed, reactionS: u.reaction, channels: u.channels, readyRounds: u.rounds, costPerRound: u.cost,
  maxTargetSpeed: 2500, pk: { unknown: u.pk, drone: u.pk, cruise: u.pk * 0.8, ballistic: u.pk * 0.5 },
}));

const targetArb = (id: number) => fc.record({
  bearing: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), range: fc.integer({ min: 4000, max: 40_000 }),
  alt: fc.integer({ min: 50, max: 8000 }), speed: fc.constantFrom(50, 90, 220, 300, 1200),
  offset: fc.integer({ min: -3000, max: 3000 }),
}).map(({ bearing, range, alt, speed, offset }): Target => {
  const x = range * Math.sin(bearing), y = range * Math.cos(bearing);
  const ax = offset * Math.cos(bearing), ay = -offset * Math.sin(bearing); // aim point beside the city centre
  const d = Math.hypot(ax - x, ay - y);
  const dive = speed >= 1000 ? -alt / (d / speed) : 0;
  return { id, x, y, z: alt, vx: speed * (ax - x) / d, vy: speed * (ay - y) / d, vz: dive };
});

const scenarioArb = fc.record({
  units: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => unitArb(i + 1)))),
  targets: fc.integer({ min: 1, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => targetArb(i + 1)))),
  sls: fc.boolean(), salvo: fc.integer({ min: 1, max: 3 }), lambda: fc.constantFrom(0, 0.5, 5),
});

const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 2000, value: 10_000 };
const STEPS = 40;
const ASSESS_S = 3;

interface Scenario { units: FireUnitConfig[]; targets: Target[]; sls: boolean; salvo: number; lambda: number }

function run(s: Scenario) {
  const b = new ScriptedBattery([CITY], s.units, { shootLookShoot: s.sls, salvoLimit: s.salvo, costWeight: s.lambda, killAssessS: ASSESS_S },
    s.targets);
  for (let k = 1; k <= STEPS; k++) b.step(k * 1000);
  return b;
}

describe('fire-control cycle invariants', () => {
  it('holds over random batteries and raids', () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      const b = run(s);
      const spent = new Map<number, number>();
      for (const { timeMs, order } of b.orders) {
        const u = s.units.find((x) => x.id === order.unitId)!;
        // Envelope, at the planned intercept point (f32 on the wire: centimetre tolerance).
        const range = Math.hypot(order.x - u.east, order.y - u.north, order.z - u.up);
        expect(range).toBeGreaterThanOrEqual(u.minRange - 0.05);
        expect(range).toBeLessThanOrEqual(u.maxRange + 0.05);
        expect(order.z).toBeGreaterThanOrEqual(u.minAlt - 0.05);
        expect(order.z).toBeLessThanOrEqual(u.maxAlt + 0.05);
        // Before the threat's time-to-go.
        const tInt = (order.interceptMs - timeMs) / 1000;
        expect(tInt).toBeLessThan(order.tgoS + 1e-3);
        // The interceptor really gets there: distance flown = speed × (time − reaction).
        expect(range).toBeCloseTo(u.interceptorSpeed * (tInt - u.reactionS), -1);
        // ...and so does the track: the point is on its constant-velocity path.
        const out = b.outputs[timeMs / 1000 - 1];
        const tr = out.picture.tracks.find((t) => t.trackNumber === order.trackNumber)!;
        expect(Math.hypot(tr.x + tr.vx * tInt - order.x, tr.y + tr.vy * tInt - order.y, tr.z + tr.vz * tInt - order.z)).toBeLessThan(1);
        expect(order.rounds).toBeGreaterThanOrEqual(1);
        expect(order.rounds).toBeLessThanOrEqual(s.salvo);
        if (s.sls && order.look) expect(order.rounds).toBe(1);
        spent.set(u.id, (spent.get(u.id) ?? 0) + order.rounds);
      }
      // Rounds never below zero (no magazine here, so never more than the ready rounds).
      for (const u of s.units) expect(spent.get(u.id) ?? 0).toBeLessThanOrEqual(u.readyRounds);
      // Channels: engagements open from the order until assessed (here: the timeout, 3 assessment delays).
      for (let k = 1; k <= STEPS; k++) {
        const t = k * 1000;
        for (const u of s.units) {
          const open = b.orders.filter(({ timeMs, order }) => order.unitId === u.id && timeMs <= t && t < order.interceptMs + 3 * ASSESS_S * 1000);
          expect(open.length).toBeLessThanOrEqual(u.channels);
        }
        // One engagement per threat at a time: at most the salvo limit on a threat in one step.
        const perThreat = new Map<number, number>();
        for (const { timeMs, order } of b.orders) if (timeMs === t) perThreat.set(order.trackNumber, (perThreat.get(order.trackNumber) ?? 0) + order.rounds);
        for (const n of perThreat.values()) expect(n).toBeLessThanOrEqual(s.salvo);
      }
    }), { numRuns: 40, seed: 7 });
  });

  it('is deterministic', () => {
    fc.assert(fc.property(scenarioArb, (s) => {
      const a = run(s).orders, b = run(s).orders;
      expect(b).toEqual(a);
    }), { numRuns: 10, seed: 11 });
  });

  it('engages at all on random raids (the invariants are not vacuous)', () => {
    let orders = 0;
    fc.assert(fc.property(scenarioArb, (s) => { orders += run(s).orders.length; }), { numRuns: 20, seed: 7 });
    expect(orders).toBeGreaterThan(20);
  });
});
