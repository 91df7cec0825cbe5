// Figures over several seeds: the mean and its 95 % confidence interval (Student's t, since 20 seeds is
// far from the normal limit: t(0.975, 19) = 2.093 against 1.960), for every number in a run summary.

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), |error| < 1e-13 for x > 0. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const aa of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + aa * d; d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** Student's t distribution function with ν degrees of freedom. */
export function tCdf(t: number, nu: number): number {
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile (p > 0.5) of Student's t with ν degrees of freedom, by bisection of tCdf. */
export function tQuantile(p: number, nu: number): number {
  let lo = 0, hi = 1;
  while (tCdf(hi, nu) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (tCdf(mid, nu) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface Interval { mean: number; lo: number; hi: number; n: number }

/** Mean and 95 % confidence interval of the mean; non-finite values (undefined figures) are left out. */
export function meanInterval(values: readonly number[]): Interval {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, lo: NaN, hi: NaN, n };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half, n };
}

/** Every numeric leaf of an object, by its dotted path ("threats.all.intercepted"); null counts as NaN. */
export function numericLeaves(o: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> {
  if (o === null) out.set(prefix, NaN);
  else if (typeof o === 'number') out.set(prefix, o);
  else if (typeof o === 'object') for (const [k, v] of Object.entries(o as object)) numericLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

/** Mean and interval of every numeric figure over runs (a figure missing from a run counts as 0 there). */
export function aggregate(runs: readonly object[]): Record<string, Interval> {
  const leaves = runs.map((r) => numericLeaves(r));
  const keys = [...new Set(leaves.flatMap((m) => [...m.keys()]))].sort();
  const out: Record<string, Interval> = {};
  for (const k of keys) out[k] = meanInterval(leaves.map((m) => m.get(k) ?? 0));
  return out;
}
