// Hostile-line helpers for the hardening tests: a firmware driven only through CRC-valid frames made with
// the host's own encoders, as an attacker on the line would, and raw CONFIG payloads patched field by field
// where the host's encoders would refuse a value the firmware must refuse itself.
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, encodeTrackerConfig, encodeSensorConfig, type Ack, type Plot, type SensorConfig, type TrackerConfig } from '../host/link/frames.ts';
import * as P from '../assembly/protocol.ts';

export const SENSOR: SensorConfig = {
  id: 1, east: 0, north: 0, up: 0, sigmaRange: 10, sigmaAz: 0.001, sigmaEl: 0.001, sigmaCart: 10,
  maxRange: 1e6, pd: 0.9, falseDensity: 1e-12, scanPeriodS: 1,
};

export interface Line { fw: Firmware; link: FirmwareLink }

/** A firmware with one sensor (id 1, Cartesian σ 10 m) and the given tracker settings. */
export function line(board = 'host', tracker: Partial<TrackerConfig> = {}, sensor: Partial<SensorConfig> = {}): Line {
  const fw = Firmware.load(board);
  const link = new FirmwareLink(fw);
  link.configureSensor({ ...SENSOR, ...sensor });
  link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, ...tracker });
  return { fw, link };
}

/** Sends one CONFIG payload; returns its ACK. */
export function config(link: FirmwareLink, payload: Uint8Array): Ack {
  const acks = link.send(P.FRAME_CONFIG, payload);
  if (acks.length !== 1) throw new Error(`expected one ACK, got ${acks.length}`);
  return acks[0];
}

/** A payload with the f32 at `offset` replaced (the host's encoder bounds only what it knows). */
export function patchF32(payload: Uint8Array, offset: number, v: number): Uint8Array {
  const p = payload.slice();
  new DataView(p.buffer).setFloat32(offset, v, true);
  return p;
}

export function trackerPayload(over: Partial<TrackerConfig> = {}): Uint8Array {
  return encodeTrackerConfig({ ...DEFAULT_TRACKER_CONFIG, ...over });
}

export function sensorPayload(over: Partial<SensorConfig> = {}): Uint8Array {
  return encodeSensorConfig({ ...SENSOR, ...over });
}

let nextPlot = 1;
export function plot(timeMs: number, x: number, y: number, z: number): Plot {
  return { plotId: nextPlot++, kind: 'cartesian', timeMs, a: x, b: y, c: z };
}

/** `n` targets on a 5 km grid at 1 km height, flying east at 50 m/s, seen at tMs. */
export function gridPlots(n: number, tMs: number, perRow = 100): Plot[] {
  return Array.from({ length: n }, (_, i) =>
    plot(tMs, (i % perRow) * 5000 + 0.05 * tMs, Math.floor(i / perRow) * 5000, 1000));
}

/** Steps 1..scans seconds with gridPlots: n confirmed tracks (M/N 3/4). */
export function confirmGrid(l: Line, n: number, scans = 4, perRow = 100): void {
  for (let k = 1; k <= scans; k++) {
    l.link.sendPlots(SENSOR.id, gridPlots(n, k * 1000, perRow));
    l.link.step(k * 1000);
  }
}

export function stat(fw: Firmware, id: number): number { return fw.stat(id); }
