// Track pool, struct-of-arrays in static memory. A dense list of active slots keeps every per-batch loop
// proportional to the live tracks, not to the board's capacity.
//
// Covariance layout, 21 reals per track: [0..5] position block xx xy xz yy yz zz; [6..14] position-velocity
// block, full 3x3 row-major (row = position axis); [15..20] velocity block xx xy xz yy yz zz.
import { real, MAX_TRACKS } from "../board";

export const COV: i32 = 21;
export const tx = new StaticArray<real>(MAX_TRACKS);
export const ty = new StaticArray<real>(MAX_TRACKS);
export const tz = new StaticArray<real>(MAX_TRACKS);
export const tvx = new StaticArray<real>(MAX_TRACKS);
export const tvy = new StaticArray<real>(MAX_TRACKS);
export const tvz = new StaticArray<real>(MAX_TRACKS);
export const cov = new StaticArray<real>(MAX_TRACKS * COV);
export const tTime = new StaticArray<f64>(MAX_TRACKS); // time of the state, ms
export const tStatus = new StaticArray<u8>(MAX_TRACKS);
export const tHits = new StaticArray<i32>(MAX_TRACKS);
export const tMisses = new StaticArray<i32>(MAX_TRACKS); // consecutive
export const tHistory = new StaticArray<u32>(MAX_TRACKS); // bit 0 = last opportunity, 1 = hit
export const tNumber = new StaticArray<u32>(MAX_TRACKS); // 0 until confirmed
export const tLastPlot = new StaticArray<u32>(MAX_TRACKS);
export const tUpdated = new StaticArray<i32>(MAX_TRACKS); // batch serial of the last update
// Threat-evaluation attributes (tewa/): class, and whether a kill assessment said it was destroyed.
export const tClass = new StaticArray<u8>(MAX_TRACKS);
export const tKilled = new StaticArray<bool>(MAX_TRACKS);
export const tEngaged = new StaticArray<i32>(MAX_TRACKS); // engagements in progress on the track

export const active = new StaticArray<i32>(MAX_TRACKS);
/** Whether a slot is active, and one past the highest slot ever taken: loops that may visit the tracks in
 *  any order go through the slots in address order, which streams the state arrays through the cache. */
export const live = new StaticArray<bool>(MAX_TRACKS);
let slotEnd: i32 = 0;
export function slotLimit(): i32 { return slotEnd; }
const free = new StaticArray<i32>(MAX_TRACKS);
let activeCount: i32 = 0;
let freeTop: i32 = 0;
let nextNumber: u32 = 1;

export function tracksClear(): void {
  activeCount = 0;
  freeTop = MAX_TRACKS;
  for (let i = 0; i < MAX_TRACKS; i++) { unchecked(free[i] = MAX_TRACKS - 1 - i); unchecked(live[i] = false); }
  slotEnd = 0;
  nextNumber = 1;
}
export function trackCount(): i32 { return activeCount; }

/** A free slot, now active; -1 when the pool is full. */
export function trackAlloc(): i32 {
  if (freeTop == 0) return -1;
  const s = unchecked(free[--freeTop]);
  unchecked(active[activeCount++] = s);
  unchecked(live[s] = true);
  slotEnd = max(slotEnd, s + 1);
  return s;
}

/** Frees the slot at position `k` of the active list (swap-remove: order stays deterministic). */
export function trackFreeAt(k: i32): void {
  assert(k >= 0 && k < activeCount);
  const s = unchecked(active[k]);
  unchecked(active[k] = active[--activeCount]);
  unchecked(free[freeTop++] = s);
  unchecked(live[s] = false);
}

export function trackNumberNext(): u32 { return nextNumber++; }
