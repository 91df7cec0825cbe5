// The "GPS" recorder format: a 2200-byte header, then every ASTERIX data
// block followed by 10 bytes written by the recorder (bytes 6-8 hold the
// reception time in 1/128 s). Only the block framing matters here.

import type { SplitContainer } from './segment.ts';

export const GPS_HEADER = 2200;
export const GPS_TRAILER = 10;

/**
 * True when the file opens with a header of one repeated fill byte. The
 * recorder's header content is never used; recordings show it filled with
 * 0xCD or with blanks, so any single fill byte is accepted. No ASTERIX
 * encoder starts a recording with 2200 copies of one byte.
 */
export function isGps(buf: Uint8Array): boolean {
  if (buf.length < GPS_HEADER) return false;
  for (let i = 1; i < GPS_HEADER; i++) if (buf[i] !== buf[0]) return false;
  return true;
}

export function readGps(buf: Uint8Array): SplitContainer {
  const out: SplitContainer = { segments: [], errors: [], frames: 0, skippedFrames: 0 };
  if (buf.length < GPS_HEADER) {
    out.errors.push({ offset: 0, block: null, message: `GPS file shorter than its ${GPS_HEADER}-byte header` });
    return out;
  }
  out.segments.push({ start: GPS_HEADER, end: buf.length, trailer: GPS_TRAILER });
  return out;
}
