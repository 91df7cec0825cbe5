// The figures of one closed-loop run, all taken from the world's ground truth (threats, engagements, kill
// assessments, impacts) and the battery's record of what was fired, never from what fire control believed.
// Definitions (docs/simulate.md):
//  - launched: threats whose launch time is within the run; detected: had at least one plot; engaged: at
//    least one engagement the world accepted; intercepted: killed by the world; leaked: reached its aim
//    point; alive: launched and neither (launched = intercepted + leaked + alive). A plot counts only if
//    the firmware was given it (within the radar's configured coverage).
//  - damage: value lost per asset kind and per threat class; undefended = what the same threats would have destroyed with no
//    defence (every warhead's impact, in time order, through the world's damage rule); saved = undefended −
//    lost.
//  - cost-exchange ratio = interceptor cost spent ÷ value saved (lower is better; null when nothing was saved).
//    The ratio to the cost of the threats destroyed needs threat costs, which the scenario format does not
//    have: it is reported as null.
//  - track quality: host/metrics/quality.ts against the world's truth at every firmware step.
import { trackQuality, type QualityInput } from '../metrics/quality.ts';
import { DamageLedger } from './effects.ts';
import type { Refusal, Shot } from './loop-battery.ts';
import type { Scenario, ThreatClass } from './scenario.ts';
import type { World } from './world.ts';
import { THREAT_CLASSES } from './scenario-schema.ts';

/** GOSPA cut-off: above the cross-range error of a 10 s surveillance radar's track at 100 km (0.3° ≈ 520 m). */
export const GOSPA_C_M = 1000;
/** A track covering no truth for this many consecutive firmware steps is false. */
export const FALSE_TRACK_STEPS = 5;

export interface ClassFigures { launched: number; detected: number; engaged: number; intercepted: number; leaked: number; alive: number }
export interface SpendFigures { rounds: number; cost: number; engagements: number; phantomRounds: number }

export interface RunSummary {
  scenario: string;
  seed: number;
  doctrine: string;
  board: string;
  simulatedS: number;
  threats: Record<ThreatClass | 'all', ClassFigures>;
  damage: { undefended: number; lost: number; saved: number; byAssetKind: Record<string, number>; byThreatClass: Record<ThreatClass, number> };
  spend: { byUnitKind: Record<string, SpendFigures>; total: SpendFigures };
  orders: { issued: number; fired: number; phantom: number; refused: number; refusedBy: Partial<Record<Refusal, number>> };
  costExchange: { costSpent: number; valueSaved: number; costPerValueSaved: number | null; threatCostDestroyed: null; costPerThreatCost: null };
  tracking: {
    gospaMeanM: number; localisationMeanM2: number; missedMeanM2: number; falseMeanM2: number; coverage: number;
    latencyMsMean: number; latencyScansMean: number; falseTracks: number; trackBreaks: number; idSwaps: number; purity: number;
  };
  firmware: { steps: number; plots: number; plotsBeyondCoverage: number; tracksCreated: number; plotsDropped: number; tracksDropped: number; orders: number };
}

export interface SummaryInput {
  scenario: Scenario;
  seed: number;
  doctrine: string;
  board: string;
  endS: number;
  world: World;
  shots: readonly Shot[];
  issued: number;
  refusals: readonly { reason: Refusal }[];
  killedIds: ReadonlySet<number>;
  impactIds: ReadonlySet<number>;
  quality: QualityInput;
  firmware: Record<string, number>;
  plotsBeyondCoverage: number;
}

const zeroClass = (): ClassFigures => ({ launched: 0, detected: 0, engaged: 0, intercepted: 0, leaked: 0, alive: 0 });
const zeroSpend = (): SpendFigures => ({ rounds: 0, cost: 0, engagements: 0, phantomRounds: 0 });

/** Damage with no defence: every warhead that would impact by endS, in time order, through a fresh ledger. */
export function undefendedDamage(sc: Scenario, world: World, endS: number): number {
  const ledger = new DamageLedger(sc.assets, sc.lethality);
  const hits = world.threats.filter((t) => t.impactTimeS <= endS).sort((a, b) => a.impactTimeS - b.impactTimeS || a.id - b.id);
  for (const t of hits) ledger.impact(t.id, t.class, t.impactPoint, t.impactTimeS);
  return ledger.totalLost;
}

export function summarise(x: SummaryInput): RunSummary {
  const { scenario: sc, world } = x;
  const threats = Object.fromEntries([...THREAT_CLASSES, 'all'].map((c) => [c, zeroClass()])) as RunSummary['threats'];
  const engagedIds = new Set(x.shots.filter((s) => s.worldId !== null).map((s) => s.threatId));
  const detected = x.quality.firstDetectionMs as ReadonlyMap<number, number>;
  for (const t of world.threats) {
    if (t.launchTimeS > x.endS) continue;
    const add = (f: ClassFigures): void => {
      f.launched++;
      if (detected.has(t.id)) f.detected++;
      if (engagedIds.has(t.id)) f.engaged++;
      if (x.killedIds.has(t.id)) f.intercepted++;
      else if (x.impactIds.has(t.id)) f.leaked++;
      else f.alive++;
    };
    add(threats[t.class]);
    add(threats.all);
  }

  const kindOf = new Map(sc.assets.map((a) => [a.id, a.kind]));
  // Every kind present in the scenario has an entry, zero when untouched or unused.
  const byAssetKind: Record<string, number> = Object.fromEntries(sc.assets.map((a) => [a.kind, 0]));
  for (const e of world.damage.events) byAssetKind[kindOf.get(e.assetId)!] += e.valueLost;
  const byThreatClass = Object.fromEntries(THREAT_CLASSES.map((c) => [c, 0])) as Record<ThreatClass, number>;
  for (const e of world.damage.events) byThreatClass[world.threat(e.threatId)!.class] += e.valueLost;
  const lost = world.damage.totalLost;
  const undefended = undefendedDamage(sc, world, x.endS);

  const unitKind = new Map(sc.fireUnits.map((u) => [u.id, u.kind]));
  const byUnitKind: Record<string, SpendFigures> = Object.fromEntries(sc.fireUnits.map((u) => [u.kind, zeroSpend()]));
  const total = zeroSpend();
  for (const s of x.shots) {
    const kind = unitKind.get(s.unitId)!;
    for (const f of [byUnitKind[kind], total]) {
      f.rounds += s.rounds;
      f.cost += s.cost;
      f.engagements++;
      if (s.worldId === null) f.phantomRounds += s.rounds;
    }
  }
  const refusedBy: RunSummary['orders']['refusedBy'] = {};
  for (const r of x.refusals) refusedBy[r.reason] = (refusedBy[r.reason] ?? 0) + 1;

  const q = trackQuality(x.quality, { c: GOSPA_C_M, p: 2, falseTrackSteps: FALSE_TRACK_STEPS });
  const saved = undefended - lost;
  return {
    scenario: sc.name,
    seed: x.seed,
    doctrine: x.doctrine,
    board: x.board,
    simulatedS: x.endS,
    threats,
    damage: { undefended, lost, saved, byAssetKind: sortKeys(byAssetKind), byThreatClass },
    spend: { byUnitKind: sortKeys(byUnitKind), total },
    orders: {
      issued: x.issued,
      fired: x.shots.filter((s) => s.worldId !== null).length,
      phantom: x.shots.filter((s) => s.worldId === null).length,
      refused: x.refusals.length,
      refusedBy: sortKeys(refusedBy),
    },
    costExchange: {
      costSpent: total.cost,
      valueSaved: saved,
      costPerValueSaved: saved > 0 ? total.cost / saved : null,
      threatCostDestroyed: null,
      costPerThreatCost: null,
    },
    tracking: {
      gospaMeanM: Math.sqrt(q.gospaMean),
      localisationMeanM2: q.localisationMean,
      missedMeanM2: q.missedMean,
      falseMeanM2: q.falseMean,
      coverage: q.coverage,
      latencyMsMean: q.latencyMsMean,
      latencyScansMean: q.latencyStepsMean,
      falseTracks: q.falseTracks,
      trackBreaks: q.trackBreaks,
      idSwaps: q.idSwaps,
      purity: q.purity?.mean ?? NaN,
    },
    firmware: {
      steps: x.firmware.steps ?? 0,
      plots: x.firmware.plotsIn ?? 0,
      plotsBeyondCoverage: x.plotsBeyondCoverage,
      tracksCreated: x.firmware.tracksCreated ?? 0,
      plotsDropped: x.firmware.plotsDropped ?? 0,
      tracksDropped: x.firmware.tracksDropped ?? 0,
      orders: x.firmware.orders ?? 0,
    },
  };
}

/** Keys in a fixed order, so the summary's bytes do not depend on the order things happened in. */
function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
