// The naive baseline doctrine `--doctrine nearest`: the firmware still tracks (it is configured without fire
// units, so it issues no orders), and the host assigns. Every cycle it takes the confirmed tracks not being
// engaged and not assessed killed, nearest first to the defended area's centre, and gives each the first
// fire unit in the scenario's order that can reach it (an intercept of the track's constant-velocity
// extrapolation inside the unit's envelope, the world's check) and is free to fire a full salvo (the
// doctrine's salvo limit) under the world's rules. No threat values, no costs, no shoot-look-shoot: what a
// crew does with a list of targets and a list of launchers.
import type { TrackRecord } from '../link/frames.ts';
import { CLASS_NAMES } from '../link/tewa-frames.ts';
import type { BatteryOrder, Report } from './loop-battery.ts';
import { inEnvelope, planIntercept } from './fire-unit.ts';
import type { EastNorth, Scenario, ThreatClass } from './scenario.ts';
import type { World } from './world.ts';
import { hypot2, hypot3 } from '../hypot.ts';

export class NearestBaseline {
  /** Tracks with an engagement whose assessment has not come back. */
  private readonly engaged = new Map<number, number>();
  private readonly killed = new Set<number>();

  constructor(private readonly scenario: Scenario, private readonly world: World, private readonly centre: EastNorth) {}

  /** The battery's kill assessments: a kill retires the track, a miss frees it. */
  report(r: Report): void {
    const n = r.shot.order.trackNumber;
    const left = (this.engaged.get(n) ?? 1) - 1;
    if (left > 0) this.engaged.set(n, left); else this.engaged.delete(n);
    if (r.outcome === 'killed') this.killed.add(n);
  }

  /**
   * This cycle's orders. `fire` carries one out at once (so the next choice sees the unit's channels and
   * rounds spent) and says whether the world accepted it; a refused unit is skipped for the next one.
   */
  decide(tracks: readonly TrackRecord[], fire: (o: BatteryOrder) => boolean): void {
    const dist = (t: TrackRecord): number => hypot2(t.x - this.centre.eastM, t.y - this.centre.northM);
    const open = tracks.filter((t) => !this.killed.has(t.trackNumber) && !this.engaged.has(t.trackNumber))
      .sort((a, b) => dist(a) - dist(b) || a.trackNumber - b.trackNumber);
    const salvo = this.scenario.doctrine.salvoLimit;
    const now = this.world.timeS;
    for (const t of open) {
      const p = { x: t.x, y: t.y, z: t.z };
      const v = { x: t.vx, y: t.vy, z: t.vz };
      const speed = hypot3(t.vx, t.vy, t.vz);
      // The class the firmware's threat evaluation gave the track (unknown counts as a drone): what the
      // crew would tell the world's reserve rule.
      const cls = CLASS_NAMES[t.cls] === 'unknown' || CLASS_NAMES[t.cls] === undefined ? 'drone' : (CLASS_NAMES[t.cls] as ThreatClass);
      for (let i = 0; i < this.scenario.fireUnits.length; i++) {
        const unit = this.scenario.fireUnits[i];
        if (this.world.fireUnits.get(unit.id)!.refusal(now, salvo, cls, this.scenario.doctrine)) continue;
        const plan = planIntercept(unit, p, v);
        if (!plan || !inEnvelope(unit, plan.point, speed)) continue;
        if (fire({ unitIndex: i, trackNumber: t.trackNumber, rounds: salvo, point: plan.point, trackSpeed: speed, engagementId: null })) {
          this.engaged.set(t.trackNumber, (this.engaged.get(t.trackNumber) ?? 0) + 1);
          break;
        }
      }
    }
  }
}
