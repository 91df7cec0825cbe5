// A run directory of `parapet simulate --out` as the bound's problem. The omniscient problem needs every
// threat's whole flight, also after the run killed it, and its aim point, which the run log does not hold
// for killed threats (world.jsonl has the truth of threats in the air only). So the threats are generated
// again from the scenario file and the run's seed (the world's own generateThreats), and checked against
// the log: each threat's first truth record in world.jsonl must be where the regenerated threat is, and
// meta.json's fire units and assets must be the scenario's. Fire units, assets, lethality and doctrine
// come from the scenario, orders.jsonl gives the run's accepted engagements, summary.json its figures.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, readJsonl } from '../report/jsonl.ts';
import { loadScenario } from '../sim/scenario.ts';
import { SimStreams } from '../sim/streams.ts';
import { generateThreats } from '../sim/threats.ts';
import type { BoundProblem, RunEngagement, RunFigures } from './problem.ts';

/** The files the bound reads; all are written by simulate --out. */
export const BOUND_FILES = ['meta.json', 'summary.json', 'world.jsonl', 'orders.jsonl'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function field(obj: Record<string, unknown>, path: string, file: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) {
    if (!isObject(v) || !(k in v)) throw new Error(`${file}: ${path} is missing`);
    v = v[k];
  }
  return v;
}
function num(obj: Record<string, unknown>, path: string, file: string): number {
  const v = field(obj, path, file);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${file}: ${path} must be a number`);
  return v;
}

/** Time of each threat's first plot given to fire control: plots.jsonl's times, truth.jsonl's origins. */
async function firstPlots(dir: string): Promise<Map<number, number>> {
  const truthFile = join(dir, 'truth.jsonl');
  const plotsFile = join(dir, 'plots.jsonl');
  for (const f of [truthFile, plotsFile]) if (!existsSync(f)) throw new Error(`${f}: missing (--after-detection reads the plots given to fire control and their origins)`);
  const origin = new Map<number, number>();
  for await (const { line, record } of readJsonl<{ plotId: number; truth: string | null }>(truthFile)) {
    if (typeof record.plotId !== 'number') throw new Error(`${truthFile}:${line}: plotId is required`);
    if (record.truth !== null) origin.set(record.plotId, Number(record.truth));
  }
  const first = new Map<number, number>();
  for await (const { line, record } of readJsonl<{ plotId: number; timeMs: number }>(plotsFile)) {
    if (typeof record.plotId !== 'number' || typeof record.timeMs !== 'number') throw new Error(`${plotsFile}:${line}: plotId and timeMs are required`);
    const id = origin.get(record.plotId);
    if (id === undefined) continue;
    const t = record.timeMs / 1000;
    if (!(first.get(id)! <= t)) first.set(id, t);
  }
  return first;
}

export interface LoadedRun {
  problem: BoundProblem;
  run: RunFigures;
  scenarioFile: string;
}

export async function loadRunDir(dir: string, opts: { scenario?: string; afterDetection?: boolean } = {}): Promise<LoadedRun> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such run directory`);
  for (const f of BOUND_FILES) {
    if (!existsSync(join(dir, f))) throw new Error(`${join(dir, f)}: missing (the bound reads a run directory written by parapet simulate --out)`);
  }
  const metaFile = join(dir, 'meta.json');
  const meta = readJson(metaFile);
  if (!isObject(meta)) throw new Error(`${metaFile}: not a JSON object`);
  const kind = field(meta, 'source.kind', metaFile);
  if (kind !== 'simulation') throw new Error(`${metaFile}: source.kind is ${JSON.stringify(kind)}, not a simulation run (the bound needs the world's truth of parapet simulate --out)`);
  const seed = num(meta, 'source.seed', metaFile);
  const source = meta.source as Record<string, unknown>;
  const file = opts.scenario ?? (typeof source.file === 'string' ? source.file : null);
  if (file === null) throw new Error(`${metaFile}: source.file is not set; pass the run's scenario with --scenario <file>`);
  if (!existsSync(file)) throw new Error(opts.scenario ? `${file}: not found` : `${metaFile}: source.file ${JSON.stringify(file)} not found from here; pass the run's scenario with --scenario <file>`);
  const sc = loadScenario(file);
  if (sc.name !== source.scenario) throw new Error(`${file}: scenario ${JSON.stringify(sc.name)} is not the run's (${metaFile}: source.scenario ${JSON.stringify(source.scenario)})`);
  for (const key of ['fireUnits', 'assets'] as const) {
    const logged = field(meta, key, metaFile);
    if (!Array.isArray(logged) || logged.length !== sc[key].length) throw new Error(`${metaFile}: ${key} do not match ${file}'s (the scenario changed since the run?)`);
    logged.forEach((x, i) => {
      const { wireId: _w, wire: _v, ...rest } = x as Record<string, unknown>;
      if (JSON.stringify(rest) !== JSON.stringify(sc[key][i])) throw new Error(`${metaFile}: ${key}[${i}] differs from ${file}'s (the scenario changed since the run?)`);
    });
  }

  const sumFile = join(dir, 'summary.json');
  const summary = readJson(sumFile);
  if (!isObject(summary)) throw new Error(`${sumFile}: not a JSON object`);
  const endS = num(summary, 'simulatedS', sumFile);
  const run: RunFigures = {
    dir,
    scenario: sc.name,
    seed,
    doctrine: String(field(summary, 'doctrine', sumFile)),
    valueLost: num(summary, 'damage.lost', sumFile),
    undefended: num(summary, 'damage.undefended', sumFile),
    interceptorCost: num(summary, 'spend.total.cost', sumFile),
    rounds: num(summary, 'spend.total.rounds', sumFile),
  };

  const threats = generateThreats(sc, new SimStreams(seed));
  const worldFile = join(dir, 'world.jsonl');
  const seen = new Set<number>();
  for await (const { line, record } of readJsonl<{ timeMs: number; threats: { id: number; class: string; decoy: boolean; x: number; y: number; z: number }[] }>(worldFile)) {
    if (typeof record.timeMs !== 'number' || !Array.isArray(record.threats)) throw new Error(`${worldFile}:${line}: timeMs and threats are required`);
    for (const w of record.threats) {
      if (seen.has(w.id)) continue;
      seen.add(w.id);
      const t = threats[w.id - 1];
      const s = t?.stateAt(record.timeMs / 1000);
      // The log rounds to the millimetre; a centimetre tells a reproduced world from another one.
      if (!t || t.class !== w.class || t.decoy !== w.decoy || Math.abs(s!.x - w.x) > 0.01 || Math.abs(s!.y - w.y) > 0.01 || Math.abs(s!.z - w.z) > 0.01) {
        throw new Error(`${worldFile}:${line}: threat ${w.id} is not where ${file} with seed ${seed} puts it (the scenario changed since the run?)`);
      }
    }
  }

  const ordersFile = join(dir, 'orders.jsonl');
  const runEngagements: RunEngagement[] = [];
  for await (const { line, record } of readJsonl<{ timeMs: number; unit: string; threatId: number | null; result: string; interceptMs?: number }>(ordersFile)) {
    if (record.result !== 'fired' || record.threatId === null) continue;
    if (typeof record.timeMs !== 'number' || typeof record.interceptMs !== 'number' || typeof record.unit !== 'string') throw new Error(`${ordersFile}:${line}: a fired order needs timeMs, unit and interceptMs`);
    runEngagements.push({ unitId: record.unit, threatId: record.threatId, orderS: record.timeMs / 1000, interceptS: record.interceptMs / 1000 });
  }

  const problem: BoundProblem = {
    units: sc.fireUnits, assets: sc.assets, lethality: sc.lethality, doctrine: sc.doctrine, stepS: sc.stepS, endS,
    threats: threats.filter((t) => t.launchTimeS <= endS), runEngagements,
    ...(opts.afterDetection ? { firstPlotS: await firstPlots(dir) } : {}),
  };
  return { problem, run, scenarioFile: file };
}
