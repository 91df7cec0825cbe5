// The simulated world of one scenario, stepped in time: the threats' truth, every radar's scans, the
// engagements in flight and the leakers' impacts. The fire-control side (the firmware, or a baseline
// doctrine) sits outside: it reads each step, and may call fire() before asking for the next one.
//
// Step k is at t_k = k·stepS. Within it, in this order:
//   1. engagements whose intercept time is ≤ t_k are assessed, earliest first (a kill is registered at
//      its intercept time, so a later interceptor on the same threat finds no target);
//   2. radar scans that ended by t_k are produced, by end time then file order: a scan ends after fire
//      orders given at earlier steps have been resolved, so a killed threat leaves the picture at once;
//   3. threats that reached their aim point in (t_{k−1}, t_k] impact and damage assets;
//   4. the truth of every threat flying at t_k.
// Clocks are kept in whole milliseconds so that step and scan boundaries compare exactly. Everything is
// a function of the scenario and the seed: two runs give byte-identical output.
import { assessEngagement, DamageLedger, engagementId, flyOutTimeS, type DamageEvent, type Engagement, type KillAssessment } from './effects.ts';
import { FireUnitState, inEnvelope, planIntercept, type FireRefusal, type Vec3 } from './fire-unit.ts';
import { radarScan, type Scan } from './radar.ts';
import type { EastNorth, Scenario, ThreatClass } from './scenario.ts';
import { SimStreams } from './streams.ts';
import type { TargetState } from './synthetic.ts';
import { generateThreats, type Threat } from './threats.ts';
import { hypot3 } from '../hypot.ts';

export interface TruthState extends TargetState {
  class: ThreatClass;
  decoy: boolean;
}

export interface ImpactEvent {
  threatId: number;
  class: ThreatClass;
  timeS: number;
  point: EastNorth;
  aimAssetId: string;
  damage: DamageEvent[];
}

export interface WorldStep {
  index: number;
  timeS: number;
  truth: TruthState[];
  scans: Scan[];
  impacts: ImpactEvent[];
  assessments: KillAssessment[];
}

export interface FireOrder {
  fireUnitId: string;
  threatId: number;
  rounds: number;
  /** Where to intercept; by default the earliest intercept of the threat's true constant-velocity extrapolation. */
  interceptPoint?: Vec3;
}

export type FireResult = { ok: true; engagement: Engagement } | { ok: false; reason: FireRefusal | 'unknown-unit' | 'unknown-threat' | 'no-intercept' | 'envelope' };

export interface WorldOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
}

const ms = (s: number): number => Math.round(s * 1000);

export class World {
  readonly streams: SimStreams;
  readonly threats: readonly Threat[];
  readonly damage: DamageLedger;
  readonly fireUnits: ReadonlyMap<string, FireUnitState>;
  readonly engagements: Engagement[] = [];
  private readonly killedAt = new Map<number, number>();
  private readonly pending: Engagement[] = [];
  private readonly stepMs: number;
  private readonly lastStep: number;
  private readonly nextScan: number[];
  private readonly byLaunch: Threat[];
  private launched = 0; // threats of byLaunch with launch ≤ the current step
  private flying: Threat[] = [];
  private k = -1;
  private nextPlotId = 1;

  constructor(readonly scenario: Scenario, opts: WorldOptions = {}) {
    this.streams = new SimStreams(opts.seed ?? scenario.seed);
    this.threats = generateThreats(scenario, this.streams);
    this.damage = new DamageLedger(scenario.assets, scenario.lethality);
    this.fireUnits = new Map(scenario.fireUnits.map((u) => [u.id, new FireUnitState(u)]));
    this.stepMs = ms(scenario.stepS);
    this.lastStep = Math.floor(ms(scenario.durationS) / this.stepMs);
    this.nextScan = scenario.radars.map(() => 0);
    this.byLaunch = [...this.threats].sort((a, b) => a.launchTimeS - b.launchTimeS || a.id - b.id);
  }

  /** Time of the last step produced (−stepS before the first). */
  get timeS(): number {
    return (this.k * this.stepMs) / 1000;
  }

  threat(id: number): Threat | undefined {
    return this.threats[id - 1];
  }

  /** Whether the threat is in the air at t: launched, not yet impacted, not killed. */
  isAlive(threat: Threat, tS: number): boolean {
    const killed = this.killedAt.get(threat.id);
    return tS >= threat.launchTimeS && tS < threat.impactTimeS && (killed === undefined || tS < killed);
  }

  /** Registers a kill at time t (the closed loop's own effects, or a test's). */
  kill(threatId: number, tS: number): void {
    const before = this.killedAt.get(threatId);
    if (before === undefined || tS < before) this.killedAt.set(threatId, tS);
  }

  /**
   * A fire order at the current step's time. The engagement is assessed at the step that reaches its
   * intercept time; the order is refused if the unit cannot fire or the intercept is outside its envelope.
   */
  fire(order: FireOrder): FireResult {
    const state = this.fireUnits.get(order.fireUnitId);
    if (!state) return { ok: false, reason: 'unknown-unit' };
    const threat = this.threat(order.threatId);
    const now = this.timeS;
    if (!threat || !this.isAlive(threat, now)) return { ok: false, reason: 'unknown-threat' };
    const unit = state.unit;
    const truth = threat.stateAt(now);
    let point = order.interceptPoint;
    if (!point) {
      const plan = planIntercept(unit, { x: truth.x, y: truth.y, z: truth.z }, { x: truth.vx, y: truth.vy, z: truth.vz });
      if (!plan) return { ok: false, reason: 'no-intercept' };
      point = plan.point;
    }
    if (!inEnvelope(unit, point, hypot3(truth.vx, truth.vy, truth.vz))) return { ok: false, reason: 'envelope' };
    // Fire control cannot tell a decoy from a drone: the doctrine sees a drone.
    const refusal = state.refusal(now, order.rounds, threat.decoy ? 'drone' : threat.class, this.scenario.doctrine);
    if (refusal) return { ok: false, reason: refusal };
    const base = engagementId(unit.id, threat.id, now);
    const shot = this.engagements.filter((e) => e.id === base || e.id.startsWith(`${base}#`)).length;
    const engagement: Engagement = {
      id: engagementId(unit.id, threat.id, now, shot),
      fireUnitId: unit.id,
      threatId: threat.id,
      orderTimeS: now,
      interceptPoint: point,
      interceptTimeS: now + flyOutTimeS(unit, point),
      rounds: order.rounds,
    };
    state.fire(now, order.rounds, engagement.interceptTimeS);
    this.engagements.push(engagement);
    this.pending.push(engagement);
    return { ok: true, engagement };
  }

  /** Advances one step; null after the scenario's duration. */
  step(): WorldStep | null {
    if (this.k >= this.lastStep) return null;
    this.k++;
    const nowMs = this.k * this.stepMs;
    const prevMs = nowMs - this.stepMs;
    const timeS = nowMs / 1000;

    const assessments: KillAssessment[] = [];
    const due = this.pending.filter((e) => ms(e.interceptTimeS) <= nowMs).sort((a, b) => a.interceptTimeS - b.interceptTimeS || (a.id < b.id ? -1 : 1));
    for (const e of due) {
      this.pending.splice(this.pending.indexOf(e), 1);
      const threat = this.threat(e.threatId)!;
      const a = assessEngagement(e, this.fireUnits.get(e.fireUnitId)!.unit, threat.class, this.isAlive(threat, e.interceptTimeS), this.streams);
      if (a.outcome === 'killed') this.kill(threat.id, e.interceptTimeS);
      assessments.push(a);
    }

    // Threats that may be seen by a scan ending now: launched before now, not impacted before the
    // longest scan that can end now began.
    while (this.launched < this.byLaunch.length && ms(this.byLaunch[this.launched].launchTimeS) <= nowMs) this.flying.push(this.byLaunch[this.launched++]);
    const longest = Math.max(...this.scenario.radars.map((r) => ms(r.scanPeriodS)));
    this.flying = this.flying.filter((t) => ms(t.impactTimeS) >= prevMs - longest && !(this.killedAt.get(t.id)! < (prevMs - longest) / 1000));

    const ready: { endMs: number; radar: number; scan: number }[] = [];
    this.scenario.radars.forEach((r, i) => {
      for (let s = this.nextScan[i]; (s + 1) * ms(r.scanPeriodS) <= nowMs; s = ++this.nextScan[i]) ready.push({ endMs: (s + 1) * ms(r.scanPeriodS), radar: i, scan: s });
    });
    ready.sort((a, b) => a.endMs - b.endMs || a.radar - b.radar);
    const alive = (t: Threat, tS: number): boolean => this.isAlive(t, tS);
    const scans = ready.map(({ radar, scan }) => {
      const out = radarScan(this.scenario.radars[radar], scan, this.flying, alive, this.streams, this.nextPlotId);
      this.nextPlotId += out.plots.length;
      return out;
    });

    const impacts: ImpactEvent[] = [];
    for (const t of this.flying) {
      const hit = ms(t.impactTimeS);
      if (!(hit <= nowMs && (this.k === 0 || hit > prevMs))) continue;
      const killed = this.killedAt.get(t.id);
      if (killed !== undefined && killed <= t.impactTimeS) continue;
      impacts.push({ threatId: t.id, class: t.class, timeS: t.impactTimeS, point: t.impactPoint, aimAssetId: t.aimAssetId, damage: [] });
    }
    impacts.sort((a, b) => a.timeS - b.timeS || a.threatId - b.threatId);
    for (const i of impacts) i.damage = this.damage.impact(i.threatId, i.class, i.point, i.timeS);

    const truth: TruthState[] = [];
    for (const t of this.flying) if (this.isAlive(t, timeS)) truth.push({ ...t.stateAt(timeS), class: t.class, decoy: t.decoy });
    truth.sort((a, b) => a.id - b.id);
    for (const s of this.fireUnits.values()) s.update(timeS);
    return { index: this.k, timeS, truth, scans, impacts, assessments };
  }

  /** Every remaining step. */
  *steps(): Generator<WorldStep> {
    for (let s = this.step(); s; s = this.step()) yield s;
  }
}
