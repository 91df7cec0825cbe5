// Synthetic raids: constant-velocity targets seen by one or more radars, with detection probability,
// measurement noise and clutter. This is the independent ground truth for the tracker's acceptance
// tests and the CLI demo, so it shares no code with assembly/ (its own PRNG, its own geometry).
//
// Frames and units: battery frame east/north/up (x/y/z) in metres, times in ms, angles in radians.
// Polar plots are relative to the sensor site, azimuth clockwise from north:
//   east = r·cos(el)·sin(az), north = r·cos(el)·cos(az), up = r·sin(el).
// Scan k of every sensor starts at startTimeMs + k·period. With `rotating`, the beam points north at
// scan start and turns clockwise at 360°/period, and a plot is stamped (and its target sampled) at the
// instant the beam crosses the target; otherwise every plot is stamped at the scan time.

import { Rng } from './rng.ts';
import { hypot2, hypot3 } from '../hypot.ts';

export type MeasurementMode = 'polar' | 'cartesian';

export interface RadarSite {
  id: number;
  east: number;
  north: number;
  up: number;
  sigmaRange: number;
  sigmaAz: number;
  sigmaEl: number;
  /** σ per axis of Cartesian plots, m; required in 'cartesian' mode. */
  sigmaCartesian?: number;
  maxRange: number;
  /** Probability of detection inside coverage; defaults to the scenario's pd. */
  pd?: number;
  /** Elevation coverage, rad; defaults 0 and π/2. */
  minElevation?: number;
  maxElevation?: number;
}

export interface TargetState {
  id: number;
  x: number;
  y: number;
  z: number;
  vx: number;
  vy: number;
  vz: number;
}

export interface SensorScenario {
  seed: number;
  scanPeriodS: number;
  scans: number;
  sensors: readonly RadarSite[];
  /** Default probability of detection for sites without their own (0.9). */
  pd?: number;
  /** Mean number of clutter plots per scan per sensor (0). */
  clutterPerScan?: number;
  /** 'poisson' draws the count per scan; 'fixed' uses exactly clutterPerScan (an integer). */
  clutter?: 'poisson' | 'fixed';
  measurement?: MeasurementMode;
  rotating?: boolean;
  startTimeMs?: number;
}

export interface RaidOptions extends SensorScenario {
  targets: number;
  /** Speed classes; fractions are normalised and split exactly (largest remainder). Default 50/250 m/s half each. */
  speeds?: readonly { speed: number; fraction: number }[];
  /** Altitude range, m (default [200, 6000]). Flight is level. */
  altitude?: readonly [number, number];
  /** Targets start on a ring of this radius around the battery origin, m (40 000). */
  startRadius?: number;
  /** ...and fly straight at a point drawn uniformly in a disc of this radius about the origin, m (5 000). */
  aimRadius?: number;
}

export interface CrossingOptions extends SensorScenario {
  speed: number;
  /** Minimum horizontal separation of the two targets, m (reached at crossTimeMs). */
  separation: number;
  /** Angle between the two headings, rad (π/2). */
  angle?: number;
  /** Heading of target 1, rad clockwise from north (π/2, eastbound). */
  heading?: number;
  /** Midpoint of the two targets at closest approach (default 20 km north, 2 km up). */
  centre?: { x: number; y: number; z: number };
  /** Time of closest approach, ms (default: the middle scan time). */
  crossTimeMs?: number;
}

export interface Plot {
  /** Unique over the whole raid, from 1. */
  plotId: number;
  kind: MeasurementMode;
  timeMs: number;
  /** polar: range m, azimuth rad in [0, 2π), elevation rad · cartesian: east, north, up m. */
  a: number;
  b: number;
  c: number;
  /** Truth id of the target, or -1 for clutter. */
  truthId: number;
}

export interface Scan {
  sensorId: number;
  scanNumber: number;
  timeMs: number;
  plots: Plot[];
}

export interface Raid {
  /** The sites with pd and elevation limits filled in. */
  sensors: RadarSite[];
  /** Ordered by time, then by the order of `sensors`; plots in beam order (azimuth, or time when rotating). */
  scans: Scan[];
  /** Target states at every scan time. */
  truth: { timeMs: number; targets: TargetState[] }[];
  /** truthId → time of its first plot (targets never detected are absent). */
  firstDetection: Map<number, number>;
}

const TWO_PI = 2 * Math.PI;
const wrap = (az: number): number => ((az % TWO_PI) + TWO_PI) % TWO_PI;

function stateAt(t: TargetState, dtMs: number): TargetState {
  const s = dtMs / 1000;
  return { ...t, x: t.x + t.vx * s, y: t.y + t.vy * s, z: t.z + t.vz * s };
}

function toPolar(site: RadarSite, e: number, n: number, u: number) {
  const de = e - site.east;
  const dn = n - site.north;
  const du = u - site.up;
  const r = hypot3(de, dn, du);
  return { r, az: wrap(Math.atan2(de, dn)), el: r === 0 ? 0 : Math.asin(du / r) };
}

function fromPolar(site: RadarSite, r: number, az: number, el: number) {
  const h = r * Math.cos(el);
  return { e: site.east + h * Math.sin(az), n: site.north + h * Math.cos(az), u: site.up + r * Math.sin(el) };
}

/** Observe given targets (states at startTimeMs) with the scenario's sensors. */
export function observeTargets(targets: readonly TargetState[], sc: SensorScenario): Raid {
  const periodMs = sc.scanPeriodS * 1000;
  const t0 = sc.startTimeMs ?? 0;
  const mode = sc.measurement ?? 'polar';
  const clutterMean = sc.clutterPerScan ?? 0;
  const clutterKind = sc.clutter ?? 'poisson';
  if (!(periodMs > 0)) throw new Error('scanPeriodS must be > 0');
  if (!Number.isInteger(sc.scans) || sc.scans < 0) throw new Error('scans must be an integer ≥ 0');
  if (!(clutterMean >= 0) || !Number.isFinite(clutterMean)) throw new Error('clutterPerScan must be finite and ≥ 0');
  if (clutterKind === 'fixed' && !Number.isInteger(clutterMean)) throw new Error('fixed clutter needs an integer count');
  if (new Set(sc.sensors.map((s) => s.id)).size !== sc.sensors.length) throw new Error('duplicate sensor id');
  const sensors: RadarSite[] = sc.sensors.map((s) => ({
    ...s,
    pd: s.pd ?? sc.pd ?? 0.9,
    minElevation: s.minElevation ?? 0,
    maxElevation: s.maxElevation ?? Math.PI / 2,
  }));
  for (const s of sensors) {
    if (!(s.pd! >= 0 && s.pd! <= 1)) throw new Error(`sensor ${s.id}: pd outside [0, 1]`);
    if (mode === 'cartesian' && !(s.sigmaCartesian! >= 0)) throw new Error(`sensor ${s.id}: sigmaCartesian needed`);
  }

  const root = new Rng(sc.seed);
  const scans: Scan[] = [];
  const truth: Raid['truth'] = [];
  const firstDetection = new Map<number, number>();
  let nextPlotId = 1;

  for (let k = 0; k < sc.scans; k++) {
    const scanTime = t0 + k * periodMs;
    truth.push({ timeMs: scanTime, targets: targets.map((t) => stateAt(t, scanTime - t0)) });
    for (const site of sensors) {
      const scanRng = root.fork(`sensor${site.id}`).fork(`scan${k}`);
      // Beam-crossing time: fixed point of t = scanTime + period·az(t)/2π. It contracts because a target's
      // angular rate is far below the beam's; a target crossing north mid-scan may settle at either end.
      const beamTime = (t: TargetState): number => {
        let tp = scanTime;
        for (let i = 0; i < 20; i++) {
          const p = stateAt(t, tp - t0);
          const next = scanTime + (periodMs * toPolar(site, p.x, p.y, p.z).az) / TWO_PI;
          if (Math.abs(next - tp) < 1e-9) return next;
          tp = next;
        }
        return tp;
      };
      const raw: { timeMs: number; a: number; b: number; c: number; truthId: number; key: number }[] = [];
      const emit = (timeMs: number, e: number, n: number, u: number, polar: { r: number; az: number; el: number }, truthId: number) => {
        if (mode === 'polar') raw.push({ timeMs, a: polar.r, b: polar.az, c: polar.el, truthId, key: polar.az });
        else raw.push({ timeMs, a: e, b: n, c: u, truthId, key: toPolar(site, e, n, u).az });
      };

      for (const target of targets) {
        const rng = scanRng.fork(`target${target.id}`);
        const timeMs = sc.rotating ? beamTime(target) : scanTime;
        const p = stateAt(target, timeMs - t0);
        const pol = toPolar(site, p.x, p.y, p.z);
        const covered = pol.r <= site.maxRange && pol.el >= site.minElevation! && pol.el <= site.maxElevation!;
        if (!covered || !rng.chance(site.pd!)) continue;
        if (mode === 'polar') {
          const m = { r: rng.normal(pol.r, site.sigmaRange), az: wrap(rng.normal(pol.az, site.sigmaAz)), el: rng.normal(pol.el, site.sigmaEl) };
          emit(timeMs, 0, 0, 0, m, target.id);
        } else {
          const s = site.sigmaCartesian!;
          emit(timeMs, rng.normal(p.x, s), rng.normal(p.y, s), rng.normal(p.z, s), pol, target.id);
        }
      }

      const crng = scanRng.fork('clutter');
      const count = clutterKind === 'fixed' ? clutterMean : crng.poisson(clutterMean);
      for (let i = 0; i < count; i++) {
        const pol = { r: crng.uniform(0, site.maxRange), az: crng.uniform(0, TWO_PI), el: crng.uniform(site.minElevation!, site.maxElevation!) };
        const timeMs = sc.rotating ? scanTime + (periodMs * pol.az) / TWO_PI : scanTime;
        const q = fromPolar(site, pol.r, pol.az, pol.el);
        emit(timeMs, q.e, q.n, q.u, pol, -1);
      }

      raw.sort((x, y) => x.timeMs - y.timeMs || x.key - y.key);
      const plots: Plot[] = raw.map(({ timeMs, a, b, c, truthId }) => ({ plotId: nextPlotId++, kind: mode, timeMs, a, b, c, truthId }));
      for (const p of plots) {
        if (p.truthId >= 0 && !(firstDetection.get(p.truthId)! <= p.timeMs)) firstDetection.set(p.truthId, p.timeMs);
      }
      scans.push({ sensorId: site.id, scanNumber: k, timeMs: scanTime, plots });
    }
  }
  return { sensors, scans, truth, firstDetection };
}

/** Split n items over fractions exactly (largest remainder); returns the count per class. */
function apportion(n: number, fractions: readonly number[]): number[] {
  const total = fractions.reduce((s, f) => s + f, 0);
  if (!(total > 0)) throw new Error('speed fractions must sum to > 0');
  const exact = fractions.map((f) => (n * f) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; counts.reduce((s, c) => s + c, 0) < n; i++) counts[order[i][1]]++;
  return counts;
}

/** Random raid: targets start on a ring and fly straight, level, at constant speed across the defended area. */
export function generateRaid(opts: RaidOptions): Raid {
  const speeds = opts.speeds ?? [
    { speed: 50, fraction: 0.5 },
    { speed: 250, fraction: 0.5 },
  ];
  const [altLo, altHi] = opts.altitude ?? [200, 6000];
  const ring = opts.startRadius ?? 40_000;
  const aim = opts.aimRadius ?? 5_000;
  const counts = apportion(opts.targets, speeds.map((s) => s.fraction));
  const rng = new Rng(opts.seed).fork('targets');
  const targets: TargetState[] = [];
  counts.forEach((count, cls) => {
    for (let i = 0; i < count; i++) {
      const bearing = rng.uniform(0, TWO_PI);
      const x = ring * Math.sin(bearing);
      const y = ring * Math.cos(bearing);
      // Uniform point in the aim disc (√u gives uniform area density).
      const ar = aim * Math.sqrt(rng.uniform());
      const aa = rng.uniform(0, TWO_PI);
      const dx = ar * Math.sin(aa) - x;
      const dy = ar * Math.cos(aa) - y;
      const d = hypot2(dx, dy);
      const v = speeds[cls].speed;
      targets.push({ id: targets.length + 1, x, y, z: rng.uniform(altLo, altHi), vx: (v * dx) / d, vy: (v * dy) / d, vz: 0 });
    }
  });
  return observeTargets(targets, opts);
}

/**
 * Two level targets (ids 1 and 2) at the same speed whose horizontal distance is smallest, exactly
 * `separation`, at crossTimeMs: at that instant they sit at centre ± (separation/2)·n, with n the
 * horizontal unit vector perpendicular to their relative velocity.
 */
export function crossingPair(opts: CrossingOptions): Raid {
  const t0 = opts.startTimeMs ?? 0;
  const tc = opts.crossTimeMs ?? t0 + Math.floor((opts.scans - 1) / 2) * opts.scanPeriodS * 1000;
  const centre = opts.centre ?? { x: 0, y: 20_000, z: 2_000 };
  const h1 = opts.heading ?? Math.PI / 2;
  const h2 = h1 + (opts.angle ?? Math.PI / 2);
  const v1 = { x: opts.speed * Math.sin(h1), y: opts.speed * Math.cos(h1) };
  const v2 = { x: opts.speed * Math.sin(h2), y: opts.speed * Math.cos(h2) };
  // Unit vector along the relative velocity; parallel tracks (none) are separated across heading 1.
  const rel = hypot2(v1.x - v2.x, v1.y - v2.y);
  const [ux, uy] = rel > 1e-9 ? [(v1.x - v2.x) / rel, (v1.y - v2.y) / rel] : [Math.sin(h1), Math.cos(h1)];
  const n = { x: -uy, y: ux };
  const half = opts.separation / 2;
  const back = (tc - t0) / 1000;
  const make = (id: number, sign: number, v: { x: number; y: number }): TargetState => ({
    id,
    x: centre.x + sign * half * n.x - v.x * back,
    y: centre.y + sign * half * n.y - v.y * back,
    z: centre.z,
    vx: v.x,
    vy: v.y,
    vz: 0,
  });
  return observeTargets([make(1, 1, v1), make(2, -1, v2)], opts);
}
