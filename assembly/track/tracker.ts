// One tracking cycle: the buffered plots up to the step time are associated sensor by sensor (each
// sensor's plots form one batch, batches in order of their earliest plot), then tracks are updated,
// confirmed, deleted and initiated. Plots later than the step time stay buffered for the next step.
import { real, MAX_SENSORS } from "../board";
import { STAT_PLOTS_ASSOCIATED, STAT_PLOTS_LATE } from "../protocol";
import { statAdd } from "../stats";
import { plotCount, plotSensor, plotTime, plotMove, plotsSetCount, plotId } from "../plots";
import { sensorCountGet, pd, falseDensity, slowestScanMs } from "../sensors";
import { batch, gateBatch, pairCount, pairTrack, pairPlot, guardTrack, gatedCount } from "./gate";
import { associate, plotOfTrack, trackOfPlot } from "./associate";
import { predictTo } from "./predict";
import { updateWithPlot } from "./update";
import { initiateFrom } from "./initiate";
import { maintain, recordHit, recordMiss, inCoverage } from "./maintain";
import { active, trackCount, tUpdated, tLastPlot, tStatus, tTime } from "./tracks";
import { TRACK_TENTATIVE } from "../protocol";

let serial: i32 = 0; // batch counter: marks what a batch touched
let lastProcessed: f64 = -Infinity;
/** Plots older than the last processed time by more than this are late: dropped, counted. */
const LATE_TOLERANCE_MS: f64 = 60000;
const sensorMin = new StaticArray<f64>(MAX_SENSORS);
const sensorDone = new StaticArray<bool>(MAX_SENSORS);
const inConfirmedGate = new StaticArray<bool>(batch.length);

export function trackerReset(): void { serial = 0; lastProcessed = -Infinity; }

export function trackerStep(tMs: f64): void {
  const ns = sensorCountGet();
  for (let s = 0; s < ns; s++) { unchecked(sensorMin[s] = Infinity); unchecked(sensorDone[s] = false); }
  const np = plotCount();
  // A plot older than the last processed time by more than the tolerance is dropped, counted: used, it
  // would drag its batch's time back and age every track of the picture out.
  const lateMs = lastProcessed - LATE_TOLERANCE_MS;
  for (let p = 0; p < np; p++) {
    const t = unchecked(plotTime[p]);
    if (t <= tMs && t >= lateMs) {
      const s = unchecked(plotSensor[p]);
      unchecked(sensorMin[s] = min(sensorMin[s], t));
    }
  }
  // Batches in order of their earliest plot (ties: lower sensor slot first).
  for (let round = 0; round < ns; round++) {
    let best = -1;
    for (let s = 0; s < ns; s++) {
      if (!unchecked(sensorDone[s]) && unchecked(sensorMin[s]) != Infinity
          && (best < 0 || unchecked(sensorMin[s]) < unchecked(sensorMin[best]))) best = s;
    }
    if (best < 0) break;
    unchecked(sensorDone[best] = true);
    let n = 0;
    for (let p = 0; p < np; p++) {
      if (unchecked(plotSensor[p]) == best && unchecked(plotTime[p]) <= tMs && unchecked(plotTime[p]) >= lateMs) {
        unchecked(batch[n++] = p);
      }
    }
    processBatch(best, n);
  }
  let late = 0;
  for (let p = 0; p < np; p++) if (unchecked(plotTime[p]) < lateMs && unchecked(plotTime[p]) <= tMs) late++;
  if (late > 0) statAdd(STAT_PLOTS_LATE, <f64>late);
  // Keep only plots newer than the step time.
  let keep = 0;
  for (let p = 0; p < np; p++) {
    if (unchecked(plotTime[p]) > tMs) {
      if (keep != p) plotMove(p, keep);
      keep++;
    }
  }
  plotsSetCount(keep);
  lastProcessed = max(lastProcessed, tMs);
}

function processBatch(sensor: i32, n: i32): void {
  serial++;
  const pdS = min<real>(max<real>(unchecked(pd[sensor]), <real>0.01), <real>0.999);
  gateBatch(n, pdS, unchecked(falseDensity[sensor]));
  const nPairs = pairCount();
  for (let j = 0; j < n; j++) { unchecked(trackOfPlot[j] = -1); unchecked(inConfirmedGate[j] = false); }
  const nt = trackCount();
  for (let k = 0; k < nt; k++) unchecked(plotOfTrack[active[k]] = -1);
  associate(nPairs);
  for (let k = 0; k < nPairs; k++) {
    if (<i32>unchecked(tStatus[pairTrack[k]]) != TRACK_TENTATIVE) unchecked(inConfirmedGate[pairPlot[k]] = true);
  }
  // Updates and misses of the tracks that existed before this batch.
  let tMid: f64 = 0;
  for (let j = 0; j < n; j++) tMid += unchecked(plotTime[batch[j]]);
  tMid /= <f64>max(n, 1);
  let associated = 0;
  for (let k = 0; k < nt; k++) {
    const s = unchecked(active[k]);
    const j = unchecked(plotOfTrack[s]);
    if (j >= 0) {
      const p = unchecked(batch[j]);
      predictTo(s, unchecked(plotTime[p]));
      if (updateWithPlot(s, p)) {
        recordHit(s, serial);
        unchecked(tLastPlot[s] = plotId[p]);
        associated++;
        continue;
      }
    }
    if (n > 0 && unchecked(tTime[s]) < tMid && inCoverage(s, tMid, sensor)) recordMiss(s);
  }
  statAdd(STAT_PLOTS_ASSOCIATED, <f64>associated);
  maintain(tMid, slowestScanMs());
  // Plots nobody took, not inside a confirmed track's gate, and not guarded by a confirmed track that
  // missed (gate.ts), start tentative tracks.
  const gated = gatedCount(); // plots past it were not gated (the work bound): they start nothing
  for (let j = 0; j < gated; j++) {
    if (unchecked(trackOfPlot[j]) >= 0 || unchecked(inConfirmedGate[j])) continue;
    const guard = unchecked(guardTrack[j]);
    if (guard >= 0 && unchecked(plotOfTrack[guard]) < 0) continue;
    initiateFrom(unchecked(batch[j]), serial);
  }
  assert(tUpdated.length > 0);
}
