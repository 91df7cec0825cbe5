// Battery configuration through CONFIG frames: a bad field is refused with its byte offset and the
// previous configuration stays in force; EFFECTOR status takes a unit out of (and back into) the fight.
import { describe, it, expect } from 'vitest';
import { Deframer } from '../host/link/deframer.ts';
import { decodeAck, encodeFrame } from '../host/link/frames.ts';
import { encodeFireUnitConfig, encodeAssetConfig, encodeDoctrineConfig, DEFAULT_DOCTRINE } from '../host/link/tewa-frames.ts';
import * as P from '../assembly/protocol.ts';
import { ScriptedBattery, unit } from './tewa-support.ts';

const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 10_000 };
const CRUISE = { id: 1, x: 3000, y: 0, z: 100, vx: -250, vy: 0, vz: 0 };

function ack(b: ScriptedBattery, payload: Uint8Array) {
  const out = b.fw.ingest(encodeFrame(P.FRAME_CONFIG, 77, payload));
  return new Deframer().push(out).map((f) => decodeAck(f.payload)!)[0];
}

describe('battery configuration', () => {
  it.each([
    ['Pk above 1', 56 + 4 * 2, (v: DataView) => v.setFloat32(56 + 4 * 2, 1.5, true)],
    ['Pk NaN', 56, (v: DataView) => v.setFloat32(56, Number.NaN, true)],
    ['negative cost', 72, (v: DataView) => v.setFloat32(72, -1, true)],
    ['max range below min range', 20, (v: DataView) => v.setFloat32(20, 100, true)],
    ['no guidance channel', 44, (v: DataView) => v.setUint16(44, 0, true)],
    ['unknown kind', 1, (v: DataView) => v.setUint8(1, 9)],
  ])('refuses a fire unit with %s (field at byte %i) and keeps the previous one', (_what, offset, spoil) => {
    const b = new ScriptedBattery([CITY], [unit({ id: 5 })], { shootLookShoot: false }, [CRUISE]);
    const bad = encodeFireUnitConfig(unit({ id: 5, readyRounds: 0 }));
    spoil(new DataView(bad.buffer));
    expect(ack(b, bad)).toMatchObject({ status: P.ACK_BAD_VALUE, offset });
    // Still the first configuration (8 ready rounds, not 0): the cruise missile is engaged.
    for (let k = 1; k <= 5; k++) b.step(k * 1000);
    expect(b.orders.length).toBeGreaterThan(0);
  });

  it('refuses a negative asset value and a zero salvo limit', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 5 })], {}, []);
    const asset = encodeAssetConfig({ ...CITY, id: 2 });
    new DataView(asset.buffer).setFloat32(20, -5, true);
    expect(ack(b, asset)).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 20 });
    const doctrine = encodeDoctrineConfig(DEFAULT_DOCTRINE);
    new DataView(doctrine.buffer).setUint8(2, 0);
    expect(ack(b, doctrine)).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 2 });
    expect(b.fw.stat(P.STAT_CONFIG_REJECTED)).toBe(2);
  });

  it('refuses a DOCTRINE work bound above 10⁶ at byte 12 (10⁸ held one step for seconds), and the host does too', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 5 })], {}, []);
    const doctrine = encodeDoctrineConfig(DEFAULT_DOCTRINE);
    new DataView(doctrine.buffer).setUint32(12, P.DOCTRINE_WORK_MAX + 1, true);
    expect(ack(b, doctrine)).toMatchObject({ status: P.ACK_BAD_VALUE, offset: 12 });
    new DataView(doctrine.buffer).setUint32(12, P.DOCTRINE_WORK_MAX, true);
    expect(ack(b, doctrine)).toMatchObject({ status: P.ACK_OK });
    expect(() => encodeDoctrineConfig({ ...DEFAULT_DOCTRINE, wtaWorkBound: 100_000_000 })).toThrow(/wtaWorkBound/);
  });

  it('counts an EFFECTOR report for a unit never configured as refused (effectorUnknown), not as a broken frame', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 5 })], { shootLookShoot: false }, [CRUISE]);
    const bad = b.fw.stat(P.STAT_BAD_FRAMES);
    b.link.sendEffector({ unitId: 9, down: true, readyRounds: 0, magazine: 0, timeMs: 0 });
    expect(b.fw.stat(P.STAT_EFFECTOR_UNKNOWN)).toBe(1);
    expect(b.fw.stat(P.STAT_BAD_FRAMES)).toBe(bad);
    // Unit 5 is untouched: it still engages.
    for (let k = 1; k <= 5; k++) b.step(k * 1000);
    expect(b.orders.length).toBeGreaterThan(0);
  });

  it('holds fire from a unit reported down, and uses it again when it is back', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 5 })], { shootLookShoot: false }, [CRUISE]);
    b.link.sendEffector({ unitId: 5, down: true, readyRounds: 8, magazine: 0, timeMs: 0 });
    for (let k = 1; k <= 4; k++) b.step(k * 1000);
    expect(b.orders).toHaveLength(0);
    b.link.sendEffector({ unitId: 5, down: false, readyRounds: 8, magazine: 0, timeMs: 4000 });
    b.step(5000);
    expect(b.orders.map(({ order }) => order.unitId)).toEqual([5]);
  });
});

describe('lethality', () => {
  it('prices a threat by the lethality the battery configures, and refuses one above 1', () => {
    const drone = { id: 1, x: 0, y: 8000, z: 500, vx: 0, vy: -50, vz: 0 };
    const value = (lethality?: number) => {
      const b = new ScriptedBattery([CITY], [], {}, [drone]);
      if (lethality !== undefined) b.link.configureLethality({ unknown: lethality, drone: lethality, cruise: 0.7, ballistic: 1 });
      for (let k = 1; k <= 4; k++) b.step(k * 1000);
      return b.outputs.at(-1)!.threats[0].value;
    };
    const base = value(), doubled = value(0.4);
    expect(base).toBeGreaterThan(0);
    expect(doubled / base).toBeCloseTo(2, 5); // value ∝ lethality (default 0.2 for drones)
    const b = new ScriptedBattery([CITY], [], {}, []);
    expect(() => b.link.configureLethality({ unknown: 0.2, drone: 1.5, cruise: 0.7, ballistic: 1 })).toThrow(/lethality.drone/);
  });
});
