// Chooses the container of a recording (raw blocks, GPS recorder, pcap,
// pcapng) and lists where its ASTERIX blocks lie.

import { isGps, readGps } from './gps.ts';
import { isPcap, isPcapng, readPcap, readPcapng } from './pcap.ts';
import type { SplitContainer } from './segment.ts';

export const CONTAINER_FORMATS = ['raw', 'pcap', 'pcapng', 'gps'] as const;
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number];

const BY_EXTENSION: Record<string, ContainerFormat> = { pcap: 'pcap', cap: 'pcap', pcapng: 'pcapng', gps: 'gps' };

/**
 * Magic bytes first (they cannot lie about pcap/pcapng), then the file
 * extension, then raw: plain ASTERIX has no magic of its own.
 */
export function detectContainer(buf: Uint8Array, fileName = ''): ContainerFormat {
  if (isPcapng(buf)) return 'pcapng';
  if (isPcap(buf)) return 'pcap';
  if (isGps(buf)) return 'gps';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'raw';
}

export function splitContainer(buf: Uint8Array, format: ContainerFormat): SplitContainer {
  switch (format) {
    case 'pcap':
      return readPcap(buf);
    case 'pcapng':
      return readPcapng(buf);
    case 'gps':
      return readGps(buf);
    case 'raw':
      return { segments: [{ start: 0, end: buf.length }], errors: [], frames: 0, skippedFrames: 0 };
  }
}
