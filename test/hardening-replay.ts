// The hostile inputs of the hardening tests as one list, and the clean workload whose output bytes must
// equal a fresh instance's after init(): replayed by the recovery test and by the fuzz suite.
import { createHash } from 'node:crypto';
import * as P from '../assembly/protocol.ts';
import type { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, encodeReset, encodeHeartbeat } from '../host/link/frames.ts';
import { encodeAssetConfig } from '../host/link/tewa-frames.ts';
import { unit } from './tewa-support.ts';
import { plot, config, patchF32, trackerPayload, SENSOR, type Line } from './hardening-support.ts';

export const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 10_000 };

/** A clean workload: sensor, tracker, an asset and a fire unit, 12 targets for 8 scans; the digest of every
 *  byte transmitted (ACKs included). */
export function clean(fw: Firmware): string {
  const h = createHash('sha256');
  const link = new FirmwareLink(fw);
  const send = (type: number, payload: Uint8Array) => { link.send(type, payload); };
  h.update(fw.ingest(new Uint8Array([0])));
  link.configureSensor(SENSOR);
  link.configureTracker(DEFAULT_TRACKER_CONFIG);
  link.configureAsset(CITY);
  link.configureFireUnit(unit({ id: 10 }));
  send(P.FRAME_HEARTBEAT, encodeHeartbeat(0));
  let id = 1;
  for (let k = 1; k <= 8; k++) {
    const plots = Array.from({ length: 12 }, (_, i) => ({ plotId: id++, kind: 'cartesian' as const, timeMs: k * 1000,
      a: 2000 * (i - 6), b: 12_000 - 50 * k, c: 500 + 100 * i }));
    link.sendPlots(SENSOR.id, plots);
    h.update(link.step(k * 1000).bytes);
  }
  return h.digest('hex');
}

export const BOARDS = ['host', 'esp32s3', 'rp2040', 'stm32h7'];

// The hostile inputs of the hardening tests, each on a configured firmware.
export const HOSTILE: [string, (l: Line) => void][] = [
  ['a plot stamped 1e27 ms after a track', (l) => {
    l.link.sendPlots(SENSOR.id, [plot(1000, 10_000, 10_000, 1000)]);
    l.link.step(1000);
    l.link.sendPlots(SENSOR.id, [plot(1e27, 10_000, 10_000, 1000)]);
    l.link.step(1e27);
  }],
  ['maximum speed 1e15 and gate 6e16', (l) => {
    config(l.link, patchF32(patchF32(trackerPayload(), 12, 1e15), 20, 6e16));
    l.link.sendPlots(SENSOR.id, [plot(1000, 10_000, 10_000, 1000)]);
    l.link.step(1000);
    l.link.sendPlots(SENSOR.id, [plot(2000, 10_000, 10_000, 1000)]);
    l.link.step(2000);
  }],
  ['a new-target density of 1e-45 with no clutter', (l) => {
    l.link.configureSensor({ ...SENSOR, falseDensity: 0 });
    config(l.link, patchF32(trackerPayload(), 16, 1e-45));
    for (let k = 1; k <= 4; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 10_000 + 50 * k, 10_000, 1000)]);
      l.link.step(k * 1000);
    }
    l.link.sendPlots(SENSOR.id, [plot(5000, 10_250, 10_000, 1000), plot(5000, 10_255, 10_004, 1000)]);
    l.link.step(5000);
  }],
  ['an asset radius of 1e20, then a step at 1e200 ms after an engagement', (l) => {
    l.link.send(P.FRAME_CONFIG, encodeAssetConfig({ ...CITY, radius: 1e20 }));
    l.link.configureAsset(CITY);
    l.link.configureFireUnit(unit({ id: 10, channels: 1 }));
    for (let k = 1; k <= 5; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 0, 12_000 - 50 * k, 1000)]);
      l.link.step(k * 1000);
    }
    l.link.step(1e200);
  }],
  ['dense clutter against dense tracks', (l) => {
    for (let k = 1; k <= 2; k++) {
      l.link.sendPlots(SENSOR.id, Array.from({ length: 100 }, (_, i) => plot(k * 1000, 10_000 + (i % 5) * 10, 10_000 + (i % 7) * 7, 1000 + (i % 3) * 15)));
      l.link.step(k * 1000);
    }
  }],
  ['a RESET during an engagement', (l) => {
    l.link.configureAsset(CITY);
    l.link.configureFireUnit(unit({ id: 10, channels: 1 }));
    for (let k = 1; k <= 5; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 0, 12_000 - 50 * k, 1000)]);
      l.link.step(k * 1000);
    }
    config(l.link, encodeReset());
  }],
  ['a vertical σa of 5e22', (l) => {
    config(l.link, patchF32(trackerPayload(), 24, 5e22));
    for (let k = 1; k <= 3; k++) {
      l.link.sendPlots(SENSOR.id, [plot(k * 1000, 10_000, 10_000, 1000)]);
      l.link.step(k * 1000);
    }
    l.link.step(600_000);
  }],
];
