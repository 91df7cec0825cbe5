// Engagement opportunities: every (fire unit, valued threat, world step) at which the world would accept
// an order on the threat's truth and the kill could still count, aggregated into launch-time slots.
//
// An order at step t (threat in the air: launch ≤ t < impact, t ≤ the run's end) is feasible when the
// world's own planIntercept of the threat's true state finds an intercept, that point is inside the unit's
// envelope at the threat's true speed (inEnvelope), and the intercept comes before the impact (a kill
// then prevents the damage) and no later than the run's last step (the world resolves it). Rounds,
// channels, reload and reserve are the model's constraints, not the opportunity's.
//
// Slots: the steps of one (unit, threat) within a window [wΔ, (w+1)Δ) become one column. The column
// keeps what the constraints need so that every per-step plan maps onto a feasible slot plan (rounds
// summed) — the aggregation is a relaxation: the earliest and latest order time, the shortest and
// longest channel hold and the earliest intercept (model.ts says which constraint uses which).
// The run's own accepted engagements join their slot, so the run's choices are always in the model even
// where fire control's intercept point (from its track) differs from the truth-planned one.
import { flyOutTimeS } from '../sim/effects.ts';
import { inEnvelope, planIntercept, slantRangeM } from '../sim/fire-unit.ts';
import { hypot3 } from '../hypot.ts';
import { horizonMs, type ValueAtRisk } from './damage.ts';
import type { BoundProblem, BoundThreat } from './problem.ts';
import type { FireUnit } from '../sim/scenario.ts';
import type { TargetState } from '../sim/synthetic.ts';

export interface Opportunity {
  unit: number;
  /** Index into ValueAtRisk.threats. */
  threat: number;
  window: number;
  firstS: number;
  lastS: number;
  holdMinS: number;
  holdMaxS: number;
  interceptMinS: number;
  /** Order times (steps) aggregated, and how many of them are run engagements not feasible on truth. */
  steps: number;
  fromRun: number;
}

export interface OpportunitySet {
  slotS: number;
  list: Opportunity[];
  /** Per-step opportunities before aggregation. */
  steps: number;
  /** Run engagements on valued threats that were not truth-feasible at their step (added anyway). */
  runOnly: number;
}

/**
 * The intercept time of an order by `u` at tS on the threat's truth `s`, or null when the world would
 * refuse it (no intercept, envelope) or its kill could not count (at or after the impact, after the run).
 */
export function interceptAt(u: FireUnit, t: BoundThreat, s: TargetState, tS: number, endMs: number): number | null {
  const e = u.envelope;
  const speed = hypot3(s.vx, s.vy, s.vz);
  if (speed > e.maxTargetSpeedMps) return null;
  const pos = { x: s.x, y: s.y, z: s.z };
  // Rejects no feasible order: an intercept inside the envelope has τ ≤ reaction + maxRange / speed, so
  // the threat is now within maxRange + |v|·τ of the unit. It saves planIntercept on most pairs.
  if (slantRangeM(u, pos) > e.maxRangeM + speed * (u.reactionTimeS + e.maxRangeM / u.interceptorSpeedMps) + 1) return null;
  const plan = planIntercept(u, pos, { x: s.vx, y: s.vy, z: s.vz });
  if (!plan || !inEnvelope(u, plan.point, speed)) return null;
  const tiS = tS + flyOutTimeS(u, plan.point);
  if (!(tiS < t.impactTimeS) || Math.round(tiS * 1000) > endMs) return null;
  return tiS;
}

export function opportunities(p: BoundProblem, v: ValueAtRisk, slotS: number): OpportunitySet {
  const stepMs = Math.round(p.stepS * 1000);
  const slotMs = Math.round(slotS * 1000);
  if (slotMs < stepMs || slotMs % stepMs !== 0) throw new Error(`slot ${slotS} s must be a whole multiple of the world's step (${p.stepS} s)`);
  const endMs = horizonMs(p);
  const byKey = new Map<string, Opportunity>();
  let steps = 0;
  const add = (unit: number, threat: number, tS: number, tiS: number, fromRun: boolean): void => {
    const window = Math.floor(Math.round(tS * 1000) / slotMs);
    const key = `${unit}:${threat}:${window}`;
    const hold = tiS - tS;
    const o = byKey.get(key);
    if (!o) {
      byKey.set(key, { unit, threat, window, firstS: tS, lastS: tS, holdMinS: hold, holdMaxS: hold, interceptMinS: tiS, steps: 1, fromRun: fromRun ? 1 : 0 });
      return;
    }
    o.firstS = Math.min(o.firstS, tS);
    o.lastS = Math.max(o.lastS, tS);
    o.holdMinS = Math.min(o.holdMinS, hold);
    o.holdMaxS = Math.max(o.holdMaxS, hold);
    o.interceptMinS = Math.min(o.interceptMinS, tiS);
    o.steps++;
    if (fromRun) o.fromRun++;
  };

  // Only units that can kill the class.
  v.threats.forEach((t, j) => {
    const units = p.units.map((u, i) => ({ u, i })).filter(({ u }) => u.pk[t.class] > 0);
    if (units.length === 0) return;
    const impactMs = Math.round(t.impactTimeS * 1000);
    const seenS = p.firstPlotS ? p.firstPlotS.get(t.id) ?? Infinity : -Infinity;
    if (seenS === Infinity) return;
    const fromMs = Math.max(t.launchTimeS * 1000, seenS * 1000, 0);
    for (let k = Math.ceil(fromMs / stepMs); k * stepMs <= endMs && k * stepMs < impactMs; k++) {
      const tS = (k * stepMs) / 1000;
      if (tS < t.launchTimeS || tS < seenS || tS >= t.impactTimeS) continue;
      const s = t.stateAt(tS);
      for (const { u, i } of units) {
        const tiS = interceptAt(u, t, s, tS, endMs);
        if (tiS === null) continue;
        steps++;
        add(i, j, tS, tiS, false);
      }
    }
  });

  let runOnly = 0;
  const threatIndex = new Map(v.threats.map((t, j) => [t.id, j]));
  const unitIndex = new Map(p.units.map((u, i) => [u.id, i]));
  for (const e of p.runEngagements ?? []) {
    const j = threatIndex.get(e.threatId);
    const i = unitIndex.get(e.unitId);
    if (j === undefined || i === undefined) continue;
    const t = v.threats[j];
    if (p.units[i].pk[t.class] <= 0 || !(e.interceptS < t.impactTimeS) || Math.round(e.interceptS * 1000) > endMs) continue; // it could not have prevented damage
    if (interceptAt(p.units[i], t, t.stateAt(e.orderS), e.orderS, endMs) !== null) continue; // already a step of the model
    runOnly++;
    steps++;
    add(i, j, e.orderS, e.interceptS, true);
  }
  // A fixed order (unit, window, threat) makes the model and its output independent of Map insertion.
  const list = [...byKey.values()].sort((a, b) => a.unit - b.unit || a.window - b.window || a.threat - b.threat);
  return { slotS, list, steps, runOnly };
}
