// CONFIG refuses physically meaningless values, not only non-finite ones: each field has a physical range
// (docs/wire-protocol.md). A refused frame changes nothing and is counted.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { encodeFireUnitConfig } from '../host/link/tewa-frames.ts';
import { unit } from './tewa-support.ts';
import { line, config, patchF32, trackerPayload, sensorPayload, plot, SENSOR } from './hardening-support.ts';

// [what, payload, offset of the field, a value beyond its range, the range's edge (accepted)]
const CASES: [string, () => Uint8Array, number, number, number][] = [
  ['TRACKER gate', () => trackerPayload(), 4, 5000, 1000],
  ['TRACKER σ acceleration', () => trackerPayload(), 8, 1e5, 1000],
  ['TRACKER maximum speed', () => trackerPayload(), 12, 1e15, 10_000],
  ['TRACKER new-target density (low)', () => trackerPayload(), 16, 1e-45, 1e-30],
  ['TRACKER new-target density (high)', () => trackerPayload(), 16, 0.5, 1e-3],
  ['TRACKER position σ limit', () => trackerPayload(), 20, 6e16, 1e6],
  ['TRACKER vertical σ acceleration', () => trackerPayload(), 24, 5e22, 1000],
  ['SENSOR σ range', () => sensorPayload(), 32, 1e9, 1e5],
  ['SENSOR σ azimuth', () => sensorPayload(), 36, 10, 1],
  ['SENSOR σ elevation', () => sensorPayload(), 40, 10, 1],
  ['SENSOR σ Cartesian', () => sensorPayload(), 44, 1e9, 1e5],
  ['SENSOR maximum range', () => sensorPayload(), 48, 1e12, 1e7],
  ['SENSOR false-plot density', () => sensorPayload(), 56, 0.5, 1e-3],
  ['SENSOR scan period', () => sensorPayload(), 60, 1e9, 3600],
  ['FIRE_UNIT fastest target', () => encodeFireUnitConfig(unit({ id: 3 })), 32, 1e20, 10_000],
  ['FIRE_UNIT interceptor speed', () => encodeFireUnitConfig(unit({ id: 3 })), 36, 1e20, 299_792_458],
  ['FIRE_UNIT cost per round', () => encodeFireUnitConfig(unit({ id: 3 })), 72, 1e30, 1e9],
];

describe.each(['host', 'esp32s3'])('physical ranges of CONFIG fields (%s)', (board) => {
  it.each(CASES)('%s: beyond its range refused and counted, its edge accepted', (_what, payload, offset, bad, edge) => {
    const l = line(board);
    const rejected = l.fw.stat(P.STAT_CONFIG_REJECTED);
    const a = config(l.link, patchF32(payload(), offset, bad));
    expect(a.status).toBe(P.ACK_BAD_VALUE);
    expect(a.offset).toBe(offset);
    expect(l.fw.stat(P.STAT_CONFIG_REJECTED)).toBe(rejected + 1);
    expect(config(l.link, patchF32(payload(), offset, edge)).status).toBe(P.ACK_OK);
  });
});

describe('vertical σ acceleration 5e22 on an f32 board', () => {
  it('is refused, so TRACKS stay finite', () => {
    const l = line('esp32s3');
    expect(config(l.link, patchF32(trackerPayload(), 24, 5e22)).status).toBe(P.ACK_BAD_VALUE);
    for (let k = 1; k <= 5; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 10_000 + 50 * k, 10_000, 1000)]);
      l.link.step(k * 1000);
    }
    const out = l.link.step(60_000); // coasting: the covariance grows with σa
    expect(out.picture.tracks.length).toBe(1);
    for (const t of out.picture.tracks) {
      for (const v of [t.x, t.y, t.z, t.vx, t.vy, t.vz, t.posSigma, t.velSigma]) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
