// Hardware in the loop over a real pty pair: `parapet run --serial` on one end, the test playing the
// battery on the other. Without faults the track pictures equal an in-process run on the same frames;
// with byte drops and bit flips, corrupt frames are counted, the link resynchronises at the next frame,
// and every frame that arrived intact is taken.
import { beforeAll, describe, it, expect } from 'vitest';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import {
  encodeFrame, encodeSensorConfig, encodeTrackerConfig, encodePlots, encodeScan, encodeHeartbeat, decodeTracksPart, decodeTelemetry,
  DEFAULT_TRACKER_CONFIG, MAX_PLOTS_PER_FRAME, type TrackRecord,
} from '../host/link/frames.ts';
import { generateRaid } from '../host/sim/synthetic.ts';
import { sensorConfigOf } from '../host/raid-runner.ts';
import { FaultyLine } from '../host/emulator/faults.ts';
import * as P from '../assembly/protocol.ts';
import { ptyPair, FarEnd, startRunner } from './serial-support.ts';

const RADAR = { id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange: 100_000, pd: 0.9 };
let raid: ReturnType<typeof generateRaid>;
beforeAll(() => { raid = generateRaid({ seed: 3, targets: 40, scanPeriodS: 1, scans: 20, sensors: [RADAR], pd: 0.9, clutterPerScan: 10, clutter: 'fixed' }); });
const sensor = sensorConfigOf(RADAR, 1, 1e-13);

/** Every frame the battery sends, in order, grouped by scan; seq numbers run on. */
function batteryFrames(): { config: Uint8Array[]; scans: { t: number; frames: Uint8Array[] }[] } {
  let seq = 0;
  const frame = (type: number, payload: Uint8Array) => encodeFrame(type, seq++ & 0xffff, payload);
  const config = [frame(P.FRAME_CONFIG, encodeSensorConfig(sensor)), frame(P.FRAME_CONFIG, encodeTrackerConfig(DEFAULT_TRACKER_CONFIG))];
  const scans = raid.scans.map((s) => {
    const plots = s.plots.map(({ plotId, kind, timeMs, a, b, c }) => ({ plotId, kind, timeMs, a, b, c }));
    const frames: Uint8Array[] = [];
    for (let i = 0; i < plots.length; i += MAX_PLOTS_PER_FRAME) frames.push(frame(P.FRAME_PLOTS, encodePlots(1, plots.slice(i, i + MAX_PLOTS_PER_FRAME))));
    frames.push(frame(P.FRAME_SCAN, encodeScan({ sensorId: 1, start: false, end: true, scanNumber: s.scanNumber, timeMs: s.timeMs })));
    return { t: s.timeMs, frames };
  });
  return { config, scans };
}

/** The same frames through an in-process firmware: the pictures a faultless line must reproduce. */
function inProcess(): Map<number, TrackRecord[]> {
  const link = new FirmwareLink(Firmware.load('host'));
  link.configureSensor(sensor);
  link.configureTracker(DEFAULT_TRACKER_CONFIG);
  const pictures = new Map<number, TrackRecord[]>();
  for (const s of raid.scans) {
    link.sendPlots(1, s.plots.map(({ plotId, kind, timeMs, a, b, c }) => ({ plotId, kind, timeMs, a, b, c })));
    pictures.set(s.timeMs, link.step(s.timeMs).picture.tracks);
  }
  return pictures;
}

async function session(faults: { drop: number; flip: number }) {
  const pty = await ptyPair();
  const { proc: runner } = await startRunner(pty.a, ['--duration', '60', '--json']);
  try {
    const far = await FarEnd.open(pty.b);
    const line = new FaultyLine(faults, 'hil');
    const { config, scans } = batteryFrames();
    let sent = 0, intact = 0;
    /** Sends one frame through the faulty line; true when it arrived intact (the firmware takes it). */
    const send = async (frame: Uint8Array): Promise<boolean> => {
      // A lone 0x00 before each frame: whatever a fault left half-received is closed off here.
      const unit = new Uint8Array([0, ...frame]);
      const arrived = line.apply(unit);
      sent++;
      const ok = arrived.length === unit.length && arrived.every((b, i) => b === unit[i]);
      if (ok) intact++;
      await far.write(arrived);
      return ok;
    };
    // Each step waits for the answer that must come, bounded; a frame the line damaged gets none, so
    // nothing is waited for after it.
    let acks = 0;
    for (const f of config) if (await send(f)) acks++;
    if (acks) expect(await far.waitFor((f) => f.type === P.FRAME_ACK, 5000), 'ACK of the configuration').not.toBeNull();
    for (const s of scans) {
      let stepped = false;
      for (const f of s.frames) stepped = await send(f); // the last one is the SCAN frame that ends the scan
      if (!stepped) continue;
      const telemetry = await far.waitFor((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)!.timeMs === s.t, 5000);
      expect(telemetry, `TELEMETRY of the scan at ${s.t} ms`).not.toBeNull();
    }
    // A last HEARTBEAT sent clean makes the firmware step once more: its telemetry has seen every frame.
    await far.write(new Uint8Array([0, ...encodeFrame(P.FRAME_HEARTBEAT, 0xfff0, encodeHeartbeat(99_000))]));
    const last = (await far.waitFor((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)!.timeMs === 99_000, 5000))!;
    const counters = decodeTelemetry(last.payload)!.counters;
    const pictures = new Map<number, TrackRecord[]>();
    for (const f of far.frames) {
      if (f.type !== P.FRAME_TRACKS) continue;
      const part = decodeTracksPart(f.payload)!;
      pictures.set(part.timeMs, [...(part.part === 0 ? [] : pictures.get(part.timeMs) ?? []), ...part.tracks]);
    }
    await far.close();
    return { pictures, counters, sent, intact, line };
  } finally {
    runner.kill('SIGTERM');
    await new Promise((r) => runner.once('exit', r));
    pty.stop();
  }
}

describe('serial link, hardware in the loop', () => {
  it('without faults: the same track pictures as in process', async () => {
    const { pictures, counters, sent } = await session({ drop: 0, flip: 0 });
    const expected = inProcess();
    expect([...pictures.keys()]).toEqual([...expected.keys(), 99_000]); // the scans, then the final heartbeat
    for (const [t, tracks] of expected) expect(pictures.get(t)).toEqual(tracks);
    expect(counters[P.STAT_FRAMES_OK]).toBe(sent + 1);
    expect(counters[P.STAT_CRC_ERRORS] + counters[P.STAT_FRAMING_ERRORS]).toBe(0);
  }, 60_000);

  it('with drops and bit flips: corrupt frames counted, every intact frame taken', async () => {
    const { counters, sent, intact, line } = await session({ drop: 0.0005, flip: 0.0002 });
    expect(line.dropped + line.flipped).toBeGreaterThan(0);
    expect(intact).toBeLessThan(sent);
    // Every intact frame, and the final heartbeat, was taken; nothing else was.
    expect(counters[P.STAT_FRAMES_OK]).toBe(intact + 1);
    expect(counters[P.STAT_CRC_ERRORS] + counters[P.STAT_FRAMING_ERRORS] + counters[P.STAT_BAD_FRAMES]).toBeGreaterThan(0);
  }, 60_000);
});
