// Live mode's Web Worker: the closed loop of `parapet simulate` (host/sim/loop-core.ts) with the same
// firmware module, fetched from the viewer's server, stepped here in the browser. The loop's run log goes,
// line by line, into the same time index the server builds from files (frame-index.ts), so the page asks
// for frames at any time simulated so far exactly as it asks the server in replay.
import { Firmware } from '../../firmware-module.ts';
import { FirmwareLink } from '../../link/firmware-link.ts';
import type { LogSink } from '../../sim/loop-log.ts';
import { loopBody, type DoctrineName } from '../../sim/loop-core.ts';
import type { RunLogStream } from '../../sim/runlog.ts';
import type { Scenario } from '../../sim/scenario.ts';
import { fadeMsOf, frameJson, FrameIndex, viewMeta } from '../frame-index.ts';

export interface LiveStart { type: 'start'; scenario: Scenario; seed: number; doctrine: DoctrineName; board: string; firmware: string; file: string }
export type ToWorker = LiveStart | { type: 'frame'; id: number; t: number };
export type FromWorker =
  | { type: 'meta'; meta: Record<string, unknown> }
  | { type: 'progress'; timeMs: number; cycles: number; endMs: number }
  | { type: 'frame'; id: number; json: string }
  | { type: 'done'; summary: unknown; meta: Record<string, unknown> }
  | { type: 'error'; message: string };

const SLICE_MS = 25; // simulate this long between looks at the page's requests: frames stay fresh while it runs
const index = new FrameIndex();
let runMeta: Record<string, unknown> | null = null;
let fadeMs = 2000;
const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

/** The run log, kept in the index instead of written to files. */
const sink: LogSink = {
  line: (stream: RunLogStream, row: unknown) => index.add(stream, row as Record<string, unknown>),
  json: (name: string, value: unknown) => {
    if (name !== 'meta.json') return;
    runMeta = value as Record<string, unknown>;
    fadeMs = fadeMsOf(runMeta);
  },
  close: () => [],
};

/** A macrotask turn without setTimeout's 4 ms clamp, so queued frame requests are answered between slices. */
const turn = () => new Promise<void>((ok) => { const c = new MessageChannel(); c.port1.onmessage = () => ok(); c.port2.postMessage(null); });

async function run(s: LiveStart): Promise<void> {
  const bytes = new Uint8Array(await (await fetch(s.firmware)).arrayBuffer());
  const link = new FirmwareLink(Firmware.fromBytes(s.board, bytes));
  const loop = loopBody(s.scenario, { seed: s.seed, doctrine: s.doctrine, board: s.board, file: s.file }, link, sink);
  const label = { label: s.scenario.name, kind: 'simulation', live: true };
  const endMs = s.scenario.durationS * 1000;
  let r = loop.next();
  post({ type: 'meta', meta: viewMeta(index, runMeta!, { ...label, summary: null }) });
  while (!r.done) {
    const until = performance.now() + SLICE_MS;
    while (!r.done && performance.now() < until) r = loop.next(link.step(r.value));
    post({ type: 'progress', timeMs: index.cycles[index.cycles.length - 1] ?? 0, cycles: index.cycles.length, endMs });
    await turn();
  }
  const summary = r.value.result.summary;
  post({ type: 'done', summary, meta: viewMeta(index, runMeta!, { ...label, summary }) });
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'start') run(m).catch((e: Error) => post({ type: 'error', message: e.message }));
  else if (m.type === 'frame') post({ type: 'frame', id: m.id, json: frameJson(index, m.t, fadeMs) });
};
