// GOSPA (α = 2) against hand-computed values, and the assignment solver against brute force.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveAssignment } from '../host/metrics/assignment.ts';
import { gospa, type Point3 } from '../host/metrics/gospa.ts';

const P = (x: number, y = 0, z = 0): Point3 => ({ x, y, z });

/** Every injective map from the smaller side into the larger one: the minimum of their costs. */
function bruteForceCost(cost: number[][]): number {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  if (rows === 0 || cols === 0) return 0;
  const a = rows <= cols ? cost : cost[0].map((_, j) => cost.map((row) => row[j]));
  const used = new Array<boolean>(a[0].length).fill(false);
  let best = Infinity;
  const walk = (i: number, sum: number) => {
    if (i === a.length) return void (best = Math.min(best, sum));
    for (let j = 0; j < a[0].length; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + a[i][j]);
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

/** GOSPA straight from its definition: minimum over every partial one-to-one assignment. */
function bruteForceGospa(X: Point3[], Y: Point3[], c: number, p: number): number {
  const d = (a: Point3, b: Point3) => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
  const used = new Array<boolean>(Y.length).fill(false);
  let best = Infinity;
  const walk = (i: number, sum: number, pairs: number) => {
    if (i === X.length) {
      best = Math.min(best, sum + (c ** p / 2) * (X.length + Y.length - 2 * pairs));
      return;
    }
    walk(i + 1, sum, pairs); // X[i] left unassigned
    for (let j = 0; j < Y.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + d(X[i], Y[j]) ** p, pairs + 1);
      used[j] = false;
    }
  };
  walk(0, 0, 0);
  return best ** (1 / p);
}

describe('gospa, hand-computed', () => {
  it('is zero for two empty sets', () => {
    const r = gospa([], [], { c: 10, p: 2 });
    expect(r).toMatchObject({ gospa: 0, localisation: 0, missed: 0, false: 0, missedCount: 0, falseCount: 0 });
  });

  it('counts only missed truths: (c^p/2)·n', () => {
    const X = [P(0), P(100), P(200)];
    // p = 2, c = 10: 3·50 = 150.
    const r2 = gospa(X, [], { c: 10, p: 2 });
    expect(r2.missed).toBe(150);
    expect(r2.missedCount).toBe(3);
    expect(r2.gospa).toBeCloseTo(Math.sqrt(150), 12);
    // p = 1: 3·5 = 15.
    expect(gospa(X, [], { c: 10, p: 1 }).gospa).toBeCloseTo(15, 12);
  });

  it('counts only false estimates: (c^p/2)·n', () => {
    const r = gospa([], [P(1), P(2, 3, 4)], { c: 20, p: 1 });
    expect(r).toMatchObject({ false: 20, falseCount: 2, missed: 0, localisation: 0 });
    expect(r.gospa).toBeCloseTo(20, 12);
    expect(gospa([], [P(1), P(2, 3, 4)], { c: 20, p: 2 }).gospa).toBeCloseTo(Math.sqrt(400), 12);
  });

  it('uses 3-D Euclidean distance for a single pair', () => {
    // |(1,2,2)| = 3.
    const r = gospa([P(0)], [P(1, 2, 2)], { c: 10, p: 2 });
    expect(r.localisation).toBeCloseTo(9, 12);
    expect(r.gospa).toBeCloseTo(3, 12);
  });

  it('splits a pair beyond the cut-off into one missed and one false', () => {
    // Pair 1 at distance 5 (< c = 10); pair 2 at distance 20 (> c).
    const X = [P(0, 0, 0), P(0, 0, 100)];
    const Y = [P(3, 4, 0), P(0, 0, 120)];
    const r1 = gospa(X, Y, { c: 10, p: 1 });
    expect(r1).toMatchObject({ missedCount: 1, falseCount: 1, truthToEstimate: [0, -1], estimateToTruth: [0, -1] });
    expect(r1.localisation).toBeCloseTo(5, 12);
    expect(r1.missed).toBe(5);
    expect(r1.false).toBe(5);
    expect(r1.gospa).toBeCloseTo(15, 12); // 5 + 5 + 5
    const r2 = gospa(X, Y, { c: 10, p: 2 });
    expect(r2.localisation).toBeCloseTo(25, 12);
    expect(r2.missed).toBe(50);
    expect(r2.false).toBe(50);
    expect(r2.gospa).toBeCloseTo(Math.sqrt(125), 12); // 25 + 50 + 50
  });

  it('finds the optimal pairing where the greedy nearest pair is wrong', () => {
    // Greedy takes (2, 1.9) = 0.1 then (0, 4) = 4: 4.1. Optimal: (0, 1.9) + (2, 4) = 1.9 + 2 = 3.9.
    const r = gospa([P(0), P(2)], [P(1.9), P(4)], { c: 10, p: 1 });
    expect(r.gospa).toBeCloseTo(3.9, 12);
    expect(r.truthToEstimate).toEqual([0, 1]);
  });

  it('rejects a non-positive cut-off and an order below 1', () => {
    expect(() => gospa([], [], { c: 0, p: 1 })).toThrow();
    expect(() => gospa([], [], { c: 1, p: 0.5 })).toThrow();
  });
});

describe('solveAssignment', () => {
  it('handles empty and degenerate shapes', () => {
    expect(solveAssignment([])).toEqual({ rowToCol: [], colToRow: [], cost: 0 });
    expect(solveAssignment([[], []])).toEqual({ rowToCol: [-1, -1], colToRow: [], cost: 0 });
    expect(solveAssignment([[7]])).toEqual({ rowToCol: [0], colToRow: [0], cost: 7 });
  });

  it('matches enumeration of all permutations on random rectangular matrices', () => {
    const matrix = fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
      .chain(([n, m]) =>
        fc.array(fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { minLength: m, maxLength: m }), {
          minLength: n,
          maxLength: n,
        }),
      );
    fc.assert(
      fc.property(matrix, (cost) => {
        const r = solveAssignment(cost);
        const rows = cost.length;
        const cols = rows ? cost[0].length : 0;
        // A valid matching of min(rows, cols) pairs, consistent both ways, whose cost is reported right.
        const pairs = r.rowToCol.map((j, i) => [i, j]).filter(([, j]) => j >= 0);
        expect(pairs.length).toBe(Math.min(rows, cols));
        expect(new Set(pairs.map(([, j]) => j)).size).toBe(pairs.length);
        for (const [i, j] of pairs) expect(r.colToRow[j]).toBe(i);
        expect(r.colToRow.filter((i) => i >= 0).length).toBe(pairs.length);
        const sum = pairs.reduce((s, [i, j]) => s + cost[i][j], 0);
        expect(r.cost).toBeCloseTo(sum, 6);
        expect(r.cost).toBeCloseTo(bruteForceCost(cost), 6);
      }),
      { numRuns: 500 },
    );
  });
});

describe('gospa against its definition', () => {
  it('equals the minimum over all partial assignments, and its parts add up', () => {
    const point = fc.record({
      x: fc.double({ min: -20, max: 20, noNaN: true }),
      y: fc.double({ min: -20, max: 20, noNaN: true }),
      z: fc.double({ min: -20, max: 20, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(point, { maxLength: 5 }),
        fc.array(point, { maxLength: 5 }),
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (X, Y, c, p) => {
          const r = gospa(X, Y, { c, p });
          const ref = bruteForceGospa(X, Y, c, p);
          expect(r.gospa).toBeCloseTo(ref, 6);
          expect(r.gospa ** p).toBeCloseTo(r.localisation + r.missed + r.false, 6);
          const pairs = r.truthToEstimate.filter((j) => j >= 0).length;
          expect(r.missedCount).toBe(X.length - pairs);
          expect(r.falseCount).toBe(Y.length - pairs);
          expect(r.missed).toBeCloseTo((c ** p / 2) * r.missedCount, 9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
