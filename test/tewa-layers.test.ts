// The cheapest capable layer first (assembly/tewa/round-value.ts, cheaperLater): a unit leaves a threat to
// a cheaper unit on its way only when waiting is worth more than shooting now, counting what the threat
// would destroy and how many threats the cheaper unit is already left.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOKAHEAD } from '../host/link/lookahead-frames.ts';
import { ScriptedBattery, unit, type Target } from './tewa-support.ts';

/** A long-range SAM 20 km south of the city, and a gun at the city: Pk 0.3 a burst, 1.5 km, 300 a burst. */
const SAM = unit({ id: 1, kind: 'long-range-sam', north: -20_000, maxRange: 60_000, readyRounds: 8, costPerRound: 4e6,
  interceptorSpeed: 1200, reactionS: 10, pk: { unknown: 0.9, drone: 0.95, cruise: 0.9, ballistic: 0.75 } });
const GUN = unit({ id: 2, kind: 'gun', maxRange: 1500, minRange: 0, maxAlt: 1200, maxTargetSpeed: 120, interceptorSpeed: 850, reactionS: 4,
  channels: 1, readyRounds: 10, magazine: 30, reloadS: 60, costPerRound: 300, pk: { unknown: 0.3, drone: 0.3, cruise: 0.05, ballistic: 0 } });

/** Drones 6 km north of the city flying straight at it at 40 m/s, 100 m apart: the gun will get four bursts
 *  at each in its last 1.5 km, P = 1 − 0.7⁴ ≈ 0.76 (reach.ts). */
const drones = (n: number): Target[] =>
  Array.from({ length: n }, (_, k) => ({ id: k + 1, x: 100 * k, y: 6000, z: 300, vx: 0, vy: -40, vz: 0 }));

/** Threats the long-range SAM fires at in the first 60 s, when the city is worth `value`: a drone there would
 *  destroy 0.2·value (its stake, what layers are compared on), and the assignment weighs that by its P(hit),
 *  0.35–0.5 over that minute. */
function samShots(value: number, n: number, gun: typeof GUN | null = GUN): number {
  const city = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 500, value };
  const b = new ScriptedBattery([city], gun ? [SAM, gun] : [SAM], { costWeight: 1, shootLookShoot: true }, drones(n));
  b.link.configureLookahead({ ...DEFAULT_LOOKAHEAD, enabled: true });
  for (let t = 1; t <= 60; t++) b.step(t * 1000);
  return new Set(b.orders.filter(({ order }) => order.unitId === SAM.id).map(({ order }) => order.trackNumber)).size;
}

describe('the cheapest capable layer first', () => {
  it('leaves a drone to the gun at the city when the gun\'s bursts are worth more than the SAM\'s round', () => {
    // Alone, the SAM fires: 0.2·80 M·(0.35–0.5) = 5.6–8 M is worth its 4 M round.
    expect(samShots(80e6, 1, null)).toBe(1);
    // Stake 16 M: 0.95·16 − 4 = 11.2 M now, against 0.76·16 = 12.2 M for next to nothing later.
    expect(samShots(80e6, 1)).toBe(0);
  });

  it('fires at a drone worth far more than its round: the gun\'s chance is not worth the risk', () => {
    // Stake 400 M: 0.95·400 − 4 = 376 M now, against 0.76·400 = 304 M later. The
    // rule before (any cheaper unit with P ≥ 0.5 on the way) left it to the gun.
    expect(samShots(2e9, 1)).toBe(1);
  });

  it('leaves the gun no more threats than it has ready rounds', () => {
    // With one burst ready the gun can be the later layer for one of three drones like the first one's; each
    // threat counts once against it, so the SAM takes the other two.
    expect(samShots(80e6, 3, { ...GUN, readyRounds: 1, magazine: 0 })).toBe(2);
  });
});
