// Threat evaluation of one track against every defended asset. Ballistic threats are extrapolated to
// impact (ground level of the asset); the others to their horizontal closest approach, since drones and
// cruise missiles dive onto the target at the end. The probability of hitting an asset is that of a
// 2-D Gaussian miss (mean = predicted miss, σ² from the track covariance grown to that time) landing
// inside the asset radius, in the usual disc approximation  P ≈ R²/(R²+2σ²)·exp(−m²/(R²+2σ²)).
import { real, MAX_ASSETS } from "../board";
import { CLASS_UNKNOWN, CLASS_DRONE, CLASS_CRUISE, CLASS_BALLISTIC, CLASS_COUNT, STAT_THREATS_NONFINITE } from "../protocol";
import { statAdd } from "../stats";
import { rexp } from "../real";
import { assetCount, ax, ay, az, assetRadius, assetValue } from "./battery";

const HORIZON_S: real = 3600;
const TWO_THIRDS: real = <real>2 / <real>3;
// Expected share of an asset's value one hit destroys, by class (CONFIG/LETHALITY). Defaults: a drone's
// ~50 kg warhead, a cruise missile's ~450 kg, a ballistic missile's ~500 kg at terminal speed; unknown
// as a drone (it may be a decoy).
const lethal = new StaticArray<real>(CLASS_COUNT);

export function lethalityDefault(): void {
  unchecked(lethal[CLASS_UNKNOWN] = 0.2); unchecked(lethal[CLASS_DRONE] = 0.2);
  unchecked(lethal[CLASS_CRUISE] = 0.7); unchecked(lethal[CLASS_BALLISTIC] = 1);
}
export function lethalitySet(cls: i32, v: real): void { unchecked(lethal[cls] = v); }
export function lethality(cls: i32): real { return unchecked(lethal[cls]); }

/** Results of the last evaluate() call. */
export let threatValue: real = 0;
export let threatTgo: real = HORIZON_S; // s to the most threatened asset
export let threatAsset: i32 = -1;
export let threatPHit: real = 0;

// Per-asset scratch of evaluate(): the work is split in three passes so each is short and its iterations
// independent (every pair's geometry, then one division and one exponential per kept pair, then the
// ordered sum), which lets them overlap in the pipeline.
const candAsset = new StaticArray<i32>(MAX_ASSETS);
const candT = new StaticArray<real>(MAX_ASSETS);
const candW = new StaticArray<real>(MAX_ASSETS);  // r² + 2σ²
const candM2 = new StaticArray<real>(MAX_ASSETS); // squared miss distance
const candP = new StaticArray<real>(MAX_ASSETS);  // P of hitting the asset

export function evaluate(x: real, y: real, z: real, vx: real, vy: real, vz: real, posSigma: real, velSigma: real, cls: i32): void {
  const leth = lethality(cls);
  const na = assetCount();
  // The track's case is fixed for all assets, so each case is its own loop; every pair is computed and the
  // candidate appended without a branch (whether a pair is kept is data, not control flow).
  let nc = 0;
  if (cls == CLASS_BALLISTIC && vz < -1) {
    for (let a = 0; a < na; a++) {
      const dx = x - unchecked(ax[a]), dy = y - unchecked(ay[a]);
      const t = max<real>(<real>0, (z - unchecked(az[a])) / -vz);
      const mx = dx + vx * t, my = dy + vy * t;
      nc = candidate(a, t, mx, my, posSigma, velSigma, nc);
    }
  } else {
    const vh2 = vx * vx + vy * vy;
    if (vh2 > 1) {
      const invVh2 = <real>1 / vh2; // one division per track, not per asset
      for (let a = 0; a < na; a++) {
        const dx = x - unchecked(ax[a]), dy = y - unchecked(ay[a]);
        const t = max<real>(<real>0, -(dx * vx + dy * vy) * invVh2);
        nc = candidate(a, t, dx + vx * t, dy + vy * t, posSigma, velSigma, nc);
      }
    } else {
      for (let a = 0; a < na; a++) nc = candidate(a, HORIZON_S, x - unchecked(ax[a]), y - unchecked(ay[a]), posSigma, velSigma, nc);
    }
  }
  for (let c = 0; c < nc; c++) {
    const r = unchecked(assetRadius[candAsset[c]]), invW = <real>1 / unchecked(candW[c]);
    unchecked(candP[c] = r * r * invW * rexp(-unchecked(candM2[c]) * invW));
  }
  // The sum and the most threatened asset in locals: a global written every iteration would carry the loop
  // through memory.
  let best: real = 0, value: real = 0, tgo = HORIZON_S, asset = -1, pHit: real = 0;
  for (let c = 0; c < nc; c++) {
    const a = unchecked(candAsset[c]), p = unchecked(candP[c]);
    const damage = p * unchecked(assetValue[a]) * leth;
    value += damage;
    if (damage > best) { best = damage; tgo = unchecked(candT[c]); asset = a; pHit = p; }
  }
  // Extreme geometry or time (a track predicted 1e197 s ahead, r² overflowing f32) can make the sum
  // non-finite: no assignment can weigh that, so the track threatens nothing, counted.
  if (!(value >= 0 && value < <real>Infinity)) {
    statAdd(STAT_THREATS_NONFINITE, 1);
    value = 0; asset = -1; pHit = 0; tgo = HORIZON_S;
  }
  threatValue = value; threatTgo = tgo; threatAsset = asset; threatPHit = pHit;
}

/** Writes asset a's pair at slot nc and returns nc + 1 when it counts: its closest approach within the
 *  horizon and P above e⁻⁴⁰ (not worth the exponential). */
// @ts-ignore: decorator
@inline function candidate(a: i32, t: real, mx: real, my: real, posSigma: real, velSigma: real, nc: i32): i32 {
  const r = unchecked(assetRadius[a]);
  // w = r² + 2σ², σ² = (σp² + t²σv²)/3 per horizontal axis
  const w = r * r + (posSigma * posSigma + t * t * velSigma * velSigma) * TWO_THIRDS;
  const m2 = mx * mx + my * my;
  const keep = <i32>!(t > HORIZON_S) & <i32>!(m2 > <real>40 * w);
  unchecked(candAsset[nc] = a);
  unchecked(candT[nc] = t);
  unchecked(candW[nc] = w);
  unchecked(candM2[nc] = m2);
  return nc + keep;
}
