// One rotating surveillance radar: which threats it sees in a scan, and the plots it reports.
//
// The beam sweeps the radar's sector clockwise once per scan period, starting at the sector's first edge
// at the start of scan k (time k·scanPeriodS); without a sector it starts north and turns 360° per period,
// as in synthetic.ts. A target is looked at, and its plot stamped, at the instant the beam crosses its
// azimuth. It is in coverage there if it is alive, within the instrumented range, above the
// 4/3-earth radar horizon for its height and the antenna's, inside the azimuth sector and between the
// elevation limits. A covered target is detected with the Swerling Pd of its SNR (detection.ts), and its
// plot is the true range/azimuth/elevation from the antenna plus Gaussian noise. False alarms are a
// Poisson number per scan, uniform in range, azimuth (within the sector) and elevation: a CFAR detector
// holds the false-alarm rate constant per resolution cell, and cells are uniform in those coordinates.
//
// The geometry is flat (east/north/up about the origin, ground at up = 0); the Earth's curvature enters
// only through the horizon, which is what hides low fliers. Plots are in synthetic.ts's form: polar,
// range m, azimuth rad clockwise from north in [0, 2π), elevation rad, time ms, truthId or −1.
import { dbToLinear, detectionProbability, radarHorizonM, radarSnr } from './detection.ts';
import type { Radar } from './scenario.ts';
import type { SimStreams } from './streams.ts';
import type { Plot, Scan, TargetState } from './synthetic.ts';
import type { Threat } from './threats.ts';
import { hypot2, hypot3 } from '../hypot.ts';

export { dbToLinear, detectionProbability, radarHorizonM, radarSnr } from './detection.ts';
export type { Plot, Scan } from './synthetic.ts';

const TWO_PI = 2 * Math.PI;
const RAD = Math.PI / 180;
const wrap = (a: number): number => ((a % TWO_PI) + TWO_PI) % TWO_PI;

export interface Polar {
  range: number;
  az: number;
  el: number;
}

export type CoverageVerdict = 'covered' | 'range' | 'horizon' | 'sector' | 'elevation';

/** Range, azimuth and elevation of a point from the radar's antenna. */
export function polarFrom(radar: Radar, x: number, y: number, z: number): Polar {
  const de = x - radar.position.eastM;
  const dn = y - radar.position.northM;
  const du = z - radar.antennaHeightM;
  const range = hypot3(de, dn, du);
  return { range, az: wrap(Math.atan2(de, dn)), el: range === 0 ? 0 : Math.asin(du / range) };
}

/** The sector as [start, width] in radians; a missing sector, or fromDeg = toDeg, is the full circle. */
export function sectorOf(radar: Radar): [number, number] {
  if (!radar.sector) return [0, TWO_PI];
  const width = wrap((radar.sector.toDeg - radar.sector.fromDeg) * RAD);
  return [wrap(radar.sector.fromDeg * RAD), width === 0 ? TWO_PI : width];
}

/** Whether a point at `state` is in the radar's coverage, and if not, the first reason it is not. */
export function coverage(radar: Radar, state: Pick<TargetState, 'x' | 'y' | 'z'>): { verdict: CoverageVerdict; polar: Polar } {
  const polar = polarFrom(radar, state.x, state.y, state.z);
  const ground = hypot2(state.x - radar.position.eastM, state.y - radar.position.northM);
  const [from, width] = sectorOf(radar);
  let verdict: CoverageVerdict = 'covered';
  if (polar.range > radar.maxRangeM) verdict = 'range';
  else if (state.z <= 0 || ground > radarHorizonM(radar.antennaHeightM, state.z)) verdict = 'horizon';
  else if (wrap(polar.az - from) > width) verdict = 'sector';
  else if (polar.el < radar.minElevationDeg * RAD || polar.el > radar.maxElevationDeg * RAD) verdict = 'elevation';
  return { verdict, polar };
}

/** Probability that the radar detects a covered target of RCS `rcsM2` at `rangeM` in one scan. */
export function targetPd(radar: Radar, rcsM2: number, rangeM: number): number {
  const d = radar.detection;
  const snr = radarSnr(dbToLinear(d.referenceSnrDb), d.referenceRangeM, d.referenceRcsM2, rcsM2, Math.max(rangeM, 1));
  return detectionProbability(snr, d.pfa, d.swerling);
}

/** When the beam of the scan starting at startS points at azimuth az (rad); past the scan's end outside the sector. */
export function beamTimeAt(radar: Radar, startS: number, az: number): number {
  const [from, width] = sectorOf(radar);
  return startS + (radar.scanPeriodS * wrap(az - from)) / width;
}

/**
 * When the beam of the scan starting at startS crosses the threat: the fixed point of
 * t = beamTimeAt(az(t)), which contracts because a threat's angular rate is far below the beam's. A
 * threat crossing the sector's first edge (north, for a full circle) mid-scan may settle at either end.
 */
export function beamTime(radar: Radar, threat: Threat, startS: number): number {
  const endS = startS + radar.scanPeriodS;
  let t = startS;
  for (let i = 0; i < 20; i++) {
    const p = threat.stateAt(t);
    // Outside the sector the beam never gets there; clamping keeps the iteration inside the scan.
    const next = Math.min(beamTimeAt(radar, startS, polarFrom(radar, p.x, p.y, p.z).az), endS);
    if (Math.abs(next - t) < 1e-9) return next;
    t = next;
  }
  return t;
}

/**
 * The plots of scan `scanNumber`. `alive(threat, t)` says whether the threat is still flying at t (not
 * killed; launch and impact are checked here). Plot ids run from `firstPlotId` in beam order.
 */
export function radarScan(
  radar: Radar,
  scanNumber: number,
  threats: readonly Threat[],
  alive: (threat: Threat, tS: number) => boolean,
  streams: SimStreams,
  firstPlotId: number,
): Scan {
  const period = radar.scanPeriodS;
  const startS = scanNumber * period;
  const endS = startS + period;
  const raw: Omit<Plot, 'plotId'>[] = [];
  const sigmaAz = radar.noise.azDeg * RAD;
  const sigmaEl = radar.noise.elDeg * RAD;

  for (const threat of threats) {
    if (threat.launchTimeS >= endS || threat.impactTimeS < startS) continue;
    const t = beamTime(radar, threat, startS);
    if (t >= endS || t < threat.launchTimeS || t >= threat.impactTimeS || !alive(threat, t)) continue;
    const { verdict, polar } = coverage(radar, threat.stateAt(t));
    if (verdict !== 'covered') continue;
    // Only covered targets draw, from their own stream: what one target does never moves another's numbers.
    const rng = streams.detection(radar.id, scanNumber, threat.id);
    if (!rng.chance(targetPd(radar, threat.rcsM2, polar.range))) continue;
    raw.push({
      kind: 'polar',
      timeMs: t * 1000,
      a: Math.max(0, rng.normal(polar.range, radar.noise.rangeM)),
      b: wrap(rng.normal(polar.az, sigmaAz)),
      c: rng.normal(polar.el, sigmaEl),
      truthId: threat.id,
    });
  }

  const crng = streams.clutter(radar.id, scanNumber);
  const [from, width] = sectorOf(radar);
  const n = crng.poisson(radar.clutterPerScan);
  for (let i = 0; i < n; i++) {
    const range = crng.uniform(0, radar.maxRangeM);
    const az = wrap(from + crng.uniform(0, width));
    const el = crng.uniform(radar.minElevationDeg * RAD, radar.maxElevationDeg * RAD);
    raw.push({ kind: 'polar', timeMs: beamTimeAt(radar, startS, az) * 1000, a: range, b: az, c: el, truthId: -1 });
  }

  raw.sort((p, q) => p.timeMs - q.timeMs || p.b - q.b || p.truthId - q.truthId);
  return { sensorId: radar.id, scanNumber, timeMs: startS * 1000, plots: raw.map((p, i) => ({ plotId: firstPlotId + i, ...p })) };
}
