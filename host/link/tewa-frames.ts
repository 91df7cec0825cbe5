// Host codecs of the threat-evaluation and weapon-assignment frames: CONFIG sections ASSET, FIRE_UNIT and
// DOCTRINE, EFFECTOR status and KILL assessment in; ORDER and THREATS out. Layouts: docs/wire-protocol.md.
import * as P from '../../assembly/protocol.ts';
import { checkF32, checkF64, checkUint, fail, view, LE } from './frames.ts';

export type ThreatClass = 'unknown' | 'drone' | 'cruise' | 'ballistic';
export const CLASS_NAMES: ThreatClass[] = ['unknown', 'drone', 'cruise', 'ballistic'];
export type UnitKind = 'long-range-sam' | 'short-range-sam' | 'gun' | 'interceptor-drone' | 'ew';
export const UNIT_KINDS: UnitKind[] = ['long-range-sam', 'short-range-sam', 'gun', 'interceptor-drone', 'ew'];
export const ENGAGEMENT_STATES = ['none', 'assigned', 'in-flight', 'assessing', 'killed', 'missed'] as const;

export interface AssetConfig { id: number; kind: number; east: number; north: number; up: number; radius: number; value: number }

export interface FireUnitConfig {
  id: number; kind: UnitKind; east: number; north: number; up: number;
  minRange: number; maxRange: number; minAlt: number; maxAlt: number; maxTargetSpeed: number;
  interceptorSpeed: number; reactionS: number; channels: number; readyRounds: number; magazine: number; reloadS: number;
  /** Reload policy: the launchers are refilled all at once, only once empty, `reloadS` per refill (true), or
   *  one round per `reloadS` whenever they are not full (false, the default). */
  reloadWhenEmpty?: boolean;
  /** Pk of one round per threat class. */
  pk: Record<ThreatClass, number>;
  costPerRound: number;
}

export interface DoctrineConfig {
  shootLookShoot: boolean; salvoLimit: number; reserveForBallistic: number;
  /** λ: defended value per unit of interceptor cost. */
  costWeight: number; killAssessS: number; wtaWorkBound: number;
}

export const DEFAULT_DOCTRINE: Readonly<DoctrineConfig> = Object.freeze({
  shootLookShoot: true, salvoLimit: 2, reserveForBallistic: 0, costWeight: 0, killAssessS: 3, wtaWorkBound: 20000,
});

export function encodeAssetConfig(a: AssetConfig): Uint8Array {
  checkUint('asset.id', a.id, 0xffff);
  checkUint('asset.kind', a.kind, 0xff);
  checkF32('asset.east', a.east); checkF32('asset.north', a.north); checkF32('asset.up', a.up);
  checkF32('asset.radius', a.radius, '> 0');
  checkF32('asset.value', a.value, '>= 0');
  const p = new Uint8Array(P.ASSET_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_ASSET); v.setUint8(1, a.kind); v.setUint16(2, a.id, LE);
  v.setFloat32(4, a.east, LE); v.setFloat32(8, a.north, LE); v.setFloat32(12, a.up, LE);
  v.setFloat32(16, a.radius, LE); v.setFloat32(20, a.value, LE);
  return p;
}

export function encodeFireUnitConfig(u: FireUnitConfig): Uint8Array {
  const at = `fireUnit ${u.id}`;
  checkUint(`${at}.id`, u.id, 0xffff);
  const kind = UNIT_KINDS.indexOf(u.kind) + 1;
  if (kind < 1) fail(`${at}.kind`, UNIT_KINDS.join(' | '), u.kind);
  for (const f of ['east', 'north', 'up', 'minAlt'] as const) checkF32(`${at}.${f}`, u[f]);
  checkF32(`${at}.minRange`, u.minRange, '>= 0');
  checkF32(`${at}.maxRange`, u.maxRange, '> 0');
  if (!(u.maxRange > u.minRange)) fail(`${at}.maxRange`, 'greater than minRange', u.maxRange);
  checkF32(`${at}.maxAlt`, u.maxAlt);
  if (!(u.maxAlt > u.minAlt)) fail(`${at}.maxAlt`, 'greater than minAlt', u.maxAlt);
  checkF32(`${at}.maxTargetSpeed`, u.maxTargetSpeed, '> 0');
  checkF32(`${at}.interceptorSpeed`, u.interceptorSpeed, '> 0');
  checkF32(`${at}.reactionS`, u.reactionS, '>= 0');
  checkUint(`${at}.channels`, u.channels, 0xffff, 1);
  checkUint(`${at}.readyRounds`, u.readyRounds, 0xffff);
  checkUint(`${at}.magazine`, u.magazine, 0xffff);
  checkF32(`${at}.reloadS`, u.reloadS, '>= 0');
  for (const c of CLASS_NAMES) checkF32(`${at}.pk.${c}`, u.pk[c], 'in [0, 1]');
  checkF32(`${at}.costPerRound`, u.costPerRound, '>= 0');
  const p = new Uint8Array(P.FIRE_UNIT_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_FIRE_UNIT); v.setUint8(1, kind); v.setUint16(2, u.id, LE);
  const f32: [number, number][] = [[4, u.east], [8, u.north], [12, u.up], [16, u.minRange], [20, u.maxRange], [24, u.minAlt],
    [28, u.maxAlt], [32, u.maxTargetSpeed], [36, u.interceptorSpeed], [40, u.reactionS], [52, u.reloadS], [72, u.costPerRound]];
  for (const [off, x] of f32) v.setFloat32(off, x, LE);
  v.setUint16(44, u.channels, LE); v.setUint16(46, u.readyRounds, LE); v.setUint16(48, u.magazine, LE);
  v.setUint16(50, u.reloadWhenEmpty ? P.FIRE_UNIT_RELOAD_WHOLE : 0, LE);
  CLASS_NAMES.forEach((c, k) => v.setFloat32(56 + 4 * k, u.pk[c], LE));
  return p;
}

export function encodeDoctrineConfig(d: DoctrineConfig): Uint8Array {
  checkUint('doctrine.salvoLimit', d.salvoLimit, 0xff, 1);
  checkUint('doctrine.reserveForBallistic', d.reserveForBallistic, 0xff);
  checkF32('doctrine.costWeight', d.costWeight, '>= 0');
  checkF32('doctrine.killAssessS', d.killAssessS, '> 0');
  checkUint('doctrine.wtaWorkBound', d.wtaWorkBound, P.DOCTRINE_WORK_MAX, 1);
  const p = new Uint8Array(P.DOCTRINE_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_DOCTRINE); v.setUint8(1, d.shootLookShoot ? 1 : 0); v.setUint8(2, d.salvoLimit);
  v.setUint8(3, d.reserveForBallistic); v.setFloat32(4, d.costWeight, LE); v.setFloat32(8, d.killAssessS, LE);
  v.setUint32(12, d.wtaWorkBound, LE);
  return p;
}

export interface EffectorStatus { unitId: number; down: boolean; readyRounds: number; magazine: number; timeMs: number }

export function encodeEffector(e: EffectorStatus): Uint8Array {
  checkUint('effector.unitId', e.unitId, 0xffff);
  checkUint('effector.readyRounds', e.readyRounds, 0xffff);
  checkUint('effector.magazine', e.magazine, 0xffff);
  checkF64('effector.timeMs', e.timeMs);
  const p = new Uint8Array(P.EFFECTOR_BYTES);
  const v = view(p);
  v.setUint16(0, e.unitId, LE); v.setUint8(2, e.down ? 1 : 0); v.setUint16(4, e.readyRounds, LE);
  v.setUint16(6, e.magazine, LE); v.setFloat64(8, e.timeMs, LE);
  return p;
}

export interface KillAssessment { engagementId: number; trackNumber: number; killed: boolean; timeMs: number }

export function encodeKill(k: KillAssessment): Uint8Array {
  checkUint('kill.engagementId', k.engagementId, 0xffffffff);
  checkUint('kill.trackNumber', k.trackNumber, 0xffffffff);
  checkF64('kill.timeMs', k.timeMs);
  const p = new Uint8Array(P.KILL_BYTES);
  const v = view(p);
  v.setUint32(0, k.engagementId, LE); v.setUint32(4, k.trackNumber, LE); v.setUint8(8, k.killed ? 1 : 0);
  v.setFloat64(12, k.timeMs, LE);
  return p;
}

export interface FireOrder {
  engagementId: number; trackNumber: number; unitId: number; rounds: number;
  /** One round now, look (kill assessment), then maybe shoot again. */
  look: boolean;
  interceptMs: number; x: number; y: number; z: number; pkRound: number; threatValue: number; cls: ThreatClass; tgoS: number;
}

export function decodeOrders(p: Uint8Array): { timeMs: number; orders: FireOrder[] } | null {
  if (p.length < P.ORDERS_HEADER_BYTES) return null;
  const v = view(p);
  const n = v.getUint16(8, LE);
  if (p.length !== P.ORDERS_HEADER_BYTES + n * P.ORDER_RECORD_BYTES) return null;
  const orders: FireOrder[] = [];
  for (let k = 0; k < n; k++) {
    const o = P.ORDERS_HEADER_BYTES + k * P.ORDER_RECORD_BYTES;
    orders.push({
      engagementId: v.getUint32(o, LE), trackNumber: v.getUint32(o + 4, LE), unitId: v.getUint16(o + 8, LE),
      rounds: v.getUint8(o + 10), look: (v.getUint8(o + 11) & 1) === 1, interceptMs: v.getFloat64(o + 12, LE),
      x: v.getFloat32(o + 20, LE), y: v.getFloat32(o + 24, LE), z: v.getFloat32(o + 28, LE), pkRound: v.getFloat32(o + 32, LE),
      threatValue: v.getFloat32(o + 36, LE), cls: CLASS_NAMES[v.getUint8(o + 40)] ?? 'unknown', tgoS: v.getFloat32(o + 44, LE),
    });
  }
  return { timeMs: v.getFloat64(0, LE), orders };
}

export interface ThreatRecord {
  trackNumber: number; cls: ThreatClass; confidence: number; state: (typeof ENGAGEMENT_STATES)[number];
  assetId: number | null; unitId: number | null; value: number; tgoS: number; pHit: number; pkEngagement: number;
  interceptInS: number;
}

export interface ThreatsPart { timeMs: number; part: number; parts: number; threats: ThreatRecord[] }

export function decodeThreatsPart(p: Uint8Array): ThreatsPart | null {
  if (p.length < P.THREATS_HEADER_BYTES) return null;
  const v = view(p);
  const n = v.getUint16(12, LE);
  if (p.length !== P.THREATS_HEADER_BYTES + n * P.THREAT_RECORD_BYTES) return null;
  const threats: ThreatRecord[] = [];
  for (let k = 0; k < n; k++) {
    const o = P.THREATS_HEADER_BYTES + k * P.THREAT_RECORD_BYTES;
    const asset = v.getUint16(o + 8, LE), unit = v.getUint16(o + 10, LE);
    threats.push({
      trackNumber: v.getUint32(o, LE), cls: CLASS_NAMES[v.getUint8(o + 4)] ?? 'unknown', confidence: v.getUint8(o + 5) / 255,
      state: ENGAGEMENT_STATES[v.getUint8(o + 6)] ?? 'none', assetId: asset === 0xffff ? null : asset,
      unitId: unit === 0xffff ? null : unit, value: v.getFloat32(o + 12, LE), tgoS: v.getFloat32(o + 16, LE),
      pHit: v.getFloat32(o + 20, LE), pkEngagement: v.getFloat32(o + 24, LE), interceptInS: v.getFloat32(o + 28, LE),
    });
  }
  return { timeMs: v.getFloat64(0, LE), part: v.getUint16(8, LE), parts: v.getUint16(10, LE), threats };
}

/** Share of an asset's value one hit of each class destroys, each in [0, 1]. */
export type Lethality = Record<ThreatClass, number>;
export const DEFAULT_LETHALITY: Readonly<Lethality> = Object.freeze({ unknown: 0.2, drone: 0.2, cruise: 0.7, ballistic: 1 });

export function encodeLethalityConfig(l: Lethality): Uint8Array {
  for (const c of CLASS_NAMES) checkF32(`lethality.${c}`, l[c], 'in [0, 1]');
  const p = new Uint8Array(P.LETHALITY_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_LETHALITY);
  CLASS_NAMES.forEach((c, k) => v.setFloat32(4 + 4 * k, l[c], LE));
  return p;
}
