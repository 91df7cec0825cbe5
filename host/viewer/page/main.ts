// The viewer page: the picture at the timeline's time, drawn on the plan-view canvas. In replay the
// frames come from the server (/api/frame?t=ms); in live mode from the Web Worker that runs the
// simulation (live-worker.ts), with the same frame text and the same drawing. What a test needs to read
// back is put on the canvas's data attributes (tracks drawn, their screen positions, the view) and on
// window.parapetViewer.
import { drawFrame, HOME, zoomAbout, type Frame, type Meta, type Placed, type View } from './draw.ts';
import { EventIndex, type Events } from '../event-index.ts';
import type { FromWorker, LiveStart } from './live-worker.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLCanvasElement>('plan');
const scrub = $<HTMLInputElement>('scrub');
const playButton = $<HTMLButtonElement>('play');
const speed = $<HTMLSelectElement>('speed');

const CLASS_NAMES = ['unknown', 'drone', 'cruise', 'ballistic'];
let meta: Meta;
let frame: Frame | null = null;
let placed: Placed[] = [];
let selected: number | null = null;
let view: View = HOME;
let t = 0, playing = false, lastTick = 0;
let inflight: Promise<void> | null = null, wanted: number | null = null;
/** The frame at time t, from the server or from the live worker. */
let fetchFrame: (t: number) => Promise<Frame>;
/** Live mode: the last simulated cycle, and whether the picture follows it. */
let live: { latestMs: number; following: boolean; done: boolean; summary: unknown; progress: number } | null = null;

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json() as Promise<T>;
}

/** One frame request at a time; requests made meanwhile collapse into the latest wanted time, and every
 *  caller's promise resolves once that latest frame is drawn. */
function load(at: number): Promise<void> {
  wanted = at;
  inflight ??= (async () => {
    while (wanted !== null) {
      const next = wanted;
      wanted = null;
      frame = await fetchFrame(Math.round(next));
      render();
    }
    inflight = null;
  })();
  return inflight;
}

function render(): void {
  if (!frame) return;
  placed = drawFrame(canvas, meta, frame, selected, view);
  canvas.dataset.tracksDrawn = String(placed.length);
  canvas.dataset.frameT = String(frame.t);
  canvas.dataset.trackPositions = JSON.stringify(placed.map((p) => ({ n: p.trackNumber, x: Math.round(p.x), y: Math.round(p.y) })));
  canvas.dataset.view = JSON.stringify(view);
  const c = frame.counts;
  $('n-tracks').textContent = String(frame.tracks.length);
  $('n-alive').textContent = c.alive === null ? '–' : String(c.alive);
  $('n-intercepted').textContent = String(c.intercepted);
  $('n-leaked').textContent = String(c.leaked);
  $('n-engagements').textContent = String(frame.engagements.length);
  $('clock').textContent = clock(frame.t);
  showSelected();
}

const clock = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const fmt = (v: unknown, digits = 1) => (typeof v === 'number' ? v.toFixed(digits) : '–');

/** The side panel: the selected track and what threat evaluation says of it at this cycle. */
function showSelected(): void {
  const dl = $('selected');
  const track = frame?.tracks.find((k) => k.trackNumber === selected);
  if (!frame || selected === null || !track) { dl.innerHTML = '<dd>click a track</dd>'; dl.dataset.track = ''; return; }
  const threat = frame.threats.find((h) => h.trackNumber === selected);
  const engagement = frame.engagements.find((e) => e.trackNumber === selected);
  const rows: [string, string][] = [
    ['track', String(track.trackNumber)],
    ['class', threat?.class ?? CLASS_NAMES[track.class] ?? 'unknown'],
    ['status', track.status],
    ['value', threat ? `${fmt(threat.value / 1e6, 2)} M` : '–'],
    ['time to go', threat ? `${fmt(threat.tgoS, 0)} s` : '–'],
    ['threatens', threat?.asset ?? '–'],
    ['engaged by', threat?.unit ?? engagement?.unit ?? '–'],
    ['Pk', threat?.unit ? fmt(threat.pkEngagement, 2) : '–'],
    ['state', threat?.state ?? '–'],
  ];
  dl.innerHTML = '';
  for (const [k, v] of rows) {
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v; dd.dataset.field = k;
    dl.append(dt, dd);
  }
  dl.dataset.track = String(selected);
}

/** The latest time that has a picture: the log's end, or in live mode the last cycle simulated. */
const endMs = () => (live ? live.latestMs : meta.endMs);

function seek(at: number): Promise<void> {
  t = Math.min(Math.max(at, meta.startMs), endMs());
  scrub.value = String(t);
  if (live) live.following = t >= live.latestMs;
  return load(t);
}

function tick(now: number): void {
  if (playing) {
    const dt = lastTick ? now - lastTick : 0;
    t = Math.min(endMs(), t + dt * Number(speed.value));
    scrub.value = String(t);
    void load(t);
    if (live) live.following = t >= live.latestMs; // playing up to the simulation's front follows it again
    if (t >= endMs()) setPlaying(false);
  }
  lastTick = now;
  requestAnimationFrame(tick);
}

function setPlaying(on: boolean): void {
  playing = on;
  playButton.textContent = on ? 'Pause' : 'Play';
}

// Zoom about the cursor (wheel), pan by dragging, reset with the button or a double click. A press that
// moves less than a few pixels is a click, which picks the nearest track.
const DRAG_PX = 4;
let press: { x: number; y: number; view: View; dragged: boolean } | null = null;
const local = (ev: MouseEvent) => { const r = canvas.getBoundingClientRect(); return { x: ev.clientX - r.left, y: ev.clientY - r.top }; };
function setView(v: View): void { view = v; render(); }

canvas.addEventListener('wheel', (ev) => {
  ev.preventDefault();
  const { x, y } = local(ev);
  const factor = Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015)); // lines or pixels
  const next = zoomAbout(view, factor, x, y, canvas.clientWidth, canvas.clientHeight);
  if (next.zoom >= 0.2 && next.zoom <= 500) setView(next);
}, { passive: false });
canvas.addEventListener('mousedown', (ev) => { if (ev.button === 0) press = { ...local(ev), view, dragged: false }; });
window.addEventListener('mousemove', (ev) => {
  if (!press) return;
  const { x, y } = local(ev);
  if (!press.dragged && Math.hypot(x - press.x, y - press.y) < DRAG_PX) return;
  press.dragged = true;
  canvas.style.cursor = 'grabbing';
  setView({ ...press.view, panX: press.view.panX + x - press.x, panY: press.view.panY + y - press.y });
});
window.addEventListener('mouseup', (ev) => {
  if (!press) return;
  const wasDrag = press.dragged;
  press = null;
  canvas.style.cursor = '';
  if (wasDrag || ev.target !== canvas) return;
  const { x, y } = local(ev);
  let best: Placed | null = null, bestD = 12; // px: a forgiving pick radius
  for (const p of placed) { const d = Math.hypot(p.x - x, p.y - y); if (d < bestD) { best = p; bestD = d; } }
  selected = best ? best.trackNumber : null;
  render();
});
canvas.addEventListener('dblclick', () => setView(HOME));
$('reset-view').addEventListener('click', () => setView(HOME));

scrub.addEventListener('input', () => { setPlaying(false); void seek(Number(scrub.value)); });
playButton.addEventListener('click', () => { if (t >= endMs()) t = meta.startMs; setPlaying(!playing); });
window.addEventListener('resize', render);

declare global {
  interface Window {
    parapetViewer?: {
      seek(t: number): Promise<void>; select(n: number | null): void; meta: Meta; frame(): Frame | null;
      setView(v: View): void; live: typeof live;
    };
  }
}

/** Live mode: start the worker, follow its progress; resolves with the run's first meta. */
function startLive(start: Omit<LiveStart, 'type'>): Promise<Meta> {
  const worker = new Worker(new URL('./live-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, (json: string) => void>();
  let nextId = 0;
  fetchFrame = (at) => new Promise((ok) => {
    const id = nextId++;
    pending.set(id, (json) => ok(JSON.parse(json) as Frame));
    worker.postMessage({ type: 'frame', id, t: at });
  });
  live = { latestMs: 0, following: true, done: false, summary: null, progress: 0 };
  return new Promise((ok, fail) => {
    worker.onerror = (e) => fail(new Error(e.message));
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'meta') ok(m.meta as unknown as Meta);
      else if (m.type === 'frame') { pending.get(m.id)?.(m.json); pending.delete(m.id); }
      else if (m.type === 'progress') {
        live!.latestMs = m.timeMs; live!.progress = m.timeMs / m.endMs;
        scrub.max = String(m.timeMs);
        $('live').textContent = `simulating ${(100 * live!.progress).toFixed(0)} %`;
        if (live!.following) void seek(m.timeMs);
      } else if (m.type === 'done') {
        meta = m.meta as unknown as Meta;
        Object.assign(live!, { done: true, summary: m.summary, progress: 1, latestMs: meta.endMs });
        scrub.max = String(meta.endMs);
        $('live').textContent = 'simulation done';
        void seek(live!.following ? meta.endMs : t).then(() => { document.body.dataset.liveDone = 'true'; });
      } else if (m.type === 'error') {
        $('live').textContent = `simulation failed: ${m.message}`;
        fail(new Error(m.message));
      }
    };
    worker.postMessage({ type: 'start', ...start } satisfies LiveStart);
  });
}

const first = await getJson<Meta & { live?: boolean } & Omit<LiveStart, 'type'>>('/api/meta');
if (first.live) {
  meta = await startLive({ scenario: first.scenario, seed: first.seed, doctrine: first.doctrine, board: first.board, firmware: first.firmware, file: first.file });
} else {
  meta = first;
  // Engagements, kills and leaks once; each frame then brings only the cycle's tracks, threats and plots.
  const events = EventIndex.of(await getJson<Events>('/api/events'));
  fetchFrame = async (at) => Object.assign(await getJson<Frame>(`/api/frame?t=${at}&events=0`), events.at(at));
}
$('title').textContent = first.live
  ? `${first.label} · live, seed ${first.seed}, ${first.doctrine}`
  : `${meta.label} · ${String((meta.source as { scenario?: string } | undefined)?.scenario ?? meta.kind)}`;
scrub.min = String(meta.startMs);
scrub.max = String(endMs());
await seek(live ? endMs() : meta.startMs);
window.parapetViewer = { seek, select: (n) => { selected = n; render(); }, get meta() { return meta; }, frame: () => frame, setView, get live() { return live; } };
document.body.dataset.ready = 'true';
requestAnimationFrame(tick);
