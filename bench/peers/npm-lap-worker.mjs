// Worker for the npm assignment packages: the caller can stop a solve that runs past its time cap,
// which a call on the main thread would not allow. The matrix arrives as rows × cols f64 and is turned
// into the number[][] the packages take before the clock starts.
import { parentPort } from 'node:worker_threads';
import { munkres } from 'munkres';
import munkresJs from 'munkres-js';

parentPort.on('message', ({ pkg, rows, cols, data }) => {
  const m = Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
  const t0 = performance.now();
  // munkres takes rectangular matrices as they are; munkres-js pads them square itself.
  const pairs = pkg === 'munkres' ? munkres(m) : munkresJs(m);
  const ms = performance.now() - t0;
  const x = new Int32Array(rows).fill(-1);
  for (const [i, j] of pairs) if (i < rows && j < cols) x[i] = j;
  parentPort.postMessage({ ms, x }, [x.buffer]);
});
