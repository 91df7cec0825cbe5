// Stable LSD radix sort of an index range by a key array, 8 bits a pass over the key's 64-bit image
// (f32 keys are widened, exactly). Linear and without data-dependent branches, where a heapsort of a few
// hundred threats mispredicts at every comparison. With the indices ascending on entry, ties keep index
// order: the result is then exactly heapsortBy's (ascending key, ties by index). Keys must not be NaN
// (radixsortBy says false and leaves the range untouched); −0 sorts as +0, as the comparison does.
import { real, MAX_TRACKS } from "../board";

const CAP: i32 = MAX_TRACKS; // the longest range sorted here: the threat table
const bitsA = new StaticArray<u64>(CAP);
const bitsB = new StaticArray<u64>(CAP);
const idxA = new StaticArray<i32>(CAP);
const idxB = new StaticArray<i32>(CAP);
const count = new StaticArray<i32>(8 * 256);

/** Sorts idx[from .. to) by key[idx[·]]; false (nothing done) when a key is NaN or the range too long. */
export function radixsortBy(idx: StaticArray<i32>, key: StaticArray<real>, from: i32, to: i32): bool {
  const n = to - from;
  if (n > CAP) return false;
  for (let k = 1; k < n; k++) assert(unchecked(idx[from + k]) > unchecked(idx[from + k - 1]));
  memory.fill(changetype<usize>(count), 0, <usize>(8 * 256) << 2);
  for (let k = 0; k < n; k++) {
    const i = unchecked(idx[from + k]);
    const v = <f64>unchecked(key[i]);
    if (isNaN(v)) return false;
    const raw = v == 0 ? <u64>0 : reinterpret<u64>(v);
    // Order-preserving image: negative keys bit-flipped, positive ones with the sign bit set.
    const b = (raw >> 63) != 0 ? ~raw : raw | 0x8000000000000000;
    unchecked(bitsA[k] = b);
    unchecked(idxA[k] = i);
    for (let d = 0; d < 8; d++) unchecked(count[d * 256 + <i32>((b >> (<u64>d * 8)) & 0xFF)] += 1);
  }
  let srcB = changetype<usize>(bitsA), srcI = changetype<usize>(idxA);
  let dstB = changetype<usize>(bitsB), dstI = changetype<usize>(idxB);
  for (let d = 0; d < 8; d++) {
    const c = d * 256;
    let single = false; // every key has this digit: the pass would move nothing
    let acc = 0;
    for (let q = 0; q < 256; q++) {
      const m = unchecked(count[c + q]);
      single = single || m == n;
      unchecked(count[c + q] = acc);
      acc += m;
    }
    if (single) continue;
    const shift = <u64>d * 8;
    for (let k = 0; k < n; k++) {
      const b = load<u64>(srcB + (<usize>k << 3));
      const slot = c + <i32>((b >> shift) & 0xFF);
      const at = unchecked(count[slot]);
      unchecked(count[slot] = at + 1);
      store<u64>(dstB + (<usize>at << 3), b);
      store<i32>(dstI + (<usize>at << 2), load<i32>(srcI + (<usize>k << 2)));
    }
    const tb = srcB; srcB = dstB; dstB = tb;
    const ti = srcI; srcI = dstI; dstI = ti;
  }
  memory.copy(changetype<usize>(idx) + (<usize>from << 2), srcI, <usize>n << 2);
  return true;
}
