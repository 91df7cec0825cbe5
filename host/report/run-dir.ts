// One run directory as the report sees it: meta.json and summary.json (both required), timing.json
// (optional), and which JSONL files of docs/simulate.md and docs/run-log.md are there.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { readJson } from './jsonl.ts';

/** The files a simulation writes; a replay writes the first ones only. */
export const LOG_FILES = ['plots.jsonl', 'tracks.jsonl', 'truth.jsonl', 'world.jsonl', 'threats.jsonl', 'orders.jsonl', 'outcomes.jsonl'] as const;
export type LogFile = (typeof LOG_FILES)[number];

export interface RunTimingFile { wallMs?: number; cycles?: number; cycleMsMedian?: number; cycleMsP99?: number; cycleMsMax?: number; cycleMs?: number[] }

export interface RunDir {
  dir: string;
  /** Short name of the run in the report: the doctrine for a simulation, else the directory's name. */
  label: string;
  kind: string;
  meta: Record<string, unknown>;
  summary: Record<string, unknown>;
  timing: RunTimingFile | null;
  present: Set<LogFile>;
  missing: string[];
  file(name: LogFile): string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function openRunDir(dir: string): RunDir {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new Error(`${dir}: no such run directory`);
  const object = (name: string): Record<string, unknown> => {
    const file = join(dir, name);
    const v = readJson(file);
    if (!isObject(v)) throw new Error(`${file}: not a JSON object`);
    return v;
  };
  const meta = object('meta.json');
  const summary = object('summary.json');
  const timing = existsSync(join(dir, 'timing.json')) ? (object('timing.json') as RunTimingFile) : null;
  const present = new Set(LOG_FILES.filter((f) => existsSync(join(dir, f))));
  const missing = [...(timing ? [] : ['timing.json']), ...LOG_FILES.filter((f) => !present.has(f))];
  const source = isObject(meta.source) ? meta.source : {};
  const kind = typeof source.kind === 'string' ? source.kind : 'unknown';
  const doctrine = typeof summary.doctrine === 'string' ? summary.doctrine : null;
  return { dir, label: doctrine ?? basename(abs), kind, meta, summary, timing, present, missing, file: (name) => join(dir, name) };
}

/** Two runs get distinct labels: the directory's name is added when the doctrines are the same. */
export function distinctLabels(runs: RunDir[]): void {
  if (new Set(runs.map((r) => r.label)).size === runs.length) return;
  for (const r of runs) r.label = `${r.label} (${basename(resolve(r.dir))})`;
}
