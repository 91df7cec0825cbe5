// Scripted engagements with a known right answer: shoot-look-shoot on a slow far drone (one round,
// re-engaged after a reported miss), a salvo on a fast close threat, and cost awareness (long-range
// rounds kept for the ballistic missile when interceptor cost counts, guns for the drones).
import { describe, it, expect } from 'vitest';
import { ScriptedBattery, unit } from './tewa-support.ts';

const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 10_000 };

describe('shoot-look-shoot', () => {
  it('gives a slow far drone one round, re-engages after a miss, and salvoes a fast close threat', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 10, channels: 4, readyRounds: 12 })],
      { shootLookShoot: true, salvoLimit: 3, killAssessS: 5, costWeight: 0 }, [
        { id: 1, x: 0, y: 12_000, z: 1000, vx: 0, vy: -50, vz: 0 }, // drone, ~4 min out
        { id: 2, x: 3_700, y: 0, z: 100, vx: -250, vy: 0, vz: 0 }, // cruise missile, ~15 s out
      ]);
    for (let k = 1; k <= 4; k++) b.step(k * 1000);
    const drone = b.ordersOn(1), cruise = b.ordersOn(2);
    expect(cruise.length).toBe(1);
    expect(cruise[0].rounds).toBeGreaterThanOrEqual(2);
    expect(cruise[0].look).toBe(false);
    expect(drone.length).toBe(1);
    expect(drone[0].rounds).toBe(1);
    expect(drone[0].look).toBe(true);
    // The battery reports a miss after the planned intercept: the drone is engaged again, one round.
    const first = drone[0];
    let k = 5;
    for (; k * 1000 < first.interceptMs + 1000; k++) b.step(k * 1000);
    b.link.sendKill({ engagementId: first.engagementId, trackNumber: first.trackNumber, killed: false, timeMs: k * 1000 });
    b.step(k++ * 1000);
    const again = b.ordersOn(1);
    expect(again.length).toBe(2);
    expect(again[1].engagementId).not.toBe(first.engagementId);
    expect(again[1].rounds).toBe(1);
    // A kill ends it: the drone is gone, its track is dropped at once, and no third order follows.
    b.link.sendKill({ engagementId: again[1].engagementId, trackNumber: again[1].trackNumber, killed: true, timeMs: k * 1000 });
    b.kill(1);
    const after = b.step(k++ * 1000);
    expect(after.picture.tracks.map((t) => t.trackNumber)).not.toContain(first.trackNumber);
    for (let end = k + 30; k < end; k++) b.step(k * 1000);
    expect(b.ordersOn(1).length).toBe(2);
  });
});

describe('cost awareness', () => {
  const units = [
    unit({ id: 1, kind: 'long-range-sam', minRange: 3000, maxRange: 120_000, maxAlt: 30_000, maxTargetSpeed: 3000,
      interceptorSpeed: 1200, reactionS: 5, channels: 8, readyRounds: 8, costPerRound: 1000,
      pk: { unknown: 0.8, drone: 0.9, cruise: 0.9, ballistic: 0.8 } }),
    unit({ id: 2, kind: 'gun', minRange: 0, maxRange: 2500, maxAlt: 2000, maxTargetSpeed: 120, interceptorSpeed: 900,
      reactionS: 1, channels: 4, readyRounds: 200, costPerRound: 1, pk: { unknown: 0.2, drone: 0.3, cruise: 0, ballistic: 0 } }),
  ];
  const raid = () => [
    { id: 1, x: 0, y: 6000, z: 300, vx: 0, vy: -50, vz: 0 },
    { id: 2, x: 5000, y: 3000, z: 300, vx: -42, vy: -26, vz: 0 },
    { id: 3, x: -6000, y: 0, z: 300, vx: 50, vy: 0, vz: 0 },
    { id: 4, x: 0, y: 36_000, z: 18_000, vx: 0, vy: -1000, vz: -500 }, // ballistic, impact on the city in 36 s
  ];

  function run(costWeight: number): ScriptedBattery {
    const b = new ScriptedBattery([CITY], units, { shootLookShoot: false, salvoLimit: 2, costWeight, killAssessS: 3 }, raid());
    for (let k = 1; k <= 120; k++) b.step(k * 1000);
    return b;
  }

  it('with λ > 0 spends long-range rounds on the ballistic missile and guns on the drones', () => {
    const b = run(5);
    const lr = b.orders.filter(({ order }) => order.unitId === 1).map(({ order }) => b.trackTarget.get(order.trackNumber));
    const guns = b.orders.filter(({ order }) => order.unitId === 2).map(({ order }) => b.trackTarget.get(order.trackNumber));
    expect(lr).toContain(4);
    expect(lr.filter((t) => t !== 4)).toEqual([]);
    expect(new Set(guns)).toEqual(new Set([1, 2, 3]));
  });

  it('with λ = 0 uses the pure value objective: long-range rounds go to drones too', () => {
    const b = run(0);
    const lr = b.orders.filter(({ order }) => order.unitId === 1).map(({ order }) => b.trackTarget.get(order.trackNumber));
    expect(lr).toContain(4);
    expect(lr.some((t) => t !== 4)).toBe(true);
  });
});
