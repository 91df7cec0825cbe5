// The host's end of the wire to an in-process firmware: every configuration and plot goes through real
// frames (encoded here, parsed by the firmware), and everything the firmware says comes back through the
// deframer. There is no faster side door into the tracker. With a LinkAuth (docs/security.md) CONFIG,
// EFFECTOR and KILL carry the authentication trailer, and ORDER, ACK and TELEMETRY are taken only with a
// valid tag and a fresh counter: a refused one is counted (authRefused) and dropped.
import * as P from '../../assembly/protocol.ts';
import type { Firmware } from '../firmware-module.ts';
import { Deframer } from './deframer.ts';
import type { LinkAuth } from './auth.ts';
import {
  encodeFrame, encodeSensorConfig, encodeTrackerConfig, encodeReset, encodePlots, decodeAck, decodeTracksPart,
  decodeTelemetry, TrackPictureAssembler, MAX_PLOTS_PER_FRAME, type DecodedFrame,
  type SensorConfig, type TrackerConfig, type Plot, type TrackPicture, type Telemetry, type Ack,
} from './frames.ts';
import {
  encodeAssetConfig, encodeFireUnitConfig, encodeDoctrineConfig, encodeLethalityConfig, type Lethality, encodeEffector, encodeKill, decodeOrders, decodeThreatsPart,
  type AssetConfig, type FireUnitConfig, type DoctrineConfig, type EffectorStatus, type KillAssessment, type FireOrder,
  type ThreatRecord,
} from './tewa-frames.ts';
import { encodeLookaheadConfig, encodeForecast, encodeForecastAims, encodeReserve, type LookaheadConfig, type ForecastGroup, type ReserveRule } from './lookahead-frames.ts';

const ACK_TEXT = ['ok', 'unknown section', 'bad length', 'bad value', 'no capacity'];

export interface StepOutput {
  picture: TrackPicture;
  telemetry: Telemetry;
  /** Fire orders issued this step. */
  orders: FireOrder[];
  /** The evaluated threats (only when assets are configured). */
  threats: ThreatRecord[];
  bytes: Uint8Array;
  /** Fire control is gone (the serial line disappeared): the loop ends the run at this cycle. */
  stop?: boolean;
}

export class FirmwareLink {
  private seq = 0;
  private readonly deframer = new Deframer();
  private readonly assembler = new TrackPictureAssembler();

  /** `auth`: the host's end of the authenticated link; the firmware must hold the same key (Firmware.provision). */
  constructor(readonly fw: Firmware, readonly auth: LinkAuth | null = null) {}

  /** The wire bytes of one frame as this link sends it (sequence number and, with a key, the trailer). */
  encode(type: number, payload: Uint8Array): Uint8Array {
    const wire = encodeFrame(type, this.seq, payload, this.auth);
    this.seq = (this.seq + 1) & 0xffff;
    return wire;
  }

  /** Sends one frame; returns the ACKs it produced. */
  send(type: number, payload: Uint8Array): Ack[] {
    return this.sendRaw(this.encode(type, payload));
  }

  /** Sends wire bytes as they are (a test's forged or replayed frame); returns the ACKs they produced. */
  sendRaw(wire: Uint8Array): Ack[] {
    const acks: Ack[] = [];
    for (const f of this.frames(this.fw.ingest(wire))) {
      const a = f.type === P.FRAME_ACK ? decodeAck(f.payload) : null;
      if (a) acks.push(a);
    }
    return acks;
  }

  /** The frames of the firmware's output that pass the authentication check (all of them without a key). */
  private frames(bytes: Uint8Array): DecodedFrame[] {
    const all = this.deframer.push(bytes);
    return this.auth ? all.filter((f) => this.auth!.verify(f.type, f.auth) === 'ok') : all;
  }

  /** Output frames refused for authentication, by reason (zeros without a key). */
  get authRefused(): { unauthenticated: number; forged: number; replayed: number } {
    return this.auth ? { ...this.auth.refused } : { unauthenticated: 0, forged: 0, replayed: 0 };
  }

  private config(payload: Uint8Array, what: string): void {
    const acks = this.send(P.FRAME_CONFIG, payload);
    const a = acks[0];
    if (!a) throw new Error(`${what}: the firmware did not answer`);
    if (a.status !== P.ACK_OK) {
      throw new Error(`${what}: refused by the firmware (${ACK_TEXT[a.status] ?? a.status}, field at byte ${a.offset})`);
    }
  }

  configureSensor(c: SensorConfig): void { this.config(encodeSensorConfig(c), `sensor ${c.id}`); }
  configureTracker(c: TrackerConfig): void { this.config(encodeTrackerConfig(c), 'tracker configuration'); }
  reset(): void { this.config(encodeReset(), 'reset'); }
  configureAsset(a: AssetConfig): void { this.config(encodeAssetConfig(a), `asset ${a.id}`); }
  configureFireUnit(u: FireUnitConfig): void { this.config(encodeFireUnitConfig(u), `fire unit ${u.id}`); }
  configureDoctrine(d: DoctrineConfig): void { this.config(encodeDoctrineConfig(d), 'doctrine'); }
  configureLethality(l: Lethality): void { this.config(encodeLethalityConfig(l), 'lethality'); }
  configureLookahead(c: LookaheadConfig): void { this.config(encodeLookaheadConfig(c), 'look-ahead'); }
  configureForecast(g: ForecastGroup): void {
    this.config(encodeForecast(g), `forecast ${g.id}`);
    for (const a of encodeForecastAims(g)) this.config(a, `forecast ${g.id} aim`);
  }
  configureReserve(r: ReserveRule): void { this.config(encodeReserve(r), `reserve ${r.kind} for ${r.classes.join(', ')}`); }
  sendEffector(e: EffectorStatus): void { this.send(P.FRAME_EFFECTOR, encodeEffector(e)); }
  sendKill(k: KillAssessment): void { this.send(P.FRAME_KILL, encodeKill(k)); }

  sendPlots(sensorId: number, plots: readonly Plot[]): void {
    for (let i = 0; i < plots.length; i += MAX_PLOTS_PER_FRAME) {
      this.send(P.FRAME_PLOTS, encodePlots(sensorId, plots.slice(i, i + MAX_PLOTS_PER_FRAME)));
    }
  }

  /** Runs a cycle and decodes its picture and telemetry. */
  step(timeMs: number): StepOutput {
    const bytes = this.fw.step(timeMs);
    let picture: TrackPicture | null = null;
    let telemetry: Telemetry | null = null;
    const orders: FireOrder[] = [];
    const threats: ThreatRecord[] = [];
    for (const f of this.frames(bytes)) {
      if (f.type === P.FRAME_TRACKS) {
        const part = decodeTracksPart(f.payload);
        const done = part && this.assembler.push(part);
        if (done) picture = done;
      } else if (f.type === P.FRAME_TELEMETRY) {
        telemetry = decodeTelemetry(f.payload);
      } else if (f.type === P.FRAME_ORDER) {
        orders.push(...(decodeOrders(f.payload)?.orders ?? []));
      } else if (f.type === P.FRAME_THREATS) {
        threats.push(...(decodeThreatsPart(f.payload)?.threats ?? []));
      }
    }
    if (!picture || !telemetry) {
      const refused = this.auth ? Object.values(this.auth.refused).reduce((a, b) => a + b, 0) : 0;
      throw new Error(`step ${timeMs}: incomplete output from the firmware`
        + (refused ? ` (${refused} frames refused for authentication: is the firmware provisioned with this key?)` : ''));
    }
    return { picture, telemetry, orders, threats, bytes };
  }

  get linkStats() { return this.deframer.stats; }

  firmwareStats(): Record<string, number> { return this.fw.stats(); }
}
