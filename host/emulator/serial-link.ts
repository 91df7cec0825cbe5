// Fire control at the far end of a serial line, seen from the battery: the same frames the in-process
// loop gives the firmware, written to the port (through a possibly faulty line), and each cycle's
// TRACKS / THREATS / ORDER / TELEMETRY read back. A cycle is requested with a SCAN frame carrying the
// end-of-scan flag; its TELEMETRY frame closes the answer. With a LinkAuth (docs/security.md) CONFIG,
// EFFECTOR, KILL and SCAN carry the trailer, and only ORDER, ACK and TELEMETRY frames with a valid tag and a
// fresh counter are taken: the others are counted (authRefused) and dropped as they arrive.
import { existsSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import * as P from '../../assembly/protocol.ts';
import { STAT_NAMES } from '../firmware.ts';
import { Deframer } from '../link/deframer.ts';
import type { StepOutput } from '../link/firmware-link.ts';
import {
  encodeFrame, encodeSensorConfig, encodeTrackerConfig, encodePlots, encodeScan, decodeAck, decodeTracksPart, decodeTelemetry,
  TrackPictureAssembler, MAX_PLOTS_PER_FRAME, type DecodedFrame, type Plot, type SensorConfig, type TrackerConfig,
} from '../link/frames.ts';
import {
  encodeAssetConfig, encodeFireUnitConfig, encodeDoctrineConfig, encodeLethalityConfig, encodeEffector, encodeKill,
  decodeOrders, decodeThreatsPart, type AssetConfig, type FireUnitConfig, type DoctrineConfig, type Lethality,
  type KillAssessment, type EffectorStatus, type FireOrder, type ThreatRecord,
} from '../link/tewa-frames.ts';
import type { FireControlLink } from '../sim/loop.ts';
import { encodeLookaheadConfig, encodeForecast, encodeForecastAims, encodeReserve, type LookaheadConfig, type ForecastGroup, type ReserveRule } from '../link/lookahead-frames.ts';
import type { FaultyLine } from './faults.ts';
import type { LinkAuth } from '../link/auth.ts';

/** The serial line disappeared under a run (the far end closed, the pty or device went away). */
export class LineLostError extends Error {}

export class SerialFireControl implements FireControlLink {
  /** Cycles whose answer did not come back in time (a SCAN frame lost on a faulty line). */
  timeouts = 0;
  refusedConfig: string[] = [];
  private pending: Uint8Array[] = [];
  private seq = 0;
  private scanNumber = 0;
  private counters: number[] = [];
  private received: DecodedFrame[] = [];
  private wake: (() => void) | null = null;
  private readonly deframer = new Deframer();
  private readonly assembler = new TrackPictureAssembler();
  /** Why the line went away (the port closed or failed under us), once it has. */
  lost: Error | null = null;
  private readonly gone: Promise<never>;
  private lose: (e?: Error | null) => void = () => {};

  constructor(private readonly port: SerialPort, private readonly line: FaultyLine, private readonly timeoutMs = 5000,
    private readonly auth: LinkAuth | null = null) {
    port.on('data', (d: Buffer) => {
      const frames = this.deframer.push(new Uint8Array(d.buffer, d.byteOffset, d.length));
      this.received.push(...(auth ? frames.filter((f) => auth.verify(f.type, f.auth) === 'ok') : frames));
      this.wake?.();
    });
    // A pty whose other side vanished or a device unplugged: serialport reports an error or a close, and
    // the pending write's callback may never come. Every wait below races this promise, so the run ends
    // saying so instead of leaving nothing for the event loop to do (Node's silent exit 13).
    this.gone = new Promise<never>((_, rej) => {
      const lose = (e?: Error | null) => {
        if (this.lost) return;
        this.lost = new LineLostError(`${port.path}: the serial line went away${e?.message ? ` (${e.message})` : ''}`);
        rej(this.lost);
        this.wake?.();
      };
      port.on('error', lose);
      port.on('close', lose);
      this.lose = lose;
    });
    this.gone.catch(() => {}); // observed by step(); no unhandled rejection when no step is waiting
  }

  /** Frames from fire control refused for authentication, by reason (zeros without a key). */
  get authRefused(): { unauthenticated: number; forged: number; replayed: number } {
    return this.auth ? { ...this.auth.refused } : { unauthenticated: 0, forged: 0, replayed: 0 };
  }

  private frame(type: number, payload: Uint8Array): void {
    this.pending.push(encodeFrame(type, this.seq, payload, this.auth));
    this.seq = (this.seq + 1) & 0xffff;
  }

  configureSensor(c: SensorConfig): void { this.frame(P.FRAME_CONFIG, encodeSensorConfig(c)); }
  configureTracker(c: TrackerConfig): void { this.frame(P.FRAME_CONFIG, encodeTrackerConfig(c)); }
  configureAsset(a: AssetConfig): void { this.frame(P.FRAME_CONFIG, encodeAssetConfig(a)); }
  configureFireUnit(u: FireUnitConfig): void { this.frame(P.FRAME_CONFIG, encodeFireUnitConfig(u)); }
  configureDoctrine(d: DoctrineConfig): void { this.frame(P.FRAME_CONFIG, encodeDoctrineConfig(d)); }
  configureLethality(l: Lethality): void { this.frame(P.FRAME_CONFIG, encodeLethalityConfig(l)); }
  configureLookahead(c: LookaheadConfig): void { this.frame(P.FRAME_CONFIG, encodeLookaheadConfig(c)); }
  configureForecast(g: ForecastGroup): void {
    this.frame(P.FRAME_CONFIG, encodeForecast(g));
    for (const a of encodeForecastAims(g)) this.frame(P.FRAME_CONFIG, a);
  }
  configureReserve(r: ReserveRule): void { this.frame(P.FRAME_CONFIG, encodeReserve(r)); }
  sendKill(k: KillAssessment): void { this.frame(P.FRAME_KILL, encodeKill(k)); }
  sendEffector(e: EffectorStatus): void { this.frame(P.FRAME_EFFECTOR, encodeEffector(e)); }
  sendPlots(sensorId: number, plots: readonly Plot[]): void {
    for (let i = 0; i < plots.length; i += MAX_PLOTS_PER_FRAME) this.frame(P.FRAME_PLOTS, encodePlots(sensorId, plots.slice(i, i + MAX_PLOTS_PER_FRAME)));
  }

  firmwareStats(): Record<string, number> {
    const out: Record<string, number> = {};
    STAT_NAMES.forEach((name, id) => { out[name] = this.counters[id] ?? NaN; });
    return out;
  }

  /** Sends everything queued and the cycle request; resolves with the cycle's answer. */
  async step(timeMs: number): Promise<StepOutput> {
    this.frame(P.FRAME_SCAN, encodeScan({ sensorId: 0, start: false, end: true, scanNumber: this.scanNumber++ & 0xffffffff, timeMs }));
    // A lone 0x00 ahead of every frame closes off whatever a fault left half-received.
    const size = this.pending.reduce((n, f) => n + f.length + 1, 0);
    const bytes = new Uint8Array(size);
    let off = 0;
    for (const f of this.pending) { off++; bytes.set(f, off); off += f.length; }
    this.pending = [];
    if (this.lost) throw this.lost;
    // serialport does not always report a pty whose far side went away while a write or read is pending:
    // while the step waits, the device node is looked at too (a pty's link or a USB device's node goes with it).
    const watch = setInterval(() => { if (!existsSync(this.port.path)) this.lose(new Error(`${this.port.path} no longer exists`)); }, 200);
    let answer: DecodedFrame[];
    try {
      await Promise.race([this.gone,
        new Promise<void>((res, rej) => this.port.write(Buffer.from(this.line.apply(bytes)), (e) => (e ? rej(e) : this.port.drain(() => res()))))]);
      answer = await Promise.race([this.gone, this.collect(timeMs)]);
    } finally {
      clearInterval(watch);
    }
    return this.parse(timeMs, answer);
  }

  /** Frames up to and including TELEMETRY(timeMs), or what came before the timeout. */
  private async collect(timeMs: number): Promise<DecodedFrame[]> {
    const end = Date.now() + this.timeoutMs;
    for (;;) {
      if (this.lost) return [];
      const k = this.received.findIndex((f) => f.type === P.FRAME_TELEMETRY && decodeTelemetry(f.payload)?.timeMs === timeMs);
      if (k >= 0) return this.received.splice(0, k + 1);
      const left = end - Date.now();
      if (left <= 0) { this.timeouts++; return this.received.splice(0); }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((res) => { this.wake = res; timer = setTimeout(res, left); });
      clearTimeout(timer); // a wake-up leaves no timer behind to hold the process after the run
      this.wake = null;
    }
  }

  private parse(timeMs: number, frames: DecodedFrame[]): StepOutput {
    let picture = { timeMs, tracks: [] as StepOutput['picture']['tracks'] };
    let telemetry = { timeMs, counters: this.counters };
    const orders: FireOrder[] = [];
    const threats: ThreatRecord[] = [];
    for (const f of frames) {
      if (f.type === P.FRAME_TRACKS) {
        const part = decodeTracksPart(f.payload);
        const done = part && this.assembler.push(part);
        if (done && done.timeMs === timeMs) picture = done;
      } else if (f.type === P.FRAME_THREATS) {
        const part = decodeThreatsPart(f.payload);
        if (part && part.timeMs === timeMs) threats.push(...part.threats);
      } else if (f.type === P.FRAME_ORDER) {
        const o = decodeOrders(f.payload);
        if (o && o.timeMs === timeMs) orders.push(...o.orders);
      } else if (f.type === P.FRAME_TELEMETRY) {
        const t = decodeTelemetry(f.payload);
        if (t) {
          telemetry = t;
          this.counters = t.counters;
          // An authentic TELEMETRY names the firmware's high-water mark: send above it (a host clock behind).
          const hw = t.counters[P.STAT_AUTH_COUNTER_IN];
          if (this.auth && Number.isSafeInteger(hw)) this.auth.raiseAbove(BigInt(hw));
        }
      } else if (f.type === P.FRAME_ACK) {
        const a = decodeAck(f.payload);
        if (a && a.status !== P.ACK_OK) this.refusedConfig.push(`CONFIG seq ${a.seq}: status ${a.status}, field at byte ${a.offset}`);
      }
    }
    return { picture, telemetry, orders, threats, bytes: new Uint8Array() };
  }
}
