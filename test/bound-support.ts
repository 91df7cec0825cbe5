// Hand-made pieces of the bound's problem for the tests: fire units with round numbers and threats on
// straight lines, so that what the model should give can be worked out by hand.
import type { BoundProblem, BoundThreat } from '../host/bound/problem.ts';
import { DEFAULT_LOOKAHEAD, type Asset, type Doctrine, type FireUnit } from '../host/sim/scenario.ts';

export function unit(id: string, o: Partial<FireUnit> & { east?: number; north?: number; rangeM?: number; pkDrone?: number } = {}): FireUnit {
  const { east = 0, north = 0, rangeM = 2000, pkDrone = 0.8, ...rest } = o;
  return {
    id, name: id, kind: 'short-range-sam', position: { eastM: east, northM: north },
    envelope: { minRangeM: 0, maxRangeM: rangeM, minAltitudeM: 0, maxAltitudeM: 5000, maxTargetSpeedMps: 1000 },
    interceptorSpeedMps: 1e6, reactionTimeS: 1, guidanceChannels: 10, readyRounds: 1, magazine: 1, reloadTimeS: 0,
    pk: { drone: pkDrone, decoy: 0, cruise: 0, ballistic: 0 }, costPerRound: 1000, ...rest,
  };
}

/** A drone flying straight from `from` at velocity `v` (m, m/s) from `launchS`, impacting at `impactS` on `at`. */
export function lineThreat(id: number, from: [number, number, number], v: [number, number, number], launchS: number, impactS: number, at: { eastM: number; northM: number }): BoundThreat {
  return {
    id, class: 'drone', decoy: false, launchTimeS: launchS, impactTimeS: impactS, impactPoint: at,
    stateAt: (tS) => {
      const d = Math.min(Math.max(tS, launchS), impactS) - launchS;
      return { id, x: from[0] + v[0] * d, y: from[1] + v[1] * d, z: from[2] + v[2] * d, vx: v[0], vy: v[1], vz: v[2] };
    },
  };
}

export function asset(id: string, east: number, north: number, value: number): Asset {
  return { id, name: id, kind: 'district', position: { eastM: east, northM: north }, radiusM: 100, value };
}

export const DOCTRINE: Doctrine = { costWeight: 1, shootLookShoot: true, salvoLimit: 2, reserve: [], lookahead: DEFAULT_LOOKAHEAD };

export function problem(units: FireUnit[], assets: Asset[], threats: BoundThreat[], o: Partial<BoundProblem> = {}): BoundProblem {
  return { units, assets, threats, lethality: { drone: 0.5, cruise: 0.5, ballistic: 0.5 }, doctrine: DOCTRINE, stepS: 1, endS: 200, ...o };
}
