// A small scripted battery for TEWA tests: targets flying constant velocity, measured exactly enough
// (Cartesian plots, σ 5 m, Pd 1) that what is tested is the threat evaluation and assignment.
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink, type StepOutput } from '../host/link/firmware-link.ts';
import { DEFAULT_TRACKER_CONFIG } from '../host/link/frames.ts';
import {
  DEFAULT_DOCTRINE, type AssetConfig, type DoctrineConfig, type FireUnitConfig, type FireOrder,
} from '../host/link/tewa-frames.ts';

export interface Target { id: number; x: number; y: number; z: number; vx: number; vy: number; vz: number }

export function unit(over: Partial<FireUnitConfig> & { id: number }): FireUnitConfig {
  return {
    kind: 'short-range-sam', east: 0, north: 0, up: 0, minRange: 300, maxRange: 15_000, minAlt: 0, maxAlt: 6000,
    maxTargetSpeed: 1200, interceptorSpeed: 600, reactionS: 2, channels: 4, readyRounds: 8, magazine: 0, reloadS: 60,
    pk: { unknown: 0.5, drone: 0.7, cruise: 0.6, ballistic: 0.1 }, costPerRound: 100, ...over,
  };
}

export class ScriptedBattery {
  readonly fw: Firmware;
  readonly link: FirmwareLink;
  readonly targets: Target[];
  readonly orders: { timeMs: number; order: FireOrder }[] = [];
  readonly outputs: StepOutput[] = [];
  private plotId = 1;
  /** Track number -> target id, from the plots that updated it (the firmware never sees target ids). */
  readonly trackTarget = new Map<number, number>();
  private readonly plotTarget = new Map<number, number>();

  constructor(assets: AssetConfig[], units: FireUnitConfig[], doctrine: Partial<DoctrineConfig>, targets: Target[], board = 'host') {
    this.fw = Firmware.load(board);
    this.link = new FirmwareLink(this.fw);
    this.link.configureSensor({ id: 1, east: 0, north: 0, up: 0, sigmaRange: 5, sigmaAz: 0.001, sigmaEl: 0.001, sigmaCart: 5,
      maxRange: 500_000, pd: 1, falseDensity: 1e-15, scanPeriodS: 1 });
    this.link.configureTracker({ ...DEFAULT_TRACKER_CONFIG, maxSpeed: 2500, accelSigma: 5 });
    for (const a of assets) this.link.configureAsset(a);
    for (const u of units) this.link.configureFireUnit(u);
    this.link.configureDoctrine({ ...DEFAULT_DOCTRINE, ...doctrine });
    this.targets = targets.map((t) => ({ ...t }));
  }

  /** Advances the targets to tMs, sends one plot per live target, steps, records orders. */
  step(tMs: number, dtS = 1): StepOutput {
    const plots = [];
    for (const t of this.targets) {
      t.x += t.vx * dtS; t.y += t.vy * dtS; t.z += t.vz * dtS;
      if (t.z < 0) continue; // impacted
      const id = this.plotId++;
      this.plotTarget.set(id, t.id);
      plots.push({ plotId: id, kind: 'cartesian' as const, timeMs: tMs, a: t.x, b: t.y, c: t.z });
    }
    this.link.sendPlots(1, plots);
    const out = this.link.step(tMs);
    for (const tr of out.picture.tracks) {
      const target = this.plotTarget.get(tr.lastPlotId);
      if (target !== undefined) this.trackTarget.set(tr.trackNumber, target);
    }
    for (const order of out.orders) this.orders.push({ timeMs: tMs, order });
    this.outputs.push(out);
    return out;
  }

  kill(target: number): void {
    this.targets.splice(this.targets.findIndex((t) => t.id === target), 1);
  }

  ordersOn(target: number): FireOrder[] {
    return this.orders.filter(({ order }) => this.trackTarget.get(order.trackNumber) === target).map(({ order }) => order);
  }
}
