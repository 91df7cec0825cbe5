// The battery: defended assets, fire units and doctrine, set by CONFIG frames (ASSET, FIRE_UNIT,
// DOCTRINE) and kept up to date by EFFECTOR frames. Struct-of-arrays, sized by the board.
import { real, MAX_ASSETS, MAX_FIRE_UNITS } from "../board";
import { CLASS_COUNT } from "../protocol";
import { MAX_RESERVES } from "../limits";

export const assetId = new StaticArray<i32>(MAX_ASSETS);
export const assetKind = new StaticArray<i32>(MAX_ASSETS);
export const ax = new StaticArray<real>(MAX_ASSETS);
export const ay = new StaticArray<real>(MAX_ASSETS);
export const az = new StaticArray<real>(MAX_ASSETS);
export const assetRadius = new StaticArray<real>(MAX_ASSETS);
export const assetValue = new StaticArray<real>(MAX_ASSETS);
let assets: i32 = 0;

export const unitId = new StaticArray<i32>(MAX_FIRE_UNITS);
export const unitKind = new StaticArray<i32>(MAX_FIRE_UNITS);
export const ux = new StaticArray<real>(MAX_FIRE_UNITS);
export const uy = new StaticArray<real>(MAX_FIRE_UNITS);
export const uz = new StaticArray<real>(MAX_FIRE_UNITS);
export const minRange = new StaticArray<real>(MAX_FIRE_UNITS);
export const maxRange = new StaticArray<real>(MAX_FIRE_UNITS);
export const minAlt = new StaticArray<real>(MAX_FIRE_UNITS);
export const maxAlt = new StaticArray<real>(MAX_FIRE_UNITS);
export const maxTargetSpeed = new StaticArray<real>(MAX_FIRE_UNITS);
export const interceptorSpeed = new StaticArray<real>(MAX_FIRE_UNITS);
export const reactionS = new StaticArray<real>(MAX_FIRE_UNITS);
export const channels = new StaticArray<i32>(MAX_FIRE_UNITS);
export const readyRounds = new StaticArray<i32>(MAX_FIRE_UNITS);
export const launcherCapacity = new StaticArray<i32>(MAX_FIRE_UNITS); // ready rounds when fully loaded
export const magazine = new StaticArray<i32>(MAX_FIRE_UNITS); // rounds in reserve, loaded one per reload time
export const reloadS = new StaticArray<real>(MAX_FIRE_UNITS);
// Reload policy: true when the launchers are refilled all at once, and only once empty (reloadS per refill);
// false when one round is loaded per reloadS whenever they are not full.
export const reloadWhole = new StaticArray<bool>(MAX_FIRE_UNITS);
export const pk = new StaticArray<real>(MAX_FIRE_UNITS * CLASS_COUNT);
export const costPerRound = new StaticArray<real>(MAX_FIRE_UNITS);
export const unitDown = new StaticArray<bool>(MAX_FIRE_UNITS);
// A unit that reports its rounds (EFFECTOR frames) is believed; the firmware stops modelling its reloads.
export const reportsRounds = new StaticArray<bool>(MAX_FIRE_UNITS);
export const busyChannels = new StaticArray<i32>(MAX_FIRE_UNITS);
export const reloadDoneMs = new StaticArray<f64>(MAX_FIRE_UNITS); // when the next round is loaded, or +inf
let units: i32 = 0;

// Doctrine.
export let shootLookShoot: bool = true;
export let salvoLimit: i32 = 2;
export let reserveForBallistic: i32 = 0; // long-range rounds kept back for ballistic threats
export let costWeight: real = 0; // λ: value units per unit of cost
export let killAssessS: real = 3; // time after the intercept before a kill assessment is expected
export let wtaWorkBound: i32 = 20000;
// The value of a round (CONFIG/LOOKAHEAD, round-value.ts).
export let lookaheadOn: bool = false;
export let lookaheadPeriodS: real = 10; // how often the prices are recomputed, s of the picture's time
export let decoyShare: real = 0; // share of drone-class tracks believed to be decoys (no warhead)
export let lookaheadWorkBound: i32 = 2000000;
// Reserve rules (CONFIG/RESERVE): a unit of kind rKind keeps rRounds rounds for the classes in rMask.
export const rKind = new StaticArray<i32>(MAX_RESERVES);
export const rMask = new StaticArray<i32>(MAX_RESERVES); // bit c: class c may use the reserve
export const rRounds = new StaticArray<i32>(MAX_RESERVES);
let reserves: i32 = 0;

export function batteryClear(): void {
  assets = 0;
  units = 0;
  shootLookShoot = true; salvoLimit = 2; reserveForBallistic = 0; costWeight = 0; killAssessS = 3; wtaWorkBound = 20000;
  lookaheadOn = false; lookaheadPeriodS = 10; decoyShare = 0; lookaheadWorkBound = 2000000;
  reserves = 0;
}

export function lookaheadSet(on: bool, periodS: real, decoys: real, work: i32): void {
  lookaheadOn = on; lookaheadPeriodS = periodS; decoyShare = decoys; lookaheadWorkBound = work;
}

/** Adds a reserve rule, or replaces the rule of the same kind and classes; false when the table is full. */
export function reserveSet(kind: i32, mask: i32, rounds: i32): bool {
  let k = 0;
  while (k < reserves && !(unchecked(rKind[k]) == kind && unchecked(rMask[k]) == mask)) k++;
  if (k == reserves) {
    if (reserves >= MAX_RESERVES) return false;
    reserves++;
  }
  unchecked(rKind[k] = kind); unchecked(rMask[k] = mask); unchecked(rRounds[k] = rounds);
  return true;
}

/** Whether a round of unit `u` on a threat of class `cls` would dip into rounds the reserve rules keep. */
export function reserveHolds(u: i32, cls: i32): bool {
  const left = unchecked(readyRounds[u]) + unchecked(magazine[u]);
  const kind = unchecked(unitKind[u]);
  // The rounds kept from this class: every rule of the unit's kind that does not name it (as the battery's).
  let kept = 0;
  for (let k = 0; k < reserves; k++) {
    if (unchecked(rKind[k]) == kind && (unchecked(rMask[k]) >> cls & 1) == 0) kept += unchecked(rRounds[k]);
  }
  return left <= kept;
}
export function assetCount(): i32 { return assets; }
export function unitCount(): i32 { return units; }

/** Slot of asset `id`, created when new; -1 when the table is full. */
export function assetSlotOrNew(id: i32): i32 {
  for (let a = 0; a < assets; a++) if (unchecked(assetId[a]) == id) return a;
  if (assets >= MAX_ASSETS) return -1;
  unchecked(assetId[assets] = id);
  return assets++;
}

export function assetSlot(id: i32): i32 {
  for (let a = 0; a < assets; a++) if (unchecked(assetId[a]) == id) return a;
  return -1;
}

export function unitSlot(id: i32): i32 {
  for (let u = 0; u < units; u++) if (unchecked(unitId[u]) == id) return u;
  return -1;
}

export function unitSlotOrNew(id: i32): i32 {
  const u = unitSlot(id);
  if (u >= 0) return u;
  if (units >= MAX_FIRE_UNITS) return -1;
  unchecked(unitId[units] = id);
  unchecked(busyChannels[units] = 0);
  unchecked(unitDown[units] = false);
  unchecked(reloadDoneMs[units] = Infinity);
  unchecked(reportsRounds[units] = false);
  return units++;
}

export function doctrineSet(sls: bool, salvo: i32, reserve: i32, lambda: real, assessS: real, work: i32): void {
  shootLookShoot = sls; salvoLimit = salvo; reserveForBallistic = reserve; costWeight = lambda; killAssessS = assessS;
  wtaWorkBound = work;
}

/** Spends `n` ready rounds of unit `u` at tMs and starts reloading from the magazine. */
export function spendRounds(u: i32, n: i32, tMs: f64): void {
  unchecked(readyRounds[u] -= n);
  assert(unchecked(readyRounds[u]) >= 0);
  const starts = !unchecked(reloadWhole[u]) || unchecked(readyRounds[u]) == 0;
  if (starts && !unchecked(reportsRounds[u]) && unchecked(reloadDoneMs[u]) == Infinity && unchecked(magazine[u]) > 0) {
    unchecked(reloadDoneMs[u] = tMs + <f64>reloadS[u] * 1000);
  }
}

/** Loads rounds from the magazine as reload times elapse: one round per reload time up to capacity, or
 *  with the whole-launcher policy the launchers full at once. */
export function reloadTo(tMs: f64): void {
  for (let u = 0; u < units; u++) {
    if (unchecked(reloadWhole[u])) {
      if (unchecked(reloadDoneMs[u]) <= tMs) {
        const load = min(unchecked(magazine[u]), unchecked(launcherCapacity[u]) - unchecked(readyRounds[u]));
        unchecked(magazine[u] -= load);
        unchecked(readyRounds[u] += load);
        unchecked(reloadDoneMs[u] = Infinity);
      }
      continue;
    }
    let guard = 1024;
    while (unchecked(reloadDoneMs[u]) <= tMs && guard-- > 0) {
      unchecked(magazine[u] -= 1);
      unchecked(readyRounds[u] += 1);
      const more = unchecked(magazine[u]) > 0 && unchecked(readyRounds[u]) < unchecked(launcherCapacity[u]);
      unchecked(reloadDoneMs[u] = more ? reloadDoneMs[u] + <f64>reloadS[u] * 1000 : Infinity);
    }
  }
}
