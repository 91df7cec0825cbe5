// The battery between fire control and the world: it carries out fire orders in the simulated world and
// reports back what a real battery would (kill assessments after the assessment delay, launcher status
// when rounds change). Every doctrine (the firmware's and the host's baselines) fires through here, so the
// same rules apply to all.
//
// An order names a fire-control track, not a threat. The track is mapped to the threat that made the last
// plot it was updated with (the world knows every plot's origin). An order on a track that follows clutter,
// or a threat already killed or impacted, is still carried out: the unit spends its rounds and a guidance
// channel on nothing (a "phantom" shot, assessed no-target at its intercept time), under the world's own
// rules for rounds, channels, reserve and envelope. An order on a decoy fires at the decoy.
import { flyOutTimeS, type KillOutcome } from './effects.ts';
import { inEnvelope, type FireRefusal, type Vec3 } from './fire-unit.ts';
import type { Scenario, ThreatClass } from './scenario.ts';
import type { World } from './world.ts';

export type Refusal = FireRefusal | 'unknown-unit' | 'unknown-threat' | 'no-intercept' | 'envelope';

/** A fire order as fire control gives it: on a track, at a planned intercept point. */
export interface BatteryOrder {
  unitIndex: number;
  trackNumber: number;
  rounds: number;
  point: Vec3;
  /** The track's speed, m/s: what fire control believes when it checks the envelope. */
  trackSpeed: number;
  /** Firmware engagement id (the Parapet doctrine); null for the baseline. */
  engagementId: number | null;
}

export interface Shot {
  order: BatteryOrder;
  timeS: number;
  unitId: string;
  /** Threat the track followed at the order (null: clutter). */
  threatId: number | null;
  /** World engagement id, or null for a phantom shot. */
  worldId: string | null;
  interceptTimeS: number;
  rounds: number;
  cost: number;
}

export type ExecResult = { ok: true; shot: Shot } | { ok: false; reason: Refusal; threatId: number | null };

/** A kill assessment the battery reports to fire control once its delay has passed. */
export interface Report {
  dueS: number;
  shot: Shot;
  outcome: KillOutcome;
}

interface UnitStatus { ready: number; stock: number }

export class Battery {
  readonly shots: Shot[] = [];
  readonly refusals: { timeS: number; order: BatteryOrder; reason: Refusal; threatId: number | null }[] = [];
  private readonly byWorldId = new Map<string, Shot>();
  private phantoms: Shot[] = [];
  private reports: Report[] = [];
  private readonly plotTruth: number[] = [];
  private readonly trackPlot = new Map<number, number>();
  /** Launcher status as last reported to fire control, by unit index. */
  private readonly reported: UnitStatus[];

  constructor(private readonly world: World, private readonly scenario: Scenario, private readonly assessDelayS: number) {
    this.reported = scenario.fireUnits.map((u) => ({ ready: u.readyRounds, stock: u.magazine - u.readyRounds }));
  }

  /** Remembers where each plot came from (−1: clutter). */
  notePlot(plotId: number, truthId: number): void {
    this.plotTruth[plotId] = truthId;
  }

  /** Remembers the last plot each track was updated with. */
  noteTrack(trackNumber: number, lastPlotId: number): void {
    this.trackPlot.set(trackNumber, lastPlotId);
  }

  /** The threat a track follows (its last plot's origin), or null for clutter or an unknown track. */
  truthOf(trackNumber: number): number | null {
    const plot = this.trackPlot.get(trackNumber);
    const truth = plot === undefined ? undefined : this.plotTruth[plot];
    return truth === undefined || truth < 0 ? null : truth;
  }

  /** Carries out an order at the world's current time. */
  execute(order: BatteryOrder): ExecResult {
    const now = this.world.timeS;
    const unit = this.scenario.fireUnits[order.unitIndex];
    const threatId = this.truthOf(order.trackNumber);
    const threat = threatId === null ? undefined : this.world.threat(threatId);
    const refuse = (reason: Refusal): ExecResult => {
      this.refusals.push({ timeS: now, order, reason, threatId });
      return { ok: false, reason, threatId };
    };
    if (!unit) return refuse('unknown-unit');
    const base = { order, timeS: now, unitId: unit.id, threatId, rounds: order.rounds, cost: order.rounds * unit.costPerRound };
    if (threat && this.world.isAlive(threat, now)) {
      const r = this.world.fire({ fireUnitId: unit.id, threatId: threat.id, rounds: order.rounds, interceptPoint: order.point });
      if (!r.ok) return refuse(r.reason);
      const shot: Shot = { ...base, worldId: r.engagement.id, interceptTimeS: r.engagement.interceptTimeS };
      this.byWorldId.set(shot.worldId!, shot);
      this.shots.push(shot);
      return { ok: true, shot };
    }
    // Phantom: the world's rules for the unit, with the class fire control would face (a dead threat's own
    // class; clutter looks like a drone, as decoys do).
    const state = this.world.fireUnits.get(unit.id)!;
    if (!inEnvelope(unit, order.point, order.trackSpeed)) return refuse('envelope');
    const cls: ThreatClass = threat ? (threat.decoy ? 'drone' : threat.class) : 'drone';
    const refusal = state.refusal(now, order.rounds, cls, this.scenario.doctrine);
    if (refusal) return refuse(refusal);
    const interceptTimeS = now + flyOutTimeS(unit, order.point);
    state.fire(now, order.rounds, interceptTimeS);
    const shot: Shot = { ...base, worldId: null, interceptTimeS };
    this.phantoms.push(shot);
    this.shots.push(shot);
    return { ok: true, shot };
  }

  /**
   * Takes the world's kill assessments of this step and the phantom shots whose intercept time has come;
   * schedules their reports and returns them (the outcomes of this step).
   */
  assess(assessments: readonly { engagementId: string; outcome: KillOutcome }[]): Report[] {
    const now = this.world.timeS;
    const out: Report[] = [];
    for (const a of assessments) {
      const shot = this.byWorldId.get(a.engagementId);
      if (shot) out.push({ dueS: shot.interceptTimeS + this.assessDelayS, shot, outcome: a.outcome });
    }
    const landed = this.phantoms.filter((s) => s.interceptTimeS <= now);
    this.phantoms = this.phantoms.filter((s) => s.interceptTimeS > now);
    for (const shot of landed) out.push({ dueS: shot.interceptTimeS + this.assessDelayS, shot, outcome: 'no-target' });
    this.reports.push(...out);
    return out;
  }

  /** Reports due by now, in a fixed order (due time, then intercept, then order time, then unit). */
  dueReports(): Report[] {
    const now = this.world.timeS;
    const due = this.reports.filter((r) => r.dueS <= now + 1e-9);
    this.reports = this.reports.filter((r) => r.dueS > now + 1e-9);
    return due.sort((a, b) => a.dueS - b.dueS || a.shot.interceptTimeS - b.shot.interceptTimeS || a.shot.timeS - b.shot.timeS
      || a.shot.order.unitIndex - b.shot.order.unitIndex || a.shot.order.trackNumber - b.shot.order.trackNumber);
  }

  /**
   * Units whose launcher status differs from what fire control was last told, after subtracting the rounds
   * of the orders fire control itself issued (`ordered`, by unit index): reloads, and orders the world
   * refused, which fire control has already counted as spent.
   */
  statusChanges(ordered: ReadonlyMap<number, number>): { unitIndex: number; ready: number; stock: number }[] {
    const out: { unitIndex: number; ready: number; stock: number }[] = [];
    this.scenario.fireUnits.forEach((u, i) => {
      const s = this.world.fireUnits.get(u.id)!;
      s.update(this.world.timeS);
      const believed = this.reported[i];
      believed.ready = Math.max(0, believed.ready - (ordered.get(i) ?? 0));
      if (s.ready !== believed.ready || s.stock !== believed.stock) {
        this.reported[i] = { ready: s.ready, stock: s.stock };
        out.push({ unitIndex: i, ready: s.ready, stock: s.stock });
      }
    });
    return out;
  }
}
