// Raid families (host/sim/raid-family.ts, `parapet scenario generate|evaluate`): a seed gives the same bytes
// every time; every raid of both families for seeds 1…20 is a valid scenario whose drawn waves stay inside
// the family's ranges and keep the base's defence; a broken family file is refused with its JSON path.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRaid, loadFamily, raidText, type RaidFamily } from '../host/sim/raid-family.ts';
import { parseScenario } from '../host/sim/scenario.ts';

const FAMILIES = ['scenarios/families/kyiv-variants.json', 'scenarios/families/missile-heavy.json'];
const SEEDS = Array.from({ length: 20 }, (_, k) => k + 1);
const tmp = mkdtempSync(join(tmpdir(), 'parapet-family-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/parapet.mjs', 'scenario', ...args], { encoding: 'utf8' });

/** Whether bearing b lies on the clockwise arc from r[0] to r[1] ([0, 360]: everywhere). */
const onArc = (b: number, r: [number, number]): boolean => (r[1] >= r[0] ? b >= r[0] && b <= r[1] : b >= r[0] || b <= r[1]);

describe('raid family generator', () => {
  it('gives byte-identical scenarios for the same family and seed, and different raids for different seeds', () => {
    for (const f of FAMILIES) {
      expect(raidText(loadFamily(f), 7)).toBe(raidText(loadFamily(f), 7));
      expect(raidText(loadFamily(f), 7)).not.toBe(raidText(loadFamily(f), 8));
    }
  });

  for (const f of FAMILIES) {
    it(`${f}: seeds 1…20 are valid scenarios, inside the family's ranges, on the base's defence`, () => {
      const fam: RaidFamily = loadFamily(f);
      const base = JSON.parse(readFileSync(fam.baseFile, 'utf8'));
      for (const seed of SEEDS) {
        const { scenario, waves } = generateRaid(fam, seed);
        const sc = parseScenario(`${JSON.stringify(scenario, null, 2)}\n`, `${f} seed ${seed}`);
        expect(sc.name).toBe(`${fam.name}-${seed}`);
        expect(sc.seed).toBe(seed);
        expect(sc.durationS).toBe(fam.durationS);
        for (const k of ['assets', 'radars', 'fireUnits', 'doctrine', 'origin', 'lethality', 'stepS']) expect(scenario[k], k).toEqual(base[k]);
        for (const [cls, c] of Object.entries(fam.classes)) {
          const mine = waves.filter((w) => w.class === cls);
          expect(mine.length, `${seed} ${cls} waves`).toBeGreaterThanOrEqual(c.waves[0]);
          expect(mine.length, `${seed} ${cls} waves`).toBeLessThanOrEqual(c.waves[1]);
          for (const w of mine) {
            const at = `seed ${seed} ${w.id}`;
            expect(w.count, at).toBeGreaterThanOrEqual(c.size[0]);
            expect(w.count, at).toBeLessThanOrEqual(c.size[1]);
            expect(w.launchWindowS[0], at).toBeGreaterThanOrEqual(c.startS[0]);
            expect(w.launchWindowS[0], at).toBeLessThanOrEqual(c.startS[1]);
            const length = w.launchWindowS[1] - w.launchWindowS[0];
            expect(length, at).toBeGreaterThanOrEqual(c.lengthS[0] - 1); // whole seconds
            expect(length, at).toBeLessThanOrEqual(c.lengthS[1]);
            expect(w.launchWindowS[1], at).toBeLessThanOrEqual(fam.durationS);
            expect(onArc(w.bearingDeg, c.bearingDeg), `${at} bearing ${w.bearingDeg}`).toBe(true);
            expect(w.bearingSpreadDeg, at).toBeGreaterThanOrEqual(c.bearingSpreadDeg[0]);
            expect(w.bearingSpreadDeg, at).toBeLessThanOrEqual(c.bearingSpreadDeg[1]);
            if (c.decoyFraction) {
              expect(w.decoyFraction!, at).toBeGreaterThanOrEqual(c.decoyFraction[0]);
              expect(w.decoyFraction!, at).toBeLessThanOrEqual(c.decoyFraction[1]);
            }
            // The threats' physics are the template's: speed, altitude, route, aim points.
            const template = base.waves.find((b: { id: string }) => b.id === w.template);
            const resolved = sc.waves.find((x) => x.id === w.id)!;
            expect(template.class).toBe(cls);
            expect(resolved.count).toBe(w.count);
            for (const k of ['speedMps', 'altitude', 'route', 'ballistic', 'aimWeights', 'launchDistanceM']) {
              expect((scenario.waves as Record<string, unknown>[]).find((x) => x.id === w.id)![k], `${at} ${k}`).toEqual(template[k]);
            }
          }
        }
      }
    });
  }

  it('kyiv-variants launches cruise missiles early, mid-night and late over seeds 1…20, and more of them than the base', () => {
    const fam = loadFamily('scenarios/families/kyiv-variants.json');
    const starts = SEEDS.flatMap((s) => generateRaid(fam, s).waves.filter((w) => w.class === 'cruise').map((w) => w.launchWindowS[0]));
    const third = fam.durationS / 3;
    expect(starts.some((t) => t < third)).toBe(true);
    expect(starts.some((t) => t >= third && t < 2 * third)).toBe(true);
    expect(starts.some((t) => t >= 2 * third)).toBe(true);
    const most = Math.max(...SEEDS.map((s) => generateRaid(fam, s).waves.filter((w) => w.class === 'cruise').reduce((n, w) => n + w.count, 0)));
    expect(most).toBeGreaterThan(6); // the base night has 6
  });

  it('writes the same bytes through the command line', () => {
    const out = join(tmp, 'raid.json');
    const r = cli('generate', '--family', FAMILIES[0], '--seed', '3', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(raidText(loadFamily(FAMILIES[0]), 3));
    const s = cli('generate', '--family', FAMILIES[1], '--seed', '4');
    expect(s.stdout).toBe(raidText(loadFamily(FAMILIES[1]), 4));
  });
});

describe('raid family files that are wrong', () => {
  const good = JSON.parse(readFileSync('scenarios/families/missile-heavy.json', 'utf8'));
  /** Writes a modified copy to a scratch directory, its base named by an absolute path. */
  const broken = (name: string, edit: (f: any) => void): string => {
    const f = structuredClone(good);
    f.base = resolve('scenarios/kyiv-2025-07-04.json');
    edit(f);
    const file = join(tmp, `${name}.json`);
    writeFileSync(file, JSON.stringify(f));
    return file;
  };
  const refused = (file: string): string => {
    try {
      loadFamily(file);
    } catch (e) {
      return (e as Error).message;
    } finally {
      rmSync(file, { force: true });
    }
    throw new Error(`${file} was accepted`);
  };

  it('names an unknown field, a wrong type and a missing field by their JSON paths', () => {
    const file = broken('typo', (f) => { f.classes.cruise.sizes = f.classes.cruise.size; delete f.classes.cruise.size; f.classes.drone.waves = 'two'; });
    const msg = refused(file);
    expect(msg).toContain(`${file}: /classes/cruise/sizes is not a known field (did you mean 'size'?)`);
    expect(msg).toContain(`${file}: /classes/cruise/size is required`);
    expect(msg).toContain(`${file}: /classes/drone/waves must be integer or array`);
  });

  it('names a range given backwards, a window past the end, a wrong template and a decoy share on missiles', () => {
    const file = broken('ranges', (f) => {
      f.classes.ballistic.size = [6, 2];
      f.classes.cruise.startS = [600, 7000];
      f.classes.cruise.templates = ['drones-north'];
      f.classes.cruise.decoyFraction = 0.2;
    });
    const msg = refused(file);
    expect(msg).toContain(`${file}: /classes/ballistic/size must have min ≤ max (got 6 > 2)`);
    expect(msg).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}: /classes/cruise/startS: the latest start plus the longest launch window \\(7000 \\+ 900 s\\) must end by the duration \\(7200 s\\)`));
    expect(msg).toContain(`${file}: /classes/cruise/templates/0: base wave 'drones-north' is of class 'drone', not 'cruise'`);
    expect(msg).toContain(`${file}: /classes/cruise/decoyFraction applies to class 'drone' only`);
  });

  it('refuses a corridor template and a base that is missing, through the command line with a non-zero exit', () => {
    const corridor = broken('corridor', (f) => { f.classes.drone.templates = ['drones-south']; });
    const r = cli('generate', '--family', corridor, '--seed', '1');
    rmSync(corridor, { force: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${corridor}: /classes/drone/templates/0: base wave 'drones-south' flies a corridor of turn points`);
    expect(r.stdout).toBe('');
    const nobase = broken('nobase', (f) => { f.base = 'nothing.json'; });
    expect(refused(nobase)).toMatch(/\/base cannot be read/);
  });
});

describe('parapet scenario evaluate', () => {
  it('runs every doctrine on the same raids and pairs the differences by raid', () => {
    const r = cli('evaluate', '--family', FAMILIES[1], '--seeds', '2', '--doctrines', 'parapet,layered', '--until', '400', '--threads', '2', '--json');
    expect(r.status, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.doctrines).toEqual(['parapet', 'layered']);
    expect(e.seeds).toEqual([1, 2]);
    // Paired: both doctrines saw the same raids (the same threats launched in each).
    expect(e.values.parapet['threats.all.launched']).toEqual(e.values.layered['threats.all.launched']);
    const d = e.differences['parapet − layered']['spend.total.cost'];
    const diffs = e.values.parapet['spend.total.cost'].map((v: number, i: number) => v - e.values.layered['spend.total.cost'][i]);
    expect(d.mean).toBeCloseTo((diffs[0] + diffs[1]) / 2, 6);
    expect(d.n).toBe(2);
  });

  it('cleans up', () => rmSync(tmp, { recursive: true, force: true }));
});
