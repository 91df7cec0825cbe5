// WGS-84 geodesy for the battery frame: geodetic ↔ ECEF ↔ local east-north-up (ENU). The battery frame
// is an ENU frame tangent to the ellipsoid at a geodetic origin; radars elsewhere are placed in it
// through ECEF so that the tilt between their local vertical and the origin's is not lost (≈ 0.9° per
// 100 km).

export const WGS84_A = 6378137; // semi-major axis, m
export const WGS84_F = 1 / 298.257223563; // flattening
export const WGS84_B = WGS84_A * (1 - WGS84_F);
import { hypot2 } from './hypot.ts';
const E2 = WGS84_F * (2 - WGS84_F); // first eccentricity squared
const DEG = Math.PI / 180;

export interface Geodetic {
  /** Degrees, north positive. */
  lat: number;
  /** Degrees, east positive. */
  lon: number;
  /** Height above the ellipsoid, m. */
  alt: number;
}

export type Vec3 = [number, number, number];

export function geodeticToEcef(g: Geodetic): Vec3 {
  const phi = g.lat * DEG, lam = g.lon * DEG;
  const s = Math.sin(phi), c = Math.cos(phi);
  const n = WGS84_A / Math.sqrt(1 - E2 * s * s); // prime-vertical radius of curvature
  return [(n + g.alt) * c * Math.cos(lam), (n + g.alt) * c * Math.sin(lam), (n * (1 - E2) + g.alt) * s];
}

/** ECEF → geodetic (Bowring's start, then fixed-point iterations; sub-millimetre below 1000 km). */
export function ecefToGeodetic([x, y, z]: Vec3): Geodetic {
  const p = hypot2(x, y);
  const lon = Math.atan2(y, x);
  let phi = Math.atan2(z, p * (1 - E2));
  let alt = 0;
  for (let i = 0; i < 6; i++) {
    const s = Math.sin(phi);
    const n = WGS84_A / Math.sqrt(1 - E2 * s * s);
    // Near the poles p/cos(φ) is ill-conditioned; the z-based height is used there.
    alt = Math.abs(phi) < Math.PI / 4 ? p / Math.cos(phi) - n : z / s - n * (1 - E2);
    phi = Math.atan2(z, p * (1 - (E2 * n) / (n + alt)));
  }
  return { lat: phi / DEG, lon: lon / DEG, alt };
}

/** Local tangent frame at a geodetic point: its ECEF position and east, north, up unit vectors. */
export class EnuFrame {
  readonly origin: Geodetic;
  readonly ecef: Vec3;
  private readonly e: Vec3;
  private readonly n: Vec3;
  private readonly u: Vec3;

  constructor(origin: Geodetic) {
    this.origin = { ...origin };
    this.ecef = geodeticToEcef(origin);
    const phi = origin.lat * DEG, lam = origin.lon * DEG;
    const sp = Math.sin(phi), cp = Math.cos(phi), sl = Math.sin(lam), cl = Math.cos(lam);
    this.e = [-sl, cl, 0];
    this.n = [-sp * cl, -sp * sl, cp];
    this.u = [cp * cl, cp * sl, sp];
  }

  /** ECEF point → (east, north, up) in this frame. */
  fromEcef(p: Vec3): Vec3 {
    const d: Vec3 = [p[0] - this.ecef[0], p[1] - this.ecef[1], p[2] - this.ecef[2]];
    return [dot(this.e, d), dot(this.n, d), dot(this.u, d)];
  }

  /** (east, north, up) in this frame → ECEF point. */
  toEcef([e, n, u]: Vec3): Vec3 {
    return [0, 1, 2].map((i) => this.ecef[i] + e * this.e[i] + n * this.n[i] + u * this.u[i]) as Vec3;
  }

  fromGeodetic(g: Geodetic): Vec3 {
    return this.fromEcef(geodeticToEcef(g));
  }

  toGeodetic(enu: Vec3): Geodetic {
    return ecefToGeodetic(this.toEcef(enu));
  }
}

/** Geodetic point → ENU coordinates (m) in the tangent frame at `origin`. */
export function geodeticToEnu(g: Geodetic, origin: Geodetic): Vec3 {
  return new EnuFrame(origin).fromGeodetic(g);
}

/**
 * Radius (m) of the sphere that best fits the ellipsoid around a latitude (Gaussian mean radius
 * √(M·N)): used for the spherical height ↔ elevation geometry near a radar.
 */
export function gaussianRadius(latDeg: number): number {
  const s = Math.sin(latDeg * DEG);
  const w = 1 - E2 * s * s;
  return (WGS84_A * Math.sqrt(1 - E2)) / w;
}

/** Parses "lat,lon,alt" (degrees, degrees, metres); throws naming `what` on a bad value. */
export function parseGeodetic(text: string, what: string): Geodetic {
  const parts = text.split(',').map((s) => s.trim());
  const [lat, lon, alt] = parts.map(Number);
  if (parts.length !== 3 || parts.some((s) => s === '') || ![lat, lon, alt].every(Number.isFinite)) {
    throw new Error(`${what} must be lat,lon,alt (degrees, degrees, metres), got '${text}'`);
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new Error(`${what}: latitude must be within ±90° and longitude within ±180°, got '${text}'`);
  return { lat, lon, alt };
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
