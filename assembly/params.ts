// Tracker parameters (CONFIG/TRACKER), with the defaults of docs/wire-protocol.md.
import { real } from "./board";

export let confirmM: i32 = 3;
export let confirmN: i32 = 4;
export let deleteMisses: i32 = 5;
export let gateChi2: real = 16.27;
export let accelSigma: real = 10;
export let maxSpeed: real = 400;
export let newTargetDensity: real = 1e-12;
export let maxPositionSigma: real = 2000;
export let verticalAccelSigma: real = 5;
/** Chi-square of the initiation guard (track/gate.ts); 0: off. */
export let initGuardChi2: real = 0;
/** Least σa, for slow targets (track/process-noise.ts), m/s²; 0: every track at accelSigma. */
export let accelSigmaMin: real = 0;
/** α of the deletion of rarely seen tracks (track/maintain.ts); 0: K misses for every track. */
export let coastAlpha: real = 0;

export function paramsDefault(): void {
  confirmM = 3; confirmN = 4; deleteMisses = 5; gateChi2 = 16.27; accelSigma = 10; maxSpeed = 400;
  newTargetDensity = 1e-12; maxPositionSigma = 2000; verticalAccelSigma = 5;
  initGuardChi2 = 0; accelSigmaMin = 0; coastAlpha = 0;
}

export function paramsSet(m: i32, n: i32, k: i32, gate: real, acc: real, vmax: real, beta: real, maxSigma: real, vacc: real, guard: real, accMin: real, alpha: real): void {
  confirmM = m; confirmN = n; deleteMisses = k; gateChi2 = gate; accelSigma = acc; maxSpeed = vmax;
  newTargetDensity = beta; maxPositionSigma = maxSigma; verticalAccelSigma = vacc;
  initGuardChi2 = guard; accelSigmaMin = accMin; coastAlpha = alpha;
}
