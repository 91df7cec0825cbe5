// Turns the located items of one record into the flat record object used by
// the rest of Parapet. Field names, units and the "absent item = absent key"
// convention follow the project's reference decodes (docs/asterix.md).

/** Start offset (in the decoded buffer) of every item present in a record, keyed by item id. */
export type ItemIndex = ReadonlyMap<string, number>;

export interface AsterixRecord {
  /** Ordinal of the data block in the file (all categories counted). */
  blk: number;
  /** Ordinal of the record inside its block. */
  rib: number;
  /** Byte offset of the record (its FSPEC) in the file. */
  offset: number;
  cat: number;
  sac?: number;
  sic?: number;
  /** Time of day, s since UTC midnight (I048/140, I034/030, I002/030). */
  tod_s?: number;
  rho_nm?: number;
  theta_deg?: number;
  /** Flight level (signed; negative on the ground below 1013 hPa). */
  fl?: number;
  /** Mode 3/A as 4 octal digits. */
  m3a?: string;
  tn?: number;
  typ?: number;
  sim?: number;
  rdp?: number;
  spi?: number;
  rab?: number;
  m3a_v?: number;
  m3a_g?: number;
  fl_v?: number;
  fl_g?: number;
  /** ICAO 24-bit address, 6 upper-case hex digits. */
  acaddr?: string;
  /** Aircraft identification, 8 characters, trailing blanks kept. */
  acid?: string;
  cat034_mt?: number;
  /** Sector azimuth from I034/020 or I002/020. */
  cat034_azimuth_deg?: number;
  /** I001/141: time of day modulo 512 s. */
  cat001_trunc_time_s?: number;
  cat002_mt?: number;
  // Beyond the reference columns: kinematics and site data a tracker needs.
  /** Calculated position I048/042, NM east / north of the radar. */
  x_nm?: number;
  y_nm?: number;
  /** Calculated ground speed (I048/200, I001/200), knots. */
  gsp_kt?: number;
  hdg_deg?: number;
  /** Height measured by a 3D radar (I048/110), ft. */
  h3d_ft?: number;
  /** Antenna rotation period (I034/041, I002/041), s. */
  rot_period_s?: number;
  /** Radar position from I034/120. */
  src_lat_deg?: number;
  src_lon_deg?: number;
  src_h_m?: number;
}

export type RecordHead = Pick<AsterixRecord, 'blk' | 'rib' | 'offset' | 'cat'>;

const u16 = (b: Uint8Array, p: number) => (b[p] << 8) | b[p + 1];
const u24 = (b: Uint8Array, p: number) => (b[p] << 16) | (b[p + 1] << 8) | b[p + 2];
const s16 = (b: Uint8Array, p: number) => (u16(b, p) << 16) >> 16;
const s24 = (b: Uint8Array, p: number) => (u24(b, p) << 8) >> 8;
const bit = (v: number, n: number) => (v >> (n - 1)) & 1;

const KT_PER_NM_S = 3600;
// ICAO 6-bit character set (Annex 10). Code 0 is unassigned but transponders
// use it to pad short identifications, so it reads as a blank like 32 does;
// other unassigned codes show as '?'.
const IA5 = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ????? ???????????????0123456789??????';

function sacSic(b: Uint8Array, it: ItemIndex, r: AsterixRecord): void {
  const p = it.get('010');
  if (p === undefined) return;
  r.sac = b[p];
  r.sic = b[p + 1];
}

function tod(b: Uint8Array, p: number | undefined, r: AsterixRecord): void {
  if (p !== undefined) r.tod_s = u24(b, p) / 128;
}

/** Polar position; CAT048 has a 1/256 NM range LSB, CAT001 1/128 NM. */
function polar(b: Uint8Array, p: number | undefined, rhoLsb: number, r: AsterixRecord): void {
  if (p === undefined) return;
  r.rho_nm = u16(b, p) * rhoLsb;
  r.theta_deg = (u16(b, p + 2) * 360) / 65536;
}

/** Mode C / flight level: V, G, then 14-bit two's complement in 1/4 FL. */
function flightLevel(b: Uint8Array, p: number | undefined): Partial<AsterixRecord> {
  if (p === undefined) return {};
  const raw = u16(b, p);
  return { fl: (((raw & 0x3fff) << 18) >> 18) / 4, fl_v: bit(raw, 16), fl_g: bit(raw, 15) };
}

/** Mode 3/A: V, G, L, spare, then 12 bits read as four octal digits. */
function mode3a(b: Uint8Array, p: number | undefined): Partial<AsterixRecord> {
  if (p === undefined) return {};
  const raw = u16(b, p);
  return { m3a: (raw & 0x0fff).toString(8).padStart(4, '0'), m3a_v: bit(raw, 16), m3a_g: bit(raw, 15) };
}

function velocity(b: Uint8Array, p: number | undefined, r: AsterixRecord): void {
  if (p === undefined) return;
  r.gsp_kt = u16(b, p) * 2 ** -14 * KT_PER_NM_S;
  r.hdg_deg = (u16(b, p + 2) * 360) / 65536;
}

function callsign(b: Uint8Array, p: number): string {
  let s = '';
  // 48 bits = 8 characters of 6 bits, most significant first.
  for (let i = 0; i < 8; i++) {
    const bitPos = i * 6;
    const byte = p + (bitPos >> 3);
    const word = (b[byte] << 8) | (b[byte + 1] ?? 0);
    s += IA5[(word >> (10 - (bitPos & 7))) & 0x3f];
  }
  return s;
}

export function cat048(b: Uint8Array, it: ItemIndex, r: AsterixRecord): void {
  sacSic(b, it, r);
  tod(b, it.get('140'), r);
  polar(b, it.get('040'), 1 / 256, r);
  const fl = flightLevel(b, it.get('090'));
  const m3a = mode3a(b, it.get('070'));
  if (fl.fl !== undefined) r.fl = fl.fl;
  if (m3a.m3a !== undefined) r.m3a = m3a.m3a;
  const i161 = it.get('161');
  if (i161 !== undefined) r.tn = u16(b, i161) & 0x0fff;
  const i020 = it.get('020');
  if (i020 !== undefined) {
    const o = b[i020];
    r.typ = o >> 5;
    r.sim = bit(o, 5);
    r.rdp = bit(o, 4);
    r.spi = bit(o, 3);
    r.rab = bit(o, 2);
  }
  Object.assign(r, pick(m3a, 'm3a_v', 'm3a_g'), pick(fl, 'fl_v', 'fl_g'));
  const i220 = it.get('220');
  if (i220 !== undefined) r.acaddr = u24(b, i220).toString(16).toUpperCase().padStart(6, '0');
  const i240 = it.get('240');
  if (i240 !== undefined) r.acid = callsign(b, i240);
  const i042 = it.get('042');
  if (i042 !== undefined) {
    r.x_nm = s16(b, i042) / 128;
    r.y_nm = s16(b, i042 + 2) / 128;
  }
  velocity(b, it.get('200'), r);
  const i110 = it.get('110');
  if (i110 !== undefined) r.h3d_ft = (((u16(b, i110) & 0x3fff) << 18) >> 18) * 25;
}

export function cat001(b: Uint8Array, it: ItemIndex, r: AsterixRecord): void {
  sacSic(b, it, r);
  polar(b, it.get('040'), 1 / 128, r);
  const fl = flightLevel(b, it.get('090'));
  const m3a = mode3a(b, it.get('070'));
  if (fl.fl !== undefined) r.fl = fl.fl;
  if (m3a.m3a !== undefined) r.m3a = m3a.m3a;
  // Only the track UAP has I001/161 (track/plot number, all 16 bits).
  const i161 = it.get('161');
  if (i161 !== undefined) r.tn = u16(b, i161);
  const i020 = it.get('020');
  if (i020 !== undefined) {
    const o = b[i020];
    r.typ = bit(o, 8);
    r.sim = bit(o, 7);
    r.spi = bit(o, 3);
    r.rab = bit(o, 2);
  }
  Object.assign(r, pick(m3a, 'm3a_v', 'm3a_g'), pick(fl, 'fl_v', 'fl_g'));
  const i141 = it.get('141');
  if (i141 !== undefined) r.cat001_trunc_time_s = u16(b, i141) / 128;
  velocity(b, it.get('200'), r);
}

export function cat034(b: Uint8Array, it: ItemIndex, r: AsterixRecord): void {
  sacSic(b, it, r);
  tod(b, it.get('030'), r);
  const i000 = it.get('000');
  if (i000 !== undefined) r.cat034_mt = b[i000];
  const i020 = it.get('020');
  if (i020 !== undefined) r.cat034_azimuth_deg = (b[i020] * 360) / 256;
  const i041 = it.get('041');
  if (i041 !== undefined) r.rot_period_s = u16(b, i041) / 128;
  const i120 = it.get('120');
  if (i120 !== undefined) {
    r.src_h_m = s16(b, i120);
    r.src_lat_deg = (s24(b, i120 + 2) * 180) / 2 ** 23;
    r.src_lon_deg = (s24(b, i120 + 5) * 180) / 2 ** 23;
  }
}

export function cat002(b: Uint8Array, it: ItemIndex, r: AsterixRecord): void {
  sacSic(b, it, r);
  tod(b, it.get('030'), r);
  const i020 = it.get('020');
  if (i020 !== undefined) r.cat034_azimuth_deg = (b[i020] * 360) / 256;
  const i000 = it.get('000');
  if (i000 !== undefined) r.cat002_mt = b[i000];
  const i041 = it.get('041');
  if (i041 !== undefined) r.rot_period_s = u16(b, i041) / 128;
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

export const FIELD_EXTRACTORS: ReadonlyMap<number, (b: Uint8Array, it: ItemIndex, r: AsterixRecord) => void> = new Map([
  [48, cat048],
  [34, cat034],
  [1, cat001],
  [2, cat002],
]);
