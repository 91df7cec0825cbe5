// The plan view: battery frame (x east, y north, metres) fitted to the canvas, north up. Drawn back to
// front so tracks stay on top: radars, assets, fire units, plots, engagements, markers, tracks.
export interface Site { id?: string | number; name?: string; position?: { eastM: number; northM: number }; radiusM?: number; value?: number }
export interface Meta {
  label: string; kind: string; source?: unknown; startMs: number; endMs: number; fadeMs: number;
  assets: Site[]; fireUnits: (Site & { envelope?: { maxRangeM?: number } })[];
  sensors: { id: number; name?: string; east: number; north: number; maxRange?: number }[];
  extent: { minX: number; maxX: number; minY: number; maxY: number };
}
export interface Track { trackNumber: number; status: string; class: number; x: number; y: number; vx: number; vy: number }
export interface Threat { trackNumber: number; class: string; state: string; asset: string | null; unit: string | null; value: number; tgoS: number; pkEngagement: number }
export interface Frame {
  t: number; cycleMs: number | null; tracks: Track[]; threats: Threat[];
  plots: { sensor: number; x: number; y: number; ageMs: number }[];
  engagements: { unit: string; trackNumber: number; point: { x: number; y: number } }[];
  kills: { x: number; y: number }[]; leaks: { x: number; y: number }[];
  counts: { alive: number | null; intercepted: number; leaked: number };
}
/** A track as drawn: its number and its position in CSS pixels from the canvas's top-left corner. */
export interface Placed { trackNumber: number; x: number; y: number }
/** Zoom and pan on top of the fitted picture: screen = centre + fitted offset × zoom + pan (CSS pixels). */
export interface View { zoom: number; panX: number; panY: number }
export const HOME: View = { zoom: 1, panX: 0, panY: 0 };

const CLASS_COLOURS = ['#9aa4ad', '#f0a030', '#e04848', '#b060e0'];
const LEADER_S = 60; // the velocity leader shows a minute of flight: a drone's ~3 km is visible at city scale

/** The view zoomed by `factor` about the screen point (mx, my), which stays over the same ground point. */
export function zoomAbout(v: View, factor: number, mx: number, my: number, w: number, h: number): View {
  return { zoom: v.zoom * factor, panX: mx - w / 2 - (mx - w / 2 - v.panX) * factor, panY: my - h / 2 - (my - h / 2 - v.panY) * factor };
}

export function drawFrame(canvas: HTMLCanvasElement, meta: Meta, f: Frame, selected: number | null, view: View = HOME): Placed[] {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
  const g = canvas.getContext('2d')!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const e = meta.extent, margin = 30;
  const fitted = Math.min((w - 2 * margin) / Math.max(1, e.maxX - e.minX), (h - 2 * margin) / Math.max(1, e.maxY - e.minY));
  const scale = fitted * view.zoom;
  const cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2;
  const sx = (x: number) => w / 2 + view.panX + (x - cx) * scale;
  const sy = (y: number) => h / 2 + view.panY - (y - cy) * scale;
  g.font = '11px system-ui, sans-serif';

  for (const s of meta.sensors) {
    const x = sx(s.east), y = sy(s.north);
    if (s.maxRange) ring(g, x, y, s.maxRange * scale, 'rgba(200,200,200,0.15)', [4, 6]);
    g.fillStyle = '#c8c8c8';
    g.beginPath(); g.moveTo(x, y - 7); g.lineTo(x - 6, y + 5); g.lineTo(x + 6, y + 5); g.closePath(); g.fill();
    label(g, s.name ?? `radar ${s.id}`, x + 8, y + 4, '#c8c8c8');
  }
  for (const a of meta.assets) {
    if (!a.position) continue;
    const x = sx(a.position.eastM), y = sy(a.position.northM);
    g.fillStyle = 'rgba(79,195,247,0.18)'; g.strokeStyle = '#4fc3f7';
    g.beginPath(); g.arc(x, y, Math.max(4, (a.radiusM ?? 0) * scale), 0, 2 * Math.PI); g.fill(); g.stroke();
    label(g, `${a.name ?? a.id} ${((a.value ?? 0) / 1e6).toFixed(0)} M`, x + 6, y - 6, '#4fc3f7');
  }
  for (const u of meta.fireUnits) {
    if (!u.position) continue;
    const x = sx(u.position.eastM), y = sy(u.position.northM);
    if (u.envelope?.maxRangeM) ring(g, x, y, u.envelope.maxRangeM * scale, 'rgba(125,220,125,0.12)', []);
    g.fillStyle = '#7ddc7d'; g.fillRect(x - 4, y - 4, 8, 8);
    label(g, String(u.id), x + 6, y + 12, '#7ddc7d');
  }
  for (const p of f.plots) {
    g.fillStyle = `rgba(200,200,200,${Math.max(0.05, 1 - p.ageMs / meta.fadeMs).toFixed(2)})`;
    g.fillRect(sx(p.x) - 1, sy(p.y) - 1, 2, 2);
  }
  const units = new Map(meta.fireUnits.map((u) => [String(u.id), u.position]));
  g.strokeStyle = '#7ddc7d'; g.setLineDash([6, 4]);
  for (const en of f.engagements) {
    const from = units.get(en.unit);
    if (!from) continue;
    g.beginPath(); g.moveTo(sx(from.eastM), sy(from.northM)); g.lineTo(sx(en.point.x), sy(en.point.y)); g.stroke();
  }
  g.setLineDash([]);
  for (const k of f.kills) cross(g, sx(k.x), sy(k.y), '#7ddc7d');
  for (const l of f.leaks) { g.strokeStyle = '#ff5c5c'; g.beginPath(); g.arc(sx(l.x), sy(l.y), 6, 0, 2 * Math.PI); g.stroke(); cross(g, sx(l.x), sy(l.y), '#ff5c5c'); }

  const placed: Placed[] = [];
  for (const k of f.tracks) {
    const x = sx(k.x), y = sy(k.y), colour = CLASS_COLOURS[k.class] ?? CLASS_COLOURS[0];
    g.strokeStyle = colour; g.fillStyle = colour; g.lineWidth = 1.5;
    g.beginPath(); g.moveTo(x, y); g.lineTo(sx(k.x + k.vx * LEADER_S), sy(k.y + k.vy * LEADER_S)); g.stroke();
    g.beginPath(); g.arc(x, y, 4, 0, 2 * Math.PI);
    if (k.status === 'coasting') g.stroke(); else g.fill(); // coasting: no plot this cycle
    if (k.trackNumber === selected) { g.strokeStyle = '#fff'; g.beginPath(); g.arc(x, y, 8, 0, 2 * Math.PI); g.stroke(); }
    g.lineWidth = 1;
    label(g, String(k.trackNumber), x + 6, y - 6, colour);
    placed.push({ trackNumber: k.trackNumber, x, y });
  }
  return placed;
}

function ring(g: CanvasRenderingContext2D, x: number, y: number, r: number, colour: string, dash: number[]): void {
  g.strokeStyle = colour; g.setLineDash(dash);
  g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI); g.stroke();
  g.setLineDash([]);
}
function cross(g: CanvasRenderingContext2D, x: number, y: number, colour: string): void {
  g.strokeStyle = colour; g.lineWidth = 2;
  g.beginPath(); g.moveTo(x - 5, y - 5); g.lineTo(x + 5, y + 5); g.moveTo(x + 5, y - 5); g.lineTo(x - 5, y + 5); g.stroke();
  g.lineWidth = 1;
}
function label(g: CanvasRenderingContext2D, text: string, x: number, y: number, colour: string): void {
  g.fillStyle = colour; g.fillText(text, x, y);
}
