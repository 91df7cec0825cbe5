// Threat models: the true flight of every drone, decoy, cruise missile and ballistic missile of a
// scenario's raid waves, as an exact function of time from launch to impact on its aim point.
//
//  - Drones and decoys (~50 m/s, 100 m–3 km): a route of straight legs and coordinated turns at a bounded
//    turn rate (path.ts), level at a cruise altitude, then a terminal dive onto the aim point.
//  - Cruise missiles (~220 m/s, 30–100 m): the same, with dog-leg routes and a smooth altitude jitter
//    standing in for terrain following, which keeps them under the radar horizon until late.
//  - Ballistic missiles: only the terminal phase, a straight dive from a re-entry point to the aim point at
//    a given dive angle and speed (1–2 km/s); the boost and midcourse are outside any battery's reach.
//
// Air-breathing threats keep their horizontal speed through the dive (so the dive is flown at v / cos γ,
// the engine still pushing); the ballistic dive is at constant speed (drag and gravity roughly cancel in
// the last tens of seconds). Decoys fly like drones and look like them to a radar; they carry no warhead.
//
// Frame: east/north/up metres (x/y/z), flat ground at up = 0, azimuth clockwise from north.
import { FlightPath, type Point2 } from './path.ts';
import type { Rng } from './rng.ts';
import type { EastNorth, Scenario, ThreatClass, Wave } from './scenario.ts';
import type { SimStreams } from './streams.ts';
import type { TargetState } from './synthetic.ts';
import { hypot2, hypot3 } from '../hypot.ts';

const RAD = Math.PI / 180;

export interface Threat {
  /** Truth id, from 1 in wave order; radar plots carry it as truthId. */
  readonly id: number;
  readonly waveId: string;
  readonly class: ThreatClass;
  /** True for decoys: drone-like to every sensor, harmless on impact. */
  readonly decoy: boolean;
  /** Mean radar cross-section, m². */
  readonly rcsM2: number;
  readonly launchTimeS: number;
  readonly impactTimeS: number;
  readonly aimAssetId: string;
  readonly impactPoint: EastNorth;
  /** Horizontal speed (air-breathing) or speed along the dive (ballistic), m/s. */
  readonly speedMps: number;
  /** Highest horizontal turn rate on the route, deg/s (0 for ballistic). */
  readonly maxTurnRateDegS: number;
  /** True state at time t (s); clamped to the launch point before launch and the impact point after. */
  stateAt(tS: number): TargetState;
}

interface Trajectory {
  durationS: number;
  /** State τ seconds after launch, 0 ≤ τ ≤ durationS; `id` is filled in by the threat. */
  at(tau: number): Omit<TargetState, 'id'>;
}

/** Smooth altitude variation: three incommensurate sinusoids, bounded by ±amplitude. */
function jitter(amplitude: number, wavelength: number, rng: Rng): { h: (s: number) => number; dh: (s: number) => number } {
  if (amplitude === 0) return { h: () => 0, dh: () => 0 };
  const k = [1, 0.57, 0.31].map((m) => (2 * Math.PI) / (wavelength * m));
  const phase = k.map(() => rng.uniform(0, 2 * Math.PI));
  return {
    h: (s) => (amplitude / 3) * k.reduce((sum, kk, i) => sum + Math.sin(kk * s + phase[i]), 0),
    dh: (s) => (amplitude / 3) * k.reduce((sum, kk, i) => sum + kk * Math.cos(kk * s + phase[i]), 0),
  };
}

/**
 * An air-breathing flight: along `path` at horizontal speed v, at cruise altitude plus jitter, then a
 * straight dive at about `diveAngleDeg` onto the end of the path.
 */
export function airTrajectory(path: FlightPath, speed: number, cruiseM: number, diveAngleDeg: number, alt = { h: (_s: number) => 0, dh: (_s: number) => 0 }): Trajectory {
  const L = path.length;
  const diveStart = Math.max(0, L - cruiseM / Math.tan(diveAngleDeg * RAD));
  const hDive = cruiseM + alt.h(diveStart); // height at which the dive begins
  return {
    durationS: L / speed,
    at(tau) {
      const s = Math.min(Math.max(speed * tau, 0), L);
      const p = path.at(s);
      let z: number;
      let dzds: number;
      if (s < diveStart) {
        z = cruiseM + alt.h(s);
        dzds = alt.dh(s);
      } else {
        z = (hDive * (L - s)) / (L - diveStart);
        dzds = -hDive / (L - diveStart);
      }
      return { x: p.e, y: p.n, z, vx: speed * p.de, vy: speed * p.dn, vz: speed * dzds };
    },
  };
}

/** A ballistic terminal phase: a straight line from (from, reentryAltitude) to (to, 0) at constant speed. */
export function ballisticTrajectory(from: Point2, to: Point2, reentryAltitudeM: number, speed: number): Trajectory {
  const d = { x: to.e - from.e, y: to.n - from.n, z: -reentryAltitudeM };
  const len = hypot3(d.x, d.y, d.z);
  const u = { x: d.x / len, y: d.y / len, z: d.z / len };
  return {
    durationS: len / speed,
    at(tau) {
      const s = Math.min(Math.max(speed * tau, 0), len);
      return { x: from.e + u.x * s, y: from.n + u.y * s, z: reentryAltitudeM + u.z * s, vx: speed * u.x, vy: speed * u.y, vz: speed * u.z };
    },
  };
}

const pick = <T>(items: readonly T[], weights: readonly number[], u: number): T => {
  const total = weights.reduce((s, w) => s + w, 0);
  let acc = 0;
  for (let i = 0; i < items.length; i++) {
    acc += weights[i];
    if (u * total < acc) return items[i];
  }
  return items[items.length - 1];
};

/** Whether threat `index` of a wave of `count` is a decoy: exactly round(count·fraction) of them, spread evenly. */
export function isDecoy(index: number, count: number, fraction: number): boolean {
  const decoys = Math.round(count * fraction);
  return Math.floor(((index + 1) * decoys) / count) > Math.floor((index * decoys) / count);
}

function makeThreat(sc: Scenario, wave: Wave, index: number, id: number, rng: Rng): Threat {
  // The draws come in a fixed order from the threat's own stream, whatever its class.
  const launchTimeS = rng.uniform(wave.launchWindowS[0], wave.launchWindowS[1]);
  const bearing = (wave.bearingDeg + rng.uniform(-wave.bearingSpreadDeg, wave.bearingSpreadDeg)) * RAD;
  const speedMps = rng.uniform(wave.speedMps[0], wave.speedMps[1]);
  const rcsM2 = Math.exp(rng.uniform(Math.log(wave.rcsM2[0]), Math.log(wave.rcsM2[1]))); // log-uniform: RCS spans decades
  const assetIds = Object.keys(wave.aimWeights);
  const aimAssetId = pick(assetIds, assetIds.map((a) => wave.aimWeights[a]), rng.uniform());
  const asset = sc.assets.find((a) => a.id === aimAssetId)!;
  const impactPoint = { eastM: asset.position.eastM + rng.normal(0, wave.aimSigmaM), northM: asset.position.northM + rng.normal(0, wave.aimSigmaM) };
  const impact = { e: impactPoint.eastM, n: impactPoint.northM };
  const decoy = isDecoy(index, wave.count, wave.decoyFraction);
  const cls: ThreatClass = decoy ? 'decoy' : wave.class;

  let trajectory: Trajectory;
  let maxTurnRateDegS = 0;
  if (wave.ballistic) {
    const dive = rng.uniform(wave.ballistic.diveAngleDeg[0], wave.ballistic.diveAngleDeg[1]) * RAD;
    const ground = wave.ballistic.reentryAltitudeM / Math.tan(dive);
    const from = { e: impact.e + ground * Math.sin(bearing), n: impact.n + ground * Math.cos(bearing) };
    trajectory = ballisticTrajectory(from, impact, wave.ballistic.reentryAltitudeM, speedMps);
  } else {
    const alt = wave.altitude!;
    const start = { e: wave.launchDistanceM * Math.sin(bearing), n: wave.launchDistanceM * Math.cos(bearing) };
    const points: Point2[] = [start];
    const r = wave.route;
    for (const p of r.turnPoints) points.push({ e: p.eastM + rng.normal(0, r.scatterM), n: p.northM + rng.normal(0, r.scatterM) });
    if (r.generatedTurns > 0) {
      const de = impact.e - start.e;
      const dn = impact.n - start.n;
      const len = hypot2(de, dn);
      for (let k = 1; k <= r.generatedTurns; k++) {
        const f = k / (r.generatedTurns + 1);
        const off = rng.uniform(-r.lateralM, r.lateralM);
        points.push({ e: start.e + f * de + (off * dn) / len, n: start.n + f * dn - (off * de) / len });
      }
    }
    points.push(impact);
    const path = FlightPath.through(points, speedMps / (wave.turnRateDegS * RAD));
    maxTurnRateDegS = (speedMps * path.maxCurvature) / RAD;
    const cruise = rng.uniform(alt.cruiseM[0], alt.cruiseM[1]);
    trajectory = airTrajectory(path, speedMps, cruise, alt.diveAngleDeg, jitter(alt.jitterM, alt.jitterWavelengthM, rng));
  }

  const impactTimeS = launchTimeS + trajectory.durationS;
  return {
    id, waveId: wave.id, class: cls, decoy, rcsM2, launchTimeS, impactTimeS, aimAssetId, impactPoint, speedMps, maxTurnRateDegS,
    stateAt: (tS) => ({ id, ...trajectory.at(Math.min(Math.max(tS - launchTimeS, 0), trajectory.durationS)) }),
  };
}

/** Every threat of the scenario's waves, ids from 1 in wave order. */
export function generateThreats(sc: Scenario, streams: SimStreams): Threat[] {
  const threats: Threat[] = [];
  for (const wave of sc.waves) {
    for (let i = 0; i < wave.count; i++) threats.push(makeThreat(sc, wave, i, threats.length + 1, streams.threat(wave.id, i)));
  }
  return threats;
}

/** The threat's truth on the simulation grid k·stepS, from its launch to its impact (both included). */
export function sampleTrajectory(threat: Threat, stepS: number): { timeS: number; state: TargetState }[] {
  const out: { timeS: number; state: TargetState }[] = [];
  for (let k = Math.ceil(threat.launchTimeS / stepS); k * stepS <= threat.impactTimeS; k++) out.push({ timeS: k * stepS, state: threat.stateAt(k * stepS) });
  return out;
}
