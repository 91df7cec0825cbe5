// What fire control is told about the raid before it comes: the look-ahead's CONFIG frames (LOOKAHEAD and
// FORECAST) from the scenario. With `prior: "waves"` the scenario's waves stand for the
// intelligence estimate — per wave its class, count, axis, the window in which it enters the radars'
// coverage, what one of its threats would destroy and its share of decoys — scaled by `priorScale` to
// model an estimate that is too high or too low. Nothing here tells the firmware which threat is which.
import type { SensorConfig } from '../link/frames.ts';
import type { ForecastGroup, LookaheadConfig } from '../link/lookahead-frames.ts';
import { MAX_FORECAST_GROUPS } from '../../assembly/protocol.ts';
import type { Scenario, Wave } from './scenario.ts';

const RAD = Math.PI / 180;

/** What one threat of the wave destroys where it lands: lethality × value, over the wave's aim weights. */
export function waveValue(sc: Scenario, w: Wave): number {
  const cls = w.class === 'decoy' ? 'drone' : w.class;
  let sum = 0, weights = 0;
  for (const [id, weight] of Object.entries(w.aimWeights)) {
    const asset = sc.assets.find((a) => a.id === id);
    if (!asset) continue;
    sum += weight * asset.value * sc.lethality[cls];
    weights += weight;
  }
  return weights > 0 ? sum / weights : 0;
}

function mean(span: [number, number]): number { return 0.5 * (span[0] + span[1]); }

/** One forecast group per wave (the most valuable MAX_FORECAST_GROUPS when there are more). */
export function forecastGroups(sc: Scenario, sensors: readonly SensorConfig[], warnings: string[]): ForecastGroup[] {
  const la = sc.doctrine.lookahead;
  if (la.prior === 'none') return [];
  const coverage = Math.max(1, ...sensors.map((s) => Math.hypot(s.east, s.north) + s.maxRange));
  const groups = sc.waves.filter((w) => w.count > 0).map((w, i): ForecastGroup & { weight: number } => {
    let speed = mean(w.speedMps);
    let entryM: number, delayS: number, altM: number;
    if (w.ballistic) {
      // A ballistic missile enters the picture at re-entry, a dive's ground run from its aim point; the
      // forecast's speed is horizontal (what the firmware's path geometry runs on).
      const dive = mean(w.ballistic.diveAngleDeg) * RAD;
      speed *= Math.cos(dive);
      entryM = Math.max(1, w.ballistic.reentryAltitudeM / Math.tan(dive));
      delayS = 0;
      altM = 0.5 * w.ballistic.reentryAltitudeM;
    } else {
      entryM = Math.max(1, Math.min(w.launchDistanceM, coverage));
      delayS = (w.launchDistanceM - entryM) / speed;
      altM = w.altitude ? mean(w.altitude.cruiseM) : 0;
    }
    const value = waveValue(sc, w);
    const count = w.count * la.priorScale;
    return {
      id: i, cls: w.class === 'decoy' ? 'drone' : w.class, count,
      startMs: (w.launchWindowS[0] + delayS) * 1000, endMs: (w.launchWindowS[1] + delayS) * 1000,
      bearingRad: w.bearingDeg * RAD, spreadRad: Math.min(Math.PI, w.bearingSpreadDeg * RAD),
      value, entryM, decoyShare: w.class === 'decoy' ? 1 : w.decoyFraction, altM, speedMps: speed,
      aims: Object.entries(w.aimWeights).filter(([, x]) => x > 0)
        .map(([id, x]) => ({ assetId: sc.assets.findIndex((a) => a.id === id), weight: x })).filter((a) => a.assetId >= 0),
      weight: count * value * (1 - (w.class === 'decoy' ? 1 : w.decoyFraction)),
    };
  });
  if (groups.length > MAX_FORECAST_GROUPS) {
    warnings.push(`/waves: ${groups.length} waves, the forecast holds ${MAX_FORECAST_GROUPS}: the least valuable are left out of the look-ahead`);
    groups.sort((a, b) => b.weight - a.weight || a.id - b.id);
    groups.length = MAX_FORECAST_GROUPS;
    groups.sort((a, b) => a.id - b.id);
  }
  return groups.map(({ weight: _, ...g }) => g);
}

/**
 * The firmware's belief that a drone-like track is a decoy: the share of decoys among the drone-like threats
 * the estimate expects (0 without a prior: every drone is taken to carry a warhead).
 */
export function decoyShare(sc: Scenario): number {
  if (sc.doctrine.lookahead.prior === 'none') return 0;
  let decoys = 0, all = 0;
  for (const w of sc.waves) {
    if (w.class !== 'drone' && w.class !== 'decoy') continue;
    all += w.count;
    decoys += w.class === 'decoy' ? w.count : w.count * w.decoyFraction;
  }
  return all > 0 ? decoys / all : 0;
}

export function lookaheadConfig(sc: Scenario): LookaheadConfig {
  const la = sc.doctrine.lookahead;
  return { enabled: la.enabled, periodS: la.periodS, decoyShare: decoyShare(sc), workBound: 2_000_000 };
}
