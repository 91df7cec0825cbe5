// The wire ABI against a hostile line (fast-check): frames of every type and CONFIG section built with the
// host's encoders and then given hostile contents (test/fuzz-support.ts) — CRC and COBS valid — plus frames
// broken on the wire and raw garbage, on every board. A campaign is a fixed number of runs from a fixed seed
// (fast-check prints the seed and the shrunk counterexample on a failure; PARAPET_FUZZ_SEED and
// PARAPET_FUZZ_RUNS_SCALE change them). Each run starts with the earlier hardening regressions as examples
// (test/hardening-replay.ts), then random runs. Properties:
//   - the firmware never traps, and step() returns a complete output (TRACKS and TELEMETRY) for a finite
//     time and −1 for any other;
//   - the heap top (stat 18) never moves;
//   - every frame shows in exactly one of the frame counters, a broken one never in framesOk; a refused
//     CONFIG in configRejected (with one ACK per CONFIG frame); every plot record in plotsIn or
//     plotsUnknownSensor, an invalid one in plotsInvalid; every KILL in killsReported or killUnknown;
//   - a step's coarse-gate work stays within its bound (test/fuzz-soak-support.ts gateBound);
//   - after init() a clean workload's output bytes equal a fresh instance's.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import * as P from '../assembly/protocol.ts';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { Deframer } from '../host/link/deframer.ts';
import { DEFAULT_TRACKER_CONFIG, decodeAck } from '../host/link/frames.ts';
import { unit } from './tewa-support.ts';
import { SENSOR, type Line } from './hardening-support.ts';
import { CITY, HOSTILE, clean } from './hardening-replay.ts';
import { gateBound } from './fuzz-soak-support.ts';
import { campaign, garbage, hostileFrame, hostilePlots, hostileTime, invalidPlots, type WireFrame } from './fuzz-support.ts';

type Action =
  | { kind: 'frame'; frame: WireFrame & { plots?: number } }
  | { kind: 'garbage'; bytes: Uint8Array; chunk: number };
interface Scan { actions: Action[]; timeMs: number }
type Run = { replay: number } | { prelude: boolean; scans: Scan[] };

const action = (tMs: number): fc.Arbitrary<Action> => fc.oneof(
  { weight: 4, arbitrary: hostileFrame.map((frame): Action => ({ kind: 'frame', frame })) },
  { weight: 4, arbitrary: hostilePlots(tMs).map((frame): Action => ({ kind: 'frame', frame })) },
  { weight: 1, arbitrary: fc.record({ bytes: garbage, chunk: fc.integer({ min: 1, max: 2048 }) }).map((g): Action => ({ kind: 'garbage', ...g })) },
);
const scanAt = (k: number): fc.Arbitrary<Scan> => fc.record({ actions: fc.array(action(k * 1000), { minLength: 0, maxLength: 5 }), timeMs: hostileTime(k * 1000) });
const randomRun: fc.Arbitrary<Run> = fc.record({
  prelude: fc.boolean(),
  scans: fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => scanAt(k + 1)))),
});
const run: fc.Arbitrary<Run> = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 0, max: HOSTILE.length - 1 }).map((replay): Run => ({ replay })) },
  { weight: 12, arbitrary: randomRun },
);

const counters = (fw: Firmware, ids: number[]) => ids.map((id) => fw.stat(id));
const FRAME_COUNTERS = [P.STAT_FRAMES_OK, P.STAT_CRC_ERRORS, P.STAT_FRAMING_ERRORS, P.STAT_BAD_FRAMES];

/** A configured battery: one sensor, the tracker, an asset, a fire unit, and 3 scans of 4 targets. */
function prelude(l: Line): void {
  l.link.configureSensor(SENSOR);
  l.link.configureTracker(DEFAULT_TRACKER_CONFIG);
  l.link.configureAsset(CITY);
  l.link.configureFireUnit(unit({ id: 10 }));
  for (let k = 1; k <= 3; k++) {
    l.link.sendPlots(SENSOR.id, Array.from({ length: 4 }, (_, i) => ({ plotId: 100 + i, kind: 'cartesian' as const, timeMs: k * 1000 - 3000,
      a: 3000 * (i - 2), b: 14_000 - 60 * k, c: 800 + 100 * i })));
    l.link.step(k * 1000 - 3000);
  }
}

/** What a campaign sent and how the firmware answered, printed at its end. */
const tally = { frames: 0, broken: 0, configOk: 0, configRefused: 0, plots: 0, plotsInvalid: 0, badFrames: 0, steps: 0, tracks: 0, orders: 0 };

/** Sends one frame; checks the counters it must move. */
function sendFrame(fw: Firmware, f: WireFrame & { plots?: number }): void {
  tally.frames++;
  if (f.broken !== 'none') tally.broken++;
  const S = (id: number) => fw.stat(id);
  const before = counters(fw, FRAME_COUNTERS);
  const rejected = S(P.STAT_CONFIG_REJECTED), plotsIn = S(P.STAT_PLOTS_IN), unknown = S(P.STAT_PLOTS_UNKNOWN_SENSOR);
  const invalid = S(P.STAT_PLOTS_INVALID), kills = S(P.STAT_KILLS_REPORTED) + S(P.STAT_KILL_UNKNOWN);
  const out = fw.ingest(f.bytes);
  const d = counters(fw, FRAME_COUNTERS).map((x, i) => x - before[i]);
  const [ok, crc, framing, bad] = d;
  // Exactly one counter per frame (the flush before it is no frame).
  expect(ok + crc + framing + bad, `${f.what}: one frame counter`).toBe(1);
  if (f.broken !== 'none') expect(ok, `${f.what} broken (${f.broken}) but accepted`).toBe(0);
  if (f.broken === 'version' || f.broken === 'type') expect(bad, f.what).toBe(1);
  if (f.broken === 'oversize') expect(framing, f.what).toBe(1);
  const acks = new Deframer().push(out).filter((x) => x.type === P.FRAME_ACK).map((x) => decodeAck(x.payload)!);
  if (f.broken === 'none' && f.type === P.FRAME_CONFIG) {
    expect(ok, `${f.what}: a CONFIG frame is always answered`).toBe(1);
    expect(acks.length, f.what).toBe(1);
    expect(S(P.STAT_CONFIG_REJECTED) - rejected, `${f.what}: ACK status ${acks[0].status}`).toBe(acks[0].status === P.ACK_OK ? 0 : 1);
    if (acks[0].status === P.ACK_OK) tally.configOk++; else tally.configRefused++;
  } else {
    expect(acks.length, f.what).toBe(0);
    expect(S(P.STAT_CONFIG_REJECTED), f.what).toBe(rejected);
  }
  if (f.broken === 'none' && f.type === P.FRAME_PLOTS) {
    const n = f.payload.length >= 4 ? new DataView(f.payload.buffer, f.payload.byteOffset).getUint16(2, true) : -1;
    const lengthOk = f.payload.length === P.PLOTS_HEADER_BYTES + P.PLOT_RECORD_BYTES * n;
    expect(ok, `${f.what}: accepted iff its count matches its length`).toBe(lengthOk ? 1 : 0);
    const din = S(P.STAT_PLOTS_IN) - plotsIn, dunk = S(P.STAT_PLOTS_UNKNOWN_SENSOR) - unknown;
    expect(din + dunk, `${f.what}: every record counted`).toBe(lengthOk ? n : 0);
    expect(S(P.STAT_PLOTS_INVALID) - invalid, `${f.what}: invalid records`).toBe(din > 0 ? invalidPlots(f.payload) : 0);
    tally.plots += din; tally.plotsInvalid += S(P.STAT_PLOTS_INVALID) - invalid;
  }
  tally.badFrames += bad;
  if (f.broken === 'none' && f.type === P.FRAME_KILL) {
    expect(S(P.STAT_KILLS_REPORTED) + S(P.STAT_KILL_UNKNOWN) - kills, f.what).toBe(ok);
    expect(ok, `${f.what}: a KILL is accepted iff it has 20 bytes`).toBe(f.payload.length === P.KILL_BYTES ? 1 : 0);
  }
}

function stepAt(l: Line, timeMs: number): void {
  const work0 = l.fw.stat(P.STAT_GATE_WORK);
  if (Number.isFinite(timeMs)) {
    const out = l.link.step(timeMs); // throws on an incomplete output
    expect(out.telemetry.counters.length).toBe(P.STAT_COUNT);
    tally.steps++; tally.tracks += out.picture.tracks.length; tally.orders += out.orders.length;
  } else {
    expect(l.fw.exports.step(timeMs)).toBe(-1);
  }
  // A batch's bound (one per sensor and time; these runs have one sensor and few times): far from reached here.
  const bound = gateBound(l.fw.stat(P.STAT_CAP_TRACKS), l.fw.stat(P.STAT_CAP_PLOTS));
  expect(l.fw.stat(P.STAT_GATE_WORK) - work0).toBeLessThanOrEqual(bound);
}

// Each board its own seed (the campaign's seed + the board's index): four different campaigns.
const BOARD_RUNS: [string, number, number][] = [['host', 800, 0], ['stm32h7', 800, 1], ['esp32s3', 800, 2], ['rp2040', 800, 3]];

describe.each(BOARD_RUNS)('hostile wire campaign on board %s', (board, runs, offset) => {
  let fw: Firmware;
  let fresh: string;
  let heapTop: number;
  beforeAll(() => {
    fresh = clean(Firmware.load(board));
    fw = Firmware.load(board);
    heapTop = fw.stat(P.STAT_HEAP_TOP);
  });

  const { seed: base, numRuns } = campaign(runs);
  const seed = base + offset;
  it(`${numRuns} runs: no trap, constant heap, every bad input counted, init() gives a fresh firmware`, () => {
    for (const k of Object.keys(tally) as (keyof typeof tally)[]) tally[k] = 0;
    const examples: [Run][] = HOSTILE.map((_, replay) => [{ replay }]);
    let runsDone = 0;
    fc.assert(fc.property(run, (r) => {
      fw.init();
      const l: Line = { fw, link: new FirmwareLink(fw) };
      if ('replay' in r) {
        l.link.configureSensor(SENSOR);
        l.link.configureTracker(DEFAULT_TRACKER_CONFIG);
        HOSTILE[r.replay][1](l);
      } else {
        if (r.prelude) prelude(l);
        for (const scan of r.scans) {
          for (const a of scan.actions) {
            if (a.kind === 'frame') sendFrame(fw, a.frame);
            else {
              const bytesIn = fw.stat(P.STAT_BYTES_IN);
              for (let o = 0; o < a.bytes.length; o += a.chunk) fw.ingest(a.bytes.subarray(o, o + a.chunk));
              fw.ingest(Uint8Array.of(0)); // ends whatever the garbage left open
              expect(fw.stat(P.STAT_BYTES_IN) - bytesIn).toBe(a.bytes.length + 1);
            }
            expect(fw.stat(P.STAT_HEAP_TOP)).toBe(heapTop);
          }
          stepAt(l, scan.timeMs);
          expect(fw.stat(P.STAT_HEAP_TOP)).toBe(heapTop);
        }
      }
      expect(fw.reinstantiations, 'the firmware trapped').toBe(0);
      fw.init();
      expect(fw.stat(P.STAT_HEAP_TOP)).toBe(heapTop);
      expect(clean(fw), 'after init(), a clean workload as on a fresh instance').toBe(fresh);
      runsDone++;
    }), { seed, numRuns, examples, endOnFailure: true });
    console.log(`wire campaign ${board}: seed ${seed}, ${runsDone} runs (${HOSTILE.length} replays first); ${JSON.stringify(tally)}`);
  });
});
