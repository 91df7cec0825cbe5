// The npm assignment packages a Node user would pick (munkres, munkres-js), run in a worker with a time
// cap: a solve past the cap is stopped and reported as not finished.
import { Worker } from 'node:worker_threads';

export type NpmPackage = 'munkres' | 'munkres-js';
export const NPM_PACKAGES: NpmPackage[] = ['munkres', 'munkres-js'];

export class NpmLap {
  private worker: Worker | undefined;
  constructor(readonly pkg: NpmPackage) {}

  /** Solves a rows × cols matrix; the package's own time and its row → column answer (−1 = none), or
   *  undefined when it did not finish within capMs. */
  async solve(rows: number, cols: number, data: Float64Array, capMs: number): Promise<{ ms: number; x: Int32Array } | undefined> {
    this.worker ??= new Worker(new URL('./npm-lap-worker.mjs', import.meta.url));
    const w = this.worker;
    return new Promise((resolve, reject) => {
      const done = () => { clearTimeout(timer); w.off('message', onMessage); w.off('error', onError); };
      const onMessage = (m: { ms: number; x: Int32Array }) => { done(); resolve(m); };
      const onError = (e: Error) => { done(); reject(e); };
      const timer = setTimeout(() => { done(); this.close(); resolve(undefined); }, capMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage({ pkg: this.pkg, rows, cols, data });
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
