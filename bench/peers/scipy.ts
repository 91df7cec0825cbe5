// Client of bench/peers/scipy_lap.py: one long-lived Python process, so each SciPy solve can be timed
// right next to Parapet's on the same matrix. Debian's python3-scipy first (what .ci/run installs).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { writeFileSync } from 'node:fs';

export type Problem =
  | { kind: 'dense'; rows: number; cols: number; data: Float64Array }
  | { kind: 'csr'; rows: number; cols: number; indptr: Int32Array; indices: Int32Array; data: Float64Array };

/** The first Python that imports SciPy, or undefined. */
export function findPython(): string | undefined {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import scipy.optimize, scipy.sparse.csgraph'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Writes problems in the record format scipy_lap.py reads. */
export function writeProblems(file: string, problems: readonly Problem[]): void {
  const parts: Uint8Array[] = [];
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  for (const p of problems) {
    const nnz = p.kind === 'csr' ? p.indices.length : 0;
    parts.push(bytes(Int32Array.of(p.kind === 'dense' ? 0 : 1, p.rows, p.cols, nnz)));
    if (p.kind === 'csr') parts.push(bytes(p.indptr), bytes(p.indices));
    parts.push(bytes(p.data));
  }
  writeFileSync(file, Buffer.concat(parts));
}

export class SciPy {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  version = '';

  constructor(python: string) {
    this.proc = spawn(python, [new URL('./scipy_lap.py', import.meta.url).pathname]);
    this.proc.stderr.on('data', (d) => process.stderr.write(`scipy_lap.py: ${d}`));
    this.lines = createInterface({ input: this.proc.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  private ask<T>(cmd: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`scipy_lap.py exited (${code})`));
      this.proc.once('exit', onExit);
      this.pending.push((line) => { this.proc.off('exit', onExit); resolve(JSON.parse(line) as T); });
      this.proc.stdin.write(JSON.stringify(cmd) + '\n');
    });
  }

  async load(file: string): Promise<number> {
    const r = await this.ask<{ problems: number; scipy: string; python: string }>({ load: file });
    this.version = `SciPy ${r.scipy}, Python ${r.python}`;
    return r.problems;
  }

  /** Problem k solved `inner` times in a row; ms per call and the assignment. */
  solve(k: number, inner = 1): Promise<{ ms: number; x: number[] }> {
    return this.ask({ solve: k, inner });
  }

  close(): void {
    this.proc.stdin.end();
  }
}
