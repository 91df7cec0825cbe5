// A fire unit's side of an engagement: where it can intercept (envelope and intercept geometry) and what
// it has left to fire with (ready rounds, magazine and reload, guidance channels, doctrine's reserve).
//
// Intercept geometry: the interceptor leaves the unit (on the ground at its position) after the reaction
// time and flies straight at its average speed to the intercept point; the threat is extrapolated at
// constant velocity. The envelope is checked at the intercept point: slant range from the unit, altitude
// above ground, and the threat's speed.
import type { Doctrine, FireUnit, ThreatClass } from './scenario.ts';
import { hypot3 } from '../hypot.ts';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Straight-line distance from the unit (ground level) to a point. */
export const slantRangeM = (unit: FireUnit, p: Vec3): number => hypot3(p.x - unit.position.eastM, p.y - unit.position.northM, p.z);

/** Whether a threat at `p` moving at `speedMps` is inside the unit's engagement envelope. */
export function inEnvelope(unit: FireUnit, p: Vec3, speedMps: number): boolean {
  const e = unit.envelope;
  const r = slantRangeM(unit, p);
  return r >= e.minRangeM && r <= e.maxRangeM && p.z >= e.minAltitudeM && p.z <= e.maxAltitudeM && speedMps <= e.maxTargetSpeedMps;
}

/**
 * Earliest intercept of a constant-velocity threat (position p, velocity v at the time of the fire
 * order): the smallest τ ≥ reaction with |p + v·τ − u| = speed·(τ − reaction), a quadratic in τ.
 * Returns τ (s after the order) and the point, or null when the interceptor can never catch it.
 */
export function planIntercept(unit: FireUnit, p: Vec3, v: Vec3): { tauS: number; point: Vec3 } | null {
  const s = unit.interceptorSpeedMps;
  const r = unit.reactionTimeS;
  const d = { x: p.x - unit.position.eastM, y: p.y - unit.position.northM, z: p.z };
  const a = v.x * v.x + v.y * v.y + v.z * v.z - s * s;
  const b = 2 * (d.x * v.x + d.y * v.y + d.z * v.z + s * s * r);
  const c = d.x * d.x + d.y * d.y + d.z * d.z - s * s * r * r;
  let roots: number[];
  if (Math.abs(a) < 1e-9 * s * s) roots = b === 0 ? [] : [-c / b];
  else {
    const disc = b * b - 4 * a * c;
    if (disc < 0) return null;
    const q = Math.sqrt(disc);
    roots = [(-b - q) / (2 * a), (-b + q) / (2 * a)];
  }
  const tau = Math.min(...roots.filter((t) => t >= r - 1e-9 && Number.isFinite(t)));
  if (!Number.isFinite(tau)) return null;
  return { tauS: tau, point: { x: p.x + v.x * tau, y: p.y + v.y * tau, z: p.z + v.z * tau } };
}

export type FireRefusal = 'no-rounds' | 'reloading' | 'no-channel' | 'reserve' | 'salvo-limit';

/**
 * Rounds and channels of one unit over time. The launchers hold `readyRounds`; once they are empty and
 * the magazine still has rounds, a reload of `reloadTimeS` refills them (up to their capacity). A
 * guidance channel is held by each engagement from the order until its intercept.
 */
export class FireUnitState {
  ready: number;
  /** Rounds in the magazine not yet on the launchers. */
  stock: number;
  reloadDoneS: number | null = null;
  roundsFired = 0;
  private channelsUntil: number[] = [];

  constructor(readonly unit: FireUnit) {
    this.ready = unit.readyRounds;
    this.stock = unit.magazine - unit.readyRounds;
  }

  /** Brings reloads and channel releases up to time t. */
  update(tS: number): void {
    if (this.reloadDoneS !== null && this.reloadDoneS <= tS) {
      const load = Math.min(this.unit.readyRounds, this.stock);
      this.ready += load;
      this.stock -= load;
      this.reloadDoneS = null;
    }
    this.channelsUntil = this.channelsUntil.filter((u) => u > tS);
  }

  /** Rounds left in total (ready and in the magazine). */
  get remaining(): number {
    return this.ready + this.stock;
  }

  /** Rounds of this unit the doctrine keeps back from a threat of class `cls`. */
  reserved(doctrine: Doctrine, cls: ThreatClass): number {
    return doctrine.reserve.filter((r) => r.kind === this.unit.kind && !r.forClasses.includes(cls)).reduce((s, r) => s + r.rounds, 0);
  }

  /** Why the unit cannot fire `rounds` at a threat of class `cls` at time t, or null if it can. */
  refusal(tS: number, rounds: number, cls: ThreatClass, doctrine: Doctrine): FireRefusal | null {
    this.update(tS);
    if (rounds > doctrine.salvoLimit) return 'salvo-limit';
    if (this.channelsUntil.length >= this.unit.guidanceChannels) return 'no-channel';
    if (this.ready < rounds) return this.reloadDoneS !== null ? 'reloading' : 'no-rounds';
    if (this.remaining - rounds < this.reserved(doctrine, cls)) return 'reserve';
    return null;
  }

  /** Fires `rounds` at t, holding a channel until `releaseS`. The caller has checked refusal(). */
  fire(tS: number, rounds: number, releaseS: number): void {
    this.ready -= rounds;
    this.roundsFired += rounds;
    this.channelsUntil.push(releaseS);
    if (this.ready === 0 && this.stock > 0 && this.reloadDoneS === null) this.reloadDoneS = tS + this.unit.reloadTimeS;
  }
}
