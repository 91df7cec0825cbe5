// The value at risk: which threats would do damage if they leaked, to which assets, and the lower bounds
// on expected damage the model's cuts are made of.
//
// The world's damage rule (effects.ts) takes the class's lethality as a fraction of the asset's remaining
// value, so asset a hit by the set S of leakers loses D_a(S) = A·(1 − Π_{j∈S}(1 − l_j)), whatever the order
// of the hits. D_a is monotone and submodular (a probabilistic coverage function). For any joint law of the
// leaks with marginals q_j, E[D_a(S)] is at least the convex closure of D_a at q, which for a submodular
// function is its Lovász extension: max over orderings π of Σ_j v^π_j q_j, v^π the marginal damages along
// π (Edmonds' greedy vertices of the base polytope). Every ordering gives a valid linear lower bound
// ("cut"); the model starts from the impact-time ordering (whose v are exactly the undefended run's damage
// per threat) and adds the violated ordering of the current solution until none is (solve.ts).
import { assetsAt } from '../sim/effects.ts';
import type { BoundProblem, BoundThreat } from './problem.ts';

/** One asset and the threats whose impact point is inside its radius (impact within the run). */
export interface AssetRisk {
  asset: number;
  value: number;
  /** Indices into ValueAtRisk.threats, in impact-time order. */
  threats: number[];
  /** Lethality of each of those threats against this asset (its class's). */
  lethality: number[];
}

export interface ValueAtRisk {
  /** Threats that carry a warhead, impact by the end of the run and hit at least one asset. */
  threats: BoundThreat[];
  /** Sum over assets of the undefended damage (every valued threat leaks). */
  undefended: number;
  assets: AssetRisk[];
  /** Undefended damage per valued threat (impact-time marginals, summed over its assets). */
  threatValue: number[];
  /** Damage each valued threat would do alone (every asset it hits at full value): Σ_a A·l. */
  threatAlone: number[];
}

/** Last step time of the run in ms: the world resolves nothing after it. */
export function horizonMs(p: BoundProblem): number {
  const stepMs = Math.round(p.stepS * 1000);
  return Math.floor(Math.round(p.endS * 1000) / stepMs) * stepMs;
}

export function valueAtRisk(p: BoundProblem): ValueAtRisk {
  const endMs = horizonMs(p);
  const threats = p.threats
    .filter((t) => !t.decoy && t.class !== 'decoy' && Math.round(t.impactTimeS * 1000) <= endMs && assetsAt(t.impactPoint, p.assets).length > 0)
    .sort((a, b) => a.impactTimeS - b.impactTimeS || a.id - b.id);
  const assets: AssetRisk[] = p.assets.map((a, i) => ({ asset: i, value: a.value, threats: [], lethality: [] }));
  const byId = new Map(p.assets.map((a, i) => [a.id, i]));
  threats.forEach((t, j) => {
    for (const a of assetsAt(t.impactPoint, p.assets)) {
      const r = assets[byId.get(a.id)!];
      r.threats.push(j);
      r.lethality.push(p.lethality[t.class as keyof BoundProblem['lethality']]);
    }
  });
  const threatValue = threats.map(() => 0);
  const threatAlone = threats.map(() => 0);
  let undefended = 0;
  for (const r of assets) {
    const v = marginals(r.value, r.lethality);
    v.forEach((x, k) => (threatValue[r.threats[k]] += x));
    r.threats.forEach((j, k) => (threatAlone[j] += r.value * r.lethality[k]));
    undefended += v.reduce((s, x) => s + x, 0);
  }
  return { threats, undefended, assets: assets.filter((r) => r.threats.length > 0), threatValue, threatAlone };
}

/** Marginal damages of hits of lethalities `l`, in that order, on an asset of value A. */
export function marginals(A: number, l: readonly number[]): number[] {
  let left = A;
  return l.map((x) => {
    const v = left * x;
    left -= v;
    return v;
  });
}

/**
 * The ordering of an asset's threats that gives the tightest cut at leak probabilities q (q indexed like
 * ValueAtRisk.threats): by q descending, ties by impact time (the greedy vertex at q is where the Lovász
 * extension is attained). Returns positions into r.threats.
 */
export function separatingOrder(r: AssetRisk, q: ArrayLike<number>): number[] {
  return r.threats.map((_, k) => k).sort((a, b) => q[r.threats[b]] - q[r.threats[a]] || a - b);
}

/** The cut of ordering `order` (positions into r.threats): coefficient per position. */
export function cutCoefficients(r: AssetRisk, order: readonly number[]): number[] {
  const v = marginals(r.value, order.map((k) => r.lethality[k]));
  const out = r.threats.map(() => 0);
  order.forEach((k, i) => (out[k] = v[i]));
  return out;
}

/**
 * Expected damage when threat j leaks independently with probability q_j: Σ_a A·(1 − Π(1 − l_j q_j)).
 * Not used by the model (it is not linear); the tests' brute force scores integer plans with it.
 */
export function expectedDamageIndependent(v: ValueAtRisk, q: ArrayLike<number>): number {
  let total = 0;
  for (const r of v.assets) {
    let keep = 1;
    r.threats.forEach((j, k) => (keep *= 1 - r.lethality[k] * q[j]));
    total += r.value * (1 - keep);
  }
  return total;
}
