// Raid scenarios: read a JSON file, check it against the schema (scenario-schema.ts) and the cross-field
// rules below, fill in the documented defaults and resolve every position into the battery frame.
// Every error names the file, the JSON path and the problem, e.g.
//   scenarios/x.json: /radars/1/scanPeriodS must be > 0
// and all problems of a file are reported at once, one per line, so a broken file is fixed in one pass.
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { lazyValidator } from '../schema.ts';
import { geodeticToEastNorth, type EastNorth, type GeodeticOrigin } from './geo.ts';
import { type ASSET_KINDS, type FIRE_UNIT_KINDS, scenarioSchema, type THREAT_CLASSES } from './scenario-schema.ts';

export type ThreatClass = (typeof THREAT_CLASSES)[number];
export type FireUnitKind = (typeof FIRE_UNIT_KINDS)[number];
export type AssetKind = (typeof ASSET_KINDS)[number];
/** Classes that carry a warhead (decoys do not). */
export type LethalClass = Exclude<ThreatClass, 'decoy'>;
export type { EastNorth, GeodeticOrigin };

/** A position as written in a file: battery-frame metres or latitude/longitude. */
export type PositionSpec = EastNorth | { latDeg: number; lonDeg: number };
/** A number or a [min, max] range as written in a file. */
export type SpanSpec = number | [number, number];

export interface Asset {
  id: string;
  name: string;
  kind: AssetKind;
  position: EastNorth;
  radiusM: number;
  /** Value lost if the asset is destroyed, in the same currency unit as costPerRound. */
  value: number;
}

export interface Radar {
  /** Sensor id on the wire (u16). */
  id: number;
  name: string;
  position: EastNorth;
  /** Height of the antenna's phase centre above the (flat) ground, m. */
  antennaHeightM: number;
  scanPeriodS: number;
  /** Instrumented range, m. */
  maxRangeM: number;
  /** One-sigma measurement noise. */
  noise: { rangeM: number; azDeg: number; elDeg: number };
  /** Radar equation referenced to one point: SNR = referenceSnrDb at referenceRangeM for referenceRcsM2. */
  detection: { referenceSnrDb: number; referenceRangeM: number; referenceRcsM2: number; pfa: number; swerling: 1 | 3 };
  /** Mean number of false plots per scan (Poisson). */
  clutterPerScan: number;
  /** Azimuth sector covered, clockwise from fromDeg to toDeg; null for the full circle. */
  sector: { fromDeg: number; toDeg: number } | null;
  minElevationDeg: number;
  maxElevationDeg: number;
}

export interface Envelope {
  minRangeM: number;
  maxRangeM: number;
  minAltitudeM: number;
  maxAltitudeM: number;
  maxTargetSpeedMps: number;
}

export interface FireUnit {
  id: string;
  name: string;
  kind: FireUnitKind;
  position: EastNorth;
  envelope: Envelope;
  /** Average speed of the interceptor (or bullet, or effect) over its fly-out, m/s. */
  interceptorSpeedMps: number;
  /** Delay from the fire order to launch, s. */
  reactionTimeS: number;
  /** Engagements the unit can guide at once. */
  guidanceChannels: number;
  /** Rounds on the launchers at the start, and the launchers' capacity. */
  readyRounds: number;
  /** All rounds the unit holds, the ready ones included. */
  magazine: number;
  /** Time to reload the launchers once they are empty, s. */
  reloadTimeS: number;
  /** Single-shot kill probability per threat class. */
  pk: Record<ThreatClass, number>;
  costPerRound: number;
}

export interface Route {
  /** Corridor points every threat of the wave passes near (each displaced by scatterM, σ per axis). */
  turnPoints: EastNorth[];
  scatterM: number;
  /** Random dog-legs: this many turn points, evenly spaced, each offset sideways by up to ±lateralM. */
  generatedTurns: number;
  lateralM: number;
}

export interface AltitudeProfile {
  /** Cruise altitude above ground, drawn per threat from [min, max], m. */
  cruiseM: [number, number];
  /** Amplitude of the smooth altitude variation (terrain following), m. */
  jitterM: number;
  jitterWavelengthM: number;
  /** Flight-path angle of the terminal dive onto the aim point. */
  diveAngleDeg: number;
}

export interface Wave {
  id: string;
  description: string;
  class: ThreatClass;
  count: number;
  /** Share of a drone wave flown by decoys (0 for other classes). */
  decoyFraction: number;
  launchWindowS: [number, number];
  bearingDeg: number;
  bearingSpreadDeg: number;
  /** Distance from the origin at which air-breathing threats enter the scenario, m (0 for ballistic). */
  launchDistanceM: number;
  route: Route;
  /** Horizontal speed (air-breathing) or speed along the dive (ballistic), m/s. */
  speedMps: [number, number];
  turnRateDegS: number;
  /** Air-breathing classes only. */
  altitude: AltitudeProfile | null;
  /** Ballistic only: the terminal phase from re-entry to impact. */
  ballistic: { reentryAltitudeM: number; diveAngleDeg: [number, number] } | null;
  rcsM2: [number, number];
  /** Weight of each asset as the aim point; assets absent get no threats. */
  aimWeights: Record<string, number>;
  /** Aim error about the asset's centre, one sigma per horizontal axis, m. */
  aimSigmaM: number;
}

export interface Doctrine {
  /** λ in value − λ·cost; value and cost share one currency unit, so λ is a pure number. */
  costWeight: number;
  shootLookShoot: boolean;
  /** Most rounds fired at one threat in one engagement. */
  salvoLimit: number;
  /** Rounds each unit of `kind` keeps back for `forClasses` only. */
  reserve: { kind: FireUnitKind; rounds: number; forClasses: ThreatClass[] }[];
  /** The value of a round (docs/doctrine.md): rounds priced by what they would save later. */
  lookahead: Lookahead;
}

export interface Lookahead {
  enabled: boolean;
  /** Seconds of the picture's time between two look-aheads. */
  periodS: number;
  /** What fire control is told is coming: the scenario's waves as the intelligence estimate, or nothing. */
  prior: 'waves' | 'none';
  /** Scales every forecast count (an estimate that is too high or too low). */
  priorScale: number;
}

export const DEFAULT_LOOKAHEAD: Lookahead = { enabled: true, periodS: 10, prior: 'waves', priorScale: 1 };

export interface Scenario {
  name: string;
  description: string;
  seed: number;
  durationS: number;
  stepS: number;
  origin: GeodeticOrigin;
  /** Fraction of an asset's remaining value one hit destroys, per class. */
  lethality: Record<LethalClass, number>;
  assets: Asset[];
  radars: Radar[];
  fireUnits: FireUnit[];
  waves: Wave[];
  doctrine: Doctrine;
}

/** Class defaults, chosen from public figures for each kind of threat (docs/scenario.md). */
export const CLASS_DEFAULTS: Record<ThreatClass, { rcsM2: [number, number]; turnRateDegS: number; diveAngleDeg: number }> = {
  drone: { rcsM2: [0.01, 0.1], turnRateDegS: 3, diveAngleDeg: 30 },
  decoy: { rcsM2: [0.01, 0.1], turnRateDegS: 3, diveAngleDeg: 30 },
  cruise: { rcsM2: [0.1, 0.5], turnRateDegS: 2, diveAngleDeg: 20 },
  ballistic: { rcsM2: [0.1, 0.1], turnRateDegS: 0, diveAngleDeg: 80 },
};
export const DEFAULT_LETHALITY: Record<LethalClass, number> = { drone: 0.3, cruise: 0.6, ballistic: 0.9 };

const validate = lazyValidator(scenarioSchema, { allErrors: true, allowUnionTypes: true, verbose: true });

/** Edit distance, for "did you mean" on unknown fields. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return d[b.length];
}

/** One ajv error as "<JSON path> <problem>" (shared with the raid family files). */
export function describeSchemaError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${e.instancePath}/${p.missingProperty} is required`;
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const best = known.map((k) => [k, editDistance(field, k)] as const).sort((x, y) => x[1] - y[1])[0];
      const hint = best && best[1] <= Math.max(2, field.length / 3) ? ` (did you mean '${best[0]}'?)` : '';
      return `${e.instancePath}/${field} is not a known field${hint}`;
    }
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${at} must be ${String(p.type).replace(',', ' or ')}`;
    default:
      return `${at} ${e.message}`;
  }
}

/** Collects path-named problems; `fail` throws them all at once. */
class Problems {
  readonly list: string[] = [];
  add(path: string, why: string): void {
    this.list.push(`${path} ${why}`);
  }
}

const spanOf = (s: SpanSpec): [number, number] => (typeof s === 'number' ? [s, s] : [s[0], s[1]]);

/** Parses and checks a scenario; `file` only labels the errors. */
export function parseScenario(text: string, file: string): Scenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return checkScenario(data, file);
}

/** Checks an already parsed scenario object. */
export function checkScenario(data: unknown, file: string): Scenario {
  if (!validate(data)) {
    // A failed branch of a union type reports once per branch; one line per path and keyword is enough.
    const lines = [...new Set((validate.errors ?? []).map(describeSchemaError))];
    throw new Error(lines.map((l) => `${file}: ${l}`).join('\n'));
  }
  const problems = new Problems();
  const scenario = resolve(data as RawScenario, problems);
  if (problems.list.length > 0) throw new Error(problems.list.map((l) => `${file}: ${l}`).join('\n'));
  return scenario;
}

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read: ${(e as Error).message}`);
  }
  return parseScenario(text, file);
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules and defaults. The raw types mirror the schema: what a valid file may contain.

type RawPosition = { eastM?: number; northM?: number; latDeg?: number; lonDeg?: number };
interface RawWave {
  id: string; description?: string; class: ThreatClass; count: number; decoyFraction?: number;
  launchWindowS: [number, number]; bearingDeg: number; bearingSpreadDeg?: number; launchDistanceM?: number;
  route?: { turnPoints?: RawPosition[]; scatterM?: number; generatedTurns?: number; lateralM?: number };
  speedMps: SpanSpec; turnRateDegS?: number;
  altitude?: { cruiseM: SpanSpec; jitterM?: number; jitterWavelengthM?: number; diveAngleDeg?: number };
  ballistic?: { reentryAltitudeM: number; diveAngleDeg: SpanSpec };
  rcsM2?: SpanSpec; aimWeights?: Record<string, number>; aimSigmaM?: number;
}
interface RawScenario {
  name: string; description?: string; seed: number; durationS: number; stepS: number; origin: GeodeticOrigin;
  lethality?: Partial<Record<LethalClass, number>>;
  assets: (Omit<Asset, 'position' | 'name'> & { name?: string; position: RawPosition })[];
  radars: (Omit<Radar, 'position' | 'name' | 'detection' | 'clutterPerScan' | 'sector' | 'minElevationDeg' | 'maxElevationDeg'> & {
    name?: string; position: RawPosition; detection: Omit<Radar['detection'], 'referenceRcsM2'> & { referenceRcsM2?: number };
    clutterPerScan?: number; sector?: { fromDeg: number; toDeg: number }; minElevationDeg?: number; maxElevationDeg?: number;
  })[];
  fireUnits: (Omit<FireUnit, 'position' | 'name' | 'pk'> & { name?: string; position: RawPosition; pk: Omit<FireUnit['pk'], 'decoy'> & { decoy?: number } })[];
  waves: RawWave[];
  doctrine: Omit<Doctrine, 'reserve' | 'lookahead'> & { reserve?: Doctrine['reserve']; lookahead?: Partial<Lookahead> };
}

function resolve(raw: RawScenario, problems: Problems): Scenario {
  const origin = raw.origin;
  const place = (p: RawPosition, path: string): EastNorth => {
    const hasEN = p.eastM !== undefined || p.northM !== undefined;
    const hasLL = p.latDeg !== undefined || p.lonDeg !== undefined;
    if (hasEN && hasLL) problems.add(path, 'must give eastM/northM or latDeg/lonDeg, not both');
    else if (hasEN && (p.eastM === undefined || p.northM === undefined)) problems.add(path, 'must give both eastM and northM');
    else if (hasLL && (p.latDeg === undefined || p.lonDeg === undefined)) problems.add(path, 'must give both latDeg and lonDeg');
    else if (!hasEN && !hasLL) problems.add(path, 'must give eastM/northM or latDeg/lonDeg');
    else if (hasLL) return geodeticToEastNorth(origin, p.latDeg!, p.lonDeg!);
    else return { eastM: p.eastM!, northM: p.northM! };
    return { eastM: 0, northM: 0 };
  };
  const unique = (ids: (string | number)[], path: string): void => {
    const seen = new Set<string | number>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.add(`/${path}/${i}/id`, `${JSON.stringify(id)} is used twice`);
      seen.add(id);
    });
  };
  const ordered = (lo: number, hi: number, path: string, what = 'min ≤ max'): void => {
    if (lo > hi) problems.add(path, `must have ${what} (got ${lo} > ${hi})`);
  };
  const orderedSpan = (s: SpanSpec, path: string): [number, number] => {
    const v = spanOf(s);
    ordered(v[0], v[1], path, '[min, max] with min ≤ max');
    return v;
  };

  if (raw.stepS > raw.durationS) problems.add('/stepS', `must be ≤ durationS (${raw.durationS})`);
  // The world keeps its clocks in whole milliseconds so that step and scan boundaries compare exactly.
  const wholeMs = (x: number, path: string): void => {
    if (Math.abs(x * 1000 - Math.round(x * 1000)) > 1e-6 || Math.round(x * 1000) === 0) problems.add(path, `must be a whole number of milliseconds ≥ 0.001 (got ${x})`);
  };
  wholeMs(raw.stepS, '/stepS');
  raw.radars.forEach((r, i) => wholeMs(r.scanPeriodS, `/radars/${i}/scanPeriodS`));
  unique(raw.assets.map((a) => a.id), 'assets');
  unique(raw.radars.map((r) => r.id), 'radars');
  unique(raw.fireUnits.map((u) => u.id), 'fireUnits');
  unique(raw.waves.map((w) => w.id), 'waves');

  const assets: Asset[] = raw.assets.map((a, i) => ({ ...a, name: a.name ?? a.id, position: place(a.position, `/assets/${i}/position`) }));
  const assetValue = new Map(assets.map((a) => [a.id, a.value]));

  const radars: Radar[] = raw.radars.map((r, i) => {
    const minEl = r.minElevationDeg ?? 0;
    const maxEl = r.maxElevationDeg ?? 90;
    ordered(minEl, maxEl, `/radars/${i}/maxElevationDeg`, 'minElevationDeg ≤ maxElevationDeg');
    return {
      ...r,
      name: r.name ?? `radar ${r.id}`,
      position: place(r.position, `/radars/${i}/position`),
      detection: { referenceRcsM2: 1, ...r.detection },
      clutterPerScan: r.clutterPerScan ?? 0,
      sector: r.sector ?? null,
      minElevationDeg: minEl,
      maxElevationDeg: maxEl,
    };
  });

  const fireUnits: FireUnit[] = raw.fireUnits.map((u, i) => {
    const at = `/fireUnits/${i}`;
    ordered(u.envelope.minRangeM, u.envelope.maxRangeM, `${at}/envelope/maxRangeM`, 'minRangeM ≤ maxRangeM');
    ordered(u.envelope.minAltitudeM, u.envelope.maxAltitudeM, `${at}/envelope/maxAltitudeM`, 'minAltitudeM ≤ maxAltitudeM');
    if (u.readyRounds > u.magazine) problems.add(`${at}/magazine`, `must be ≥ readyRounds (${u.readyRounds}): the magazine counts the ready rounds too`);
    // Decoys are engaged as drones: nothing tells them apart until the kill (or the leak).
    return { ...u, name: u.name ?? u.id, position: place(u.position, `${at}/position`), pk: { decoy: u.pk.drone, ...u.pk } };
  });

  const waves: Wave[] = raw.waves.map((w, i) => {
    const at = `/waves/${i}`;
    const ballistic = w.class === 'ballistic';
    const d = CLASS_DEFAULTS[w.class];
    ordered(w.launchWindowS[0], w.launchWindowS[1], `${at}/launchWindowS`, '[start, end] with start ≤ end');
    if (w.launchWindowS[1] > raw.durationS) problems.add(`${at}/launchWindowS`, `must end by durationS (${raw.durationS})`);
    if (w.decoyFraction !== undefined && w.decoyFraction > 0 && w.class !== 'drone') {
      problems.add(`${at}/decoyFraction`, `applies to class 'drone' only (a 'decoy' wave is all decoys)`);
    }
    if (ballistic) {
      for (const f of ['launchDistanceM', 'route', 'altitude', 'turnRateDegS'] as const) {
        if (w[f] !== undefined) problems.add(`${at}/${f}`, `does not apply to class 'ballistic' (its path is set by /ballistic)`);
      }
      if (!w.ballistic) problems.add(`${at}/ballistic`, `is required for class 'ballistic'`);
    } else {
      if (w.ballistic) problems.add(`${at}/ballistic`, `applies to class 'ballistic' only`);
      if (w.launchDistanceM === undefined) problems.add(`${at}/launchDistanceM`, `is required for class '${w.class}'`);
      if (!w.altitude) problems.add(`${at}/altitude`, `is required for class '${w.class}'`);
    }
    const route = w.route ?? {};
    if (route.turnPoints?.length && route.generatedTurns) {
      problems.add(`${at}/route`, 'must give turnPoints or generatedTurns, not both');
    }
    if (route.lateralM !== undefined && !route.generatedTurns) problems.add(`${at}/route/lateralM`, 'needs generatedTurns');
    if (route.scatterM !== undefined && !route.turnPoints?.length) problems.add(`${at}/route/scatterM`, 'needs turnPoints');
    const weights = w.aimWeights ?? Object.fromEntries(assets.map((a) => [a.id, a.value]));
    for (const id of Object.keys(weights)) if (!assetValue.has(id)) problems.add(`${at}/aimWeights/${id}`, 'names no asset');
    if (!(Object.values(weights).reduce((s, x) => s + x, 0) > 0)) problems.add(`${at}/aimWeights`, 'must give some asset a weight > 0');
    const altitude = w.altitude
      ? {
          cruiseM: orderedSpan(w.altitude.cruiseM, `${at}/altitude/cruiseM`),
          jitterM: w.altitude.jitterM ?? 0,
          jitterWavelengthM: w.altitude.jitterWavelengthM ?? 3000,
          diveAngleDeg: w.altitude.diveAngleDeg ?? d.diveAngleDeg,
        }
      : null;
    if (altitude && altitude.jitterM >= altitude.cruiseM[0]) {
      problems.add(`${at}/altitude/jitterM`, `must be < the lowest cruise altitude (${altitude.cruiseM[0]} m), or the threat would fly into the ground`);
    }
    return {
      id: w.id,
      description: w.description ?? '',
      class: w.class,
      count: w.count,
      decoyFraction: w.class === 'decoy' ? 1 : (w.decoyFraction ?? 0),
      launchWindowS: [w.launchWindowS[0], w.launchWindowS[1]],
      bearingDeg: w.bearingDeg,
      bearingSpreadDeg: w.bearingSpreadDeg ?? 0,
      launchDistanceM: w.launchDistanceM ?? 0,
      route: {
        turnPoints: (route.turnPoints ?? []).map((p, k) => place(p, `${at}/route/turnPoints/${k}`)),
        scatterM: route.scatterM ?? 0,
        generatedTurns: route.generatedTurns ?? 0,
        lateralM: route.lateralM ?? 0,
      },
      speedMps: orderedSpan(w.speedMps, `${at}/speedMps`),
      turnRateDegS: w.turnRateDegS ?? d.turnRateDegS,
      altitude,
      ballistic: w.ballistic
        ? { reentryAltitudeM: w.ballistic.reentryAltitudeM, diveAngleDeg: orderedSpan(w.ballistic.diveAngleDeg, `${at}/ballistic/diveAngleDeg`) }
        : null,
      rcsM2: w.rcsM2 !== undefined ? orderedSpan(w.rcsM2, `${at}/rcsM2`) : d.rcsM2,
      aimWeights: weights,
      aimSigmaM: w.aimSigmaM ?? 0,
    };
  });

  const reserve = raw.doctrine.reserve ?? [];
  return {
    name: raw.name,
    description: raw.description ?? '',
    seed: raw.seed,
    durationS: raw.durationS,
    stepS: raw.stepS,
    origin,
    lethality: { ...DEFAULT_LETHALITY, ...raw.lethality },
    assets,
    radars,
    fireUnits,
    waves,
    doctrine: { ...raw.doctrine, reserve, lookahead: { ...DEFAULT_LOOKAHEAD, ...raw.doctrine.lookahead } },
  };
}
