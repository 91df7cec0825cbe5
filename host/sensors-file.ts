// Sensors file (`--sensors sensors.json`): an array of radars with their site and noise, validated with
// a schema; every error names the file and the JSON path.
import { readFileSync } from 'node:fs';
import { lazyValidator } from './schema.ts';
import type { SensorConfig } from './link/frames.ts';

const positive = { type: 'number', exclusiveMinimum: 0 };
const schema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: {
      id: { type: 'integer', minimum: 0, maximum: 65535 },
      east: { type: 'number' }, north: { type: 'number' }, up: { type: 'number' },
      sigmaRange: positive, sigmaAz: positive, sigmaEl: positive, sigmaCart: positive,
      maxRange: positive, pd: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      falseDensity: { type: 'number', minimum: 0, exclusiveMaximum: 1 }, scanPeriodS: positive,
    },
  },
} as const;
const validate = lazyValidator(schema, { allErrors: true });

/** Defaults for a sensor that a plots file names but no sensors file describes. */
export function defaultSensor(id: number, sigma = 30): SensorConfig {
  return { id, east: 0, north: 0, up: 0, sigmaRange: sigma, sigmaAz: 0.001, sigmaEl: 0.002, sigmaCart: sigma,
    maxRange: 500_000, pd: 0.9, falseDensity: 1e-12, scanPeriodS: 1 };
}

export function loadSensors(file: string): SensorConfig[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (!validate(data)) {
    throw new Error(`${file}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`).join('; ')}`);
  }
  const seen = new Set<number>();
  return (data as Partial<SensorConfig>[]).map((s, k) => {
    if (seen.has(s.id!)) throw new Error(`${file}: /${k}/id ${s.id} appears twice`);
    seen.add(s.id!);
    return { ...defaultSensor(s.id!), ...s } as SensorConfig;
  });
}
