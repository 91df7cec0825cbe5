// Threat models against their definitions: coordinated turns at a bounded rate on exact circular arcs,
// constant horizontal speed, the altitude bands of each class, the ballistic dive angle and speed, every
// threat ending on its aim point at its impact time, reported velocities that are the derivative of the
// positions, class RCS ranges and exact decoy counts.
import { beforeAll, describe, expect, it } from 'vitest';
import { FlightPath } from '../host/sim/path.ts';
import { loadScenario, type Scenario } from '../host/sim/scenario.ts';
import { SimStreams } from '../host/sim/streams.ts';
import { generateThreats, isDecoy, sampleTrajectory, type Threat } from '../host/sim/threats.ts';

const DEG = Math.PI / 180;
const threatsOf = (sc: Scenario): Threat[] => generateThreats(sc, new SimStreams(sc.seed));
let kyiv: Scenario, mixed: Scenario, kyivThreats: Threat[], mixedThreats: Threat[];
beforeAll(() => {
  kyiv = loadScenario('scenarios/kyiv-2025-07-04.json');
  mixed = loadScenario('scenarios/teach-mixed-wave.json');
  kyivThreats = threatsOf(kyiv);
  mixedThreats = threatsOf(mixed);
});
const waveOf = (sc: Scenario, t: Threat) => sc.waves.find((w) => w.id === t.waveId)!;

describe('flight paths', () => {
  it('turns a right-angle corner on a circular arc of the turn radius', () => {
    const R = 1000;
    const path = FlightPath.through([{ e: 0, n: -10_000 }, { e: 0, n: 0 }, { e: 10_000, n: 0 }], R);
    // Two legs shortened by the tangent length R·tan(45°) = R, joined by a quarter circle.
    expect(path.length).toBeCloseTo(20_000 - 2 * R + (Math.PI / 2) * R, 6);
    expect(path.maxCurvature).toBeCloseTo(1 / R, 12);
    const centre = { e: R, n: -R };
    for (let u = 0.0625; u < 1; u += 0.125) {
      const p = path.at(10_000 - R + u * (Math.PI / 2) * R);
      expect(Math.hypot(p.e - centre.e, p.n - centre.n)).toBeCloseTo(R, 6);
      expect(p.curvature).toBeCloseTo(-1 / R, 12); // a right turn
      expect(Math.hypot(p.de, p.dn)).toBeCloseTo(1, 12);
    }
    expect(path.at(0)).toMatchObject({ e: 0, n: -10_000, de: 0, dn: 1 });
    const end = path.at(path.length);
    expect(end.e).toBeCloseTo(10_000, 6);
    expect(end.n).toBeCloseTo(0, 6);
  });

  it('keeps the heading continuous through every corner', () => {
    const path = FlightPath.through([{ e: 0, n: 0 }, { e: 5000, n: 8000 }, { e: 1000, n: 15_000 }, { e: 9000, n: 20_000 }], 800);
    const ds = 2;
    let bad = 0;
    for (let s = ds; s < path.length; s += ds) {
      const a = path.at(s - ds);
      const b = path.at(s);
      const turned = Math.acos(Math.min(1, a.de * b.de + a.dn * b.dn));
      if (turned > ds / 800 + 1e-9) bad++; // |dψ/ds| ≤ 1/R
      if (Math.abs(Math.hypot(b.e - a.e, b.n - a.n) - ds) > 1e-3) bad++; // chord ≈ arc at this step
    }
    expect(bad).toBe(0);
  });
});

describe('threats of the scenarios', () => {
  let all: (readonly [Scenario, Threat])[];
  beforeAll(() => { all = [...kyivThreats.map((t) => [kyiv, t] as const), ...mixedThreats.map((t) => [mixed, t] as const)]; });

  it('end on their aim point, on the ground, at their impact time', () => {
    for (const [, t] of all) {
      const s = t.stateAt(t.impactTimeS);
      expect(s.x).toBeCloseTo(t.impactPoint.eastM, 6);
      expect(s.y).toBeCloseTo(t.impactPoint.northM, 6);
      expect(s.z).toBeCloseTo(0, 6);
      expect(t.impactTimeS).toBeGreaterThan(t.launchTimeS);
    }
  });

  it('report the velocity that their positions change by', () => {
    const h = 1e-3;
    for (const [, t] of all.filter((_, i) => i % 7 === 0)) {
      for (let f = 0.05; f < 1; f += 0.1) {
        const tm = t.launchTimeS + f * (t.impactTimeS - t.launchTimeS);
        const a = t.stateAt(tm - h);
        const b = t.stateAt(tm + h);
        const s = t.stateAt(tm);
        // The dive's start is a kink in altitude; skip the sample that straddles it.
        if (Math.abs((b.z - a.z) / (2 * h) - s.vz) > 1e-3) continue;
        expect((b.x - a.x) / (2 * h)).toBeCloseTo(s.vx, 3);
        expect((b.y - a.y) / (2 * h)).toBeCloseTo(s.vy, 3);
      }
    }
  });

  it('fly drones, decoys and cruise missiles at constant horizontal speed, turning no faster than the wave allows', () => {
    for (const [sc, t] of all.filter(([, t]) => t.class !== 'ballistic')) {
      const w = waveOf(sc, t);
      expect(t.speedMps).toBeGreaterThanOrEqual(w.speedMps[0]);
      expect(t.speedMps).toBeLessThanOrEqual(w.speedMps[1]);
      expect(t.maxTurnRateDegS).toBeLessThanOrEqual(w.turnRateDegS + 1e-9);
      for (let f = 0; f <= 1; f += 0.05) {
        const s = t.stateAt(t.launchTimeS + f * (t.impactTimeS - t.launchTimeS));
        expect(Math.hypot(s.vx, s.vy)).toBeCloseTo(t.speedMps, 9);
      }
      // Entry on the launch ring: launchDistanceM from the origin, on the wave's bearing ± spread.
      const s0 = t.stateAt(t.launchTimeS);
      expect(Math.hypot(s0.x, s0.y)).toBeCloseTo(w.launchDistanceM, 6);
      const bearing = Math.atan2(s0.x, s0.y) / DEG;
      const off = ((((bearing - w.bearingDeg) % 360) + 540) % 360) - 180;
      expect(Math.abs(off)).toBeLessThanOrEqual(w.bearingSpreadDeg + 1e-9);
    }
  });

  it('keep each class in its altitude band until the terminal dive', () => {
    for (const [sc, t] of all.filter(([, t]) => t.class !== 'ballistic')) {
      const alt = waveOf(sc, t).altitude!;
      const [lo, hi] = t.class === 'cruise' ? [30, 100] : [100, 3000];
      const floor = Math.max(lo, alt.cruiseM[0] - alt.jitterM) - 1e-6;
      const ceiling = Math.min(hi, alt.cruiseM[1] + alt.jitterM) + 1e-6;
      // Until the dive, which starts cruise/tan(γ) before the aim point, horizontally.
      const diveS = alt.cruiseM[1] / Math.tan(alt.diveAngleDeg * DEG) / t.speedMps;
      let out = 0;
      for (let tm = t.launchTimeS; tm < t.impactTimeS - diveS; tm += 10) {
        const z = t.stateAt(tm).z;
        if (z < floor || z > ceiling) out++;
      }
      expect(out).toBe(0);
    }
  });

  it('dive ballistic missiles straight onto the aim point at the drawn angle and speed', () => {
    const ballistic = kyivThreats.filter((t) => t.class === 'ballistic');
    expect(ballistic.length).toBe(5);
    const w = kyiv.waves.find((x) => x.class === 'ballistic')!;
    for (const t of ballistic) {
      const s0 = t.stateAt(t.launchTimeS);
      expect(s0.z).toBeCloseTo(w.ballistic!.reentryAltitudeM, 6);
      const speed = Math.hypot(s0.vx, s0.vy, s0.vz);
      expect(speed).toBeCloseTo(t.speedMps, 9);
      expect(speed).toBeGreaterThanOrEqual(1000);
      expect(speed).toBeLessThanOrEqual(2000);
      const dive = Math.atan2(-s0.vz, Math.hypot(s0.vx, s0.vy)) / DEG;
      expect(dive).toBeGreaterThanOrEqual(w.ballistic!.diveAngleDeg[0] - 1e-9);
      expect(dive).toBeLessThanOrEqual(w.ballistic!.diveAngleDeg[1] + 1e-9);
      // Straight line: the time of flight is the slant length over the speed.
      const slant = Math.hypot(s0.x - t.impactPoint.eastM, s0.y - t.impactPoint.northM, s0.z);
      expect(t.impactTimeS - t.launchTimeS).toBeCloseTo(slant / t.speedMps, 9);
    }
  });

  it('draw RCS in each class range and make exactly round(count·fraction) decoys', () => {
    const range: Record<string, [number, number]> = { drone: [0.01, 0.1], decoy: [0.01, 0.1], cruise: [0.1, 0.5], ballistic: [0.1, 0.1] };
    for (const [, t] of all) {
      expect(t.rcsM2).toBeGreaterThanOrEqual(range[t.class][0] - 1e-12);
      expect(t.rcsM2).toBeLessThanOrEqual(range[t.class][1] + 1e-12);
      expect(t.decoy).toBe(t.class === 'decoy');
    }
    for (const sc of [kyiv, mixed]) {
      const threats = sc === kyiv ? kyivThreats : mixedThreats;
      for (const w of sc.waves) {
        const decoys = threats.filter((t) => t.waveId === w.id && t.decoy).length;
        expect(decoys).toBe(Math.round(w.count * w.decoyFraction));
      }
    }
    for (const [count, f] of [[10, 0.3], [7, 0.5], [130, 0.4], [3, 0.1], [5, 1]] as const) {
      let n = 0;
      for (let i = 0; i < count; i++) if (isDecoy(i, count, f)) n++;
      expect(n).toBe(Math.round(count * f));
    }
  });

  it('sample truth on the simulation grid from launch to impact', () => {
    const t = mixedThreats[0];
    const samples = sampleTrajectory(t, 0.5);
    expect(samples[0].timeS).toBeGreaterThanOrEqual(t.launchTimeS);
    expect(samples[0].timeS - t.launchTimeS).toBeLessThan(0.5);
    expect(t.impactTimeS - samples[samples.length - 1].timeS).toBeLessThan(0.5);
    for (const s of samples) expect((s.timeS / 0.5) % 1).toBe(0);
  });

  it('do not move when another wave is added (one stream per threat)', () => {
    const extra: Scenario = { ...mixed, waves: [{ ...mixed.waves[1], id: 'extra' }, ...mixed.waves] };
    const shifted = threatsOf(extra).filter((t) => t.waveId !== 'extra');
    expect(shifted.map((t) => [t.launchTimeS, t.impactTimeS, t.rcsM2, t.aimAssetId])).toEqual(mixedThreats.map((t) => [t.launchTimeS, t.impactTimeS, t.rcsM2, t.aimAssetId]));
  });
});
