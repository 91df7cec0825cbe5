// Read-only view of one track's full state, for hosts that check filter consistency.
import { active, trackCount, tNumber, tTime, tx, ty, tz, tvx, tvy, tvz, cov, COV } from "./tracks";

export function probeTrack(number: u32, out: StaticArray<f64>): bool {
  if (number == 0) return false;
  const nt = trackCount();
  for (let k = 0; k < nt; k++) {
    const s = unchecked(active[k]);
    if (unchecked(tNumber[s]) != number) continue;
    unchecked(out[0] = tTime[s]);
    unchecked(out[1] = <f64>tx[s]); unchecked(out[2] = <f64>ty[s]); unchecked(out[3] = <f64>tz[s]);
    unchecked(out[4] = <f64>tvx[s]); unchecked(out[5] = <f64>tvy[s]); unchecked(out[6] = <f64>tvz[s]);
    for (let i = 0; i < COV; i++) unchecked(out[7 + i] = <f64>cov[s * COV + i]);
    return true;
  }
  return false;
}
