// Recovery of the static memory. Every pool is a heap object allocated once at start-up, one after the
// other by the stub allocator: a 20-byte header (block size, two GC words, class id, byte length) and
// the payload. A fault that writes past a pool (the firmware then traps) may overwrite the next pools'
// headers, and a header read afterwards (a StaticArray's length) would be wrong for good. At start-up
// the class id and length of every object are recorded here, in the module's static data below the heap
// (no pool overflow reaches it); init() rewrites every header from that record and clears every payload,
// so a re-initialised firmware is the firmware just started; CONFIG/RESET rewrites the headers.

const MAX_OBJECTS: i32 = 512; // the pools of every stage, with room to grow (start-up asserts they fit)
const ids = memory.data(MAX_OBJECTS * 2); // u16 class id per object, in allocation order
const sizes = memory.data(MAX_OBJECTS * 4); // u32 payload bytes per object
let objects: i32 = 0;
let heapStart: usize = 0;

// @ts-ignore: decorator
@inline function blockSize(size: u32): u32 { return ((16 + size + 4 + 15) & ~15) - 4; } // the stub allocator's

/** Records the header of every object allocated so far: call once, after the last start-up allocation. */
export function recoverSnapshot(): void {
  heapStart = ((__heap_base + 4 + 15) & ~15) - 4;
  const p = heap.alloc(0); // the allocator's top; freeing the last block restores it
  heap.free(p);
  const top = p - 4;
  let b = heapStart;
  objects = 0;
  while (b < top && objects < MAX_OBJECTS) {
    const size = load<u32>(b + 16);
    assert(load<u32>(b) == blockSize(size) && load<u32>(b + 4) == 0 && load<u32>(b + 8) == 0 && load<u32>(b + 12) <= 0xFFFF);
    store<u16>(ids + <usize>(objects * 2), <u16>load<u32>(b + 12));
    store<u32>(sizes + <usize>(objects * 4), size);
    objects++;
    b += 4 + <usize>load<u32>(b);
  }
  assert(b == top); // every object recorded
}

/** Rewrites every object header as it was at start-up; with `clear`, zeroes every payload too. */
export function recoverHeaders(clear: bool): void {
  let b = heapStart;
  for (let k = 0; k < objects; k++) {
    const size = load<u32>(sizes + <usize>(k * 4));
    const mm = blockSize(size);
    store<u32>(b, mm);
    store<u32>(b + 4, 0);
    store<u32>(b + 8, 0);
    store<u32>(b + 12, <u32>load<u16>(ids + <usize>(k * 2)));
    store<u32>(b + 16, size);
    if (clear) memory.fill(b + 20, 0, <usize>(mm - 16));
    b += 4 + <usize>mm;
  }
}
