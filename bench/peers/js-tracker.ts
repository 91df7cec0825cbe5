// The tracker a Node user would assemble from npm instead of Parapet: kalman-filter for predict and
// correct, munkres for the assignment, and around them the firmware's own logic written out in plain
// TypeScript — polar plots converted with their covariance, a grid coarse gate and the same chi-square
// fine gate, GNN costs min(c, 0) in one matrix over the gated tracks and plots, two-point initiation,
// M-of-N confirmation and the same deletion rules. A timing peer: it is checked for tracking the raid
// (confirmed tracks), not for byte-identical output.
import kalman from 'kalman-filter';
import { munkres } from 'munkres';
import type { RadarSite } from '../../host/sim/synthetic.ts';

type Mat = number[][];
interface KfState { mean: Mat; covariance: Mat }
interface Track { s: KfState; pred: KfState; tMs: number; confirmed: boolean; hits: number; misses: number; history: number; r: number }
interface Meas { z: [number, number, number]; R: Mat }
export interface JsTrackerConfig {
  pd: number; falseDensity: number; accelSigma: number; verticalAccelSigma: number; gateChi2: number; maxSpeed: number;
  newTargetDensity: number; confirmM: number; confirmN: number; deleteMisses: number; maxPositionSigma: number;
}

const { KalmanFilter, State } = kalman as unknown as { KalmanFilter: new (o: object) => KfFilter; State: new (o: KfState) => KfState };
interface KfFilter { predict(o: object): KfState; correct(o: object): KfState }
const LN_2PI_3 = 3 * Math.log(2 * Math.PI);
const H = [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]];
const quiet = { info() {}, debug() {}, warn() {}, error() {} };

export class JsTracker {
  private tracks: Track[] = [];
  private readonly kf: KfFilter;
  private readonly lnBeta: number;

  constructor(private readonly site: RadarSite, private readonly c: JsTrackerConfig) {
    const qh = c.accelSigma ** 2, qv = c.verticalAccelSigma ** 2;
    this.kf = new KalmanFilter({
      observation: { dimension: 3, stateProjection: H, covariance: (o: { R: Mat }) => o.R },
      dynamic: {
        dimension: 6,
        init: { mean: [[0], [0], [0], [0], [0], [0]], covariance: diag([1, 1, 1, 1, 1, 1]) },
        transition: ({ dt }: { dt: number }) => [[1, 0, 0, dt, 0, 0], [0, 1, 0, 0, dt, 0], [0, 0, 1, 0, 0, dt],
          [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 1]],
        covariance: ({ dt }: { dt: number }) => {
          const a = Math.abs(dt), q = [qh, qh, qv], m = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
          for (let i = 0; i < 3; i++) {
            m[i][i] = (q[i] * a ** 3) / 3; m[i][i + 3] = m[i + 3][i] = (q[i] * dt * a) / 2; m[i + 3][i + 3] = q[i] * a;
          }
          return m;
        },
      },
      logger: quiet,
    });
    this.lnBeta = Math.log(((1 - c.pd) * (c.falseDensity + c.newTargetDensity)) / c.pd);
  }

  get confirmed(): number { return this.tracks.filter((t) => t.confirmed).length; }

  /** One scan: plots in polar (range, azimuth, elevation), all stamped tMs. */
  step(plots: readonly { a: number; b: number; c: number }[], tMs: number): void {
    const meas = plots.map((p) => this.convert(p.a, p.b, p.c));
    for (const t of this.tracks) t.pred = this.kf.predict({ previousCorrected: t.s, dt: (tMs - t.tMs) / 1000 });
    const pairs = this.gate(meas, tMs);
    // One GNN matrix over the gated tracks and plots: min(cost, 0), 0 = not assigned.
    const rowOf = new Map<number, number>(), colOf = new Map<number, number>();
    for (const [i, j] of pairs) { if (!rowOf.has(i)) rowOf.set(i, rowOf.size); if (!colOf.has(j)) colOf.set(j, colOf.size); }
    const m = Array.from({ length: rowOf.size }, () => new Array<number>(colOf.size).fill(0));
    for (const [i, j, cost] of pairs) m[rowOf.get(i)!][colOf.get(j)!] = Math.min(0, cost);
    const trackIds = [...rowOf.keys()], plotIds = [...colOf.keys()];
    const plotOf = new Map<number, number>(), taken = new Set<number>();
    if (m.length && m[0].length) {
      for (const [r, col] of munkres(m)) if (m[r][col] < 0) { plotOf.set(trackIds[r], plotIds[col]); taken.add(plotIds[col]); }
    }
    const inConfirmedGate = new Set(pairs.filter(([i]) => this.tracks[i].confirmed).map(([, j]) => j));
    this.tracks.forEach((t, i) => {
      const j = plotOf.get(i);
      if (j !== undefined) {
        t.s = this.kf.correct({ predicted: t.pred, observation: meas[j].z, R: meas[j].R });
        t.hits++; t.misses = 0; t.history = ((t.history << 1) | 1) >>> 0;
      } else {
        t.s = t.pred;
        t.misses++; t.history = (t.history << 1) >>> 0;
      }
      t.tMs = tMs;
    });
    this.maintain();
    meas.forEach((z, j) => { if (!taken.has(j) && !inConfirmedGate.has(j)) this.initiate(z, tMs); });
  }

  /** Gated (track, plot, GNN cost) triples: grid coarse gate over predicted positions, then chi-square. */
  private gate(meas: Meas[], tMs: number): [number, number, number][] {
    const rMax = meas.reduce((r, m) => Math.max(r, m.R[0][0] + m.R[1][1]), 0);
    const g = Math.sqrt(this.c.gateChi2);
    let rSum = 0;
    for (const t of this.tracks) {
      const P = t.pred.covariance, sig = Math.sqrt(P[0][0] + P[1][1] + rMax);
      t.r = t.hits <= 1 ? this.c.maxSpeed * Math.abs(tMs - t.tMs) / 1000 + 3 * sig : g * sig;
      rSum += t.r;
    }
    const cell = Math.min(Math.max((2 * rSum) / Math.max(1, this.tracks.length), 200), 200_000);
    const grid = new Map<string, number[]>(), wide: number[] = [];
    this.tracks.forEach((t, i) => {
      const x = t.pred.mean[0][0], y = t.pred.mean[1][0];
      const x0 = Math.floor((x - t.r) / cell), x1 = Math.floor((x + t.r) / cell), y0 = Math.floor((y - t.r) / cell), y1 = Math.floor((y + t.r) / cell);
      if (x1 - x0 >= 5 || y1 - y0 >= 5) { wide.push(i); return; }
      for (let ix = x0; ix <= x1; ix++) for (let iy = y0; iy <= y1; iy++) {
        const key = `${ix},${iy}`;
        const list = grid.get(key);
        if (list) list.push(i); else grid.set(key, [i]);
      }
    });
    const out: [number, number, number][] = [];
    meas.forEach((m, j) => {
      const [px, py] = m.z;
      for (const i of [...(grid.get(`${Math.floor(px / cell)},${Math.floor(py / cell)}`) ?? []), ...wide]) {
        const t = this.tracks[i];
        if (Math.abs(px - t.pred.mean[0][0]) > t.r || Math.abs(py - t.pred.mean[1][0]) > t.r) continue;
        const cost = this.fineGate(t, m, (tMs - t.tMs) / 1000);
        if (cost !== undefined) out.push([i, j, cost]);
      }
    });
    return out;
  }

  private fineGate(t: Track, m: Meas, dt: number): number | undefined {
    const P = t.pred.covariance, nu = [0, 1, 2].map((k) => m.z[k] - t.pred.mean[k][0]);
    const S = [0, 1, 2].map((a) => [0, 1, 2].map((b) => P[a][b] + m.R[a][b]));
    const det = S[0][0] * (S[1][1] * S[2][2] - S[1][2] * S[2][1]) - S[0][1] * (S[1][0] * S[2][2] - S[1][2] * S[2][0])
      + S[0][2] * (S[1][0] * S[2][1] - S[1][1] * S[2][0]);
    if (!(det > 0)) return undefined;
    const inv = inverse3(S, det);
    let d2 = 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) d2 += nu[a] * inv[a][b] * nu[b];
    if (t.hits <= 1) {
      // Two-point initiation: the second plot must be reachable at the maximum speed.
      const Q = t.s.covariance;
      const reach = this.c.maxSpeed * Math.abs(dt) + 3 * Math.sqrt(Q[0][0] + Q[1][1] + Q[2][2] + m.R[0][0] + m.R[1][1] + m.R[2][2]);
      if (nu[0] ** 2 + nu[1] ** 2 + nu[2] ** 2 > reach * reach) return undefined;
    } else if (d2 > this.c.gateChi2) {
      return undefined;
    }
    return 0.5 * (d2 + Math.log(det) + LN_2PI_3) + this.lnBeta;
  }

  /** M-of-N confirmation; deletion of tentative tracks at 2 misses, confirmed ones at K or when too vague. */
  private maintain(): void {
    const window = (1 << this.c.confirmN) - 1, maxVar = this.c.maxPositionSigma ** 2;
    this.tracks = this.tracks.filter((t) => {
      if (!t.confirmed) {
        if (popcount(t.history & window) >= this.c.confirmM) { t.confirmed = true; return true; }
        return t.misses < 2;
      }
      const P = t.s.covariance;
      return t.misses < this.c.deleteMisses && P[0][0] + P[1][1] + P[2][2] <= maxVar;
    });
  }

  private initiate(m: Meas, tMs: number): void {
    const vv = this.c.maxSpeed ** 2 / 4;
    const cov = diag([0, 0, 0, vv, vv, vv]);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) cov[a][b] = m.R[a][b];
    const s = new State({ mean: [[m.z[0]], [m.z[1]], [m.z[2]], [0], [0], [0]], covariance: cov });
    this.tracks.push({ s, pred: s, tMs, confirmed: false, hits: 1, misses: 0, history: 1, r: 0 });
  }

  /** Polar plot to the battery frame, R = J diag(σr², σa², σe²) Jᵀ. */
  private convert(r: number, az: number, el: number): Meas {
    const s = this.site, ce = Math.cos(el), se = Math.sin(el), ca = Math.cos(az), sa = Math.sin(az);
    const J = [[ce * sa, r * ce * ca, -r * se * sa], [ce * ca, -r * ce * sa, -r * se * ca], [se, 0, r * ce]];
    const v = [s.sigmaRange ** 2, s.sigmaAz ** 2, s.sigmaEl ** 2];
    const R = [0, 1, 2].map((a) => [0, 1, 2].map((b) => J[a][0] * J[b][0] * v[0] + J[a][1] * J[b][1] * v[1] + J[a][2] * J[b][2] * v[2]));
    return { z: [s.east + r * ce * sa, s.north + r * ce * ca, s.up + r * se], R };
  }
}

function diag(d: number[]): Mat {
  return d.map((x, i) => d.map((_, j) => (i === j ? x : 0)));
}

function inverse3(S: Mat, det: number): Mat {
  const [a, b, c] = S[0], [d, e, f] = S[1], [g, h, k] = S[2];
  return [[(e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det],
    [(f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det]];
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
