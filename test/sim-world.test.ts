// The world stepper: byte-identical output for the same scenario and seed, scans delivered whole and in
// order with their plots inside the scan, kills taking a threat out of the truth, the plots and the
// impacts from the kill time on, leakers damaging the asset they reached and nothing else, and fire
// orders assessed at their intercept time with the engagement's own draw.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkScenario, loadScenario, type Scenario } from '../host/sim/scenario.ts';
import { drawKill } from '../host/sim/effects.ts';
import { World, type WorldStep } from '../host/sim/world.ts';

const mixed = loadScenario('scenarios/teach-mixed-wave.json');
const single = loadScenario('scenarios/teach-single-drone.json');
const run = (sc: Scenario, seed?: number): WorldStep[] => [...new World(sc, { seed }).steps()];
const digest = (steps: WorldStep[]): string => createHash('sha256').update(JSON.stringify(steps)).digest('hex');

describe('determinism', () => {
  it('gives byte-identical steps for the same scenario and seed, and different ones for another seed', () => {
    const a = run(mixed);
    const b = run(mixed);
    expect(JSON.stringify(a) === JSON.stringify(b)).toBe(true);
    expect(digest(run(mixed, mixed.seed + 1))).not.toBe(digest(a));
    // The Kyiv night's first half hour, too (its full night is ~700 000 plots).
    const kyiv = { ...loadScenario('scenarios/kyiv-2025-07-04.json'), durationS: 1800 };
    expect(digest(run(kyiv))).toBe(digest(run(kyiv)));
  });
});

describe('steps', () => {
  const steps = run(mixed);

  it('cover the duration on the step grid', () => {
    expect(steps.length).toBe(mixed.durationS / mixed.stepS + 1);
    steps.forEach((s, k) => expect(s.timeS).toBe(k * mixed.stepS));
  });

  it('deliver every scan once, in order, after it ends, with plots inside it and unique ids', () => {
    const seen = new Map<number, number[]>();
    let lastId = 0;
    let bad = 0;
    for (const step of steps) {
      for (const scan of step.scans) {
        const radar = mixed.radars.find((r) => r.id === scan.sensorId)!;
        const end = scan.timeMs + radar.scanPeriodS * 1000;
        if (end > step.timeS * 1000 || end <= (step.timeS - mixed.stepS) * 1000) bad++;
        (seen.get(scan.sensorId) ?? seen.set(scan.sensorId, []).get(scan.sensorId)!).push(scan.scanNumber);
        for (const p of scan.plots) {
          if (p.timeMs < scan.timeMs || p.timeMs >= end || p.plotId !== lastId + 1) bad++;
          lastId = p.plotId;
        }
      }
    }
    expect(bad).toBe(0);
    for (const r of mixed.radars) {
      const numbers = seen.get(r.id)!;
      expect(numbers).toEqual(numbers.map((_, i) => i));
      expect(numbers.length).toBe(Math.floor(mixed.durationS / r.scanPeriodS));
    }
  });

  it('see low cruise missiles only inside the radar horizon', () => {
    const world = new World(mixed);
    const cruise = world.threats.filter((t) => t.class === 'cruise').map((t) => t.id);
    const mast = mixed.radars.find((r) => r.antennaHeightM === 40)!;
    const kRe2 = 2 * (4 / 3) * 6_371_000;
    let plots = 0;
    for (const step of world.steps()) {
      for (const scan of step.scans) {
        const radar = mixed.radars.find((r) => r.id === scan.sensorId)!;
        for (const p of scan.plots.filter((q) => cruise.includes(q.truthId))) {
          const s = world.threat(p.truthId)!.stateAt(p.timeMs / 1000);
          const ground = Math.hypot(s.x - radar.position.eastM, s.y - radar.position.northM);
          expect(ground).toBeLessThanOrEqual(Math.sqrt(kRe2 * radar.antennaHeightM) + Math.sqrt(kRe2 * s.z));
          plots++;
        }
      }
    }
    expect(plots).toBeGreaterThan(0);
    expect(Math.sqrt(kRe2 * mast.antennaHeightM) + Math.sqrt(kRe2 * 100)) .toBeLessThan(mast.maxRangeM);
  });

  it('report every undisturbed threat’s impact once, with damage only on assets it fell inside', () => {
    const impacts = steps.flatMap((s) => s.impacts);
    expect(impacts.map((i) => i.threatId).sort((a, b) => a - b)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    for (const i of impacts) {
      const inside = mixed.assets.filter((a) => Math.hypot(i.point.eastM - a.position.eastM, i.point.northM - a.position.northM) <= a.radiusM).map((a) => a.id);
      expect(i.damage.map((d) => d.assetId)).toEqual(i.class === 'decoy' ? [] : inside);
    }
  });
});

describe('kills and leakers', () => {
  it('takes a killed threat out of the truth, the plots and the impacts from the kill on', () => {
    const world = new World(single);
    const killAt = 300;
    let lastTruth = -1;
    let lastPlot = -1;
    const impacts: unknown[] = [];
    for (const step of world.steps()) {
      if (step.timeS === 200) world.kill(1, killAt);
      if (step.truth.length) lastTruth = step.timeS;
      for (const scan of step.scans) for (const p of scan.plots) if (p.truthId === 1) lastPlot = p.timeMs / 1000;
      impacts.push(...step.impacts);
    }
    expect(lastTruth).toBe(killAt - 1);
    expect(lastPlot).toBeLessThan(killAt);
    expect(lastPlot).toBeGreaterThan(killAt - 2 * single.radars[0].scanPeriodS);
    expect(impacts).toEqual([]);
    expect(world.damage.totalLost).toBe(0);
  });

  it('lets a leaker damage the asset it reached, and only that one', () => {
    const d = JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8'));
    d.assets.push({ id: 'school', kind: 'school', position: { eastM: 2500, northM: 0 }, radiusM: 2000, value: 10_000_000 });
    d.assets.push({ id: 'far-rail', kind: 'rail', position: { eastM: -9000, northM: 0 }, radiusM: 500, value: 40_000_000 });
    d.waves[0].aimWeights = { 'far-rail': 1 };
    const sc = checkScenario(d, 'leaker');
    const world = new World(sc);
    const impacts = [...world.steps()].flatMap((s) => s.impacts);
    expect(impacts.length).toBe(1);
    expect(impacts[0].aimAssetId).toBe('far-rail');
    expect(impacts[0].damage.map((e) => [e.assetId, e.valueLost])).toEqual([['far-rail', 40_000_000 * sc.lethality.drone]]);
    expect(world.damage.remaining('substation')).toBe(60_000_000);
    expect(world.damage.remaining('school')).toBe(10_000_000);
    // Where the substation and the school overlap, one impact damages both.
    d.waves[0].aimWeights = { substation: 1 };
    d.assets[1].position = { eastM: 500, northM: 0 };
    const both = [...new World(checkScenario(d, 'overlap')).steps()].flatMap((s) => s.impacts)[0];
    expect(both.damage.map((e) => e.assetId)).toEqual(['substation', 'school']);
  });

  it('does no damage with a decoy', () => {
    const d = JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8'));
    d.waves[0].class = 'decoy';
    const world = new World(checkScenario(d, 'decoy'));
    const impacts = [...world.steps()].flatMap((s) => s.impacts);
    expect(impacts.map((i) => [i.class, i.damage.length])).toEqual([['decoy', 0]]);
    expect(world.damage.totalLost).toBe(0);
  });
});

describe('fire orders', () => {
  it('are assessed at the intercept time with the engagement’s own draw, and a kill ends the threat', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const world = new World(single, { seed });
      let fired = false;
      const log: WorldStep[] = [];
      for (const step of world.steps()) {
        log.push(step);
        if (fired || step.truth.length === 0) continue;
        const r = world.fire({ fireUnitId: 'sr-sam', threatId: 1, rounds: 1 });
        if (r.ok) fired = true;
        else expect(['envelope', 'no-intercept']).toContain(r.reason);
      }
      expect(fired).toBe(true);
      const e = world.engagements[0];
      const step = log.find((s) => s.assessments.length)!;
      expect(step.timeS).toBe(Math.ceil(e.interceptTimeS / single.stepS) * single.stepS);
      const a = step.assessments[0];
      const killed = drawKill(e, single.fireUnits[0], 'drone', world.streams);
      expect(a.outcome).toBe(killed ? 'killed' : 'missed');
      const impacts = log.flatMap((s) => s.impacts);
      expect(impacts.length).toBe(killed ? 0 : 1);
      if (killed) expect(log.filter((s) => s.timeS >= e.interceptTimeS).every((s) => s.truth.length === 0)).toBe(true);
      expect(world.fireUnits.get('sr-sam')!.roundsFired).toBe(1);
    }
  });

  it('refuses what the unit cannot do', () => {
    const world = new World(single);
    const first = world.step()!;
    expect(first.truth.length).toBe(1);
    expect(world.fire({ fireUnitId: 'nobody', threatId: 1, rounds: 1 })).toEqual({ ok: false, reason: 'unknown-unit' });
    expect(world.fire({ fireUnitId: 'sr-sam', threatId: 99, rounds: 1 })).toEqual({ ok: false, reason: 'unknown-threat' });
    // At launch the drone is 35 km out: beyond the 20 km envelope of the short-range SAM.
    expect(world.fire({ fireUnitId: 'sr-sam', threatId: 1, rounds: 1 })).toEqual({ ok: false, reason: 'envelope' });
    expect(world.fire({ fireUnitId: 'sr-sam', threatId: 1, rounds: 3, interceptPoint: { x: 0, y: 10_000, z: 800 } })).toEqual({ ok: false, reason: 'salvo-limit' });
  });

  it('resolve the earlier interceptor first: a second one on a killed threat finds no target', () => {
    const d = JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8'));
    d.fireUnits[0].pk = { drone: 1, cruise: 1, ballistic: 0 };
    const world = new World(checkScenario(d, 'sure-kill'));
    const outcomes: string[] = [];
    for (const step of world.steps()) {
      outcomes.push(...step.assessments.map((a) => `${a.engagementId}:${a.outcome}`));
      if (step.timeS === 400) {
        // The second order aims closer to the unit, so its interceptor arrives first.
        expect(world.fire({ fireUnitId: 'sr-sam', threatId: 1, rounds: 1, interceptPoint: world.threat(1)!.stateAt(430) }).ok).toBe(true);
        expect(world.fire({ fireUnitId: 'sr-sam', threatId: 1, rounds: 1, interceptPoint: world.threat(1)!.stateAt(440) }).ok).toBe(true);
      }
    }
    expect(outcomes).toEqual(['sr-sam>1@400000#1:killed', 'sr-sam>1@400000:no-target']);
  });
});
