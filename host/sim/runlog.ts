// The run log of a closed-loop simulation: the files of docs/run-log.md (meta.json, plots.jsonl,
// tracks.jsonl, truth.jsonl, summary.json) plus what the simulator adds (world.jsonl, threats.jsonl,
// orders.jsonl, outcomes.jsonl, timing.json); docs/simulate.md lists every field. A full Kyiv night writes
// hundreds of megabytes, so lines are streamed to disk in large chunks rather than held in memory.
// Everything but timing.json is a function of the scenario and the seed: two runs give identical bytes.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from './loop-log.ts';

export const RUN_LOG_FILES = ['plots.jsonl', 'truth.jsonl', 'world.jsonl', 'tracks.jsonl', 'threats.jsonl', 'orders.jsonl', 'outcomes.jsonl'] as const;
export type RunLogStream = (typeof RUN_LOG_FILES)[number];

const CHUNK = 1 << 20;

export { mm } from './loop-log.ts';

export class RunLog implements LogSink {
  private readonly fds = new Map<RunLogStream, number>();
  private readonly buffers = new Map<RunLogStream, string[]>();
  private readonly sizes = new Map<RunLogStream, number>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const name of RUN_LOG_FILES) {
      this.fds.set(name, openSync(join(dir, name), 'w'));
      this.buffers.set(name, []);
      this.sizes.set(name, 0);
    }
  }

  /** Appends one JSON line to a stream. */
  line(stream: RunLogStream, row: unknown): void {
    const text = JSON.stringify(row);
    this.buffers.get(stream)!.push(text);
    const size = this.sizes.get(stream)! + text.length + 1;
    this.sizes.set(stream, size);
    if (size >= CHUNK) this.flush(stream);
  }

  private flush(stream: RunLogStream): void {
    const lines = this.buffers.get(stream)!;
    if (lines.length) writeSync(this.fds.get(stream)!, lines.join('\n') + '\n');
    this.buffers.set(stream, []);
    this.sizes.set(stream, 0);
  }

  /** Writes a whole JSON file (meta.json, summary.json, timing.json). */
  json(name: string, value: unknown): void {
    writeFileSync(join(this.dir, name), JSON.stringify(value, null, 2) + '\n');
  }

  close(): string[] {
    for (const name of RUN_LOG_FILES) {
      this.flush(name);
      closeSync(this.fds.get(name)!);
    }
    return ['meta.json', ...RUN_LOG_FILES, 'summary.json', 'timing.json'].map((f) => join(this.dir, f));
  }
}
