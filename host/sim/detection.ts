// Closed forms of the radar model: signal-to-noise ratio from the radar equation, single-pulse probability
// of detection for Swerling I and III targets, and the 4/3-earth radar horizon.
//
// Detection (square-law detector, one pulse, fixed threshold T set by the false-alarm probability:
// under noise alone the normalised detector output is exponential, so Pfa = e^(−T), T = −ln Pfa).
// With the target's SNR s fixed the output is non-central, and Pd(s) = Q₁(√(2s), √(2T)) (Marcum Q);
// averaging over the RCS fluctuation gives closed forms:
//   Swerling I   (s exponential, mean S):             Pd = exp(−T/(1+S)) = Pfa^(1/(1+S))
//   Swerling III (s chi-square with 4 dof, mean S):   Pd = exp(−2T/(2+S)) · (1 + 2ST/(2+S)²)
// References: P. Swerling, "Probability of detection for fluctuating targets", IRE Trans. Inf. Theory
// IT-6 (1960) 269–308; B. R. Mahafza & A. Z. Elsherbeni, "MATLAB Simulations for Radar Systems Design"
// (2004), eqs. 2.75 (Swerling I) and 2.81 with n_p = 1 (Swerling III:
// Pd = exp(−V_T/(1+S/2)) · (1+2/S)^(−1) · [1 + V_T/(1+S/2) + 2/S], which simplifies to the form above);
// M. A. Richards, "Fundamentals of Radar Signal Processing" (2005), ch. 6. Both follow from the Laplace
// transform of the detector output averaged over the fluctuation; docs/scenario.md has the derivation.
// Fluctuation is scan-to-scan (cases I and III, not II and IV), so one draw per scan against the average
// Pd is exact: the scans are independent.

/** Mean Earth radius, m, and the standard-refraction factor for the radar horizon. */
export const EARTH_RADIUS_M = 6_371_000;
export const REFRACTION_K = 4 / 3;

export type SwerlingCase = 1 | 3;

export const dbToLinear = (db: number): number => 10 ** (db / 10);

/**
 * SNR (linear) of a target of RCS σ at range R, for a radar whose SNR is snr0 (linear) at range R0 on an
 * RCS σ0: the radar equation's SNR ∝ σ / R⁴ with everything else (power, gain, losses) folded into snr0.
 */
export function radarSnr(snr0: number, r0: number, sigma0: number, sigma: number, range: number): number {
  return snr0 * (sigma / sigma0) * (r0 / range) ** 4;
}

/** Single-pulse probability of detection for a Swerling I or III target of mean SNR `snr` (linear). */
export function detectionProbability(snr: number, pfa: number, swerling: SwerlingCase): number {
  if (!(pfa > 0 && pfa < 1)) throw new Error(`pfa must be in (0, 1), got ${pfa}`);
  if (!(snr >= 0)) throw new Error(`snr must be ≥ 0, got ${snr}`);
  const t = -Math.log(pfa);
  if (swerling === 1) return Math.exp(-t / (1 + snr));
  return Math.exp((-2 * t) / (2 + snr)) * (1 + (2 * snr * t) / (2 + snr) ** 2);
}

/**
 * Distance to the radar horizon for an antenna at height ha and a target at height ht (m, above a
 * spherical Earth of effective radius k·Re): d = √(2·k·Re·ha) + √(2·k·Re·ht). A target farther than
 * this (in ground distance) is below the horizon and invisible.
 */
export function radarHorizonM(antennaHeightM: number, targetHeightM: number): number {
  const kr2 = 2 * REFRACTION_K * EARTH_RADIUS_M;
  return Math.sqrt(kr2 * Math.max(antennaHeightM, 0)) + Math.sqrt(kr2 * Math.max(targetHeightM, 0));
}
