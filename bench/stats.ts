// Summaries the bench reports: medians, spreads, ratios measured pair by pair, growth exponents.
import { percentile } from '../host/metrics/stats.ts';

export { percentile };
export const median = (xs: readonly number[]): number => percentile(xs, 0.5);

/** Median and the 10–90 % range of a sample: the spread a shared machine leaves. */
export interface Spread { median: number; lo: number; hi: number; n: number }
export function spread(xs: readonly number[]): Spread {
  return { median: percentile(xs, 0.5), lo: percentile(xs, 0.1), hi: percentile(xs, 0.9), n: xs.length };
}

/** peer/parapet for each pair of runs made back to back: drift of the machine cancels within a pair. */
export function pairedRatio(peer: readonly number[], parapet: readonly number[]): Spread {
  const n = Math.min(peer.length, parapet.length);
  return spread(Array.from({ length: n }, (_, i) => peer[i] / parapet[i]));
}

/** Slope of log y against log x, least squares: the exponent of a power law y ∝ x^k. */
export function growthExponent(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log), ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length, my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0, den = 0;
  lx.forEach((x, i) => { num += (x - mx) * (ly[i] - my); den += (x - mx) ** 2; });
  return num / den;
}

/** "12.3×  (10.1–15.0)" */
export function fmtRatio(s: Spread): string {
  const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  return `${f(s.median)}× (${f(s.lo)}–${f(s.hi)})`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms >= 0.1 ? ms.toFixed(3) : ms.toPrecision(2);
}
