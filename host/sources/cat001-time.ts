// CAT001 plots carry only I001/141, the time of day modulo 512 s. The full
// time is rebuilt from the CAT002 service messages (north markers, sector
// crossings) of the same radar, which carry the complete time of day: the
// plot lies within half a period (256 s) of the nearest service message.

import type { AsterixRecord } from './asterix-fields.ts';

const PERIOD = 512;
const DAY = 86400;

/**
 * Full time of day (s) for each CAT001 record that has I001/141, aligned with
 * `records` (undefined elsewhere, or when its radar sends no timed CAT002).
 * The reference message is the last earlier CAT002 of the same SAC/SIC in
 * file order, or the first later one for plots preceding all of them.
 */
export function rebuildCat001Time(records: readonly AsterixRecord[]): (number | undefined)[] {
  const key = (r: AsterixRecord) => `${r.sac}/${r.sic}`;
  const firstLater = new Map<string, number>();
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.cat === 2 && r.tod_s !== undefined) firstLater.set(key(r), r.tod_s);
  }
  const lastEarlier = new Map<string, number>();
  return records.map((r) => {
    if (r.cat === 2 && r.tod_s !== undefined) lastEarlier.set(key(r), r.tod_s);
    if (r.cat !== 1 || r.cat001_trunc_time_s === undefined) return undefined;
    const base = lastEarlier.get(key(r)) ?? firstLater.get(key(r));
    if (base === undefined) return undefined;
    return nearestTime(r.cat001_trunc_time_s, base);
  });
}

/**
 * The time of day congruent to `trunc` modulo 512 s that is nearest to `base`.
 * The day (86400 s) is not a multiple of 512 s and the time of day restarts
 * at midnight, so near midnight the candidate of the neighbouring day is
 * weighed too, in continuous time.
 */
export function nearestTime(trunc: number, base: number): number {
  let best = trunc;
  let bestDistance = Infinity;
  for (const day of [0, DAY, -DAY]) {
    const k = Math.round((base - day - trunc) / PERIOD);
    // The neighbours of the nearest cycle stand in when it falls outside the day.
    for (const cycle of [k - 1, k, k + 1]) {
      const tod = trunc + PERIOD * cycle;
      if (tod < 0 || tod >= DAY) continue;
      const distance = Math.abs(tod + day - base);
      if (distance < bestDistance) {
        best = tod;
        bestDistance = distance;
      }
    }
  }
  return best;
}
