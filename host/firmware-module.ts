// Typed wrapper around a board's firmware module, loaded with @assemblyscript/loader. The ABI is numbers
// and linear memory only (docs/firmware-abi.md): bytes go in through rxBuffer/ingest, come out of
// txBuffer after ingest or step. Nothing here touches the file system, so the same class runs the
// firmware in a browser worker (the viewer's live mode); host/firmware.ts adds loading from build/.
import { instantiateSync } from '@assemblyscript/loader';
import * as P from '../assembly/protocol.ts';

export interface FirmwareExports extends Record<string, unknown> {
  memory: WebAssembly.Memory;
  init(): number;
  rxBuffer(): number;
  rxCapacity(): number;
  ingest(len: number): number;
  step(timeMs: number): number;
  txBuffer(): number;
  stat(id: number): number;
  selftest(seed: number, scans: number): number;
  bist(): number;
  trackProbe(trackNumber: number): number;
  probeBuffer(): number;
  roundValueOf(unitId: number): number;
  demandGroups(): number;
  freeSurvival(cls: number, asset: number, x: number, y: number, z: number, speed: number): number;
  demandCount(g: number): number;
  demandValue(g: number): number;
  demandKill(g: number, u: number): number;
  authProvision(len: number): number;
  authVectors(): number;
  authCounter(dir: number): bigint;
  stepRequests(): number;
  stepTime(i: number): number;
}

/** Names of the stat(id) counters, from assembly/protocol.ts (STAT_FRAMES_OK -> framesOk). */
export const STAT_NAMES: string[] = (() => {
  const names: string[] = [];
  for (const [key, value] of Object.entries(P)) {
    if (key.startsWith('STAT_') && key !== 'STAT_COUNT') {
      names[value as number] = key.slice(5).toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    }
  }
  return names;
})();

export class FirmwareError extends Error {}

export class Firmware {
  readonly board: string;
  private current: FirmwareExports;
  private rxPtr: number;
  private rxCap: number;
  private readonly wasm: Uint8Array;
  /** Times the module was re-instantiated after a trap. */
  reinstantiations = 0;
  // The provisioned key, kept as the boot code keeps it in flash: provisioned again after init() and after
  // a re-instantiation, with the counters' last high-water marks as floors (docs/security.md).
  private key: Uint8Array | null = null;
  private floorIn = 0n;
  private floorOut = 0n;

  protected constructor(board: string, wasm: Uint8Array) {
    this.board = board;
    this.wasm = wasm;
    this.current = Firmware.instantiate(wasm);
    this.rxPtr = this.current.rxBuffer();
    this.rxCap = this.current.rxCapacity();
  }

  private static instantiate(wasm: Uint8Array): FirmwareExports {
    return instantiateSync<FirmwareExports>(wasm, {}).exports as unknown as FirmwareExports;
  }

  /** The live module's exports (a new instance's after a trap). */
  get exports(): FirmwareExports { return this.current; }

  /** Instantiates a module's bytes (synchronously: fine in Node and in a browser worker) and calls init(). */
  static fromBytes(board: string, wasm: Uint8Array): Firmware {
    const fw = new Firmware(board, wasm);
    fw.init();
    return fw;
  }

  init(): void {
    const status = this.call(() => this.exports.init());
    if (status !== P.STATUS_OK) throw new FirmwareError(`init() returned ${status}`);
    this.reprovision();
  }

  /** Provisions the authentication key (AUTH_KEY_BYTES) through the receive buffer, as an MCU's boot code
   *  does from its protected flash page, with floors under the counters (a restart's high-water marks). */
  provision(key: Uint8Array, floorIn = 0n, floorOut = 0n): void {
    if (key.length !== P.AUTH_KEY_BYTES) throw new FirmwareError(`the key must be ${P.AUTH_KEY_BYTES} bytes, got ${key.length}`);
    this.key = key.slice();
    this.floorIn = floorIn;
    this.floorOut = floorOut;
    this.reprovision();
  }

  /** Whether a key is provisioned (false: development mode, unauthenticated control accepted). */
  get keyed(): boolean { return this.exports.stat(P.STAT_AUTH_KEYED) === 1; }

  /** The firmware's counters: the highest accepted from the host, the last it sent. */
  authCounters(): { in: bigint; out: bigint } {
    return { in: BigInt(this.exports.authCounter(0)), out: BigInt(this.exports.authCounter(1)) };
  }

  private reprovision(): void {
    if (!this.key) return;
    const b = new Uint8Array(P.AUTH_PROVISION_BYTES);
    b.set(this.key);
    const v = new DataView(b.buffer);
    v.setBigUint64(P.AUTH_KEY_BYTES, this.floorIn, true);
    v.setBigUint64(P.AUTH_KEY_BYTES + 8, this.floorOut, true);
    new Uint8Array(this.exports.memory.buffer, this.rxPtr, b.length).set(b);
    b.fill(0);
    const r = this.exports.authProvision(P.AUTH_PROVISION_BYTES);
    if (r !== 0) throw new FirmwareError(r === -2 ? 'the key is blank (one byte repeated): provision a random key' : `authProvision() returned ${r}`);
  }

  /** Keeps the counters' high-water marks, for a re-provisioning after a trap. */
  private noteCounters(): void {
    if (!this.key) return;
    const c = this.authCounters();
    this.floorIn = c.in;
    this.floorOut = c.out;
  }

  /** The times of the end-of-scan SCAN frames and HEARTBEATs the last ingest() took, in order: where a
   *  host serving a line steps (with a key, only frames the firmware authenticated). */
  stepRequests: number[] = [];

  /** Writes bytes in rxCapacity-sized chunks; returns what the firmware transmitted meanwhile (ACKs). */
  ingest(bytes: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    this.stepRequests = [];
    for (let off = 0; off < bytes.length; off += this.rxCap) {
      const chunk = bytes.subarray(off, Math.min(bytes.length, off + this.rxCap));
      new Uint8Array(this.exports.memory.buffer, this.rxPtr, chunk.length).set(chunk);
      const n = this.call(() => this.exports.ingest(chunk.length));
      if (n < 0) throw new FirmwareError(`ingest(${chunk.length}) refused`);
      if (n > 0) out.push(this.tx(n));
      const steps = this.exports.stepRequests();
      for (let i = 0; i < steps; i++) this.stepRequests.push(this.exports.stepTime(i));
    }
    this.noteCounters();
    return concat(out);
  }

  /** Runs one cycle; returns the transmitted bytes (TRACKS and TELEMETRY frames). */
  step(timeMs: number): Uint8Array {
    const n = this.call(() => this.exports.step(timeMs));
    if (n < 0) throw new FirmwareError(`step(${timeMs}) refused: time must be finite`);
    this.noteCounters();
    return this.tx(n);
  }

  stat(id: number): number {
    return this.exports.stat(id);
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    STAT_NAMES.forEach((name, id) => { out[name] = this.exports.stat(id); });
    return out;
  }

  selftest(seed: number, scans: number): number {
    const h = this.call(() => this.exports.selftest(seed >>> 0, scans)) >>> 0;
    this.reprovision(); // selftest() starts with init(): the key is gone, as after a power-on
    return h;
  }

  private tx(n: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, this.exports.txBuffer(), n).slice();
  }

  /** Runs an export; a trap (failed firmware assertion, fault) becomes an error naming the source line.
   *  A trapped instance is never used again: its memory may be anything. The module is instantiated
   *  afresh (the firmware just started: every pool and the configuration at their defaults), and the
   *  error says so; the caller configures it again, as after a microcontroller's reset. */
  private call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError || e instanceof RangeError)) throw e;
      const line = (this.current.faultLine as WebAssembly.Global | undefined)?.value;
      this.current = Firmware.instantiate(this.wasm);
      this.rxPtr = this.current.rxBuffer();
      this.rxCap = this.current.rxCapacity();
      this.reinstantiations++;
      this.reprovision();
      throw new FirmwareError(`firmware (${this.board}) trapped: ${(e as Error).message}${line ? ` (assertion at line ${line})` : ''}`
        + '; re-instantiated: configuration and tracks are back at their defaults');
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}
