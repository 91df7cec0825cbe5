// Engagement state per fire order: assigned -> in flight -> kill assessment -> killed / missed. An
// engagement holds one guidance channel of its fire unit until it is assessed. A KILL frame settles it;
// without one, it is taken as missed after three assessment delays, so a lost report never blocks a
// channel for good. A missed threat becomes assignable again (shoot-look-shoot).
import { real, MAX_TRACKS, MAX_FIRE_UNITS } from "../board";
import { MAX_ENGAGEMENTS } from "../limits";
import { ENGAGE_ASSIGNED, ENGAGE_IN_FLIGHT, ENGAGE_ASSESSING, STAT_KILLS_REPORTED, STAT_KILL_UNKNOWN } from "../protocol";
import { statAdd } from "../stats";
import { busyChannels, reactionS, killAssessS } from "./battery";
import { tNumber, tKilled, tEngaged } from "../track/tracks";

export const eId = new StaticArray<u32>(MAX_ENGAGEMENTS);
export const eTrack = new StaticArray<i32>(MAX_ENGAGEMENTS); // track slot
export const eTrackNumber = new StaticArray<u32>(MAX_ENGAGEMENTS);
export const eUnit = new StaticArray<i32>(MAX_ENGAGEMENTS);
export const eRounds = new StaticArray<i32>(MAX_ENGAGEMENTS);
export const eState = new StaticArray<i32>(MAX_ENGAGEMENTS);
export const eOrderMs = new StaticArray<f64>(MAX_ENGAGEMENTS);
export const eInterceptMs = new StaticArray<f64>(MAX_ENGAGEMENTS);
export const ePk = new StaticArray<real>(MAX_ENGAGEMENTS); // kill probability of the whole engagement
let count: i32 = 0;
let nextId: u32 = 1;

/** Drops every engagement and releases the guidance channels they held (init, CONFIG/RESET): a channel
 *  is busy only while an engagement holds it. */
export function engagementsClear(): void {
  for (let u = 0; u < MAX_FIRE_UNITS; u++) unchecked(busyChannels[u] = 0);
  count = 0;
  nextId = 1;
}
export function engagementCount(): i32 { return count; }
export function engagementRoom(): bool { return count < MAX_ENGAGEMENTS; }

export function engagementOpen(slot: i32, unit: i32, rounds: i32, tMs: f64, interceptMs: f64, pkAll: real): u32 {
  assert(count < MAX_ENGAGEMENTS && slot >= 0 && slot < MAX_TRACKS);
  const k = count++;
  const id = nextId++;
  unchecked(eId[k] = id);
  unchecked(eTrack[k] = slot);
  unchecked(eTrackNumber[k] = tNumber[slot]);
  unchecked(eUnit[k] = unit);
  unchecked(eRounds[k] = rounds);
  unchecked(eState[k] = ENGAGE_ASSIGNED);
  unchecked(eOrderMs[k] = tMs);
  unchecked(eInterceptMs[k] = interceptMs);
  unchecked(ePk[k] = pkAll);
  unchecked(busyChannels[unit] += 1);
  unchecked(tEngaged[slot] += 1);
  return id;
}

function close(k: i32): void {
  const slot = unchecked(eTrack[k]);
  if (unchecked(tNumber[slot]) == unchecked(eTrackNumber[k])) unchecked(tEngaged[slot] = max(0, tEngaged[slot] - 1));
  unchecked(busyChannels[eUnit[k]] = max(0, busyChannels[eUnit[k]] - 1));
  count--;
  unchecked(eId[k] = eId[count]); unchecked(eTrack[k] = eTrack[count]); unchecked(eTrackNumber[k] = eTrackNumber[count]);
  unchecked(eUnit[k] = eUnit[count]); unchecked(eRounds[k] = eRounds[count]); unchecked(eState[k] = eState[count]);
  unchecked(eOrderMs[k] = eOrderMs[count]); unchecked(eInterceptMs[k] = eInterceptMs[count]); unchecked(ePk[k] = ePk[count]);
}

/** Advances every engagement's state to tMs; settles unreported ones as missed. */
export function engagementsAdvance(tMs: f64): void {
  const assessMs = <f64>killAssessS * 1000;
  for (let k = count - 1; k >= 0; k--) {
    if (tMs >= unchecked(eInterceptMs[k]) + 3 * assessMs) { close(k); continue; }
    if (tMs >= unchecked(eInterceptMs[k])) unchecked(eState[k] = ENGAGE_ASSESSING);
    else if (tMs >= unchecked(eOrderMs[k]) + <f64>unchecked(reactionS[eUnit[k]]) * 1000) unchecked(eState[k] = ENGAGE_IN_FLIGHT);
  }
}

/** A kill assessment from the battery: settles the engagement; a kill marks its track destroyed. */
export function engagementAssessed(id: u32, killed: bool): bool {
  for (let k = 0; k < count; k++) {
    if (unchecked(eId[k]) != id) continue;
    statAdd(STAT_KILLS_REPORTED, 1);
    const slot = unchecked(eTrack[k]);
    if (killed && unchecked(tNumber[slot]) == unchecked(eTrackNumber[k])) unchecked(tKilled[slot] = true);
    close(k);
    return true;
  }
  statAdd(STAT_KILL_UNKNOWN, 1);
  return false;
}

/** The engagement in progress on track slot `slot` (the first found), or -1. */
export function engagementOfTrack(slot: i32): i32 {
  // tEngaged counts exactly the engagements held on the slot's current track (opened on its number,
  // cleared when the slot starts a new track): with none, there is nothing to look for.
  if (unchecked(tEngaged[slot]) <= 0) return -1;
  for (let k = 0; k < count; k++) {
    if (unchecked(eTrack[k]) == slot && unchecked(tNumber[slot]) == unchecked(eTrackNumber[k])) return k;
  }
  return -1;
}

