// Several closed-loop runs (seeds × doctrines) on worker threads, one run per worker at a time. Results
// come back in job order whatever order the workers finish in, so the output is deterministic.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SimulationResult } from './loop.ts';
import type { WorkerJob } from './loop-worker.ts';
import { COMPILED } from '../package-root.ts';

export type RunJob = Omit<WorkerJob, 'index'>;

// The compiled host starts its worker from dist/loop-worker.js. From the TypeScript sources (tests), the
// worker starts without the parent's TypeScript loader: it registers tsx first, then loads loop-worker.ts.
const WORKER = new URL(COMPILED ? './loop-worker.js' : './loop-worker.ts', import.meta.url);

function startWorker(): Worker {
  if (COMPILED) return new Worker(WORKER);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(WORKER.href)}))`, { eval: true });
}

export async function runMany(jobs: readonly RunJob[], opts: { threads?: number; onDone?: (done: number, total: number) => void } = {}): Promise<SimulationResult[]> {
  const threads = Math.max(1, Math.min(jobs.length, opts.threads ?? availableParallelism()));
  const results: SimulationResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
      const w = startWorker();
      workers.push(w);
      const feed = (): void => {
        if (next >= jobs.length) { resolve(); return; }
        const index = next++;
        w.postMessage({ ...jobs[index], index } satisfies WorkerJob);
      };
      w.on('message', (m: { index: number; result?: SimulationResult; error?: string }) => {
        if (m.error !== undefined) { reject(new Error(`run ${m.index + 1} (seed ${jobs[m.index].seed}, ${jobs[m.index].doctrine}): ${m.error}`)); return; }
        results[m.index] = m.result!;
        opts.onDone?.(++done, jobs.length);
        feed();
      });
      w.on('error', reject);
      w.on('exit', (code) => { if (code !== 0) reject(new Error(`simulation worker exited with code ${code}`)); });
      feed();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
