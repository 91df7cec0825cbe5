// A run directory's time index (frame-index.ts), built once at start-up by streaming its JSONL files
// (host/report/jsonl.ts). Per firmware cycle it keeps the raw tracks and threats text, parsed again only
// for the one cycle a request asks for, so a Kyiv-sized log is not held as millions of objects.
import { openRunDir, type LogFile, type RunDir } from '../report/run-dir.ts';
import { badRecord, readJsonl } from '../report/jsonl.ts';
import { fadeMsOf, FrameIndex, RecordError, viewMeta } from './frame-index.ts';

export interface RunIndex { run: RunDir; frames: FrameIndex; fadeMs: number; meta: Record<string, unknown> }

// tracks.jsonl first: threats and world lines are matched to its cycles by time, not by line number.
const ORDER: LogFile[] = ['tracks.jsonl', 'threats.jsonl', 'world.jsonl', 'plots.jsonl', 'orders.jsonl', 'outcomes.jsonl'];

export async function buildRunIndex(dir: string): Promise<RunIndex> {
  const run = openRunDir(dir);
  if (!run.present.has('tracks.jsonl')) throw new Error(`${dir}: no tracks.jsonl, nothing to show`);
  const frames = new FrameIndex();
  for (const name of ORDER) {
    if (!run.present.has(name)) continue;
    const file = run.file(name);
    for await (const { line, record } of readJsonl(file)) {
      try {
        frames.add(name, record);
      } catch (e) {
        if (e instanceof RecordError) throw badRecord(file, line, e.message);
        throw e;
      }
    }
  }
  const meta = viewMeta(frames, run.meta, { label: run.label, kind: run.kind, summary: run.summary });
  return { run, frames, fadeMs: fadeMsOf(run.meta), meta };
}
