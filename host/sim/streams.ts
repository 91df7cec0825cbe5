// One seeded generator for a simulation run, with an independent named stream per subsystem and per
// thing inside it. Every stream is an Rng.fork of the run's root, i.e. a function of the seed and its
// name only (rng.ts), so:
//  - adding a wave does not move any other wave's threats;
//  - a radar's detections do not depend on how many other radars, targets or clutter plots there are;
//  - an engagement's outcome does not depend on which other engagements were resolved before it.
import { Rng } from './rng.ts';

export class SimStreams {
  private readonly root: Rng;
  private readonly threatRoot: Rng;
  private readonly radarRoot: Rng;
  private readonly clutterRoot: Rng;
  private readonly effectsRoot: Rng;

  constructor(readonly seed: number) {
    this.root = new Rng(seed);
    this.threatRoot = this.root.fork('threats');
    this.radarRoot = this.root.fork('radar');
    this.clutterRoot = this.root.fork('clutter');
    this.effectsRoot = this.root.fork('effects');
  }

  /** The draws that make threat `index` of wave `waveId` (its launch, route, speed, aim...). */
  threat(waveId: string, index: number): Rng {
    return this.threatRoot.fork(waveId).fork(index);
  }

  /** Detection and measurement noise of one target in one scan of one radar. */
  detection(radarId: number, scan: number, threatId: number): Rng {
    return this.radarRoot.fork(radarId).fork(scan).fork(threatId);
  }

  /** False plots of one scan of one radar. */
  clutter(radarId: number, scan: number): Rng {
    return this.clutterRoot.fork(radarId).fork(scan);
  }

  /** The kill draw of one engagement, by its id. */
  engagement(engagementId: string): Rng {
    return this.effectsRoot.fork(engagementId);
  }
}
