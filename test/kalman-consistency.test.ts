// Filter consistency of the firmware's Kalman filter against Monte Carlo truth: targets that follow the
// filter's own model (constant velocity with white-noise acceleration), measured with known noise.
// Average NEES must sit inside its 95 % chi-square bounds, and the RMS position error must match the
// steady-state Riccati solution computed here independently, for the f64 and the f32 builds.
import { describe, it, expect } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG } from '../host/link/frames.ts';
import { Rng } from '../host/sim/rng.ts';

const RUNS = 100;
const STEPS = 40;
const DT = 1;
const SIGMA = 20; // m, per axis (Cartesian plots)
const QH = 1; // m²/s³, horizontal white-noise acceleration spectral density
const QV = 0.25;

/** Wilson–Hilferty approximation of the chi-square quantile. */
function chi2Quantile(p: number, n: number): number {
  const z = p === 0.975 ? 1.959964 : p === 0.025 ? -1.959964 : NaN;
  const h = 2 / (9 * n);
  return n * (1 - h + z * Math.sqrt(h)) ** 3;
}

/** Solves A x = b (6x6) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

/** Full 6x6 covariance from the firmware's 21-value layout (docs/firmware-abi.md). */
function unpack(c: Float64Array): number[][] {
  const sym = (o: number, i: number, j: number) => {
    const [a, b] = i <= j ? [i, j] : [j, i];
    return c[o + (a === 0 ? b : a === 1 ? 2 + b : 5)];
  };
  const P = Array.from({ length: 6 }, () => new Array(6).fill(0));
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    P[i][j] = sym(0, i, j);
    P[i][3 + j] = c[6 + i * 3 + j];
    P[3 + j][i] = c[6 + i * 3 + j];
    P[3 + i][3 + j] = sym(15, i, j);
  }
  return P;
}

/** Steady-state position variance of a 1-D CV Kalman filter (iterated Riccati recursion). */
function steadyPositionVariance(q: number, r: number, dt: number): number {
  let p = [[r, 0], [0, 1e6]];
  for (let k = 0; k < 2000; k++) {
    const pp = [
      [p[0][0] + 2 * dt * p[0][1] + dt * dt * p[1][1] + q * dt ** 3 / 3, p[0][1] + dt * p[1][1] + q * dt * dt / 2],
      [0, p[1][1] + q * dt],
    ];
    pp[1][0] = pp[0][1];
    const s = pp[0][0] + r;
    const k0 = pp[0][0] / s, k1 = pp[1][0] / s;
    p = [[(1 - k0) * pp[0][0], (1 - k0) * pp[0][1]], [pp[1][0] - k1 * pp[0][0], pp[1][1] - k1 * pp[0][1]]];
  }
  return p[0][0];
}

/** One axis of white-noise-acceleration motion over dt: [dx, dv] drawn from the exact discrete noise. */
function noiseStep(rng: Rng, q: number, dt: number): [number, number] {
  // Cholesky of q·[[dt³/3, dt²/2], [dt²/2, dt]].
  const a = Math.sqrt(q * dt ** 3 / 3);
  const b = (q * dt * dt / 2) / a;
  const c = Math.sqrt(q * dt - b * b);
  const u = rng.normal(), w = rng.normal();
  return [a * u, b * u + c * w];
}

describe.each(['host', 'esp32s3'])('Kalman filter on board %s', (board) => {
  it('is consistent (NEES) and reaches the steady-state accuracy', () => {
    const fw = Firmware.load(board);
    const link = new FirmwareLink(fw);
    link.configureSensor({ id: 1, east: 0, north: 0, up: 0, sigmaRange: SIGMA, sigmaAz: 0.001, sigmaEl: 0.001, sigmaCart: SIGMA,
      maxRange: 1e6, pd: 1, falseDensity: 1e-12, scanPeriodS: DT });
    link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, accelSigma: Math.sqrt(QH), verticalAccelSigma: Math.sqrt(QV), maxSpeed: 400, gateChi2: 40 });
    const probeAt = fw.exports.probeBuffer as () => number;
    const probeTrack = fw.exports.trackProbe as (n: number) => number;
    const nees: number[][] = Array.from({ length: STEPS + 1 }, () => []);
    const sqErr: number[] = [];
    const rng = new Rng('nees');
    for (let run = 0; run < RUNS; run++) {
      link.reset();
      const r = rng.fork(run);
      const s = [r.uniform(-20000, 20000), r.uniform(10000, 30000), r.uniform(500, 3000),
        r.uniform(-200, 200), r.uniform(-200, 200), r.uniform(-5, 5)];
      for (let k = 1; k <= STEPS; k++) {
        for (let ax = 0; ax < 3; ax++) {
          const [dx, dv] = noiseStep(r, ax === 2 ? QV : QH, DT);
          s[ax] += s[3 + ax] * DT + dx;
          s[3 + ax] += dv;
        }
        const t = k * DT * 1000;
        link.sendPlots(1, [{ plotId: run * 1000 + k, kind: 'cartesian', timeMs: t,
          a: s[0] + SIGMA * r.normal(), b: s[1] + SIGMA * r.normal(), c: s[2] + SIGMA * r.normal() }]);
        link.step(t);
        if (k < 10) continue;
        expect(probeTrack(1)).toBe(1);
        const v = new Float64Array(fw.exports.memory.buffer, probeAt(), 28);
        expect(v[0]).toBe(t);
        const e = [0, 1, 2, 3, 4, 5].map((i) => s[i] - v[1 + i]);
        const x = solve(unpack(v.subarray(7)), e);
        nees[k].push(e.reduce((acc, ei, i) => acc + ei * x[i], 0));
        if (k === STEPS) sqErr.push(e[0] ** 2, e[1] ** 2, e[2] ** 2 * (QH / QV) ** 0);
      }
    }
    const lo = chi2Quantile(0.025, 6 * RUNS) / RUNS, hi = chi2Quantile(0.975, 6 * RUNS) / RUNS;
    const perStep = nees.slice(10).map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    const mean = perStep.reduce((a, b) => a + b, 0) / perStep.length;
    expect(mean).toBeGreaterThan(lo);
    expect(mean).toBeLessThan(hi);
    // Per-step means stay in the bounds too, allowing the few excursions chance gives at 95 %.
    expect(perStep.filter((m) => m < lo || m > hi).length).toBeLessThanOrEqual(4);
    // Horizontal RMS position error at the last step against the Riccati steady state.
    const horiz = sqErr.filter((_, i) => i % 3 !== 2);
    const rms = Math.sqrt(horiz.reduce((a, b) => a + b, 0) / horiz.length);
    const expected = Math.sqrt(steadyPositionVariance(QH, SIGMA * SIGMA, DT));
    expect(rms).toBeLessThan(SIGMA * 0.75);
    expect(Math.abs(rms / expected - 1)).toBeLessThan(0.15);
  }, 60_000);
});
