// Scenario files: every file in scenarios/ loads; a broken file is reported with the file name, the JSON
// path and the problem (unknown or misspelt field, missing field, bad value, cross-field rules), all
// problems at once; geodetic positions land where the ellipsoid puts them; the Kyiv scenario has the
// raid and the layered, scarce defence it is meant to have.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { checkScenario, loadScenario } from '../host/sim/scenario.ts';
import { WGS84_A, WGS84_E2 } from '../host/sim/geo.ts';

const FILE = 'scenarios/x.json';
const teach = (): Record<string, any> => JSON.parse(readFileSync('scenarios/teach-single-drone.json', 'utf8'));
/** The error message of checking `data`, or '' if it is valid. */
const errorOf = (data: unknown): string => {
  try {
    checkScenario(data, FILE);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('scenario files', () => {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.json'));

  it('include the Kyiv night and the teaching scenarios', () => {
    expect(files).toEqual(expect.arrayContaining(['kyiv-2025-07-04.json', 'teach-single-drone.json', 'teach-mixed-wave.json', 'teach-ballistic.json']));
  });

  it.each(files)('%s validates', (f) => {
    const sc = loadScenario(`scenarios/${f}`);
    expect(sc.name).toBe(f.replace(/\.json$/, ''));
  });
});

describe('docs/scenario.md', () => {
  it('shows an example that validates', () => {
    const example = /```json\n([\s\S]*?)```/.exec(readFileSync('docs/scenario.md', 'utf8'))![1];
    const sc = checkScenario(JSON.parse(example), 'docs/scenario.md');
    expect(sc.waves[0].count).toBe(1);
  });
});

describe('validation errors name the path and the problem', () => {
  it('an unknown field', () => {
    const d = teach();
    d.radars[0].colour = 'green';
    expect(errorOf(d)).toBe(`${FILE}: /radars/0/colour is not a known field`);
  });

  it('a misspelt field, with the likely intended one', () => {
    const d = teach();
    d.radars[0].scanPeriod = d.radars[0].scanPeriodS;
    delete d.radars[0].scanPeriodS;
    const msg = errorOf(d);
    expect(msg).toContain(`${FILE}: /radars/0/scanPeriod is not a known field (did you mean 'scanPeriodS'?)`);
    expect(msg).toContain(`${FILE}: /radars/0/scanPeriodS is required`);
  });

  it('a missing field', () => {
    const d = teach();
    delete d.fireUnits[1].pk.cruise;
    expect(errorOf(d)).toBe(`${FILE}: /fireUnits/1/pk/cruise is required`);
  });

  it('a negative or zero value', () => {
    const d = teach();
    d.radars.push({ ...d.radars[0], id: 2, scanPeriodS: -4 });
    d.assets[0].radiusM = 0;
    d.fireUnits[0].magazine = -1;
    const lines = errorOf(d).split('\n');
    expect(lines).toContain(`${FILE}: /radars/1/scanPeriodS must be > 0`);
    expect(lines).toContain(`${FILE}: /assets/0/radiusM must be > 0`);
    expect(lines).toContain(`${FILE}: /fireUnits/0/magazine must be >= 0`);
  });

  it('a value of the wrong type or outside its set', () => {
    const d = teach();
    d.waves[0].class = 'missile';
    d.radars[0].detection.swerling = 2;
    d.waves[0].speedMps = 'fast';
    const lines = errorOf(d).split('\n');
    expect(lines).toContain(`${FILE}: /waves/0/class must be one of "drone", "decoy", "cruise", "ballistic"`);
    expect(lines).toContain(`${FILE}: /radars/0/detection/swerling must be one of 1, 3`);
    expect(lines).toContain(`${FILE}: /waves/0/speedMps must be number or array`);
  });

  it('rules that span fields', () => {
    const d = teach();
    d.waves[0].aimWeights = { nowhere: 1 };
    d.fireUnits.push({ ...d.fireUnits[0] });
    d.fireUnits[0].readyRounds = 9;
    d.assets[0].position = { eastM: 0, northM: 0, latDeg: 50.4 };
    d.waves[0].ballistic = { reentryAltitudeM: 40000, diveAngleDeg: 70 };
    d.waves[0].altitude.jitterM = 900;
    d.waves[0].speedMps = [60, 40];
    d.stepS = 0.0004;
    const lines = errorOf(d).split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      `${FILE}: /waves/0/aimWeights/nowhere names no asset`,
      `${FILE}: /fireUnits/2/id "sr-sam" is used twice`,
      `${FILE}: /fireUnits/0/magazine must be ≥ readyRounds (9): the magazine counts the ready rounds too`,
      `${FILE}: /assets/0/position must give eastM/northM or latDeg/lonDeg, not both`,
      `${FILE}: /waves/0/ballistic applies to class 'ballistic' only`,
      `${FILE}: /waves/0/altitude/jitterM must be < the lowest cruise altitude (800 m), or the threat would fly into the ground`,
      `${FILE}: /waves/0/speedMps must have [min, max] with min ≤ max (got 60 > 40)`,
      `${FILE}: /stepS must be a whole number of milliseconds ≥ 0.001 (got 0.0004)`,
    ]));
  });

  it('a ballistic wave with an air-breather’s fields', () => {
    const d = teach();
    d.waves[0].class = 'ballistic';
    const lines = errorOf(d).split('\n');
    expect(lines).toContain(`${FILE}: /waves/0/launchDistanceM does not apply to class 'ballistic' (its path is set by /ballistic)`);
    expect(lines).toContain(`${FILE}: /waves/0/ballistic is required for class 'ballistic'`);
  });

  it('not valid JSON, or no file at all', () => {
    expect(() => checkScenario(JSON.parse('{}'), FILE)).toThrow(`${FILE}: /name is required`);
    expect(() => loadScenario('scenarios/does-not-exist.json')).toThrow('scenarios/does-not-exist.json: cannot read');
  });
});

describe('defaults and positions', () => {
  it('fills the documented defaults', () => {
    const sc = checkScenario(teach(), FILE);
    const w = sc.waves[0];
    expect(w.decoyFraction).toBe(0);
    expect(w.bearingSpreadDeg).toBe(0);
    expect(w.rcsM2).toEqual([0.01, 0.1]);
    expect(w.turnRateDegS).toBe(3);
    expect(w.speedMps).toEqual([50, 50]);
    expect(w.altitude).toEqual({ cruiseM: [800, 800], jitterM: 0, jitterWavelengthM: 3000, diveAngleDeg: 30 });
    expect(sc.radars[0].detection.referenceRcsM2).toBe(1);
    expect(sc.radars[0].sector).toBeNull();
    expect(sc.fireUnits[0].pk.decoy).toBe(sc.fireUnits[0].pk.drone);
    expect(sc.lethality).toEqual({ drone: 0.3, cruise: 0.6, ballistic: 0.9 });
    expect(sc.doctrine.reserve).toEqual([]);
  });

  it('puts latitude/longitude on the WGS-84 ellipsoid about the origin', () => {
    const d = teach();
    const { latDeg, lonDeg } = d.origin;
    d.assets.push({ id: 'north', kind: 'other', position: { latDeg: latDeg + 0.01, lonDeg }, radiusM: 10, value: 1 });
    d.assets.push({ id: 'east', kind: 'other', position: { latDeg, lonDeg: lonDeg + 0.01 }, radiusM: 10, value: 1 });
    d.assets.push({ id: 'here', kind: 'other', position: { latDeg, lonDeg }, radiusM: 10, value: 1 });
    const sc = checkScenario(d, FILE);
    const at = (id: string) => sc.assets.find((a) => a.id === id)!.position;
    const phi = (latDeg * Math.PI) / 180;
    const w = 1 - WGS84_E2 * Math.sin(phi) ** 2;
    const meridian = (WGS84_A * (1 - WGS84_E2)) / w ** 1.5; // radius of curvature along the meridian
    const primeVertical = WGS84_A / Math.sqrt(w);
    const rad = (0.01 * Math.PI) / 180;
    expect(at('north').northM).toBeCloseTo(meridian * rad, 0);
    expect(Math.abs(at('north').eastM)).toBeLessThan(1e-6);
    expect(at('east').eastM).toBeCloseTo(primeVertical * Math.cos(phi) * rad, 0);
    expect(Math.abs(at('here').eastM) + Math.abs(at('here').northM)).toBeLessThan(1e-6);
  });
});

describe('the Kyiv night', () => {
  const sc = loadScenario('scenarios/kyiv-2025-07-04.json');
  const count = (cls: string[]) => sc.waves.filter((w) => cls.includes(w.class)).reduce((s, w) => s + w.count, 0);

  it('has about 540 drones and decoys and 11 missiles over several hours, from several directions', () => {
    expect(count(['drone', 'decoy'])).toBe(539);
    expect(count(['cruise', 'ballistic'])).toBe(11);
    expect(count(['ballistic'])).toBeGreaterThan(0);
    expect(count(['cruise'])).toBeGreaterThan(0);
    expect(sc.durationS).toBeGreaterThanOrEqual(4 * 3600);
    expect(new Set(sc.waves.map((w) => Math.round(w.bearingDeg / 45) % 8)).size).toBeGreaterThanOrEqual(4);
  });

  it('defends districts, rail, power and embassies with every layer', () => {
    const kinds = new Set(sc.assets.map((a) => a.kind));
    for (const k of ['district', 'rail', 'power', 'embassy']) expect(kinds.has(k as never)).toBe(true);
    const units = new Set(sc.fireUnits.map((u) => u.kind));
    for (const k of ['long-range-sam', 'short-range-sam', 'mobile-fire-group', 'interceptor-drone', 'ew']) expect(units.has(k as never)).toBe(true);
    for (const u of sc.fireUnits.filter((u) => u.kind === 'ew')) {
      expect(u.costPerRound).toBe(0);
      expect(u.pk.cruise + u.pk.ballistic).toBe(0);
    }
  });

  it('has too few missiles to spend them on drones', () => {
    const rounds = (kind: string) => sc.fireUnits.filter((u) => u.kind === kind).reduce((s, u) => s + u.magazine, 0);
    expect(rounds('long-range-sam') + rounds('short-range-sam')).toBeLessThan(count(['drone', 'decoy']) / 4);
    expect(sc.doctrine.reserve.some((r) => r.kind === 'long-range-sam' && r.forClasses.includes('ballistic'))).toBe(true);
  });
});
