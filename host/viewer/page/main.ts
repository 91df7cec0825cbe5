// The viewer page: fetches the run's fixed data once (/api/meta), then the picture at the timeline's time
// (/api/frame?t=ms) and draws it on the plan-view canvas. What a test needs to read back is put on the
// canvas's data attributes (tracks drawn, their screen positions) and on window.parapetViewer.
import { drawFrame, type Frame, type Meta, type Placed } from './draw.ts';

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
let t = 0, playing = false, lastTick = 0;
let inflight: Promise<void> | null = null, wanted: number | null = null;

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
      frame = await getJson<Frame>(`/api/frame?t=${Math.round(next)}`);
      render();
    }
    inflight = null;
  })();
  return inflight;
}

function render(): void {
  if (!frame) return;
  placed = drawFrame(canvas, meta, frame, selected);
  canvas.dataset.tracksDrawn = String(placed.length);
  canvas.dataset.frameT = String(frame.t);
  canvas.dataset.trackPositions = JSON.stringify(placed.map((p) => ({ n: p.trackNumber, x: Math.round(p.x), y: Math.round(p.y) })));
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
    ['Pk', threat && threat.unit ? fmt(threat.pkEngagement, 2) : '–'],
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

function seek(at: number): Promise<void> {
  t = Math.min(Math.max(at, meta.startMs), meta.endMs);
  scrub.value = String(t);
  return load(t);
}

function tick(now: number): void {
  if (playing) {
    const dt = lastTick ? now - lastTick : 0;
    t = Math.min(meta.endMs, t + dt * Number(speed.value));
    scrub.value = String(t);
    void load(t);
    if (t >= meta.endMs) setPlaying(false);
  }
  lastTick = now;
  requestAnimationFrame(tick);
}

function setPlaying(on: boolean): void {
  playing = on;
  playButton.textContent = on ? 'Pause' : 'Play';
}

canvas.addEventListener('click', (ev) => {
  const r = canvas.getBoundingClientRect();
  const x = ev.clientX - r.left, y = ev.clientY - r.top;
  let best: Placed | null = null, bestD = 12; // px: a forgiving pick radius
  for (const p of placed) { const d = Math.hypot(p.x - x, p.y - y); if (d < bestD) { best = p; bestD = d; } }
  selected = best ? best.trackNumber : null;
  render();
});
scrub.addEventListener('input', () => { setPlaying(false); void seek(Number(scrub.value)); });
playButton.addEventListener('click', () => { if (t >= meta.endMs) t = meta.startMs; setPlaying(!playing); });
window.addEventListener('resize', render);

declare global { interface Window { parapetViewer?: { seek(t: number): Promise<void>; select(n: number | null): void; meta: Meta } } }

meta = await getJson<Meta>('/api/meta');
$('title').textContent = `${meta.label} · ${String((meta.source as { scenario?: string } | undefined)?.scenario ?? meta.kind)}`;
scrub.min = String(meta.startMs);
scrub.max = String(meta.endMs);
await seek(meta.startMs);
window.parapetViewer = { seek, select: (n) => { selected = n; render(); }, meta };
document.body.dataset.ready = 'true';
requestAnimationFrame(tick);
