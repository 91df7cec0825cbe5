// `parapet run --serial`: the firmware behind a serial line, as a microcontroller would run it. Bytes
// from the port go straight into `ingest`; a SCAN frame with its end-of-scan flag, or a HEARTBEAT, tells
// the time to `step` (the firmware has no clock: it lists the ones it took, Firmware.stepRequests);
// everything the firmware transmits goes back down the line. The port may vanish (a USB adapter
// unplugged): the runner reopens it until it returns. With a key the runner is the boot code that
// provisions it (docs/security.md): the firmware then takes every frame but PLOTS only authenticated, and
// tags its ORDER, ACK and TELEMETRY frames; with a counter file the counters' marks survive a restart.
import { SerialPort } from 'serialport';
import { Firmware } from '../firmware.ts';
import { readCounterFile, writeCounterFile, COUNTER_RESERVE } from '../link/auth-key.ts';
import { percentile } from '../metrics/stats.ts';

export interface RunnerOptions {
  path: string;
  baud: number;
  board: string;
  /** The authentication key (AUTH_KEY_BYTES); none: development mode, unauthenticated control accepted. */
  key?: Uint8Array | null;
  /** With a key: where the counters' marks are kept between restarts (the floors of the next provisioning). */
  counterFile?: string;
  /** Stop after this many seconds (0: until stop()). */
  durationS?: number;
  reconnectMs?: number;
  /** Called about once a second with a one-line status. */
  onStatus?: (line: string) => void;
  onEvent?: (line: string) => void;
}

export interface RunnerSummary {
  steps: number;
  reconnects: number;
  stats: Record<string, number>;
  cycleMsMedian: number;
  cycleMsP99: number;
}


export class SerialRunner {
  readonly fw: Firmware;
  private port: SerialPort | null = null;
  private stopped = false;
  private reconnects = 0;
  private steps = 0;
  private readonly cycleMs: number[] = [];
  private lastFrames = 0;
  private timers: NodeJS.Timeout[] = [];
  private done!: (s: RunnerSummary) => void;

  constructor(private readonly opts: RunnerOptions) {
    this.fw = Firmware.load(opts.board);
    if (opts.key) {
      // As an MCU's boot code with its marks in flash: the floors are the last marks kept, the outgoing one a
      // reserve ahead, written back at once so that a crash before the next write still starts above.
      const marks = opts.counterFile ? readCounterFile(opts.counterFile) : null;
      this.fw.provision(opts.key, marks?.in ?? 0n, marks ? marks.out + COUNTER_RESERVE : 0n);
      this.keepMarks();
    }
  }

  /** Writes the firmware's counter marks to the counter file (with a key and a file). */
  private keepMarks(): void {
    if (this.opts.key && this.opts.counterFile) writeCounterFile(this.opts.counterFile, this.fw.authCounters());
  }

  run(): Promise<RunnerSummary> {
    const finished = new Promise<RunnerSummary>((resolve) => { this.done = resolve; });
    this.open();
    this.timers.push(setInterval(() => this.status(), 1000));
    if (this.opts.durationS) this.timers.push(setTimeout(() => this.stop(), this.opts.durationS * 1000));
    return finished;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.keepMarks();
    const finish = () => this.done({
      steps: this.steps, reconnects: this.reconnects, stats: this.fw.stats(),
      cycleMsMedian: percentile(this.cycleMs, 0.5), cycleMsP99: percentile(this.cycleMs, 0.99),
    });
    if (this.port?.isOpen) this.port.close(() => finish()); else finish();
  }

  private open(): void {
    if (this.stopped) return;
    const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baud, autoOpen: false });
    port.on('data', (chunk: Buffer) => this.onData(port, chunk));
    port.on('close', () => this.retry(`${this.opts.path}: closed`));
    port.on('error', (e) => this.opts.onEvent?.(`${this.opts.path}: ${e.message}`));
    port.open((err) => {
      if (err) { this.retry(`${this.opts.path}: ${err.message}`); return; }
      this.port = port;
      this.opts.onEvent?.(`${this.opts.path}: open at ${this.opts.baud} baud`);
    });
  }

  private retry(why: string): void {
    if (this.stopped) return;
    this.port = null;
    this.opts.onEvent?.(`${why}; retrying in ${this.opts.reconnectMs ?? 1000} ms`);
    this.reconnects++;
    this.timers.push(setTimeout(() => this.open(), this.opts.reconnectMs ?? 1000));
  }

  private onData(port: SerialPort, chunk: Buffer): void {
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    const acks = this.fw.ingest(bytes);
    if (acks.length) port.write(Buffer.from(acks));
    // The frames that ask for a step, as the firmware took them: with a key, a forged one asks nothing.
    for (const t of this.fw.stepRequests) {
      const t0 = performance.now();
      const out = this.fw.step(t);
      this.cycleMs.push(performance.now() - t0);
      if (this.cycleMs.length > 100_000) this.cycleMs.splice(0, 50_000);
      this.steps++;
      port.write(Buffer.from(out));
    }
  }

  private status(): void {
    this.keepMarks();
    const s = this.fw.stats();
    const fps = s.framesOk - this.lastFrames;
    this.lastFrames = s.framesOk;
    const recent = this.cycleMs.slice(-100);
    this.opts.onStatus?.(`${this.port ? 'link up' : 'link down'}  ${fps} frames/s  crc errors ${s.crcErrors}  ` +
      `framing errors ${s.framingErrors}  ${s.authKeyed ? `auth refused ${s.authFailed} forged, ${s.authReplayed} replayed` : 'auth off (development)'}  ` +
      `tracks ${s.tracksConfirmed}  orders ${s.orders}  ` +
      `cycle ${recent.length ? percentile(recent, 0.5).toFixed(3) : '-'} ms  steps ${this.steps}`);
  }
}

