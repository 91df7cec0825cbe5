// JSON Schema of a raid scenario file (docs/scenario.md). Structure only: every object is closed
// (`additionalProperties: false`) so that a misspelt field is an error instead of a silently ignored
// default. Rules that span fields (a position given twice, an aim weight naming no asset, a class-specific
// block on the wrong class) live in scenario.ts, which reports them in the same "path + problem" form.

const num = { type: 'number' } as const;
const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const probability = { type: 'number', minimum: 0, maximum: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;
const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;
const text = { type: 'string' } as const;
const azimuthDeg = { type: 'number', minimum: 0, maximum: 360 } as const;

/** A value or a [min, max] range drawn uniformly per threat. */
const span = (lo: number, exclusive = false) =>
  ({
    type: ['number', 'array'],
    ...(exclusive ? { exclusiveMinimum: lo } : { minimum: lo }),
    items: exclusive ? { type: 'number', exclusiveMinimum: lo } : { type: 'number', minimum: lo },
    minItems: 2,
    maxItems: 2,
  }) as const;

/** Either east/north metres in the battery frame or a geodetic latitude/longitude, never half of each. */
const position = {
  type: 'object',
  additionalProperties: false,
  properties: {
    eastM: num,
    northM: num,
    latDeg: { type: 'number', minimum: -90, maximum: 90 },
    lonDeg: { type: 'number', minimum: -180, maximum: 180 },
  },
} as const;

export const THREAT_CLASSES = ['drone', 'decoy', 'cruise', 'ballistic'] as const;
export const FIRE_UNIT_KINDS = ['long-range-sam', 'short-range-sam', 'mobile-fire-group', 'interceptor-drone', 'ew'] as const;
export const ASSET_KINDS = [
  'district', 'rail', 'power', 'embassy', 'government', 'military', 'industry', 'water', 'bridge', 'airport', 'hospital', 'school', 'other',
] as const;

const asset = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'position', 'radiusM', 'value'],
  properties: { id, name: text, kind: { enum: ASSET_KINDS }, position, radiusM: positive, value: nonNegative },
} as const;

const radar = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'position', 'antennaHeightM', 'scanPeriodS', 'maxRangeM', 'noise', 'detection'],
  properties: {
    id: { type: 'integer', minimum: 0, maximum: 65535 },
    name: text,
    position,
    antennaHeightM: nonNegative,
    scanPeriodS: positive,
    maxRangeM: positive,
    noise: {
      type: 'object',
      additionalProperties: false,
      required: ['rangeM', 'azDeg', 'elDeg'],
      properties: { rangeM: nonNegative, azDeg: nonNegative, elDeg: nonNegative },
    },
    detection: {
      type: 'object',
      additionalProperties: false,
      required: ['referenceSnrDb', 'referenceRangeM', 'pfa', 'swerling'],
      properties: {
        referenceSnrDb: num,
        referenceRangeM: positive,
        referenceRcsM2: positive,
        pfa: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        swerling: { enum: [1, 3] },
      },
    },
    clutterPerScan: nonNegative,
    sector: {
      type: 'object',
      additionalProperties: false,
      required: ['fromDeg', 'toDeg'],
      properties: { fromDeg: azimuthDeg, toDeg: azimuthDeg },
    },
    minElevationDeg: { type: 'number', minimum: -10, maximum: 90 },
    maxElevationDeg: { type: 'number', minimum: -10, maximum: 90 },
  },
} as const;

const pkTable = {
  type: 'object',
  additionalProperties: false,
  required: ['drone', 'cruise', 'ballistic'],
  properties: { drone: probability, decoy: probability, cruise: probability, ballistic: probability },
} as const;

const fireUnit = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'kind', 'position', 'envelope', 'interceptorSpeedMps', 'reactionTimeS', 'guidanceChannels',
    'readyRounds', 'magazine', 'reloadTimeS', 'pk', 'costPerRound',
  ],
  properties: {
    id,
    name: text,
    kind: { enum: FIRE_UNIT_KINDS },
    position,
    envelope: {
      type: 'object',
      additionalProperties: false,
      required: ['minRangeM', 'maxRangeM', 'minAltitudeM', 'maxAltitudeM', 'maxTargetSpeedMps'],
      properties: { minRangeM: nonNegative, maxRangeM: positive, minAltitudeM: nonNegative, maxAltitudeM: positive, maxTargetSpeedMps: positive },
    },
    interceptorSpeedMps: positive,
    reactionTimeS: nonNegative,
    guidanceChannels: { type: 'integer', minimum: 1 },
    readyRounds: count,
    magazine: count,
    reloadTimeS: nonNegative,
    pk: pkTable,
    costPerRound: nonNegative,
  },
} as const;

const wave = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'class', 'count', 'launchWindowS', 'bearingDeg', 'speedMps'],
  properties: {
    id,
    description: text,
    class: { enum: THREAT_CLASSES },
    count: { type: 'integer', minimum: 1 },
    decoyFraction: probability,
    launchWindowS: { type: 'array', items: nonNegative, minItems: 2, maxItems: 2 },
    bearingDeg: azimuthDeg,
    bearingSpreadDeg: { type: 'number', minimum: 0, maximum: 180 },
    launchDistanceM: positive,
    route: {
      type: 'object',
      additionalProperties: false,
      properties: {
        turnPoints: { type: 'array', items: position },
        scatterM: nonNegative,
        generatedTurns: count,
        lateralM: nonNegative,
      },
    },
    speedMps: span(0, true),
    turnRateDegS: positive,
    altitude: {
      type: 'object',
      additionalProperties: false,
      required: ['cruiseM'],
      properties: {
        cruiseM: span(0, true),
        jitterM: nonNegative,
        jitterWavelengthM: positive,
        diveAngleDeg: { type: 'number', exclusiveMinimum: 0, maximum: 90 },
      },
    },
    ballistic: {
      type: 'object',
      additionalProperties: false,
      required: ['reentryAltitudeM', 'diveAngleDeg'],
      properties: {
        reentryAltitudeM: positive,
        diveAngleDeg: { ...span(0, true), maximum: 90, items: { type: 'number', exclusiveMinimum: 0, maximum: 90 } },
      },
    },
    rcsM2: span(0, true),
    aimWeights: { type: 'object', additionalProperties: nonNegative },
    aimSigmaM: nonNegative,
  },
} as const;

const doctrine = {
  type: 'object',
  additionalProperties: false,
  required: ['costWeight', 'shootLookShoot', 'salvoLimit'],
  properties: {
    costWeight: nonNegative,
    shootLookShoot: { type: 'boolean' },
    salvoLimit: { type: 'integer', minimum: 1 },
    reserve: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'rounds', 'forClasses'],
        properties: {
          kind: { enum: FIRE_UNIT_KINDS },
          rounds: count,
          forClasses: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: THREAT_CLASSES } },
        },
      },
    },
    lookahead: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        periodS: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
        prior: { enum: ['waves', 'none'] },
        priorScale: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
  },
} as const;

export const scenarioSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'seed', 'durationS', 'stepS', 'origin', 'assets', 'radars', 'fireUnits', 'waves', 'doctrine'],
  properties: {
    name: { type: 'string', minLength: 1 },
    description: text,
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    durationS: positive,
    stepS: positive,
    origin: {
      type: 'object',
      additionalProperties: false,
      required: ['latDeg', 'lonDeg', 'altM'],
      properties: { latDeg: { type: 'number', minimum: -90, maximum: 90 }, lonDeg: { type: 'number', minimum: -180, maximum: 180 }, altM: num },
    },
    lethality: {
      type: 'object',
      additionalProperties: false,
      properties: { drone: probability, cruise: probability, ballistic: probability },
    },
    assets: { type: 'array', minItems: 1, items: asset },
    radars: { type: 'array', minItems: 1, items: radar },
    fireUnits: { type: 'array', items: fireUnit },
    waves: { type: 'array', items: wave },
    doctrine,
  },
} as const;
