// Full time of day for CAT001 plots, rebuilt from I001/141 (mod 512 s) and
// the CAT002 messages of the same radar.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { nearestTime, rebuildCat001Time } from '../host/sources/cat001-time.ts';
import { DATA_DIR } from './asterix-support.ts';
import { describeShared } from './shared-data.ts';

describe('nearestTime', () => {
  it('picks the 512 s cycle nearest the reference time', () => {
    expect(nearestTime(1000 % 512, 1003)).toBe(1000);
    expect(nearestTime(60000 % 512, 59998)).toBe(60000);
  });

  it('crosses midnight both ways', () => {
    expect(nearestTime(2, 86390)).toBe(2); // plot just after midnight, reference just before
    expect(nearestTime(86398 % 512, 5)).toBe(86398); // plot just before, reference just after
    expect(nearestTime(50, 86300)).toBe(50); // next-day candidate is nearer than the same-day one
    expect(nearestTime(500, 10)).toBe(86004); // nothing within 256 s: the nearest valid time, 406 s back
  });
});

describeShared('asterix', 'rebuildCat001Time on a CAT001/CAT002 recording', () => {
  let records: ReturnType<typeof decodeAsterix>['records'];
  let times: ReturnType<typeof rebuildCat001Time>;
  beforeAll(() => {
    records = decodeAsterix(readFileSync(join(DATA_DIR, 'canalA.gps'))).records;
    times = rebuildCat001Time(records);
  });

  it('gives every plot a time that falls inside the antenna scan that produced it', () => {
    const norths = records.filter((r) => r.cat === 2 && r.cat002_mt === 1).map((r) => r.tod_s!);
    const gaps = norths.slice(1).map((t, i) => t - norths[i]).sort((a, b) => a - b);
    const scan = gaps[Math.floor(gaps.length / 2)];
    expect(scan).toBeGreaterThan(1);

    let lastNorth: number | undefined;
    let checked = 0;
    const wrong: string[] = [];
    records.forEach((r, i) => {
      if (r.cat === 2 && r.cat002_mt === 1) lastNorth = r.tod_s;
      const t = times[i];
      if (r.cat !== 1) {
        if (t !== undefined) wrong.push(`record ${i}: time given to a CAT00${r.cat} record`);
        return;
      }
      if (t === undefined || Math.abs((t % 512) - r.cat001_trunc_time_s!) > 1e-9) wrong.push(`record ${i}: ${t}`);
      if (t === undefined || lastNorth === undefined) return;
      // Plots of one scan are stamped after its north crossing and before the next one.
      if (t - lastNorth <= -0.5 || t - lastNorth >= scan + 0.5) wrong.push(`record ${i}: ${t} vs north ${lastNorth}`);
      checked++;
    });
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(30000);
  });
});
