// The decoded fields beyond the compact reference (calculated position and
// velocity, 3D height, antenna period, radar position) checked against the
// peer decoder's full item-level output for the same recordings.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { DATA_DIR, readJsonl } from './asterix-support.ts';
import { describeShared } from './shared-data.ts';

type Items = Record<string, Record<string, number>>;

// Peer item field -> decoded field. The peer prints 6-7 decimals.
const CHECKS: Record<number, [item: string, peerField: string, ours: string][]> = {
  48: [
    ['I042', 'X', 'x_nm'],
    ['I042', 'Y', 'y_nm'],
    ['I200', 'CGS', 'gsp_kt'],
    ['I200', 'CHdg', 'hdg_deg'],
    ['I110', '3D_Height', 'h3d_ft'],
  ],
  34: [
    ['I041', 'RotS', 'rot_period_s'],
    ['I120', 'Height', 'src_h_m'],
    ['I120', 'LAT', 'src_lat_deg'],
    ['I120', 'Lon', 'src_lon_deg'],
  ],
  2: [['I041', 'RotS', 'rot_period_s']],
};

describeShared('asterix', 'extra fields agree with the peer item-level decode', () => {
  for (const name of ['cat_034_048.pcap', '068test_rrd3.gps']) {
    it(name, async () => {
      const { records } = decodeAsterix(readFileSync(join(DATA_DIR, name)), { fileName: name });
      const peerFile = peerDecodeOf(name);
      let i = 0;
      let compared = 0;
      for await (const peer of readJsonl(join(DATA_DIR, peerFile))) {
        const cat = peer.cat as number;
        if (![48, 34, 1, 2].includes(cat)) continue; // categories this decoder leaves alone
        const mine = records[i++] as unknown as Record<string, number | undefined>;
        expect(mine.cat).toBe(cat);
        const items = (peer as unknown as Record<string, Items>)[`CAT${String(cat).padStart(3, '0')}`];
        for (const [item, field, ours] of CHECKS[cat] ?? []) {
          const want = items[item]?.[field];
          if (want === undefined) {
            expect(mine[ours], `${ours} of record ${i - 1}`).toBeUndefined();
            continue;
          }
          expect(Math.abs(mine[ours]! - want), `${ours} of record ${i - 1}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
          compared++;
        }
      }
      expect(i).toBe(records.length);
      expect(compared).toBeGreaterThan(100);
    });
  }
});

/** NAME.peer.jsonl, or its gzip when large. */
function peerDecodeOf(recording: string): string {
  const plain = `${recording.replace(/\.[^.]+$/, '')}.peer.jsonl`;
  return existsSync(join(DATA_DIR, plain)) ? plain : `${plain}.gz`;
}
