// The intelligence prior (CONFIG/FORECAST): groups of threats expected to enter the picture, each with a
// class, a count, an arrival window, an axis and what one of them would destroy. The look-ahead
// (round-value.ts) prices a unit's rounds against what the forecast says is still to come. Arrivals are
// taken as uniform over the window, so the count still to come falls linearly from the window's start to
// its end; threats already tracked are the tracker's business, not the forecast's.
import { real, MAX_ASSETS } from "../board";
import { MAX_FORECAST } from "../limits";

export const fId = new StaticArray<i32>(MAX_FORECAST);
export const fClass = new StaticArray<i32>(MAX_FORECAST);
export const fCount = new StaticArray<real>(MAX_FORECAST);
export const fStartMs = new StaticArray<f64>(MAX_FORECAST);
export const fEndMs = new StaticArray<f64>(MAX_FORECAST);
export const fBearing = new StaticArray<real>(MAX_FORECAST); // rad, clockwise from north, seen from the origin
export const fSpread = new StaticArray<real>(MAX_FORECAST); // rad, half-width of the axis
export const fValue = new StaticArray<real>(MAX_FORECAST); // damage one threat of the group does when it arrives
export const fEntry = new StaticArray<real>(MAX_FORECAST); // m from the origin where the group enters the picture
export const fDecoy = new StaticArray<real>(MAX_FORECAST); // share of the group that are decoys (no warhead)
export const fAlt = new StaticArray<real>(MAX_FORECAST); // typical height, m
export const fSpeed = new StaticArray<real>(MAX_FORECAST); // typical speed, m/s
// Aim weights per (group, asset slot) (CONFIG/FORECAST_AIM); a group without any aims at assets by value.
export const fAim = new StaticArray<real>(MAX_FORECAST * MAX_ASSETS);
export const fAimed = new StaticArray<bool>(MAX_FORECAST);
let groups: i32 = 0;

export function forecastClear(): void { groups = 0; }
export function forecastCount(): i32 { return groups; }

/** Slot of group `id`, created when new; -1 when the table is full. */
export function forecastSlotOrNew(id: i32): i32 {
  for (let g = 0; g < groups; g++) if (unchecked(fId[g]) == id) return g;
  if (groups >= MAX_FORECAST) return -1;
  unchecked(fId[groups] = id);
  unchecked(fAimed[groups] = false);
  for (let a = 0; a < MAX_ASSETS; a++) unchecked(fAim[groups * MAX_ASSETS + a] = 0);
  return groups++;
}

/** Slot of group `id`, or -1. */
export function forecastSlot(id: i32): i32 {
  for (let g = 0; g < groups; g++) if (unchecked(fId[g]) == id) return g;
  return -1;
}

/** Sets the weight of asset slot `a` as group g's aim point. */
export function forecastAimSet(g: i32, a: i32, w: real): void {
  unchecked(fAim[g * MAX_ASSETS + a] = w);
  unchecked(fAimed[g] = true);
}

/** Weight of asset slot `a` (value `value`) as an aim of group g. */
export function forecastAim(g: i32, a: i32, value: real): real {
  return unchecked(fAimed[g]) ? unchecked(fAim[g * MAX_ASSETS + a]) : value;
}

/** Threats of group `g` expected to arrive after tMs. */
export function forecastRemaining(g: i32, tMs: f64): real {
  const a = unchecked(fStartMs[g]), b = unchecked(fEndMs[g]);
  if (tMs >= b) return 0;
  if (tMs <= a) return unchecked(fCount[g]);
  return unchecked(fCount[g]) * <real>((b - tMs) / (b - a));
}
