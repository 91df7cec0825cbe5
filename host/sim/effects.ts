// What happens after a fire order: the interceptor's fly-out, the kill draw, the kill assessment, and the
// damage a leaker does when it reaches its aim point.
//
// Fly-out: reaction time, then a straight flight to the planned intercept point at the interceptor's
// average speed. Kill: each of the engagement's rounds kills independently with the unit's single-shot
// Pk for the threat's true class (guidance and fuzing errors are folded into Pk); the draws come from the
// engagement's own stream, forked by its id, so an outcome does not depend on the order in which
// engagements are resolved or on how many there are. A threat already gone (killed or impacted) when the
// interceptor arrives gives "no-target".
//
// Damage: a threat that reaches its aim point impacts there; every asset whose radius contains the impact
// point loses the class's lethality fraction of its remaining value (so repeated hits have diminishing
// returns and an asset never loses more than its value). Decoys carry no warhead and do no damage.
import type { Vec3 } from './fire-unit.ts';
import type { Asset, EastNorth, FireUnit, LethalClass, ThreatClass } from './scenario.ts';
import type { SimStreams } from './streams.ts';
import { hypot2, hypot3 } from '../hypot.ts';

export interface Engagement {
  id: string;
  fireUnitId: string;
  threatId: number;
  /** Time of the fire order, s. */
  orderTimeS: number;
  interceptPoint: Vec3;
  /** interceptTimeS = orderTimeS + flyOutTimeS(unit, interceptPoint). */
  interceptTimeS: number;
  rounds: number;
}

export type KillOutcome = 'killed' | 'missed' | 'no-target';

export interface KillAssessment {
  engagementId: string;
  fireUnitId: string;
  threatId: number;
  interceptTimeS: number;
  outcome: KillOutcome;
  /** Probability of kill the draw was made against (1 − (1 − Pk)^rounds). */
  pKill: number;
}

/**
 * An engagement id made from what the engagement is, not from when it was created, so the same order
 * gets the same id (and stream) however the loop around it is arranged. `shot` separates repeat orders.
 */
export function engagementId(fireUnitId: string, threatId: number, orderTimeS: number, shot = 0): string {
  return `${fireUnitId}>${threatId}@${Math.round(orderTimeS * 1000)}${shot ? `#${shot}` : ''}`;
}

/** Time from the fire order to the intercept at `point`: reaction + distance / average speed. */
export function flyOutTimeS(unit: FireUnit, point: Vec3): number {
  const d = hypot3(point.x - unit.position.eastM, point.y - unit.position.northM, point.z);
  return unit.reactionTimeS + d / unit.interceptorSpeedMps;
}

/** Probability that at least one of `rounds` independent rounds kills a threat of class `cls`. */
export function killProbability(unit: FireUnit, cls: ThreatClass, rounds: number): number {
  return 1 - (1 - unit.pk[cls]) ** rounds;
}

/**
 * The kill draw of an engagement against a threat of class `cls`. One uniform per round, all drawn
 * whether or not an earlier round killed, so the stream's use does not depend on the outcome.
 */
export function drawKill(engagement: Engagement, unit: FireUnit, cls: ThreatClass, streams: SimStreams): boolean {
  const rng = streams.engagement(engagement.id);
  let killed = false;
  for (let i = 0; i < engagement.rounds; i++) if (rng.uniform() < unit.pk[cls]) killed = true;
  return killed;
}

/** The kill assessment at intercept time; `targetPresent` is whether the threat was still flying then. */
export function assessEngagement(engagement: Engagement, unit: FireUnit, cls: ThreatClass, targetPresent: boolean, streams: SimStreams): KillAssessment {
  const outcome: KillOutcome = !targetPresent ? 'no-target' : drawKill(engagement, unit, cls, streams) ? 'killed' : 'missed';
  return {
    engagementId: engagement.id,
    fireUnitId: engagement.fireUnitId,
    threatId: engagement.threatId,
    interceptTimeS: engagement.interceptTimeS,
    outcome,
    pKill: killProbability(unit, cls, engagement.rounds),
  };
}

/** Assets whose radius contains the point. */
export function assetsAt(point: EastNorth, assets: readonly Asset[]): Asset[] {
  return assets.filter((a) => hypot2(point.eastM - a.position.eastM, point.northM - a.position.northM) <= a.radiusM);
}

export interface DamageEvent {
  threatId: number;
  assetId: string;
  timeS: number;
  valueLost: number;
  /** The asset's value left after this hit. */
  remaining: number;
}

/** Remaining value of every asset, and the damage done to it. */
export class DamageLedger {
  private readonly left = new Map<string, number>();
  readonly events: DamageEvent[] = [];

  constructor(private readonly assets: readonly Asset[], private readonly lethality: Record<LethalClass, number>) {
    for (const a of assets) this.left.set(a.id, a.value);
  }

  /** A threat of class `cls` impacts at `point`; returns the damage it does (none for a decoy or a miss). */
  impact(threatId: number, cls: ThreatClass, point: EastNorth, timeS: number): DamageEvent[] {
    if (cls === 'decoy') return [];
    const out = assetsAt(point, this.assets).map((a) => {
      const before = this.left.get(a.id)!;
      const valueLost = before * this.lethality[cls];
      this.left.set(a.id, before - valueLost);
      return { threatId, assetId: a.id, timeS, valueLost, remaining: before - valueLost };
    });
    this.events.push(...out);
    return out;
  }

  remaining(assetId: string): number {
    return this.left.get(assetId) ?? 0;
  }

  get totalLost(): number {
    return this.events.reduce((s, e) => s + e.valueLost, 0);
  }
}
