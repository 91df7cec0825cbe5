// In-place heapsort of an index range by a key array (ascending key, ties by index for determinism).
// No recursion, O(n log n), bounded loops: used where a cluster is too large for the optimal solver.
import { real } from "../board";

// @ts-ignore: decorator
@inline function less(idx: StaticArray<i32>, key: StaticArray<real>, a: i32, b: i32): bool {
  const ia = unchecked(idx[a]), ib = unchecked(idx[b]);
  const ka = unchecked(key[ia]), kb = unchecked(key[ib]);
  return ka < kb || (ka == kb && ia < ib);
}

function siftDown(idx: StaticArray<i32>, key: StaticArray<real>, base: i32, start: i32, end: i32): void {
  let root = start;
  let guard = 64;
  while (root * 2 + 1 < end && guard-- > 0) {
    let child = root * 2 + 1;
    if (child + 1 < end && less(idx, key, base + child, base + child + 1)) child++;
    if (!less(idx, key, base + root, base + child)) return;
    const t = unchecked(idx[base + root]);
    unchecked(idx[base + root] = idx[base + child]);
    unchecked(idx[base + child] = t);
    root = child;
  }
}

/** Sorts idx[from .. to) by key[idx[·]]. */
export function heapsortBy(idx: StaticArray<i32>, key: StaticArray<real>, from: i32, to: i32): void {
  const n = to - from;
  for (let s = n / 2 - 1; s >= 0; s--) siftDown(idx, key, from, s, n);
  for (let end = n - 1; end > 0; end--) {
    const t = unchecked(idx[from]);
    unchecked(idx[from] = idx[from + end]);
    unchecked(idx[from + end] = t);
    siftDown(idx, key, from, 0, end);
  }
}
