// The firmware's configuration for a scenario: one CONFIG/SENSOR per radar, the tracker parameters, the
// defended assets, the fire units and the doctrine, all derived from the scenario file (docs/simulate.md
// gives the reasoning in full). The firmware sees only these CONFIG frames; it never sees the scenario.
import type { SensorConfig, TrackerConfig } from '../link/frames.ts';
import { DEFAULT_TRACKER_CONFIG } from '../link/frames.ts';
import { DEFAULT_DOCTRINE, type AssetConfig, type DoctrineConfig, type FireUnitConfig, type UnitKind, type Lethality } from '../link/tewa-frames.ts';
import { targetPd } from './radar.ts';
import { ASSET_KINDS } from './scenario-schema.ts';
import type { EastNorth, FireUnitKind, Radar, Scenario } from './scenario.ts';
import type { ForecastGroup, LookaheadConfig, ReserveRule } from '../link/lookahead-frames.ts';
import { forecastGroups, lookaheadConfig } from './forecast.ts';

const RAD = Math.PI / 180;
const U16 = 0xffff;

/** The scenario's fire-unit kinds in the firmware's numbering (a mobile fire group is the firmware's gun). */
export const UNIT_KIND_OF: Record<FireUnitKind, UnitKind> = {
  'long-range-sam': 'long-range-sam',
  'short-range-sam': 'short-range-sam',
  'mobile-fire-group': 'gun',
  'interceptor-drone': 'interceptor-drone',
  ew: 'ew',
};

export interface FirmwareSetup {
  sensors: SensorConfig[];
  tracker: TrackerConfig;
  assets: AssetConfig[];
  /** Indexed like scenario.fireUnits: the wire id of scenario.fireUnits[i] is i. */
  fireUnits: FireUnitConfig[];
  doctrine: DoctrineConfig;
  /** The scenario's damage per hit, by class (decoys do none; an unknown is priced as a drone). */
  lethality: Lethality;
  /** The value-weighted centre of the defended assets, battery frame. */
  centre: EastNorth;
  /** The value of a round: its switch and period, the forecast, the reserve rules (host/sim/forecast.ts). */
  lookahead: LookaheadConfig;
  forecast: ForecastGroup[];
  reserves: ReserveRule[];
  /** What the wire cannot say about the scenario (the world still enforces it). */
  warnings: string[];
}

/** Value-weighted centroid of the assets (their plain centroid when no asset has a value). */
export function defendedCentre(sc: Scenario): EastNorth {
  const total = sc.assets.reduce((s, a) => s + a.value, 0);
  const w = (v: number): number => (total > 0 ? v / total : 1 / sc.assets.length);
  return {
    eastM: sc.assets.reduce((s, a) => s + w(a.value) * a.position.eastM, 0),
    northM: sc.assets.reduce((s, a) => s + w(a.value) * a.position.northM, 0),
  };
}

/**
 * The raid's typical radar cross-section: the count-weighted geometric mean of the waves' RCS spans (RCS
 * is drawn log-uniformly, so the geometric mean is the median). The radar's reference RCS without waves.
 */
function typicalRcs(sc: Scenario, radar: Radar): number {
  const n = sc.waves.reduce((s, w) => s + w.count, 0);
  if (n === 0) return radar.detection.referenceRcsM2;
  return Math.exp(sc.waves.reduce((s, w) => s + w.count * 0.5 * (Math.log(w.rcsM2[0]) + Math.log(w.rcsM2[1])), 0) / n);
}

/** Pd below which a sensor is not expected to see the raid's typical target. */
export const COVERAGE_PD = 0.5;

/**
 * The range the firmware is told a radar covers: where its Pd for the raid's typical target falls to
 * COVERAGE_PD (at most the instrumented range). The firmware counts a miss for every track within a
 * sensor's maximum range each time that sensor reports; beyond this range a miss is more likely than a
 * hit, so it says nothing about the target, and it deletes the tentative tracks other radars are building
 * (two misses in a row). The loop gives the firmware only the plots within this range: the firmware never
 * deletes a track outside every sensor's range (no miss is ever counted there), so a plot from beyond
 * would start a track that lives for ever. The price: sporadic far detections of large targets are lost.
 */
export function coverageRange(sc: Scenario, radar: Radar): number {
  const rcs = typicalRcs(sc, radar);
  if (targetPd(radar, rcs, radar.maxRangeM) >= COVERAGE_PD) return radar.maxRangeM;
  let lo = 1, hi = radar.maxRangeM; // Pd falls with range: bisect for Pd = COVERAGE_PD
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (targetPd(radar, rcs, mid) >= COVERAGE_PD) lo = mid; else hi = mid;
  }
  return lo;
}

/** Pd the firmware assumes for a radar: the mean Pd of the typical target over the covered range. */
export function sensorPd(sc: Scenario, radar: Radar, range: number): number {
  const rcs = typicalRcs(sc, radar);
  const n = 64;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += targetPd(radar, rcs, ((k + 0.5) / n) * range);
  // The wire wants (0, 1]; the firmware clamps to [0.01, 0.999] itself.
  return Math.min(1, Math.max(0.01, sum / n));
}

/**
 * Mean false-plot density over the coverage volume: clutterPerScan / ∫ r² cos(el) dr d(az) d(el), i.e.
 * (R³/3)·sector width·(sin elMax − sin elMin). The world spreads false plots uniformly in range, azimuth and
 * elevation, so the true density falls as 1/r²; the wire carries one number per sensor, the mean.
 */
export function falseDensity(radar: Radar): number {
  const width = radar.sector ? (((radar.sector.toDeg - radar.sector.fromDeg) % 360) + 360) % 360 || 360 : 360;
  const volume = (radar.maxRangeM ** 3 / 3) * width * RAD * (Math.sin(radar.maxElevationDeg * RAD) - Math.sin(radar.minElevationDeg * RAD));
  return volume > 0 ? radar.clutterPerScan / volume : 0;
}

// The wire requires σ > 0; a noiseless radar in a scenario still has the f32 rounding of its plots.
const positive = (x: number, floor: number): number => Math.max(x, floor);

export function sensorConfig(sc: Scenario, radar: Radar): SensorConfig {
  const range = coverageRange(sc, radar);
  return {
    id: radar.id,
    east: radar.position.eastM,
    north: radar.position.northM,
    // The world measures elevation from the antenna, so the antenna is the site.
    up: radar.antennaHeightM,
    sigmaRange: positive(radar.noise.rangeM, 1e-3),
    sigmaAz: positive(radar.noise.azDeg * RAD, 1e-6),
    sigmaEl: positive(radar.noise.elDeg * RAD, 1e-6),
    // Plots are polar; the Cartesian σ is unused and set to the range σ.
    sigmaCart: positive(radar.noise.rangeM, 1e-3),
    maxRange: range,
    pd: sensorPd(sc, radar, range),
    falseDensity: falseDensity(radar),
    scanPeriodS: radar.scanPeriodS,
    // Where the radar can see: the firmware counts a miss only there.
    minElevationDeg: Math.min(25.5, Math.max(0, radar.minElevationDeg)),
    // The cone of silence above the highest elevation: a track crossing it coasts without misses.
    ...(radar.maxElevationDeg < 90 ? { maxElevationDeg: radar.maxElevationDeg } : {}),
    ...(radar.sector ? {
      sectorStartDeg: ((radar.sector.fromDeg % 360) + 360) % 360,
      sectorWidthDeg: ((((radar.sector.toDeg - radar.sector.fromDeg) % 360) + 360) % 360) || 360,
    } : {}),
  };
}

/**
 * Tracker parameters for the scenario's threats:
 *  - σa (horizontal white-noise acceleration) = the largest centripetal acceleration v·ω any wave pulls in its
 *    coordinated turns (drones ~55 m/s at 3°/s: 2.9 m/s²; cruise missiles ~240 m/s at 2°/s: 8.4 m/s²). The
 *    usual choice for a white-noise acceleration model is q^½ of the order of the largest acceleration
 *    (Bar-Shalom, Li & Kirubarajan 2001, §6.3.2): smaller loses a turning drone at the gate, larger widens
 *    every gate into the clutter.
 *  - Vertical σa stays at the default: the only vertical manoeuvre is the terminal dive, a step in climb
 *    rate no constant-velocity filter follows; a wide vertical gate for the whole flight would not help it.
 *  - Initiation speed gate = 1.2 × the fastest threat (ballistic speed, or an air-breather's dive speed
 *    v / cos γ), the margin covering the velocity error of two noisy plots.
 *  - Deletion after K consecutive misses, K = Σ over radars of 2·Tmax/T: the firmware counts a miss for a
 *    track each time a sensor that could see it (range, horizon, minimum elevation, sector) reports
 *    without a plot for it, whatever its Pd for the target, so a drone seen by every radar at a low Pd may
 *    collect Σ Tmax/T misses per revisit of the slowest; K lets it survive one missed detection of that
 *    radar. Never below the default.
 */
export function trackerConfig(sc: Scenario): TrackerConfig {
  const air = sc.waves.filter((w) => w.class !== 'ballistic');
  const accel = air.length ? Math.max(...air.map((w) => w.speedMps[1] * w.turnRateDegS * RAD)) : DEFAULT_TRACKER_CONFIG.accelSigma;
  const speeds = sc.waves.map((w) => (w.altitude ? w.speedMps[1] / Math.cos(w.altitude.diveAngleDeg * RAD) : w.speedMps[1]));
  const maxSpeed = speeds.length ? 1.2 * Math.max(...speeds) : DEFAULT_TRACKER_CONFIG.maxSpeed;
  const tMax = Math.max(...sc.radars.map((r) => r.scanPeriodS));
  const k = Math.ceil(sc.radars.reduce((s, r) => s + (2 * tMax) / r.scanPeriodS, 0));
  return {
    ...DEFAULT_TRACKER_CONFIG,
    accelSigma: accel,
    maxSpeed,
    deleteMisses: Math.min(255, Math.max(DEFAULT_TRACKER_CONFIG.deleteMisses, k)),
  };
}

export function assetConfigs(sc: Scenario): AssetConfig[] {
  return sc.assets.map((a, i) => ({
    id: i, kind: ASSET_KINDS.indexOf(a.kind), east: a.position.eastM, north: a.position.northM, up: 0, radius: a.radiusM, value: a.value,
  }));
}

/**
 * Fire units on the wire. Ready rounds and the reserve (magazine minus ready: the wire's magazine is the rounds
 * not on the launchers) saturate at 65 535, which for the scenarios' electronic-warfare "rounds" still means
 * "never runs out". Pk against an unclassified track: the lower of the drone and cruise Pk, the classes whose
 * kinematics border the firmware's "unknown" band (90–150 m/s, or fast and high).
 */
export function fireUnitConfigs(sc: Scenario): FireUnitConfig[] {
  return sc.fireUnits.map((u, i) => ({
    id: i,
    kind: UNIT_KIND_OF[u.kind],
    east: u.position.eastM,
    north: u.position.northM,
    up: 0,
    minRange: u.envelope.minRangeM,
    maxRange: u.envelope.maxRangeM,
    minAlt: u.envelope.minAltitudeM,
    maxAlt: u.envelope.maxAltitudeM,
    maxTargetSpeed: u.envelope.maxTargetSpeedMps,
    interceptorSpeed: u.interceptorSpeedMps,
    reactionS: u.reactionTimeS,
    channels: Math.min(U16, u.guidanceChannels),
    readyRounds: Math.min(U16, u.readyRounds),
    magazine: Math.min(U16, u.magazine - u.readyRounds),
    reloadS: u.reloadTimeS,
    reloadWhenEmpty: true, // the world's launchers (fire-unit.ts): refilled at once, once empty
    pk: { unknown: Math.min(u.pk.drone, u.pk.cruise), drone: u.pk.drone, cruise: u.pk.cruise, ballistic: u.pk.ballistic },
    costPerRound: u.costPerRound,
  }));
}

/**
 * The doctrine on the wire. Every reserve entry reaches the firmware as a CONFIG/RESERVE rule
 * (forecast.ts), so the DOCTRINE section's own long-range reserve stays 0. The kill assessment comes one
 * look after the intercept: the shortest scan period among the radars.
 */
export function doctrineConfig(sc: Scenario): DoctrineConfig {
  return {
    ...DEFAULT_DOCTRINE,
    shootLookShoot: sc.doctrine.shootLookShoot,
    salvoLimit: Math.min(255, sc.doctrine.salvoLimit),
    reserveForBallistic: 0,
    costWeight: sc.doctrine.costWeight,
    killAssessS: Math.min(...sc.radars.map((r) => r.scanPeriodS)),
  };
}

/** Every reserve entry of the doctrine as a firmware reserve rule (the world enforces the same). */
export function reserveRules(sc: Scenario): ReserveRule[] {
  return sc.doctrine.reserve.map((r) => ({
    kind: UNIT_KIND_OF[r.kind],
    // Fire control cannot tell a decoy from a drone: a reserve for decoys is one for drone-class tracks.
    classes: [...new Set(r.forClasses.map((c) => (c === 'decoy' ? 'drone' : c)))],
    rounds: Math.min(0xffff, r.rounds),
  }));
}

/** Everything the firmware is told about the scenario. `withFireUnits` false: a tracker and threat evaluator only. */
export function firmwareSetup(sc: Scenario, withFireUnits = true): FirmwareSetup {
  const warnings: string[] = [];
  const centre = defendedCentre(sc);
  const sensors = sc.radars.map((r) => sensorConfig(sc, r));
  return {
    sensors,
    tracker: trackerConfig(sc),
    assets: assetConfigs(sc),
    fireUnits: withFireUnits ? fireUnitConfigs(sc) : [],
    doctrine: doctrineConfig(sc),
    lookahead: lookaheadConfig(sc),
    forecast: forecastGroups(sc, sensors, warnings),
    reserves: reserveRules(sc),
    lethality: { unknown: sc.lethality.drone, drone: sc.lethality.drone, cruise: sc.lethality.cruise, ballistic: sc.lethality.ballistic },
    centre,
    warnings,
  };
}
