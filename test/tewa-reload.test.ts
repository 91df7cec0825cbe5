// The reload policy of a fire unit (CONFIG/FIRE_UNIT offset 50) and what fire control makes of it: a
// launcher refilled only once empty (the simulator's launchers, host/sim/fire-unit.ts) is modelled as such
// by the firmware, so its orders are ones the battery accepts, and the look-ahead's hold counts on no
// refill that a part-full launcher will never get (assembly/tewa/battery.ts, round-value.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as P from '../assembly/protocol.ts';
import { Deframer } from '../host/link/deframer.ts';
import { decodeAck, encodeFrame } from '../host/link/frames.ts';
import { DEFAULT_LOOKAHEAD, type ForecastGroup } from '../host/link/lookahead-frames.ts';
import { encodeFireUnitConfig } from '../host/link/tewa-frames.ts';
import { FireUnitState } from '../host/sim/fire-unit.ts';
import { checkScenario, type FireUnit } from '../host/sim/scenario.ts';
import { ScriptedBattery, unit, type Target } from './tewa-support.ts';

const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 1e6 };
const base = checkScenario(JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8')), 'teach');

/** Eight drones on eight bearings closing on the city at 40 m/s: one 6 km out, in range at once, the others
 *  16–19 km out, coming into the unit's 15 km over the next minute and a half. */
function ring(): Target[] {
  return Array.from({ length: 8 }, (_, k) => {
    const b = (k * Math.PI) / 4;
    const r = k === 0 ? 6000 : 16_000 + 500 * k;
    return { id: k + 1, x: r * Math.sin(b), y: r * Math.cos(b), z: 300, vx: -40 * Math.sin(b), vy: -40 * Math.cos(b), vz: 0 };
  });
}

/** The firmware's orders over 100 s from one unit with 2 ready rounds, 4 more in the magazine, 30 s reload. */
function ordersWith(reloadWhenEmpty: boolean): { timeMs: number; rounds: number; interceptMs: number }[] {
  const sam = unit({ id: 3, readyRounds: 2, magazine: 4, reloadS: 30, channels: 16, costPerRound: 0, reloadWhenEmpty });
  const b = new ScriptedBattery([CITY], [sam], { shootLookShoot: false, salvoLimit: 1 }, ring());
  for (let t = 1; t <= 100; t++) b.step(t * 1000);
  return b.orders.map(({ timeMs, order }) => ({ timeMs, rounds: order.rounds, interceptMs: order.interceptMs }));
}

/** What the simulator's launchers say to those orders: the refusals, in order. */
function worldRefusals(orders: { timeMs: number; rounds: number; interceptMs: number }[]): (string | null)[] {
  const world: FireUnit = {
    ...base.fireUnits[0], id: 'sam', position: { eastM: 0, northM: 0 }, guidanceChannels: 16, readyRounds: 2, magazine: 6, reloadTimeS: 30,
  };
  const s = new FireUnitState(world);
  const doctrine = { ...base.doctrine, salvoLimit: 1, reserve: [] };
  return orders.map((o) => {
    const why = s.refusal(o.timeMs / 1000, o.rounds, 'drone', doctrine);
    if (why === null) s.fire(o.timeMs / 1000, o.rounds, o.interceptMs / 1000);
    return why;
  });
}

describe('reload policy', () => {
  it('puts the whole-launcher flag at byte 50 of FIRE_UNIT, and the firmware refuses other flags there', () => {
    const whole = encodeFireUnitConfig(unit({ id: 3, reloadWhenEmpty: true }));
    expect(new DataView(whole.buffer).getUint16(50, true)).toBe(P.FIRE_UNIT_RELOAD_WHOLE);
    expect(new DataView(encodeFireUnitConfig(unit({ id: 3 })).buffer).getUint16(50, true)).toBe(0);
    const b = new ScriptedBattery([CITY], [unit({ id: 3 })], {}, []);
    new DataView(whole.buffer).setUint16(50, 2, true);
    const acks = new Deframer().push(b.fw.ingest(encodeFrame(P.FRAME_CONFIG, 9, whole))).map((f) => decodeAck(f.payload)!);
    expect(acks[0]).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 50 });
  });

  it('with the whole-launcher policy, every order is one the simulator\'s launchers accept', () => {
    const orders = ordersWith(true);
    // More rounds than the two ready ones went, so the refill was counted, and none was refused.
    expect(orders.reduce((n, o) => n + o.rounds, 0)).toBeGreaterThan(2);
    expect(worldRefusals(orders)).toEqual(orders.map(() => null));
  });

  it('with one round per reload time, the firmware orders rounds those launchers do not have', () => {
    // The per-round model reloads the launcher the first drone left part-full; the simulator's does not.
    expect(worldRefusals(ordersWith(false))).toContain('reloading');
  });
});

/** One cruise missile expected `inS` seconds from now, worth far more than the drone at hand. */
function cruiseIn(inS: number): ForecastGroup {
  return {
    id: 1, cls: 'cruise', count: 1, startMs: inS * 1000, endMs: inS * 1000, bearingRad: 0, spreadRad: 0, value: 5e5, entryM: 40_000,
    decoyShare: 0, altM: 300, speedMps: 200, aims: [],
  };
}

/** Whether a unit with 2 ready rounds and 10 in the magazine (60 s reload) fires at a drone at hand while
 *  a cruise missile is expected later (the look-ahead keeps 1/0.9 rounds for it). */
function firesAtDrone(reloadWhenEmpty: boolean, cruiseInS: number): boolean {
  const sam = unit({ id: 3, readyRounds: 2, magazine: 10, reloadS: 60, maxRange: 20_000, costPerRound: 1, reloadWhenEmpty,
    pk: { unknown: 0.5, drone: 0.9, cruise: 0.9, ballistic: 0 } });
  const drone = { id: 1, x: 0, y: 9000, z: 300, vx: 0, vy: -40, vz: 0 };
  const b = new ScriptedBattery([CITY], [sam], { costWeight: 1 }, [drone]);
  b.link.configureForecast(cruiseIn(cruiseInS));
  b.link.configureLookahead({ ...DEFAULT_LOOKAHEAD, enabled: true });
  for (let t = 1; t <= 40; t++) b.step(t * 1000);
  return b.ordersOn(1).length > 0;
}

describe('the look-ahead\'s hold and the reload policy', () => {
  it('holds the round when a part-full launcher would not be refilled before the missiles', () => {
    // One round per 60 s would bring the launcher back to 2 in five minutes; refilled only once empty, one
    // shot now leaves it at 1 for the missile, less than the 1.1 rounds kept.
    expect(firesAtDrone(false, 300)).toBe(true);
    expect(firesAtDrone(true, 300)).toBe(false);
  });

  it('spends the launcher when there is time to empty and refill it before the missiles come', () => {
    // Forty minutes ahead: emptied now, refilled 60 s later, the launcher meets it full.
    expect(firesAtDrone(true, 2400)).toBe(true);
  });
});
