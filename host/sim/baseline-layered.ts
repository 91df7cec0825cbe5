// The human-doctrine baseline `--doctrine layered`: what a competent crew does with a written doctrine and
// no optimiser. Like the nearest-first baseline the firmware only tracks and classifies (it is configured
// without fire units) and the host assigns; unlike it, the crew knows its layers:
//   - most urgent track first (time to go to the nearest asset);
//   - drones go to the cheap layers (electronic warfare, guns, interceptor drones); a SAM only for a drone
//     about to leak that no cheap layer can engage now;
//   - among the units that can engage, the cheapest round whose engagement Pk reaches a threshold, else
//     the best Pk per cost;
//   - SAMs keep a fixed number of rounds for missiles on top of the scenario's own reserve;
//   - one round when a second look fits before the track arrives, else a salvo.
// Every parameter is in LAYERED below: fixed defaults, the same for every scenario (docs/simulate.md).
import * as P from '../../assembly/protocol.ts';
import type { TrackRecord } from '../link/frames.ts';
import { CLASS_NAMES } from '../link/tewa-frames.ts';
import type { BatteryOrder, Report } from './loop-battery.ts';
import { inEnvelope, planIntercept, type FireUnitState, type Vec3 } from './fire-unit.ts';
import type { FireUnit, FireUnitKind, Scenario } from './scenario.ts';
import type { World } from './world.ts';
import { hypot3 } from '../hypot.ts';

const SAM_KINDS: readonly FireUnitKind[] = ['short-range-sam', 'long-range-sam'];

/** The class a crew can tell apart: decoys look like drones until they are shot down. */
export type CrewClass = 'drone' | 'cruise' | 'ballistic';

/** The written doctrine's parameters, in one place. Not tuned to any scenario. */
export const LAYERED = {
  /** An engagement is "capable" when its kill probability (all its rounds) reaches this. */
  pkMin: 0.5,
  /** The layers a drone is given to. */
  cheapKinds: ['ew', 'mobile-fire-group', 'interceptor-drone'] as readonly FireUnitKind[],
  /** A drone this close in time to the nearest asset that no cheap layer can engage now may get a SAM, s. */
  leakTgoS: 90,
  /** Rounds each SAM unit keeps for missiles (cruise, ballistic, fast unknown), on top of the scenario's reserve. */
  missileReserve: { 'short-range-sam': 4, 'long-range-sam': 2 } as Partial<Record<FireUnitKind, number>>,
  /** Unclassified tracks: at least this fast is a cruise missile, m/s (drones fly 45–70, cruise missiles 200+). */
  unknownCruiseMps: 120,
  /** Unclassified tracks: at least this fast is a ballistic missile, m/s. */
  unknownBallisticMps: 400,
  /** Slack for the second look: time to go ≥ 2·fly-out + assessment delay + this, s. */
  lookMarginS: 5,
} as const;

/** What the crew calls a track: the firmware's class, an unclassified one by its speed. */
export function crewClass(cls: number, speedMps: number): CrewClass {
  const name = CLASS_NAMES[cls];
  if (name === 'drone' || name === 'cruise' || name === 'ballistic') return name;
  if (speedMps >= LAYERED.unknownBallisticMps) return 'ballistic';
  return speedMps >= LAYERED.unknownCruiseMps ? 'cruise' : 'drone';
}

/** Kill probability of an engagement of `rounds` rounds of single-shot Pk `pk`. */
const pkOf = (pk: number, rounds: number): number => 1 - (1 - pk) ** rounds;

export interface LayeredCandidate {
  unitIndex: number;
  unit: FireUnit;
  rounds: number;
  pkEngagement: number;
  tauS: number;
  point: Vec3;
}

/**
 * The doctrine's preference among the units that can engage: the cheapest round among those whose
 * engagement Pk reaches pkMin (then the higher Pk, the earlier intercept, the file's order); when none
 * does, the best Pk per cost (a free round counts as costing 1). Sorted best first.
 */
export function rankCandidates(cands: readonly LayeredCandidate[]): LayeredCandidate[] {
  const capable = cands.filter((c) => c.pkEngagement >= LAYERED.pkMin);
  if (capable.length > 0) {
    return [...capable].sort((a, b) => a.unit.costPerRound - b.unit.costPerRound || b.pkEngagement - a.pkEngagement || a.tauS - b.tauS || a.unitIndex - b.unitIndex);
  }
  const score = (c: LayeredCandidate): number => c.pkEngagement / Math.max(1, c.unit.costPerRound);
  return [...cands].sort((a, b) => score(b) - score(a) || a.tauS - b.tauS || a.unitIndex - b.unitIndex);
}

export class LayeredBaseline {
  /** Tracks with an engagement whose assessment has not come back. */
  private readonly engaged = new Map<number, number>();
  private readonly killed = new Set<number>();

  constructor(private readonly scenario: Scenario, private readonly world: World, private readonly killAssessS: number) {}

  /** The battery's kill assessments: a kill retires the track, a miss frees it for the next look. */
  report(r: Report): void {
    const n = r.shot.order.trackNumber;
    const left = (this.engaged.get(n) ?? 1) - 1;
    if (left > 0) this.engaged.set(n, left); else this.engaged.delete(n);
    if (r.outcome === 'killed') this.killed.add(n);
  }

  /** Time to go: to the edge of the nearest asset at the track's speed (a crew's plotting-table estimate), s. */
  tgoS(t: TrackRecord, speed: number): number {
    let d = Infinity;
    for (const a of this.scenario.assets) d = Math.min(d, Math.max(0, hypot3(t.x - a.position.eastM, t.y - a.position.northM, t.z) - a.radiusM));
    return speed > 1 ? d / speed : Infinity;
  }

  /** Rounds the doctrine keeps on `state`'s unit from a track of class `cls`: the scenario's reserve and its own. */
  reservedFor(state: FireUnitState, cls: CrewClass): number {
    const own = cls === 'drone' ? (LAYERED.missileReserve[state.unit.kind] ?? 0) : 0;
    return state.reserved(this.scenario.doctrine, cls) + own;
  }

  /** Rounds of one engagement: one when a second look fits before the track arrives, else the salvo limit. */
  roundsFor(unit: FireUnit, cls: CrewClass, tauS: number, tgoS: number): number {
    const salvo = this.scenario.doctrine.salvoLimit;
    if (!this.scenario.doctrine.shootLookShoot) return salvo;
    if (unit.costPerRound === 0) return salvo; // a free round is not worth waiting a look for
    if (cls === 'ballistic') return salvo; // there is no second look at a ballistic missile
    return tgoS >= 2 * tauS + this.killAssessS + LAYERED.lookMarginS ? 1 : salvo;
  }

  /** The units of `kinds` (all when null) that can engage the track now, with their rounds and Pk. */
  candidates(t: TrackRecord, cls: CrewClass, tgoS: number, kinds: readonly FireUnitKind[] | null): LayeredCandidate[] {
    const now = this.world.timeS;
    const p = { x: t.x, y: t.y, z: t.z };
    const v = { x: t.vx, y: t.vy, z: t.vz };
    const speed = hypot3(t.vx, t.vy, t.vz);
    const out: LayeredCandidate[] = [];
    this.scenario.fireUnits.forEach((unit, unitIndex) => {
      if (kinds && !kinds.includes(unit.kind)) return;
      if (!(unit.pk[cls] > 0)) return;
      // Out of reach for certain: an intercept within maxRange, after at most reaction + maxRange/speed
      // seconds, needs the track within maxRange + its speed × that time now (same answer, less work).
      const reach = unit.envelope.maxRangeM + speed * (unit.reactionTimeS + unit.envelope.maxRangeM / unit.interceptorSpeedMps);
      if (hypot3(p.x - unit.position.eastM, p.y - unit.position.northM, p.z) > reach) return;
      const plan = planIntercept(unit, p, v);
      if (!plan || !inEnvelope(unit, plan.point, speed)) return;
      const state = this.world.fireUnits.get(unit.id)!;
      state.update(now);
      // Fire what the launchers hold above the reserve, up to the doctrine's rounds.
      const rounds = Math.min(this.roundsFor(unit, cls, plan.tauS, tgoS), state.ready, state.remaining - this.reservedFor(state, cls));
      if (rounds < 1 || state.refusal(now, rounds, cls, this.scenario.doctrine)) return;
      out.push({ unitIndex, unit, rounds, pkEngagement: pkOf(unit.pk[cls], rounds), tauS: plan.tauS, point: plan.point });
    });
    return out;
  }

  /**
   * This cycle's orders, most urgent track first. `fire` carries one out at once (so the next choice sees
   * the unit's channels and rounds spent) and says whether the world accepted it.
   */
  decide(tracks: readonly TrackRecord[], fire: (o: BatteryOrder) => boolean): void {
    // Confirmed tracks only: a crew does not fire on a coasting track's prediction.
    const open = tracks
      .filter((t) => t.status === P.TRACK_CONFIRMED && !this.killed.has(t.trackNumber) && !this.engaged.has(t.trackNumber))
      .map((t) => { const speed = hypot3(t.vx, t.vy, t.vz); return { t, speed, tgo: this.tgoS(t, speed), cls: crewClass(t.cls, speed) }; })
      .sort((a, b) => a.tgo - b.tgo || a.t.trackNumber - b.t.trackNumber);
    for (const { t, speed, tgo, cls } of open) {
      let cands: LayeredCandidate[];
      if (cls === 'drone') {
        cands = this.candidates(t, cls, tgo, LAYERED.cheapKinds);
        // A SAM for a drone only when it is about to leak and no cheap layer can take it now.
        if (cands.length === 0 && tgo <= LAYERED.leakTgoS) cands = this.candidates(t, cls, tgo, SAM_KINDS);
      } else {
        cands = this.candidates(t, cls, tgo, null);
      }
      for (const c of rankCandidates(cands)) {
        if (fire({ unitIndex: c.unitIndex, trackNumber: t.trackNumber, rounds: c.rounds, point: c.point, trackSpeed: speed, engagementId: null })) {
          this.engaged.set(t.trackNumber, (this.engaged.get(t.trackNumber) ?? 0) + 1);
          break;
        }
      }
    }
  }
}
