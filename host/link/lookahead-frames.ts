// Host codecs of the look-ahead's CONFIG sections: LOOKAHEAD (the value of a round on or off, its period,
// the decoy share, its work bound), FORECAST (one expected group of threats) and RESERVE (one reserve
// rule), FORECAST_AIM (where a group aims). Layouts: docs/wire-protocol.md; the model: docs/doctrine.md.
import * as P from '../../assembly/protocol.ts';
import { checkF32, checkF64, checkUint, fail, view, LE } from './frames.ts';
import { CLASS_NAMES, UNIT_KINDS, type ThreatClass, type UnitKind } from './tewa-frames.ts';

export interface LookaheadConfig {
  enabled: boolean;
  /** Seconds of the picture's time between two look-aheads. */
  periodS: number;
  /** Share of drone-class tracks believed to be decoys, in [0, 1]. */
  decoyShare: number;
  /** Work bound of one look-ahead (price evaluations × fire units). */
  workBound: number;
}

export const DEFAULT_LOOKAHEAD: Readonly<LookaheadConfig> = Object.freeze({ enabled: false, periodS: 10, decoyShare: 0, workBound: 2_000_000 });

/** One expected group of threats: what intelligence says is still to come along one axis. */
export interface ForecastGroup {
  id: number;
  cls: ThreatClass;
  count: number;
  /** The window in which the group's threats enter the picture, ms on the firmware's clock. */
  startMs: number;
  endMs: number;
  /** Axis, clockwise from north as seen from the battery origin, and its half-width, radians. */
  bearingRad: number;
  spreadRad: number;
  /** What one threat of the group destroys when it arrives (value units). */
  value: number;
  /** Distance from the origin where the group enters the picture, m. */
  entryM: number;
  decoyShare: number;
  altM: number;
  /** Typical horizontal speed, m/s. */
  speedMps: number;
  /** Weight of each asset (wire id) as the group's aim point; empty: aimed at assets in proportion to value. */
  aims: { assetId: number; weight: number }[];
}

export interface ReserveRule { kind: UnitKind; classes: ThreatClass[]; rounds: number }

export function encodeLookaheadConfig(c: LookaheadConfig): Uint8Array {
  checkF32('lookahead.periodS', c.periodS, '> 0');
  if (!(c.periodS <= 3600)) fail('lookahead.periodS', 'at most 3600', c.periodS);
  checkF32('lookahead.decoyShare', c.decoyShare, 'in [0, 1]');
  checkUint('lookahead.workBound', c.workBound, 100_000_000, 1);
  const p = new Uint8Array(P.LOOKAHEAD_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_LOOKAHEAD); v.setUint8(1, c.enabled ? 1 : 0);
  v.setFloat32(4, c.periodS, LE); v.setFloat32(8, c.decoyShare, LE); v.setUint32(12, c.workBound, LE);
  return p;
}

export function encodeForecast(g: ForecastGroup): Uint8Array {
  const at = `forecast ${g.id}`;
  checkUint(`${at}.id`, g.id, 0xffff);
  const cls = CLASS_NAMES.indexOf(g.cls);
  if (cls < 0) fail(`${at}.cls`, CLASS_NAMES.join(' | '), g.cls);
  checkF32(`${at}.count`, g.count, '>= 0');
  if (!(g.count <= 65535)) fail(`${at}.count`, 'at most 65535', g.count);
  checkF64(`${at}.startMs`, g.startMs);
  checkF64(`${at}.endMs`, g.endMs);
  if (!(g.endMs >= g.startMs)) fail(`${at}.endMs`, 'at least startMs', g.endMs);
  checkF32(`${at}.bearingRad`, g.bearingRad);
  if (!(Math.abs(g.bearingRad) <= 2 * Math.PI)) fail(`${at}.bearingRad`, 'within ±2π', g.bearingRad);
  checkF32(`${at}.spreadRad`, g.spreadRad, '>= 0');
  if (!(g.spreadRad <= Math.PI)) fail(`${at}.spreadRad`, 'at most π', g.spreadRad);
  checkF32(`${at}.value`, g.value, '>= 0');
  checkF32(`${at}.entryM`, g.entryM, '> 0');
  checkF32(`${at}.decoyShare`, g.decoyShare, 'in [0, 1]');
  checkF32(`${at}.altM`, g.altM, '>= 0');
  checkF32(`${at}.speedMps`, g.speedMps, '> 0');
  const p = new Uint8Array(P.FORECAST_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_FORECAST); v.setUint8(1, cls); v.setUint16(2, g.id, LE);
  v.setFloat32(4, g.count, LE); v.setFloat64(8, g.startMs, LE); v.setFloat64(16, g.endMs, LE);
  v.setFloat32(24, g.bearingRad, LE); v.setFloat32(28, g.spreadRad, LE); v.setFloat32(32, g.value, LE);
  v.setFloat32(36, g.entryM, LE); v.setFloat32(40, g.decoyShare, LE); v.setFloat32(44, g.altM, LE);
  v.setFloat32(48, g.speedMps, LE);
  return p;
}

export function encodeReserve(r: ReserveRule): Uint8Array {
  const kind = UNIT_KINDS.indexOf(r.kind) + 1;
  if (kind < 1) fail('reserve.kind', UNIT_KINDS.join(' | '), r.kind);
  let mask = 0;
  for (const c of r.classes) {
    const k = CLASS_NAMES.indexOf(c);
    if (k < 0) fail('reserve.classes', CLASS_NAMES.join(' | '), c);
    mask |= 1 << k;
  }
  checkUint('reserve.rounds', r.rounds, 0xffff);
  const p = new Uint8Array(P.RESERVE_CONFIG_BYTES);
  const v = view(p);
  v.setUint8(0, P.CONFIG_RESERVE); v.setUint8(1, kind); v.setUint8(2, mask); v.setUint16(4, r.rounds, LE);
  return p;
}

/** The CONFIG/FORECAST_AIM records of a group: one per asset it may aim at. */
export function encodeForecastAims(g: ForecastGroup): Uint8Array[] {
  return g.aims.map((a) => {
    const at = `forecast ${g.id}.aims[${a.assetId}]`;
    checkUint(`${at}.assetId`, a.assetId, 0xffff);
    checkF32(`${at}.weight`, a.weight, '>= 0');
    if (!(a.weight <= 1e6)) fail(`${at}.weight`, 'at most 1e6', a.weight);
    const p = new Uint8Array(P.FORECAST_AIM_CONFIG_BYTES);
    const v = view(p);
    v.setUint8(0, P.CONFIG_FORECAST_AIM); v.setUint16(2, g.id, LE); v.setUint16(4, a.assetId, LE); v.setFloat32(8, a.weight, LE);
    return p;
  });
}
