// The value of a round (assembly/tewa/round-value.ts): prices against closed forms on instances small
// enough to solve by hand, the hold it puts on a scarce round, and the wire checks of its CONFIG sections.
import { describe, expect, it } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { encodeFrame, decodeAck } from '../host/link/frames.ts';
import { Deframer } from '../host/link/deframer.ts';
import { DEFAULT_DOCTRINE } from '../host/link/tewa-frames.ts';
import {
  DEFAULT_LOOKAHEAD, encodeForecast, encodeLookaheadConfig, encodeReserve, type ForecastGroup,
} from '../host/link/lookahead-frames.ts';
import { ScriptedBattery, unit } from './tewa-support.ts';

const ASSET = { id: 0, kind: 0, east: 0, north: 1000, up: 0, radius: 200, value: 1000 };
/** One short-range unit at the origin, 20 km range, reaction 2 s, interceptor 600 m/s. */
const SAM = unit({ id: 0, maxRange: 20_000, readyRounds: 4, magazine: 0, costPerRound: 0, pk: { unknown: 0.5, drone: 0.7, cruise: 0.6, ballistic: 0 } });

function group(over: Partial<ForecastGroup> & { id: number }): ForecastGroup {
  return {
    cls: 'cruise', count: 1, startMs: 100_000, endMs: 100_000, bearingRad: 0, spreadRad: 0, value: 100, entryM: 50_000,
    decoyShare: 0, altM: 500, speedMps: 200, aims: [], ...over,
  };
}

/** The unit's kill probability on the group's path, as reach.ts counts it: shoot-look-shoot while inside. */
function passKill(pk: number): number {
  const inside = 20_000 + 1000; // the path runs from 50 km north to the asset 1 km north: 21 km inside the range
  const cycle = 2 + 20_000 / (2 * 600) + DEFAULT_DOCTRINE.killAssessS;
  const shots = Math.max(1, Math.min(16, Math.floor(inside / 200 / cycle)));
  return 1 - (1 - pk) ** shots;
}

function priced(groups: ForecastGroup[], rounds: number, costPerRound = 0): number {
  const fw = Firmware.load('host');
  const link = new FirmwareLink(fw);
  link.configureAsset(ASSET);
  link.configureFireUnit({ ...SAM, readyRounds: rounds, costPerRound });
  link.configureDoctrine({ ...DEFAULT_DOCTRINE, costWeight: 1 });
  for (const g of groups) link.configureForecast(g);
  link.configureLookahead({ ...DEFAULT_LOOKAHEAD, enabled: true });
  link.step(1000);
  expect(fw.stat(P.STAT_LOOKAHEAD_RUNS)).toBe(1);
  return fw.exports.roundValueOf(0);
}

describe('the value of a round', () => {
  it('is zero when the rounds cover everything the forecast can use them on', () => {
    // 3 cruise missiles, each needing 1/pk rounds per kill of the share the unit can kill: 3·P/0.6 < 6 rounds.
    expect(3 * passKill(0.6) / 0.6).toBeLessThan(6);
    expect(priced([group({ id: 1, count: 3 })], 6)).toBe(0);
  });

  it('is what the last round would save, value·Pk − λ·cost, when one group wants more than there is', () => {
    // 5 missiles want 5·P/0.6 ≈ 8 rounds; with 4 the price rises until the group no longer asks for any.
    const mu = priced([group({ id: 1, count: 5 })], 4, 7);
    expect(mu).toBeCloseTo(100 * 0.6 - 7, 4);
  });

  it('is set by the least valuable group the rounds still reach', () => {
    // 2 missiles worth 100 take ≈ 3.3 rounds; 10 worth 30 want ≈ 16 more; 6 rounds: the marginal round goes
    // to the group worth 30, so it is worth 30·0.6.
    const need = (n: number): number => n * passKill(0.6) / 0.6;
    expect(need(2)).toBeLessThan(6);
    expect(need(12)).toBeGreaterThan(6);
    const mu = priced([group({ id: 1, count: 2, value: 100 }), group({ id: 2, count: 10, value: 30, bearingRad: 0.01 })], 6);
    expect(mu).toBeCloseTo(30 * 0.6, 4);
  });

  it('counts a group out once its window has passed and discounts its decoys', () => {
    expect(priced([group({ id: 1, count: 5, startMs: 0, endMs: 500 })], 4)).toBe(0);
    // Half of them decoys: each arrival is worth 50 and the price follows.
    expect(priced([group({ id: 1, count: 10, decoyShare: 0.5 })], 4)).toBeCloseTo(50 * 0.6, 4);
  });

  it('holds a scarce round from a drone when the forecast brings missiles only that unit can stop', () => {
    const run = (lookahead: boolean): number => {
      const b = new ScriptedBattery([{ ...ASSET, value: 1e6 }], [{ ...SAM, readyRounds: 1, costPerRound: 1 }],
        { costWeight: 1 }, [{ id: 1, x: 0, y: 15_000, z: 500, vx: 0, vy: -50, vz: 0 }]);
      b.link.configureForecast(group({ id: 1, count: 3, value: 5e5, startMs: 200_000, endMs: 260_000 }));
      b.link.configureLookahead({ ...DEFAULT_LOOKAHEAD, enabled: lookahead });
      for (let t = 1; t <= 60; t++) b.step(t * 1000);
      return b.ordersOn(1).length;
    };
    expect(run(false)).toBe(1);
    expect(run(true)).toBe(0);
  });
});

describe('look-ahead configuration on the wire', () => {
  const refusal = (payload: Uint8Array): { status: number; offset: number } => {
    const fw = Firmware.load('host');
    const frames = new Deframer().push(fw.ingest(encodeFrame(P.FRAME_CONFIG, 1, payload)));
    const ack = decodeAck(frames[0].payload)!;
    return { status: ack.status, offset: ack.offset };
  };
  const patch = (p: Uint8Array, _offset: number, f: (v: DataView) => void): Uint8Array => {
    const q = p.slice();
    f(new DataView(q.buffer));
    return q;
  };

  it('accepts what the host encodes', () => {
    expect(refusal(encodeLookaheadConfig({ ...DEFAULT_LOOKAHEAD, enabled: true })).status).toBe(P.ACK_OK);
    expect(refusal(encodeForecast(group({ id: 3 }))).status).toBe(P.ACK_OK);
    expect(refusal(encodeReserve({ kind: 'short-range-sam', classes: ['cruise'], rounds: 4 })).status).toBe(P.ACK_OK);
  });

  it('refuses values outside their physical range, naming the byte', () => {
    const la = encodeLookaheadConfig(DEFAULT_LOOKAHEAD);
    expect(refusal(patch(la, 4, (v) => v.setFloat32(4, 0, true)))).toEqual({ status: P.ACK_BAD_VALUE, offset: 4 });
    expect(refusal(patch(la, 8, (v) => v.setFloat32(8, 1.5, true)))).toEqual({ status: P.ACK_BAD_VALUE, offset: 8 });
    const fc = encodeForecast(group({ id: 3 }));
    expect(refusal(patch(fc, 1, (v) => v.setUint8(1, 7)))).toEqual({ status: P.ACK_BAD_VALUE, offset: 1 });
    expect(refusal(patch(fc, 16, (v) => v.setFloat64(16, 0, true)))).toEqual({ status: P.ACK_BAD_VALUE, offset: 16 });
    expect(refusal(patch(fc, 48, (v) => v.setFloat32(48, Number.NaN, true)))).toEqual({ status: P.ACK_BAD_VALUE, offset: 48 });
    const rs = encodeReserve({ kind: 'ew', classes: ['drone'], rounds: 1 });
    expect(refusal(patch(rs, 2, (v) => v.setUint8(2, 0x10)))).toEqual({ status: P.ACK_BAD_VALUE, offset: 2 });
    expect(refusal(new Uint8Array([P.CONFIG_FORECAST_AIM, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ status: P.ACK_BAD_VALUE, offset: 2 });
  });

  it('the host refuses before sending', () => {
    expect(() => encodeForecast(group({ id: 1, endMs: 0 }))).toThrow(/endMs/);
    expect(() => encodeLookaheadConfig({ ...DEFAULT_LOOKAHEAD, decoyShare: 2 })).toThrow(/decoyShare/);
  });
});
