// Raid families: a base scenario (its assets, radars, fire units and doctrine are kept) and ranges for the
// raid (number of waves per class, wave sizes, launch times, approach bearings, decoy share). A seed draws
// one raid of the family: a complete scenario file, the same bytes for the same family and seed
// (docs/scenario.md, "Raid families"). The speeds, altitudes, routes, radar cross-sections and aim points
// of a generated wave come from one of the base's waves of the same class (its template), so a family
// varies the raid's shape and size, not the physics of its threats.
//
// Draws: one stream per class, forked from the seed (rng.ts), and one per wave within it, so widening one
// class's ranges never moves another class's waves.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { Ajv } from 'ajv';
import { Rng } from './rng.ts';
import { checkScenario, describeSchemaError, type ThreatClass } from './scenario.ts';
import { THREAT_CLASSES } from './scenario-schema.ts';

const pair = (item: object) => ({ type: 'array', items: item, minItems: 2, maxItems: 2 }) as const;
/** A number or a [min, max] range, drawn uniformly (the scenario schema's span: one error per problem). */
const range = (item: { type: string } & Record<string, unknown>) => ({ ...item, type: [item.type, 'array'], items: item, minItems: 2, maxItems: 2 }) as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const azimuth = { type: 'number', minimum: 0, maximum: 360 } as const;
const waveId = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;

const classRange = {
  type: 'object',
  additionalProperties: false,
  required: ['waves', 'size', 'startS', 'lengthS', 'bearingDeg'],
  properties: {
    waves: range({ type: 'integer', minimum: 0, maximum: 100 }),
    size: range({ type: 'integer', minimum: 1, maximum: 10000 }),
    startS: range(nonNegative),
    lengthS: range(nonNegative),
    bearingDeg: pair(azimuth),
    bearingSpreadDeg: range({ type: 'number', minimum: 0, maximum: 180 }),
    decoyFraction: range({ type: 'number', minimum: 0, maximum: 1 }),
    templates: { type: 'array', minItems: 1, uniqueItems: true, items: waveId },
  },
} as const;

export const familySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'base', 'classes'],
  properties: {
    name: waveId,
    description: { type: 'string' },
    base: { type: 'string', minLength: 1 },
    durationS: { type: 'number', exclusiveMinimum: 0 },
    classes: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: Object.fromEntries(THREAT_CLASSES.map((c) => [c, classRange])),
    },
  },
} as const;

type Range = number | [number, number];
interface RawClassRange {
  waves: Range; size: Range; startS: Range; lengthS: Range; bearingDeg: [number, number];
  bearingSpreadDeg?: Range; decoyFraction?: Range; templates?: string[];
}
interface RawFamily { name: string; description?: string; base: string; durationS?: number; classes: Partial<Record<ThreatClass, RawClassRange>> }

/** A raw wave as written in a scenario file (the fields the generator reads or writes). */
type RawWave = Record<string, unknown> & { id: string; class: ThreatClass; route?: { turnPoints?: unknown[] } };

export interface ClassRange {
  waves: [number, number];
  size: [number, number];
  startS: [number, number];
  lengthS: [number, number];
  /** Clockwise from the first to the second (through north when the second is smaller; [0, 360]: any bearing). */
  bearingDeg: [number, number];
  bearingSpreadDeg: [number, number];
  /** Drone waves only; null keeps the template's. */
  decoyFraction: [number, number] | null;
  /** The base's waves of this class a generated wave may copy its threats' physics from. */
  templates: RawWave[];
}

export interface RaidFamily {
  name: string;
  description: string;
  /** The family file, as given. */
  file: string;
  /** The base scenario's file, resolved against the family file's directory. */
  baseFile: string;
  /** The base scenario as written (raw JSON): what a generated scenario keeps. */
  base: Record<string, unknown> & { waves: RawWave[]; durationS: number };
  durationS: number;
  classes: Partial<Record<ThreatClass, ClassRange>>;
}

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true });
const validate = ajv.compile(familySchema);

const pairOf = (r: Range): [number, number] => (typeof r === 'number' ? [r, r] : [r[0], r[1]]);

/** Parses and checks a family file; every problem is named by the file and its JSON path, all at once. */
export function parseFamily(text: string, file: string): RaidFamily {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!validate(data)) {
    const lines = [...new Set((validate.errors ?? []).map(describeSchemaError))];
    throw new Error(lines.map((l) => `${file}: ${l}`).join('\n'));
  }
  const raw = data as RawFamily;
  const problems: string[] = [];
  const baseFile = resolvePath(dirname(file), raw.base);
  let baseText: string;
  try {
    baseText = readFileSync(baseFile, 'utf8');
  } catch (e) {
    throw new Error(`${file}: /base cannot be read: ${(e as Error).message}`);
  }
  let base: RaidFamily['base'];
  try {
    base = JSON.parse(baseText);
    checkScenario(base, baseFile); // a broken base is reported in its own terms
  } catch (e) {
    throw new Error(`${file}: /base (${raw.base}) is not a valid scenario:\n${(e as Error).message}`);
  }
  const durationS = raw.durationS ?? base.durationS;
  const classes: RaidFamily['classes'] = {};
  for (const cls of THREAT_CLASSES) {
    const r = raw.classes[cls];
    if (!r) continue;
    const at = `/classes/${cls}`;
    const ordered = (v: Range | undefined, field: string): [number, number] => {
      const p = pairOf(v ?? 0);
      if (p[0] > p[1]) problems.push(`${at}/${field} must have min ≤ max (got ${p[0]} > ${p[1]})`);
      return p;
    };
    const c: ClassRange = {
      waves: ordered(r.waves, 'waves'),
      size: ordered(r.size, 'size'),
      startS: ordered(r.startS, 'startS'),
      lengthS: ordered(r.lengthS, 'lengthS'),
      bearingDeg: [r.bearingDeg[0], r.bearingDeg[1]],
      bearingSpreadDeg: ordered(r.bearingSpreadDeg, 'bearingSpreadDeg'),
      decoyFraction: r.decoyFraction === undefined ? null : ordered(r.decoyFraction, 'decoyFraction'),
      templates: [],
    };
    if (c.startS[1] + c.lengthS[1] > durationS) {
      problems.push(`${at}/startS: the latest start plus the longest launch window (${c.startS[1]} + ${c.lengthS[1]} s) must end by the duration (${durationS} s)`);
    }
    if (r.decoyFraction !== undefined && cls !== 'drone') problems.push(`${at}/decoyFraction applies to class 'drone' only`);
    const ids = r.templates ?? base.waves.filter((w) => w.class === cls && !w.route?.turnPoints?.length).map((w) => w.id);
    ids.forEach((id, k) => {
      const w = base.waves.find((x) => x.id === id);
      const path = r.templates ? `${at}/templates/${k}` : `${at}`;
      if (!w) problems.push(`${path} names no wave of the base (${raw.base})`);
      else if (w.class !== cls) problems.push(`${path}: base wave '${id}' is of class '${w.class}', not '${cls}'`);
      // A corridor's turn points belong to the base wave's own bearing; a generated wave takes any bearing.
      else if (w.route?.turnPoints?.length) problems.push(`${path}: base wave '${id}' flies a corridor of turn points, which fits its own bearing only`);
      else c.templates.push(w);
    });
    if (c.templates.length === 0 && c.waves[1] > 0 && !r.templates) {
      problems.push(`${at} has no template: the base has no wave of class '${cls}' without turn points to take its threats' speed, altitude and route from`);
    }
    classes[cls] = c;
  }
  if (problems.length > 0) throw new Error(problems.map((l) => `${file}: ${l}`).join('\n'));
  return { name: raw.name, description: raw.description ?? '', file, baseFile, base, durationS, classes };
}

export function loadFamily(file: string): RaidFamily {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  return parseFamily(text, file);
}

/** One generated wave's draws, for checks against the family's ranges. */
export interface DrawnWave { id: string; class: ThreatClass; template: string; count: number; launchWindowS: [number, number]; bearingDeg: number; bearingSpreadDeg: number; decoyFraction: number | null }

const uniformInt = (rng: Rng, r: [number, number]): number => r[0] + Math.floor(rng.uniform() * (r[1] - r[0] + 1));
/** Rounded to `step` so that the generated file reads cleanly (and its bytes do not hang on the last bit of a double). */
const round = (x: number, step: number): number => Math.round(x / step) * step;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A bearing drawn uniformly clockwise from r[0] to r[1] (through north when r[1] < r[0]). */
function drawBearing(rng: Rng, r: [number, number]): number {
  const width = r[1] >= r[0] ? r[1] - r[0] : r[1] + 360 - r[0]; // [0, 360] is the full circle
  return round3(((r[0] + round(rng.uniform(0, width), 0.1)) % 360 + 360) % 360);
}

/**
 * Raid `seed` of the family: the base scenario with its waves replaced by the drawn ones, named
 * `<family>-<seed>` and carrying `seed` as its own simulation seed. Returns the scenario as raw JSON (the
 * file format) and the draws.
 */
export function generateRaid(family: RaidFamily, seed: number): { scenario: Record<string, unknown>; waves: DrawnWave[] } {
  const root = new Rng(`raid-family/${family.name}/${seed}`);
  const waves: RawWave[] = [];
  const drawn: DrawnWave[] = [];
  for (const cls of THREAT_CLASSES) {
    const c = family.classes[cls];
    if (!c) continue;
    const rng = root.fork(cls);
    const n = uniformInt(rng, c.waves);
    for (let k = 0; k < n; k++) {
      const w = rng.fork(k);
      const template = c.templates[Math.min(c.templates.length - 1, Math.floor(w.uniform() * c.templates.length))];
      const count = uniformInt(w, c.size);
      const start = round(w.uniform(c.startS[0], c.startS[1]), 1);
      const length = round(w.uniform(c.lengthS[0], c.lengthS[1]), 1);
      // Rounding may push the end a second past the latest end the ranges allow: clamp it back.
      const t0 = Math.max(c.startS[0], Math.min(start, c.startS[1]));
      const launchWindowS: [number, number] = [t0, Math.max(t0, Math.min(t0 + length, c.startS[1] + c.lengthS[1], family.durationS))];
      const bearingDeg = drawBearing(w, c.bearingDeg);
      const bearingSpreadDeg = round3(round(w.uniform(c.bearingSpreadDeg[0], c.bearingSpreadDeg[1]), 0.1));
      const decoyFraction = c.decoyFraction ? round3(w.uniform(c.decoyFraction[0], c.decoyFraction[1])) : null;
      const id = `${cls}-${k + 1}`;
      const out: RawWave = {
        ...template,
        id,
        description: `${count} ${cls === 'drone' ? 'drones' : cls === 'decoy' ? 'decoys' : `${cls} missiles`} from ${bearingDeg}°, launched ${launchWindowS[0]}–${launchWindowS[1]} s (threats as the base's '${template.id}')`,
        count,
        launchWindowS,
        bearingDeg,
        bearingSpreadDeg,
      };
      if (decoyFraction !== null) out.decoyFraction = decoyFraction;
      waves.push(out);
      drawn.push({ id, class: cls, template: template.id, count, launchWindowS, bearingDeg, bearingSpreadDeg, decoyFraction });
    }
  }
  const scenario: Record<string, unknown> = {
    ...family.base,
    name: `${family.name}-${seed}`,
    description: `Raid ${seed} of the family ${family.name} (${basename(family.file)}), on the base ${basename(family.baseFile)}: `
      + `${drawn.length} waves, ${drawn.reduce((s, w) => s + w.count, 0)} threats.${family.description ? ` ${family.description}` : ''}`,
    seed,
    durationS: family.durationS,
    waves,
  };
  return { scenario, waves: drawn };
}

/** The generated scenario as a file's text: two-space JSON with a final newline (byte-identical per seed). */
export function raidText(family: RaidFamily, seed: number): string {
  return `${JSON.stringify(generateRaid(family, seed).scenario, null, 2)}\n`;
}
