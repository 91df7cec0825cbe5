// Helpers of the authentication tests: a keyed firmware and its host link, a small battery that issues
// fire orders, and frames an attacker on the line would make (tampered and re-CRC'd, or cut short).
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink, type StepOutput } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG, decodeTelemetry, view, LE } from '../host/link/frames.ts';
import { DEFAULT_DOCTRINE } from '../host/link/tewa-frames.ts';
import { cobsDecode, cobsEncode } from '../host/link/cobs.ts';
import { crc32c } from '../host/link/crc32c.ts';
import { linkAuth } from '../host/link/auth-key.ts';
import { Deframer } from '../host/link/deframer.ts';
import * as P from '../assembly/protocol.ts';
import { unit } from './tewa-support.ts';

export const KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
export const OTHER_KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 53 + 7) & 0xff);

export const CITY = { id: 1, kind: 1, east: 0, north: 0, up: 0, radius: 1500, value: 10_000 };
export const SAM = unit({ id: 10, readyRounds: 8 });

/** A firmware provisioned with `key` (none: development mode) and a host link under the same key. */
export function keyed(board = 'host', key: Uint8Array | null = KEY): { fw: Firmware; link: FirmwareLink } {
  const fw = Firmware.load(board);
  if (key) fw.provision(key);
  return { fw, link: new FirmwareLink(fw, key ? linkAuth(key) : null) };
}

/** Sensor, tracker, the city and one SAM unit. */
export function configureBattery(link: FirmwareLink): void {
  link.configureSensor({ id: 1, east: 0, north: 0, up: 0, sigmaRange: 5, sigmaAz: 0.001, sigmaEl: 0.001, sigmaCart: 5,
    maxRange: 500_000, pd: 1, falseDensity: 1e-15, scanPeriodS: 1 });
  link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, maxSpeed: 2500, accelSigma: 5 });
  link.configureAsset(CITY);
  link.configureFireUnit(SAM);
  link.configureDoctrine({ ...DEFAULT_DOCTRINE });
}

/** Scan k (1 s apart): four drones inbound on the city from 10 km, one plot each; then the step. */
export function scan(link: FirmwareLink, k: number): StepOutput {
  const plots = Array.from({ length: 4 }, (_, i) => ({
    plotId: k * 10 + i, kind: 'cartesian' as const, timeMs: k * 1000, a: 1500 * (i - 2), b: 10_000 - 50 * k, c: 800 + 50 * i,
  }));
  link.sendPlots(1, plots);
  return link.step(k * 1000);
}

/** Re-frames wire bytes after `edit` changed the raw frame (version .. payload/trailer, CRC left off): the
 *  CRC is made good again, as an attacker on the line would. */
export function reframe(wire: Uint8Array, edit: (body: Uint8Array) => Uint8Array): Uint8Array {
  const raw = cobsDecode(wire[wire.length - 1] === 0 ? wire.subarray(0, wire.length - 1) : wire);
  if (!raw) throw new Error('not a frame');
  const body = edit(raw.slice(0, raw.length - P.FRAME_CRC_BYTES));
  const sealed = new Uint8Array(body.length + P.FRAME_CRC_BYTES);
  sealed.set(body);
  view(sealed).setUint32(body.length, crc32c(body), LE);
  const enc = cobsEncode(sealed);
  const out = new Uint8Array(enc.length + 1);
  out.set(enc);
  return out;
}

/** A copy with bit `bit` of byte `at` flipped. */
export function flip(body: Uint8Array, at: number, bit = 0): Uint8Array {
  const b = body.slice();
  b[at] ^= 1 << bit;
  return b;
}

/** Counters that a refused frame moves by itself: the link's and the refusals'. */
const LINK_COUNTERS = new Set([P.STAT_FRAMES_OK, P.STAT_BYTES_IN, P.STAT_BAD_FRAMES, P.STAT_SEQ_GAPS, P.STAT_AUTH_FAILED, P.STAT_AUTH_REPLAYED]);

/** A step's output frames as compared between two instances: every frame's bytes but TELEMETRY's, and
 *  TELEMETRY's counters without the link's. */
export function comparable(bytes: Uint8Array): unknown[] {
  return new Deframer().push(bytes).map((f) => {
    if (f.type !== P.FRAME_TELEMETRY) return { type: f.type, seq: f.seq, payload: [...f.payload], counter: f.auth?.counter, tag: f.auth && [...f.auth.tag] };
    const t = decodeTelemetry(f.payload)!;
    return { type: f.type, seq: f.seq, counters: t.counters.filter((_, i) => !LINK_COUNTERS.has(i)) };
  });
}
