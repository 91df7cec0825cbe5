// A pty pair from socat and the far end of a serial line, for hardware-in-the-loop tests over a real
// pseudo-terminal (not a mock).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { Deframer } from '../host/link/deframer.ts';
import type { DecodedFrame } from '../host/link/frames.ts';

/** A pty pair whose ends are linked at `a` and `b`; resolves when socat reports its transfer loop started
 *  (both links exist by then), rejects if socat fails or has not done so in `timeoutMs`. */
export async function ptyPair(timeoutMs = 10_000): Promise<{ a: string; b: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-pty-'));
  const a = join(dir, 'fw'), b = join(dir, 'battery');
  const proc: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => { proc.kill(); fail(new Error(`socat did not set up the pty pair in ${timeoutMs} ms: ${err}`)); }, timeoutMs);
    proc.stderr!.on('data', (d) => {
      err += d;
      if (err.includes('starting data transfer loop')) { clearTimeout(timer); ok(); }
    });
    proc.once('error', (e) => { clearTimeout(timer); fail(new Error(`socat: ${e.message} (is socat installed?)`)); });
    proc.once('exit', (code) => { clearTimeout(timer); fail(new Error(`socat exited (${code}) before setting up the pty pair: ${err}`)); });
  });
  proc.stderr!.resume(); // keep draining its log
  if (!existsSync(a) || !existsSync(b)) { proc.kill(); throw new Error(`socat reported the pty pair but ${a} or ${b} is missing: ${err}`); }
  return { a, b, stop: () => { proc.kill(); rmSync(dir, { recursive: true, force: true }); } };
}

/**
 * Starts `parapet run --serial <path>` and resolves once it has opened the port (its "open at" line on
 * stderr): bytes written before that would be flushed when the port is opened. Rejects after
 * `timeoutMs`, with what the runner printed.
 */
export async function startRunner(path: string, args: string[] = [], timeoutMs = 30_000): Promise<{ proc: ChildProcess; stdout: () => string }> {
  const proc = spawn(process.execPath, ['bin/parapet.mjs', 'run', '--serial', path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  proc.stdout!.on('data', (d) => { out += d; });
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`parapet run did not open ${path} in ${timeoutMs} ms: ${err}`)), timeoutMs);
    proc.stderr!.on('data', (d) => {
      err += d;
      if (err.includes(`${path}: open at`)) { clearTimeout(timer); ok(); }
    });
    proc.once('exit', (code) => { clearTimeout(timer); fail(new Error(`parapet run exited (${code}) before opening ${path}: ${err}`)); });
  });
  proc.stderr!.resume(); // keep draining the status lines
  return { proc, stdout: () => out };
}

/** The battery's end of the line: writes bytes, collects the frames that come back. */
export class FarEnd {
  readonly frames: DecodedFrame[] = [];
  private readonly deframer = new Deframer();
  private waiters: (() => void)[] = [];
  constructor(readonly port: SerialPort) {
    port.on('data', (d: Buffer) => {
      this.frames.push(...this.deframer.push(new Uint8Array(d.buffer, d.byteOffset, d.length)));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(path: string): Promise<FarEnd> {
    const port = new SerialPort({ path, baudRate: 921600, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    return new FarEnd(port);
  }

  write(bytes: Uint8Array): Promise<void> {
    return new Promise((res, rej) => this.port.write(Buffer.from(bytes), (e) => (e ? rej(e) : this.port.drain(() => res()))));
  }

  /** Waits until a frame matching `pred` has arrived, or the timeout passes; returns it or null. */
  async waitFor(pred: (f: DecodedFrame) => boolean, timeoutMs: number): Promise<DecodedFrame | null> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.find(pred);
      if (f) return f;
      const left = end - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((res) => { this.waiters.push(res); setTimeout(res, left); });
    }
  }

  close(): Promise<void> { return new Promise((res) => this.port.close(() => res())); }
}

/** Runs `fn` with `parapet run --serial <pty> ...args` on the other end of a fresh pty pair; stops both after. */
export async function withRunner<T>(args: string[], fn: (path: string) => Promise<T>): Promise<T> {
  const pty = await ptyPair();
  const { proc: runner } = await startRunner(pty.a, args);
  try {
    return await fn(pty.b);
  } finally {
    runner.kill('SIGTERM');
    await new Promise((r) => runner.once('exit', r));
    pty.stop();
  }
}
