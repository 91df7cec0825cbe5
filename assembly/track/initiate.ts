// Initiator: a plot that no track took starts a tentative track at the plot, with zero velocity and a
// velocity spread covering the maximum speed. Its next plot is gated by reachability at that speed
// (two-point initiation); the Kalman update then sets the velocity from the two positions.
import { real } from "../board";
import { STAT_TRACKS_DROPPED, STAT_TRACKS_CREATED, TRACK_TENTATIVE } from "../protocol";
import { statAdd } from "../stats";
import { zx, zy, zz, plotR, plotTime, plotId } from "../plots";
import { maxSpeed } from "../params";
import {
  tClass, tKilled, tEngaged, trackAlloc, tx, ty, tz, tvx, tvy, tvz, cov, COV, tTime, tStatus, tHits, tMisses, tHistory, tNumber, tLastPlot, tUpdated,
} from "./tracks";

export function initiateFrom(p: i32, serial: i32): void {
  const s = trackAlloc();
  if (s < 0) {
    statAdd(STAT_TRACKS_DROPPED, 1);
    return;
  }
  statAdd(STAT_TRACKS_CREATED, 1);
  unchecked(tx[s] = zx[p]); unchecked(ty[s] = zy[p]); unchecked(tz[s] = zz[p]);
  unchecked(tvx[s] = 0); unchecked(tvy[s] = 0); unchecked(tvz[s] = 0);
  const c = s * COV;
  for (let i = 0; i < 6; i++) unchecked(cov[c + i] = plotR[p * 6 + i]);
  for (let i = 6; i < 15; i++) unchecked(cov[c + i] = 0);
  const vv: real = maxSpeed * maxSpeed * <real>0.25;
  unchecked(cov[c + 15] = vv); unchecked(cov[c + 16] = 0); unchecked(cov[c + 17] = 0);
  unchecked(cov[c + 18] = vv); unchecked(cov[c + 19] = 0); unchecked(cov[c + 20] = vv);
  unchecked(tTime[s] = plotTime[p]);
  unchecked(tStatus[s] = <u8>TRACK_TENTATIVE);
  unchecked(tHits[s] = 1);
  unchecked(tMisses[s] = 0);
  unchecked(tHistory[s] = 1);
  unchecked(tNumber[s] = 0);
  unchecked(tLastPlot[s] = plotId[p]);
  unchecked(tUpdated[s] = serial);
  unchecked(tClass[s] = 0);
  unchecked(tKilled[s] = false);
  unchecked(tEngaged[s] = 0);
}
