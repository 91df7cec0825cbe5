// Plot pool: plots buffered between `ingest` and the `step` that consumes them, already converted to
// Cartesian measurements in the battery frame with their 3x3 covariance (unbiased-enough conversion:
// at the angular noises of surveillance radars the conversion bias is centimetres).
import { real, MAX_PLOTS } from "./board";
import { rsincos, rsinOut, rcosOut } from "./real";
import { PLOT_POLAR, PLOT_CARTESIAN, STAT_PLOTS_DROPPED, STAT_PLOTS_INVALID, STAT_PLOTS_IN } from "./protocol";
import { siteX, siteY, siteZ, sigmaRange, sigmaAz, sigmaEl, sigmaCart } from "./sensors";
import { statAdd } from "./stats";

export const plotId = new StaticArray<u32>(MAX_PLOTS);
export const plotSensor = new StaticArray<i32>(MAX_PLOTS);
export const plotTime = new StaticArray<f64>(MAX_PLOTS);
export const zx = new StaticArray<real>(MAX_PLOTS);
export const zy = new StaticArray<real>(MAX_PLOTS);
export const zz = new StaticArray<real>(MAX_PLOTS);
/** Measurement covariance, 6 unique values per plot: xx xy xz yy yz zz. */
export const plotR = new StaticArray<real>(MAX_PLOTS * 6);
let count: i32 = 0;

export function plotCount(): i32 { return count; }
export function plotsClear(): void { count = 0; }

/** Adds one plot of sensor slot `s`; counts and drops it when invalid or the pool is full. */
export function plotAdd(s: i32, id: u32, kind: i32, t: f64, a: f64, b: f64, c: f64): void {
  statAdd(STAT_PLOTS_IN, 1);
  if (!isFinite(t) || !isFinite(a) || !isFinite(b) || !isFinite(c) || (kind != PLOT_POLAR && kind != PLOT_CARTESIAN)
      || (kind == PLOT_POLAR && (a <= 0 || a > 1e7 || abs(b) > 100 || abs(c) > 2))
      || (kind == PLOT_CARTESIAN && (abs(a) > 1e7 || abs(b) > 1e7 || abs(c) > 1e7))) {
    statAdd(STAT_PLOTS_INVALID, 1);
    return;
  }
  if (count >= MAX_PLOTS) {
    statAdd(STAT_PLOTS_DROPPED, 1);
    return;
  }
  const k = count++;
  unchecked(plotId[k] = id);
  unchecked(plotSensor[k] = s);
  unchecked(plotTime[k] = t);
  const r6 = k * 6;
  if (kind == PLOT_CARTESIAN) {
    const v = unchecked(sigmaCart[s]) * unchecked(sigmaCart[s]);
    unchecked(zx[k] = <real>a);
    unchecked(zy[k] = <real>b);
    unchecked(zz[k] = <real>c);
    unchecked(plotR[r6] = v); unchecked(plotR[r6 + 1] = 0); unchecked(plotR[r6 + 2] = 0);
    unchecked(plotR[r6 + 3] = v); unchecked(plotR[r6 + 4] = 0); unchecked(plotR[r6 + 5] = v);
    return;
  }
  const r = <real>a;
  rsincos(<real>c);
  const ce = rcosOut, se = rsinOut;
  rsincos(<real>b);
  const ca = rcosOut, sa = rsinOut;
  unchecked(zx[k] = unchecked(siteX[s]) + r * ce * sa);
  unchecked(zy[k] = unchecked(siteY[s]) + r * ce * ca);
  unchecked(zz[k] = unchecked(siteZ[s]) + r * se);
  // R = J diag(σr², σa², σe²) Jᵀ with J = ∂(e, n, u)/∂(r, az, el).
  const vr = unchecked(sigmaRange[s]) * unchecked(sigmaRange[s]);
  const va = unchecked(sigmaAz[s]) * unchecked(sigmaAz[s]);
  const ve = unchecked(sigmaEl[s]) * unchecked(sigmaEl[s]);
  const j00 = ce * sa, j01 = r * ce * ca, j02 = -r * se * sa;
  const j10 = ce * ca, j11 = -r * ce * sa, j12 = -r * se * ca;
  const j20 = se, j22 = r * ce;
  unchecked(plotR[r6] = j00 * j00 * vr + j01 * j01 * va + j02 * j02 * ve);
  unchecked(plotR[r6 + 1] = j00 * j10 * vr + j01 * j11 * va + j02 * j12 * ve);
  unchecked(plotR[r6 + 2] = j00 * j20 * vr + j02 * j22 * ve);
  unchecked(plotR[r6 + 3] = j10 * j10 * vr + j11 * j11 * va + j12 * j12 * ve);
  unchecked(plotR[r6 + 4] = j10 * j20 * vr + j12 * j22 * ve);
  unchecked(plotR[r6 + 5] = j20 * j20 * vr + j22 * j22 * ve);
}

/** Moves plot `from` to slot `to` (compaction after a step consumed some plots). */
export function plotMove(from: i32, to: i32): void {
  unchecked(plotId[to] = plotId[from]);
  unchecked(plotSensor[to] = plotSensor[from]);
  unchecked(plotTime[to] = plotTime[from]);
  unchecked(zx[to] = zx[from]);
  unchecked(zy[to] = zy[from]);
  unchecked(zz[to] = zz[from]);
  for (let i = 0; i < 6; i++) unchecked(plotR[to * 6 + i] = plotR[from * 6 + i]);
}

export function plotsSetCount(n: i32): void { assert(n >= 0 && n <= count); count = n; }
