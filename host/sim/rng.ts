// Seeded pseudo-random numbers for the simulator: xoshiro128** (Blackman & Vigna) for the stream,
// SplitMix32-style finalisers to expand a 32-bit key into its 128-bit state, Box–Muller for normals.
// Kept separate from the firmware on purpose: the simulator is the independent ground truth.
//
// Sub-streams: fork(label) derives a child from this stream's *key* (seed plus the labels that led to
// it), never from its current state, so a child's numbers do not depend on how much of the parent, or
// of any sibling, has been consumed. Changing how many clutter plots one scan draws therefore leaves
// every other scan's numbers untouched.

/** FNV-1a over the UTF-16 code units of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export class Rng {
  /** Identity of the stream: the seed and the fork labels, joined by '/'. */
  readonly key: string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null; // second Box–Muller deviate

  constructor(seed: number | string) {
    this.key = String(seed);
    let x = fnv1a(this.key);
    const next = (): number => {
      // SplitMix32 step: Weyl increment, then a 32-bit avalanche finaliser.
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Independent child stream named by `label`. */
  fork(label: string | number): Rng {
    return new Rng(`${this.key}/${label}`);
  }

  /** Uniform integer in [0, 2^32). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [lo, hi), with 53 random bits. */
  uniform(lo = 0, hi = 1): number {
    const u = ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
    return lo + (hi - lo) * u;
  }

  /** Normal deviate (Box–Muller; the pair's second value is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    const u1 = 1 - this.uniform(); // (0, 1]: log never sees 0
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return mean + sd * r * Math.cos(2 * Math.PI * u2);
  }

  /** Bernoulli trial with success probability prob. */
  chance(prob: number): boolean {
    return this.uniform() < prob;
  }

  /**
   * Poisson deviate. Knuth's product method on chunks of mean ≤ 30 (a sum of independent Poissons is
   * Poisson with the summed mean), which keeps it exact and free of underflow for any mean.
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new Error('poisson: mean must be finite and ≥ 0');
    let n = 0;
    for (let left = mean; left > 0; left -= 30) {
      const limit = Math.exp(-Math.min(left, 30));
      let prod = this.uniform();
      while (prod >= limit) {
        n++;
        prod *= this.uniform();
      }
    }
    return n;
  }
}
