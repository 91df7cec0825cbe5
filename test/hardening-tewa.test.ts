// Threat evaluation and weapon assignment against a hostile line: a RESET in an engagement, extreme
// configurations and times that made the threat value non-finite, a picture too large for the
// transmit buffer.
import { describe, it, expect } from 'vitest';
import * as P from '../assembly/protocol.ts';
import { encodeReset } from '../host/link/frames.ts';
import { encodeAssetConfig } from '../host/link/tewa-frames.ts';
import { ScriptedBattery, unit } from './tewa-support.ts';
import { config, line, confirmGrid, gridPlots, SENSOR } from './hardening-support.ts';

const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 10_000 };

describe('RESET during an engagement', () => {
  it('releases the guidance channel: a one-channel fire unit fires again', () => {
    const one = unit({ id: 10, channels: 1, readyRounds: 20 });
    const b = new ScriptedBattery([CITY], [one], { shootLookShoot: false, salvoLimit: 1, killAssessS: 60 }, [
      { id: 1, x: 0, y: 12_000, z: 1000, vx: 0, vy: -50, vz: 0 },
    ]);
    let k = 1;
    for (; k <= 5; k++) b.step(k * 1000);
    expect(b.orders.length).toBe(1);
    expect(config(b.link, encodeReset()).status).toBe(P.ACK_OK);
    // The same fire unit configured again, as an operator would after a reset.
    b.link.configureFireUnit(one);
    for (const end = k + 6; k < end; k++) b.step(k * 1000);
    expect(b.orders.length).toBe(2);
    expect(b.orders[1].order.unitId).toBe(10);
  });

  it('releases it without the FIRE_UNIT config sent again', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 10, channels: 1, readyRounds: 20 })],
      { shootLookShoot: false, salvoLimit: 1, killAssessS: 60 }, [{ id: 1, x: 0, y: 12_000, z: 1000, vx: 0, vy: -50, vz: 0 }]);
    let k = 1;
    for (; k <= 5; k++) b.step(k * 1000);
    expect(config(b.link, encodeReset()).status).toBe(P.ACK_OK);
    for (const end = k + 6; k < end; k++) b.step(k * 1000);
    expect(b.orders.length).toBe(2);
  });
});

describe('non-finite threat values', () => {
  it('an asset radius of 1e20 on an f32 board never traps the assignment', () => {
    const b = new ScriptedBattery([], [unit({ id: 10 })], {}, [{ id: 1, x: 0, y: 12_000, z: 1000, vx: 0, vy: -50, vz: 0 }], 'esp32s3');
    // The host's encoder takes any finite f32; the firmware decides what is physical.
    b.link.send(P.FRAME_CONFIG, encodeAssetConfig({ ...CITY, radius: 1e20 }));
    for (let k = 1; k <= 5; k++) expect(() => b.step(k * 1000)).not.toThrow();
    for (const t of b.outputs.at(-1)!.threats) expect(Number.isFinite(t.value)).toBe(true);
    expect(b.fw.stat(P.STAT_CONFIG_REJECTED) + b.fw.stat(P.STAT_THREATS_NONFINITE)).toBeGreaterThanOrEqual(1);
  });

  it('a HEARTBEAT at 1e200 ms after an engagement never traps the assignment', () => {
    const b = new ScriptedBattery([CITY], [unit({ id: 10 })], {}, [{ id: 1, x: 0, y: 12_000, z: 1000, vx: 0, vy: -50, vz: 0 }]);
    for (let k = 1; k <= 5; k++) b.step(k * 1000);
    expect(b.orders.length).toBeGreaterThanOrEqual(1);
    expect(() => b.link.step(1e200)).not.toThrow();
    expect(() => b.link.step(1e200 + 1000)).not.toThrow();
  });
});

describe('transmit buffer within the rated capacity', () => {
  it.each([10_200, 16_384])('%i confirmed tracks with an asset: the step output is complete, THREATS cut to the most threatening, counted', (n) => {
    const l = line('host');
    // The asset sits on the grid's row 150, east of its middle: the tracks threatening it come late in the
    // threat table, so a cut keeping the first records would send none of them.
    l.link.configureAsset({ ...CITY, east: 300_000, north: 150 * 5000 });
    l.link.configureFireUnit(unit({ id: 10 }));
    confirmGrid(l, n, 4);
    expect(l.fw.stat(P.STAT_TRACKS_CONFIRMED)).toBe(n);
    l.link.sendPlots(SENSOR.id, gridPlots(n, 5000));
    const orders0 = l.fw.stat(P.STAT_ORDERS), cut0 = l.fw.stat(P.STAT_THREATS_TRUNCATED);
    const out = l.link.step(5000); // throws on an incomplete output (TELEMETRY dropped)
    // Every order issued was sent: ORDER is never dropped.
    expect(out.orders.length).toBe(l.fw.stat(P.STAT_ORDERS) - orders0);
    expect(out.picture.tracks.length).toBe(n);
    expect(l.fw.stat(P.STAT_TX_OVERFLOWS)).toBe(0);
    const cut = l.fw.stat(P.STAT_THREATS_TRUNCATED) - cut0;
    expect(out.threats.length + cut).toBe(n);
    // The records sent are the most threatening ones.
    // The transmit buffer holds the whole picture, every ORDER and TELEMETRY; THREATS what is left.
    if (n > 12_000) expect(cut).toBeGreaterThan(0);
    // The row's tracks west of the asset, within the hour's horizon at 50 m/s, threaten it: all are sent.
    const threatening = out.threats.filter((t) => t.value > 0);
    expect(threatening.length).toBeGreaterThanOrEqual(30);
    expect(Math.min(...threatening.map((t) => t.value))).toBeGreaterThan(0);
    expect(new Set(out.threats.map((t) => t.trackNumber)).size).toBe(out.threats.length);
  });
});
