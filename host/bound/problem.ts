// The offline omniscient engagement problem of one run, as the bound's model sees it: the battery's fire
// units, the assets and the world's damage rule, and every threat's true flight from launch to impact.
// It is built from a run directory (run-input.ts) or directly by a test. Nothing here knows HiGHS.
import type { TargetState } from '../sim/synthetic.ts';
import type { Asset, Doctrine, EastNorth, FireUnit, LethalClass, ThreatClass } from '../sim/scenario.ts';

/** A threat's ground truth over its whole flight (also after the moment a run killed it). */
export interface BoundThreat {
  id: number;
  class: ThreatClass;
  decoy: boolean;
  launchTimeS: number;
  impactTimeS: number;
  impactPoint: EastNorth;
  /** True state at time t, launch ≤ t ≤ impact (threats.ts's Threat.stateAt). */
  stateAt(tS: number): TargetState;
}

/** An engagement the world accepted in the run (orders.jsonl): always an opportunity of the model. */
export interface RunEngagement {
  unitId: string;
  threatId: number;
  orderS: number;
  interceptS: number;
}

export interface BoundProblem {
  units: readonly FireUnit[];
  assets: readonly Asset[];
  lethality: Record<LethalClass, number>;
  doctrine: Doctrine;
  /** The world's step: fire orders are given at multiples of it. */
  stepS: number;
  /** Last simulated time of the run: no order after it, and only impacts up to it count. */
  endS: number;
  threats: readonly BoundThreat[];
  runEngagements?: readonly RunEngagement[];
  /**
   * When set, a threat is an opportunity only from the time of its first plot given to fire control (and
   * never if it has none): an order names a track, and the battery maps a track to the threat of its
   * last plot, so no fire control in the closed loop can engage a threat before a plot of it.
   */
  firstPlotS?: ReadonlyMap<number, number>;
}

/** What the run itself did, for the gap. */
export interface RunFigures {
  dir: string;
  scenario: string;
  seed: number;
  doctrine: string;
  valueLost: number;
  undefended: number;
  interceptorCost: number;
  rounds: number;
}
