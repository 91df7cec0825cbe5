// Threat evaluation of one track against every defended asset. Ballistic threats are extrapolated to
// impact (ground level of the asset); the others to their horizontal closest approach, since drones and
// cruise missiles dive onto the target at the end. The probability of hitting an asset is that of a
// 2-D Gaussian miss (mean = predicted miss, σ² from the track covariance grown to that time) landing
// inside the asset radius, in the usual disc approximation  P ≈ R²/(R²+2σ²)·exp(−m²/(R²+2σ²)).
import { real, MAX_ASSETS } from "../board";
import { CLASS_UNKNOWN, CLASS_DRONE, CLASS_CRUISE, CLASS_BALLISTIC, CLASS_COUNT } from "../protocol";
import { rexp } from "../real";
import { assetCount, ax, ay, az, assetRadius, assetValue } from "./battery";

const HORIZON_S: real = 3600;
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

// Per-asset scratch of evaluate(): the loop is split in three so each pass is short and its iterations
// independent (divisions, then exponentials, then the ordered sum), which lets them overlap in the pipeline.
const candAsset = new StaticArray<i32>(MAX_ASSETS);
const candT = new StaticArray<real>(MAX_ASSETS);
const candScale = new StaticArray<real>(MAX_ASSETS); // r²/w
const candArg = new StaticArray<real>(MAX_ASSETS);   // −m²/w, then P

export function evaluate(x: real, y: real, z: real, vx: real, vy: real, vz: real, posSigma: real, velSigma: real, cls: i32): void {
  threatValue = 0; threatTgo = HORIZON_S; threatAsset = -1; threatPHit = 0;
  const leth = lethality(cls);
  let nc = 0;
  const na = assetCount();
  for (let a = 0; a < na; a++) {
    const dx = x - unchecked(ax[a]), dy = y - unchecked(ay[a]);
    let t: real, mx: real, my: real;
    if (cls == CLASS_BALLISTIC && vz < -1) {
      t = max<real>(<real>0, (z - unchecked(az[a])) / -vz);
      mx = dx + vx * t; my = dy + vy * t;
    } else {
      const vh2 = vx * vx + vy * vy;
      t = vh2 > 1 ? max<real>(<real>0, -(dx * vx + dy * vy) / vh2) : HORIZON_S;
      if (vh2 <= 1) { mx = dx; my = dy; } else { mx = dx + vx * t; my = dy + vy * t; }
    }
    if (t > HORIZON_S) continue;
    const r = unchecked(assetRadius[a]);
    const sigma2 = (posSigma * posSigma + t * t * velSigma * velSigma) / <real>3;
    const w = r * r + <real>2 * sigma2;
    const m2 = mx * mx + my * my;
    if (m2 > <real>40 * w) continue; // P < e⁻⁴⁰: not worth the exponential
    unchecked(candAsset[nc] = a);
    unchecked(candT[nc] = t);
    unchecked(candScale[nc] = r * r / w);
    unchecked(candArg[nc] = -m2 / w);
    nc++;
  }
  for (let c = 0; c < nc; c++) unchecked(candArg[c] = candScale[c] * rexp(candArg[c]));
  let best: real = 0;
  for (let c = 0; c < nc; c++) {
    const a = unchecked(candAsset[c]), p = unchecked(candArg[c]);
    const damage = p * unchecked(assetValue[a]) * leth;
    threatValue += damage;
    if (damage > best) { best = damage; threatTgo = unchecked(candT[c]); threatAsset = a; threatPHit = p; }
  }
}
