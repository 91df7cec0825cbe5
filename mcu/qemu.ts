// Boots a firmware image (mcu/build.ts) in qemu-system-arm: UART0, the wire, on a unix socket this side
// connects to; UART1, the text console, on QEMU's stdout. -icount shift=0: one virtual nanosecond an
// instruction, so the image's timer counts instructions and a run is the same on any host.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Console {
  lines: string[];
  /** Resolves with the first line matching `re` (already printed or to come); rejects when QEMU exits first. */
  waitFor(re: RegExp, timeoutMs: number): Promise<string>;
}

export class QemuImage {
  readonly console: Console;
  readonly received: number[] = [];
  private readonly proc: ChildProcess;
  private sock: Socket | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'parapet-qemu-'));
  private exited: string | null = null;
  private waiters: Array<() => void> = [];

  constructor(machine: string, elf: string) {
    const path = join(this.dir, 'wire.sock');
    this.proc = spawn('qemu-system-arm', [
      '-M', machine, '-display', 'none', '-monitor', 'none', '-nodefaults', '-nic', 'none',
      '-icount', 'shift=0,align=off,sleep=off', '-kernel', elf,
      '-chardev', `socket,id=wire,path=${path},server=on,wait=on`, '-serial', 'chardev:wire',
      '-chardev', 'stdio,id=con', '-serial', 'chardev:con',
    ], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '', err = '';
    this.proc.stdout!.on('data', (d: Buffer) => {
      partial += d.toString('latin1');
      const parts = partial.split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
      this.wake();
    });
    this.proc.stderr!.on('data', (d) => { err += d; });
    this.proc.once('exit', (code, sig) => { this.exited = `qemu exited (${code ?? sig}): ${err.trim()}`; this.wake(); });
    this.proc.once('error', (e) => { this.exited = `qemu: ${e.message}`; this.wake(); });
    this.console = {
      lines,
      waitFor: (re, timeoutMs) => this.until(() => lines.find((l) => re.test(l)), timeoutMs, `console line ${re}`),
    };
    this.connectWhenReady(path);
  }

  private wake(): void { for (const w of this.waiters.splice(0)) w(); }

  private until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ${what} in ${timeoutMs} ms; console: ${this.console.lines.slice(-5).join(' | ')}`)), timeoutMs);
      const check = (): void => {
        const v = probe();
        if (v !== undefined) { clearTimeout(timer); ok(v); return; }
        if (this.exited) { clearTimeout(timer); fail(new Error(`${this.exited}; waiting for ${what}`)); return; }
        this.waiters.push(check);
      };
      check();
    });
  }

  private connectWhenReady(path: string, tries = 200): void {
    if (this.exited) return;
    if (!existsSync(path)) { setTimeout(() => this.connectWhenReady(path, tries - 1), 25); return; }
    const s = connect(path);
    s.on('data', (d: Buffer) => { for (const b of d) this.received.push(b); this.wake(); });
    s.on('error', () => { if (tries > 0) setTimeout(() => this.connectWhenReady(path, tries - 1), 25); });
    s.on('connect', () => { this.sock = s; this.wake(); });
  }

  /** Resolves once the wire socket is connected. */
  connected(timeoutMs = 10_000): Promise<true> {
    return this.until(() => (this.sock ? true : undefined), timeoutMs, 'wire connection');
  }

  send(bytes: Uint8Array): void { this.sock!.write(bytes); }

  /** Resolves once `n` wire bytes have arrived in all. */
  receivedAtLeast(n: number, timeoutMs: number): Promise<number> {
    return this.until(() => (this.received.length >= n ? this.received.length : undefined), timeoutMs, `${n} wire bytes (have ${this.received.length})`);
  }

  stop(): void {
    this.sock?.destroy();
    if (!this.exited && this.proc.pid) this.proc.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
