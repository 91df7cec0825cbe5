// Decoded ASTERIX target reports (CAT048, CAT001 plots) → firmware plots: polar (range, azimuth,
// elevation) from each radar's site, expressed in the battery frame, grouped into antenna scans.
//
// A 2-D surveillance radar measures slant range and azimuth only; the elevation comes from the flight
// level (Mode C, pressure altitude) through spherical-earth geometry. Identities (Mode S address, Mode
// 3/A) go to a side table keyed by plot id, for scoring only: the tracker never sees them.
import type { AsterixRecord } from './asterix-fields.ts';
import { rebuildCat001Time } from './cat001-time.ts';
import { EnuFrame, gaussianRadius, type Geodetic, type Vec3 } from '../geo.ts';
import { hypot2 } from '../hypot.ts';

export const NM = 1852;
export const FT = 0.3048;
/** σ of a Mode C height: 100 ft steps (±50 ft) plus the pressure-vs-geometric offset (QNH, temperature). */
export const SIGMA_HEIGHT_FL = 100 * FT;
/** Plots without a usable flight level: the target is taken at the site's height, within a 0–3000 m band above it. */
export const NO_FL_BAND_M = 3000;
/** RMS distance of a uniform 0..B band from its bottom edge: B/√3. */
export const SIGMA_HEIGHT_NO_FL = NO_FL_BAND_M / Math.sqrt(3);
/** Scan period assumed when neither CAT034/002 nor the azimuth sequence gives one. */
export const DEFAULT_PERIOD_S = 4;
const HALF_DAY = 43200;
const DAY = 86400;

export const radarKey = (sac: number, sic: number) => `${sac}/${sic}`;
/** Sensor id on the wire: SAC·256 + SIC, unique per radar and within the u16 field. */
export const sensorIdOf = (sac: number, sic: number) => sac * 256 + sic;

/**
 * Time of day → continuous seconds, in arrival order. A step back of more than 12 h is midnight (the
 * next day starts); a step forward of more than 12 h is a straggler from before midnight.
 */
export class TodClock {
  private day = 0;
  private last: number | undefined;
  at(tod: number): number {
    if (this.last !== undefined) {
      if (tod < this.last - HALF_DAY) this.day++;
      else if (tod > this.last + HALF_DAY) return (this.day - 1) * DAY + tod;
    }
    this.last = tod;
    return this.day * DAY + tod;
  }
}

/**
 * Elevation (rad) of the straight line from a site at height hs to a target at height ht, slant range r,
 * on a sphere of radius R (law of cosines in the triangle earth centre–site–target):
 * (R+ht)² = (R+hs)² + r² + 2r(R+hs)·sin(el)  ⇒  sin(el) = ((ht−hs)(2R+ht+hs) − r²) / (2r(R+hs)),
 * ≈ (ht−hs)/r − r/(2R). R = k·Re: k = 1 places the target where it is; k = 4/3 gives the bent radar ray's
 * launch angle instead, r²/(8Re) higher (200 m at 100 km), which is not what the firmware's straight
 * range-azimuth-elevation conversion needs. A height beyond reach of r is clamped to ±90°.
 */
export function elevationFromHeight(r: number, ht: number, hs: number, R: number): number {
  const s = ((ht - hs) * (2 * R + ht + hs) - r * r) / (2 * r * (R + hs));
  return Math.asin(Math.max(-1, Math.min(1, s)));
}

/** σ of that elevation from σ height and σ range (first order; capped at 1 rad near the vertical). */
export function elevationSigma(r: number, ht: number, hs: number, R: number, sigmaH: number, sigmaR: number): number {
  const el = elevationFromHeight(r, ht, hs, R);
  const c = Math.max(Math.cos(el), 1e-3);
  const dh = (R + ht) / (r * (R + hs)); // ∂sin(el)/∂ht
  const dr = ((ht - hs) * (2 * R + ht + hs) + r * r) / (2 * r * r * (R + hs)); // −∂sin(el)/∂r
  return Math.min(1, hypot2(dh * sigmaH, dr * sigmaR) / c);
}

export interface RadarInfo {
  key: string;
  sac: number;
  sic: number;
  sensorId: number;
  site: Geodetic;
  siteFrom: 'sites file' | '--site' | 'I034/120';
  /** Site in the battery frame (east, north, up), m. */
  enu: Vec3;
  periodS: number;
  periodFrom: 'I034/041' | 'sector crossings' | 'azimuth wraps' | 'assumed';
  /** Range LSB of the category (I048/040 1/256 NM, I001/040 1/128 NM), m. */
  rangeLsbM: number;
  maxRangeM: number;
  plots: number;
  scans: number;
}

export interface ConvertedPlot {
  plotId: number;
  sensorId: number;
  /** Antenna revolution of this radar, from 0. */
  scan: number;
  timeMs: number;
  /** Polar from the site, battery-frame axes: m, rad clockwise from north, rad. */
  range: number;
  az: number;
  el: number;
  sigmaEl: number;
  /** Battery frame, m. */
  x: number;
  y: number;
  z: number;
  heightFrom: 'fl' | 'default';
}

/** What the recording says about a plot's origin: for scoring, never sent to the tracker. */
export interface PlotIdentity {
  acaddr?: string;
  m3a?: string;
  /** Flight level, when usable (for scoring airborne traffic apart). */
  fl?: number;
  offset: number;
  radar: string;
}

export interface ConvertOptions {
  /** Sites by "SAC/SIC" (a sites file); wins over everything else. */
  sites?: ReadonlyMap<string, Geodetic>;
  /** Site of the only radar of the recording. */
  site?: Geodetic;
  /** Battery-frame origin; default: the first radar's site. */
  origin?: Geodetic;
  /** σ range (m) used for the per-plot elevation σ; default 4 range LSBs. */
  sigmaRange?: (lsbM: number) => number;
}

export interface Conversion {
  origin: Geodetic;
  radars: RadarInfo[];
  plots: ConvertedPlot[];
  identities: Map<number, PlotIdentity>;
  /** Records not turned into plots, by reason. */
  skipped: Record<string, number>;
  /** Radars left out because no site is known for them, with their plot counts. */
  noSite: Record<string, number>;
}

export const defaultSigmaRange = (lsbM: number) => 4 * lsbM;

interface Raw { rec: AsterixRecord; t: number; key: string }

export function plotsFromAsterix(records: readonly AsterixRecord[], opts: ConvertOptions = {}): Conversion {
  const skipped: Record<string, number> = {};
  const skip = (why: string) => { skipped[why] = (skipped[why] ?? 0) + 1; };
  const cat001Times = rebuildCat001Time(records);
  const clock = new TodClock();
  const raws: Raw[] = [];
  const service = new Map<string, { t: number; rec: AsterixRecord }[]>();
  const seen = new Set<string>();
  records.forEach((rec, i) => {
    const tod = rec.cat === 1 ? cat001Times[i] : rec.tod_s;
    if (rec.sac === undefined || rec.sic === undefined) return skip('no SAC/SIC');
    const key = radarKey(rec.sac, rec.sic);
    if (rec.cat === 34 || rec.cat === 2) {
      if (tod !== undefined) push(service, key, { t: clock.at(tod), rec });
      return;
    }
    if (rec.cat !== 48 && rec.cat !== 1) return;
    if (rec.cat === 1 && rec.typ === 1) return skip('CAT001 track report');
    if (rec.cat === 48 && rec.typ === 0) return skip('no detection (radar track only)');
    if (rec.rho_nm === undefined || rec.theta_deg === undefined) return skip('no range/azimuth');
    if (!(rec.rho_nm > 0)) return skip('zero range');
    if (tod === undefined) return skip('no time');
    // Recorders and multicast captures repeat datagrams: an identical report is one detection.
    const dup = `${key}|${rec.cat}|${tod}|${rec.rho_nm}|${rec.theta_deg}|${rec.acaddr ?? rec.m3a ?? ''}`;
    if (seen.has(dup)) return skip('duplicate');
    seen.add(dup);
    raws.push({ rec, t: clock.at(tod), key });
  });

  const order = [...new Set(raws.map((r) => r.key))];
  if (opts.site && !opts.sites && order.length > 1) {
    throw new Error(`--site gives one radar's position but the recording has ${order.length} radars (${order.join(', ')}): use --sites`);
  }
  const siteOf = new Map<string, { site: Geodetic; from: RadarInfo['siteFrom'] }>();
  for (const key of order) {
    const fromFile = opts.sites?.get(key);
    const own = service.get(key)?.find((s) => s.rec.src_lat_deg !== undefined)?.rec;
    if (fromFile) siteOf.set(key, { site: fromFile, from: 'sites file' });
    else if (opts.site) siteOf.set(key, { site: opts.site, from: '--site' });
    else if (own) siteOf.set(key, { site: { lat: own.src_lat_deg!, lon: own.src_lon_deg!, alt: own.src_h_m ?? 0 }, from: 'I034/120' });
  }
  const noSite: Record<string, number> = {};
  for (const r of raws) if (!siteOf.has(r.key)) noSite[r.key] = (noSite[r.key] ?? 0) + 1;
  const placed = order.filter((k) => siteOf.has(k));
  if (placed.length === 0) {
    throw new Error(`no radar position known for ${order.join(', ') || 'any radar'}: give --site lat,lon,alt or --sites sites.json`);
  }
  const origin = opts.origin ?? siteOf.get(placed[0])!.site;
  const battery = new EnuFrame(origin);

  const radars: RadarInfo[] = [];
  const plots: ConvertedPlot[] = [];
  const identities = new Map<number, PlotIdentity>();
  let nextId = 1;
  for (const key of placed) {
    const mine = raws.filter((r) => r.key === key);
    const { site, from } = siteOf.get(key)!;
    const frame = new EnuFrame(site);
    const enu = battery.fromGeodetic(site);
    const R = gaussianRadius(site.lat);
    const cat = mine[0].rec.cat;
    const rangeLsbM = NM / (cat === 48 ? 256 : 128);
    const sigmaR = (opts.sigmaRange ?? defaultSigmaRange)(rangeLsbM);
    const svc = service.get(key) ?? [];
    const { periodS, periodFrom } = estimatePeriod(mine.map((r) => ({ t: r.t, az: r.rec.theta_deg! })), svc);
    const scans = new ScanCounter(periodS);
    // Service messages mark scan boundaries too; they are merged in time order with the plots.
    const events = [
      ...svc.filter((s) => s.rec.cat034_mt === 1 || s.rec.cat002_mt === 1 || s.rec.cat034_azimuth_deg !== undefined)
        .map((s) => ({ t: s.t, az: s.rec.cat034_mt === 1 || s.rec.cat002_mt === 1 ? 0 : s.rec.cat034_azimuth_deg!, raw: null as Raw | null })),
      ...mine.map((r) => ({ t: r.t, az: r.rec.theta_deg!, raw: r as Raw | null })),
    ].sort((a, b) => a.t - b.t);
    let maxRange = 0;
    for (const ev of events) {
      const scan = scans.assign(ev.t, ev.az);
      if (!ev.raw) continue;
      const rec = ev.raw.rec;
      const r = rec.rho_nm! * NM;
      maxRange = Math.max(maxRange, r);
      const hasFl = rec.fl !== undefined && !rec.fl_g && !rec.fl_v;
      const ht = hasFl ? rec.fl! * 100 * FT : site.alt;
      const el = elevationFromHeight(r, ht, site.alt, R);
      const sigmaEl = elevationSigma(r, ht, site.alt, R, hasFl ? SIGMA_HEIGHT_FL : SIGMA_HEIGHT_NO_FL, sigmaR);
      const th = (rec.theta_deg! * Math.PI) / 180;
      const local: Vec3 = [r * Math.cos(el) * Math.sin(th), r * Math.cos(el) * Math.cos(th), r * Math.sin(el)];
      const [x, y, z] = battery.fromEcef(frame.toEcef(local));
      const [de, dn, du] = [x - enu[0], y - enu[1], z - enu[2]];
      const plotId = nextId++;
      plots.push({
        plotId, sensorId: sensorIdOf(rec.sac!, rec.sic!), scan, timeMs: ev.t * 1000, range: r,
        az: (Math.atan2(de, dn) + 2 * Math.PI) % (2 * Math.PI), el: Math.asin(Math.max(-1, Math.min(1, du / r))),
        sigmaEl, x, y, z, heightFrom: hasFl ? 'fl' : 'default',
      });
      identities.set(plotId, {
        ...(rec.acaddr !== undefined ? { acaddr: rec.acaddr } : {}), ...(rec.m3a !== undefined ? { m3a: rec.m3a } : {}),
        ...(hasFl ? { fl: rec.fl } : {}), offset: rec.offset, radar: key,
      });
    }
    radars.push({
      key, sac: mine[0].rec.sac!, sic: mine[0].rec.sic!, sensorId: sensorIdOf(mine[0].rec.sac!, mine[0].rec.sic!),
      site, siteFrom: from, enu, periodS, periodFrom, rangeLsbM, maxRangeM: maxRange, plots: mine.length, scans: scans.count,
    });
  }
  plots.sort((a, b) => a.timeMs - b.timeMs || a.plotId - b.plotId);
  return { origin, radars, plots, identities, skipped, noSite };
}

/** Flight level from which a plot counts as airborne in scoring: 1000 ft above the 1013 hPa level. */
export const AIRBORNE_FL = 10;

/**
 * Identity of a plot for scoring: the Mode S address (I048/220) when the recording has any, else the
 * Mode 3/A code when it is discrete: codes ending in 00 (7000, 2000, ...) are shared by many aircraft,
 * and 7777 by the radars' fixed test transponders. `airborne` keeps only plots at or above AIRBORNE_FL.
 */
export function identityFor(identities: ReadonlyMap<number, PlotIdentity>, airborne = false):
  { truth: 'Mode S address' | 'Mode 3/A code'; of: (plotId: number) => string | undefined } {
  const modeS = [...identities.values()].some((i) => i.acaddr !== undefined);
  return {
    truth: modeS ? 'Mode S address' : 'Mode 3/A code',
    of: (plotId) => {
      const i = identities.get(plotId);
      if (!i || (airborne && !(i.fl !== undefined && i.fl >= AIRBORNE_FL))) return undefined;
      if (modeS) return i.acaddr;
      return i.m3a !== undefined && !i.m3a.endsWith('00') && i.m3a !== '7777' ? i.m3a : undefined;
    },
  };
}

/**
 * Numbers antenna revolutions. Every event (plot, north marker, sector crossing) seen at azimuth az and
 * time t says the antenna crossed north at t − az/360·T; events within half a period of the current
 * revolution's north time belong to it, so plots that leave the radar out of time order still land in
 * the revolution that saw them.
 */
export class ScanCounter {
  private north: number | undefined;
  private n = 0;
  private current = 0;
  constructor(readonly periodS: number) {}
  get count(): number { return this.north === undefined ? 0 : this.current + 1; }
  assign(tS: number, azDeg: number): number {
    const tn = tS - (azDeg / 360) * this.periodS;
    if (this.north === undefined) { this.north = tn; this.n = 1; return 0; }
    const k = Math.round((tn - this.north) / this.periodS);
    if (k > 0) { this.current += k; this.north = tn; this.n = 1; return this.current; }
    if (k === 0) { this.n++; this.north += (tn - this.north) / this.n; } // running mean: follows a drifting antenna
    return Math.max(0, this.current + k);
  }
}

/** Antenna period: I034/041 (or I002/041), else sector-crossing rate, else azimuth wraps, else assumed. */
export function estimatePeriod(
  plots: readonly { t: number; az: number }[], service: readonly { t: number; rec: AsterixRecord }[],
): { periodS: number; periodFrom: RadarInfo['periodFrom'] } {
  const rot = service.map((s) => s.rec.rot_period_s).filter((v): v is number => v !== undefined && v > 0);
  if (rot.length) return { periodS: median(rot), periodFrom: 'I034/041' };
  const sectors = service.filter((s) => s.rec.cat034_azimuth_deg !== undefined).sort((a, b) => a.t - b.t);
  const rates: number[] = [];
  for (let i = 1; i < sectors.length; i++) {
    const dAz = (sectors[i].rec.cat034_azimuth_deg! - sectors[i - 1].rec.cat034_azimuth_deg! + 360) % 360;
    const dt = sectors[i].t - sectors[i - 1].t;
    if (dAz > 0 && dt > 0) rates.push((360 * dt) / dAz);
  }
  if (rates.length) return { periodS: median(rates), periodFrom: 'sector crossings' };
  // Wraps with hysteresis: north is crossed when the azimuth falls from the last quarter to the first,
  // and only once until it has passed south again (out-of-order plots jitter around north).
  const wraps: number[] = [];
  let armed = true;
  let prev: number | undefined;
  for (const p of plots) {
    if (armed && prev !== undefined && prev >= 270 && p.az < 90) { wraps.push(p.t); armed = false; }
    if (p.az >= 90 && p.az < 270) armed = true;
    prev = p.az;
  }
  if (wraps.length >= 3) {
    const m = median(wraps.slice(1).map((w, i) => w - wraps[i]));
    // Mean over the whole run, with gaps counted in whole revolutions: precise to a few ms.
    const revs = wraps.slice(1).reduce((n, w, i) => n + Math.max(1, Math.round((w - wraps[i]) / m)), 0);
    return { periodS: (wraps[wraps.length - 1] - wraps[0]) / revs, periodFrom: 'azimuth wraps' };
  }
  return { periodS: DEFAULT_PERIOD_S, periodFrom: 'assumed' };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v); else m.set(k, [v]);
}
