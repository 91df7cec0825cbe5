// A worker thread of `parapet simulate --runs N`: runs the closed loop for each job it is sent and posts
// the result back. Each job loads its own firmware instance and world, so runs share nothing.
import { parentPort } from 'node:worker_threads';
import { simulate, type DoctrineName } from './loop.ts';
import { loadScenario, type Scenario } from './scenario.ts';

/** `scenario`, when given, is run instead of loading `file` (a generated raid that exists only in memory). */
export interface WorkerJob { index: number; file: string; scenario?: Scenario; seed: number; doctrine: DoctrineName; board: string; untilS?: number; out?: string; key?: Uint8Array | null }

parentPort!.on('message', (job: WorkerJob) => {
  try {
    const result = simulate(job.scenario ?? loadScenario(job.file), { seed: job.seed, doctrine: job.doctrine, board: job.board, untilS: job.untilS, out: job.out, file: job.file, key: job.key });
    parentPort!.postMessage({ index: job.index, result });
  } catch (e) {
    parentPort!.postMessage({ index: job.index, error: (e as Error).message });
  }
});
