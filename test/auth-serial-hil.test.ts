// Authenticated control over a real pty pair: `parapet run --serial --key-file` (the firmware, provisioned
// by the runner as an MCU's boot code would) on one end, the battery on the other under the same key. The
// battery's sealed frames are taken and give the in-process pictures; a forged RESET, a forged HEARTBEAT (no
// step at its time) and a replayed frame are refused and counted; every ACK and TELEMETRY carries a tag the battery checks. The emulator runs a
// scenario end to end with the key. The counters survive a restart of the runner in its counter file. A
// key file others may read is refused.
import { afterAll, describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firmware } from '../host/firmware.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import {
  encodeFrame, encodeSensorConfig, encodeTrackerConfig, encodePlots, encodeScan, encodeHeartbeat, encodeReset, decodeTracksPart,
  decodeTelemetry, DEFAULT_TRACKER_CONFIG, MAX_PLOTS_PER_FRAME, type TrackRecord,
} from '../host/link/frames.ts';
import { linkAuth } from '../host/link/auth-key.ts';
import { generateRaid } from '../host/sim/synthetic.ts';
import { sensorConfigOf } from '../host/raid-runner.ts';
import { loadScenario } from '../host/sim/scenario.ts';
import { runLoop } from '../host/sim/loop.ts';
import { emulate } from '../host/emulator/emulate.ts';
import * as P from '../assembly/protocol.ts';
import { FarEnd, withRunner } from './serial-support.ts';
import { KEY } from './auth-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'parapet-key-'));
const keyFile = join(dir, 'battery.key');
writeFileSync(keyFile, Buffer.from(KEY).toString('hex') + '\n');
chmodSync(keyFile, 0o600);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RADAR = { id: 1, east: 0, north: 0, up: 10, sigmaRange: 30, sigmaAz: 0.001, sigmaEl: 0.002, maxRange: 100_000, pd: 0.9 };
const raid = generateRaid({ seed: 5, targets: 20, scanPeriodS: 1, scans: 12, sensors: [RADAR], pd: 0.9, clutterPerScan: 5, clutter: 'fixed' });
const sensor = sensorConfigOf(RADAR, 1, 1e-13);
const plotsOf = (s: (typeof raid.scans)[number]) => s.plots.map(({ plotId, kind, timeMs, a, b, c }) => ({ plotId, kind, timeMs, a, b, c }));

describe('authenticated serial link, hardware in the loop', () => {
  it('takes the sealed frames, refuses forged and replayed ones (no step on a forged HEARTBEAT), and tags its answers', async () => {
    const r = await withRunner(['--duration', '60', '--key-file', keyFile], async (path) => {
      const far = await FarEnd.open(path);
      const auth = linkAuth(KEY, true); // the battery's end, its counter seeded from the clock
      let seq = 0;
      const frame = (type: number, payload: Uint8Array) => encodeFrame(type, seq++ & 0xffff, payload, auth);
      const send = (f: Uint8Array) => far.write(new Uint8Array([0, ...f]));
      const sensorFrame = frame(P.FRAME_CONFIG, encodeSensorConfig(sensor));
      await send(sensorFrame);
      await send(frame(P.FRAME_CONFIG, encodeTrackerConfig(DEFAULT_TRACKER_CONFIG)));
      await send(encodeFrame(P.FRAME_CONFIG, seq++, encodeReset())); // forged: no tag
      await send(sensorFrame); // replayed
      for (const s of raid.scans) {
        const plots = plotsOf(s);
        for (let i = 0; i < plots.length; i += MAX_PLOTS_PER_FRAME) await send(frame(P.FRAME_PLOTS, encodePlots(1, plots.slice(i, i + MAX_PLOTS_PER_FRAME))));
        await send(frame(P.FRAME_SCAN, encodeScan({ sensorId: 1, start: false, end: true, scanNumber: s.scanNumber, timeMs: s.timeMs })));
        expect(await far.waitFor((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)!.timeMs === s.timeMs, 5000), `TELEMETRY at ${s.timeMs}`).not.toBeNull();
      }
      await send(encodeFrame(P.FRAME_HEARTBEAT, seq++, encodeHeartbeat(50_000))); // forged: would age the picture out
      await send(frame(P.FRAME_HEARTBEAT, encodeHeartbeat(99_000)));
      const last = (await far.waitFor((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)!.timeMs === 99_000, 5000))!;
      await far.close();
      const verdicts = far.frames.map((f) => auth.verify(f.type, f.auth));
      const acks = far.frames.filter((f) => f.type === P.FRAME_ACK);
      const pictures = new Map<number, TrackRecord[]>();
      for (const f of far.frames) {
        if (f.type !== P.FRAME_TRACKS) continue;
        const part = decodeTracksPart(f.payload)!;
        pictures.set(part.timeMs, [...(part.part === 0 ? [] : pictures.get(part.timeMs) ?? []), ...part.tracks]);
      }
      return { counters: decodeTelemetry(last.payload)!.counters, verdicts, acks, pictures, frames: far.frames };
    });
    expect(r.counters[P.STAT_AUTH_KEYED]).toBe(1);
    expect(r.counters[P.STAT_AUTH_FAILED]).toBe(2); // the RESET and the HEARTBEAT
    expect(r.frames.some((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)!.timeMs === 50_000), 'a step at the forged time').toBe(false);
    expect(r.counters[P.STAT_AUTH_REPLAYED]).toBe(1);
    expect(r.counters[P.STAT_CONFIG_REJECTED]).toBe(0);
    expect(r.acks.length).toBe(2); // the sensor and the tracker; nothing answers the refused frames
    expect(r.verdicts.every((v) => v === 'ok')).toBe(true);
    expect(r.frames.filter((f) => f.type === P.FRAME_TELEMETRY).every((f) => f.auth !== undefined)).toBe(true);
    // The pictures of an in-process firmware given the genuine frames.
    const link = new FirmwareLink(Firmware.load('host'));
    link.configureSensor(sensor);
    link.configureTracker(DEFAULT_TRACKER_CONFIG);
    for (const s of raid.scans) {
      link.sendPlots(1, plotsOf(s));
      expect(r.pictures.get(s.timeMs), `picture at ${s.timeMs}`).toEqual(link.step(s.timeMs).picture.tracks);
    }
  }, 60_000);

  it('runs a scenario end to end with the emulator under the same key: the in-process outcome', async () => {
    const sc = loadScenario('scenarios/teach-mixed-wave.json');
    const untilS = 1200;
    const r = await withRunner(['--duration', '300', '--key-file', keyFile],
      (path) => emulate(sc, { path, baud: 921600, seed: 7, speed: 0, faults: { drop: 0, flip: 0 }, untilS, key: KEY }));
    expect(r.timeouts).toBe(0);
    expect(r.refusedConfig).toEqual([]);
    expect(r.authRefused).toEqual({ unauthenticated: 0, forged: 0, replayed: 0 });
    expect(r.firmware.authKeyed).toBe(1);
    expect(r.firmware.authFailed + r.firmware.authReplayed).toBe(0);
    const { firmware: _a, ...remote } = r.run.result.summary as unknown as Record<string, unknown>;
    const { firmware: _b, ...local } = runLoop(sc, { seed: 7, untilS }).result.summary as unknown as Record<string, unknown>;
    expect(remote).toEqual(local);
    expect(r.run.result.summary.orders.fired).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the counters across a restart of the runner (--counter-file): a frame from before it is a replay', async () => {
    const counterFile = join(dir, 'counters.json');
    const auth = linkAuth(KEY, true);
    let seq = 0;
    const frame = (type: number, payload: Uint8Array) => encodeFrame(type, seq++ & 0xffff, payload, auth);
    const session = (fn: (far: FarEnd, send: (f: Uint8Array) => Promise<void>) => Promise<number[]>) =>
      withRunner(['--duration', '60', '--key-file', keyFile, '--counter-file', counterFile], async (path) => {
        const far = await FarEnd.open(path);
        const r = await fn(far, (f) => far.write(new Uint8Array([0, ...f])));
        expect(far.frames.every((f) => auth.verify(f.type, f.auth) === 'ok'), 'every answer authentic and fresh').toBe(true);
        await far.close();
        return r;
      });
    const telemetryAt = async (far: FarEnd, t: number) =>
      decodeTelemetry((await far.waitFor((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)!.timeMs === t, 5000))!.payload)!.counters;
    const recorded = frame(P.FRAME_CONFIG, encodeSensorConfig(sensor));
    const first = await session(async (far, send) => {
      await send(recorded);
      await send(frame(P.FRAME_HEARTBEAT, encodeHeartbeat(1000)));
      return telemetryAt(far, 1000);
    });
    expect(first[P.STAT_AUTH_COUNTER_IN]).toBeGreaterThan(0);
    const second = await session(async (far, send) => {
      await send(recorded); // recorded on the line in the first session
      await send(frame(P.FRAME_HEARTBEAT, encodeHeartbeat(2000)));
      return telemetryAt(far, 2000);
    });
    expect(second[P.STAT_AUTH_REPLAYED]).toBe(1);
    expect(second[P.STAT_AUTH_FAILED]).toBe(0);
    expect(second[P.STAT_AUTH_COUNTER_OUT]).toBeGreaterThan(first[P.STAT_AUTH_COUNTER_OUT] + 2 ** 20 - 1);
  }, 60_000);

  it('refuses a key file that others may read', () => {
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, Buffer.from(KEY).toString('hex'));
    chmodSync(loose, 0o644);
    const p = spawnSync(process.execPath, ['bin/parapet.mjs', 'run', '--serial', join(dir, 'none'), '--key-file', loose, '--duration', '1'],
      { encoding: 'utf8', timeout: 30_000 });
    expect(p.status).not.toBe(0);
    expect(p.stderr).toMatch(/chmod 600/);
  });
});
