// The closed loop against the world's ground truth: every interception the summary counts is a kill the
// world drew for an engagement the battery fired; every threat launched is intercepted, leaked or still
// flying; damage lands only on assets the leaker's impact point is inside; the rounds counted are the
// rounds the world's fire units spent. Every doctrine, the teaching scenarios and a slice of Kyiv.
import { describe, expect, it } from 'vitest';
import { runLoop, type DoctrineName, type LoopRun } from '../host/sim/loop.ts';
import { assetsAt } from '../host/sim/effects.ts';
import { loadScenario, type Scenario } from '../host/sim/scenario.ts';

const cases: [string, Scenario, DoctrineName, number?][] = [
  ['teach-single-drone', loadScenario('scenarios/teach-single-drone.json'), 'parapet'],
  ['teach-mixed-wave', loadScenario('scenarios/teach-mixed-wave.json'), 'parapet'],
  ['teach-mixed-wave', loadScenario('scenarios/teach-mixed-wave.json'), 'nearest'],
  ['teach-mixed-wave', loadScenario('scenarios/teach-mixed-wave.json'), 'layered'],
  ['teach-ballistic', loadScenario('scenarios/teach-ballistic.json'), 'parapet'],
  // The first 50 minutes of the Kyiv night: the first drones reach the city, most are still flying.
  ['kyiv (first 3000 s)', loadScenario('scenarios/kyiv-2025-07-04.json'), 'parapet', 3000],
];

function check(run: LoopRun, sc: Scenario, endS: number): void {
  const { world, battery, result } = run;
  const s = result.summary;
  const launched = world.threats.filter((t) => t.launchTimeS <= endS);
  // Ground truth from the world alone: killed = not alive just before its impact (or the end of the run).
  const killed = launched.filter((t) => { const x = Math.min(t.impactTimeS, endS) - 1e-3; return x >= t.launchTimeS && !world.isAlive(t, x); });
  const killedIds = new Set(killed.map((t) => t.id));
  const leaked = launched.filter((t) => !killedIds.has(t.id) && t.impactTimeS <= endS);
  expect(s.threats.all.launched).toBe(launched.length);
  expect(s.threats.all.intercepted).toBe(killed.length);
  expect(s.threats.all.leaked).toBe(leaked.length);
  for (const [cls, f] of Object.entries(s.threats)) {
    expect(f.intercepted + f.leaked + f.alive, cls).toBe(f.launched);
    expect(f.engaged, cls).toBeLessThanOrEqual(f.launched);
    expect(f.intercepted, cls).toBeLessThanOrEqual(f.engaged);
  }

  // Every kill is one of the battery's engagements, fired before the kill, at that threat.
  const fired = battery.shots.filter((x) => x.worldId !== null);
  for (const t of killed) {
    const mine = world.engagements.filter((e) => e.threatId === t.id && fired.some((x) => x.worldId === e.id));
    expect(mine.length, `threat ${t.id}`).toBeGreaterThan(0);
    expect(mine.some((e) => !world.isAlive(t, e.interceptTimeS) && e.interceptTimeS <= endS), `threat ${t.id}`).toBe(true);
  }
  // The battery fired through the world: its engagements are the world's, one for one.
  expect(new Set(fired.map((x) => x.worldId))).toEqual(new Set(world.engagements.map((e) => e.id)));

  // Damage: only leakers with a warhead, only on assets their impact point is inside, and the summary's total.
  const leakedIds = new Set(leaked.map((t) => t.id));
  for (const d of world.damage.events) {
    const t = world.threat(d.threatId)!;
    expect(leakedIds.has(t.id)).toBe(true);
    expect(t.decoy).toBe(false);
    expect(assetsAt(t.impactPoint, sc.assets).map((a) => a.id)).toContain(d.assetId);
  }
  for (const t of leaked.filter((x) => !x.decoy)) {
    const hit = world.damage.events.filter((d) => d.threatId === t.id).map((d) => d.assetId).sort();
    expect(hit).toEqual(assetsAt(t.impactPoint, sc.assets).map((a) => a.id).sort());
  }
  const lost = world.damage.events.reduce((a, d) => a + d.valueLost, 0);
  expect(s.damage.lost).toBeCloseTo(lost, 3);
  expect(Object.values(s.damage.byAssetKind).reduce((a, v) => a + v, 0)).toBeCloseTo(lost, 3);
  expect(s.damage.saved).toBeCloseTo(s.damage.undefended - lost, 3);

  // Rounds: the summary's are the rounds the world's fire units have fired.
  const unitRounds = [...world.fireUnits.values()].reduce((a, u) => a + u.roundsFired, 0);
  expect(s.spend.total.rounds).toBe(unitRounds);
  const cost = sc.fireUnits.reduce((a, u) => a + world.fireUnits.get(u.id)!.roundsFired * u.costPerRound, 0);
  expect(s.spend.total.cost).toBeCloseTo(cost, 6);
  expect(s.orders.issued).toBe(s.orders.fired + s.orders.phantom + s.orders.refused);
}

describe('closed loop against the world', () => {
  for (const [name, sc, doctrine, until] of cases) {
    it(`${name}, ${doctrine}: interceptions, leaks, damage and rounds match the ground truth`, () => {
      const run = runLoop(sc, { doctrine, untilS: until });
      const endS = until ?? sc.durationS;
      check(run, sc, endS);
      const s = run.result.summary;
      expect(s.doctrine).toBe(doctrine);
      expect(s.firmware.steps).toBeGreaterThan(0);
      // Something happened: the scenarios are built to be engaged.
      expect(s.orders.fired).toBeGreaterThan(0);
      if (doctrine !== 'parapet') expect(s.firmware.orders).toBe(0); // the host assigns, the firmware only tracks
    });
  }

  it('stops a slice early with threats still flying, and counts them alive', () => {
    const sc = loadScenario('scenarios/teach-mixed-wave.json');
    const run = runLoop(sc, { untilS: 600 });
    check(run, sc, 600);
    expect(run.result.summary.threats.all.alive).toBeGreaterThan(0);
    expect(run.result.summary.simulatedS).toBe(600);
  });
});
