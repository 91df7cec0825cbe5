// Geodetic positions to the simulator's local frame. The battery frame is east/north/up metres about the
// scenario's geodetic origin, tangent to the WGS-84 ellipsoid there, with flat ground at the origin's
// altitude (the radar horizon puts the Earth's curvature back in, see detection.ts).
//
// The conversion goes through Earth-centred Earth-fixed coordinates rather than a flat-earth
// approximation, so a point 60 km away lands where a survey would put it (to a few metres: the local
// frame itself is a tangent plane, and we drop the "up" of the converted point).

/** WGS-84 semi-major axis, m, and first eccentricity squared. */
export const WGS84_A = 6_378_137;
export const WGS84_E2 = 6.694_379_990_14e-3;

export interface GeodeticOrigin {
  latDeg: number;
  lonDeg: number;
  altM: number;
}

export interface EastNorth {
  eastM: number;
  northM: number;
}

const RAD = Math.PI / 180;

function ecef(latDeg: number, lonDeg: number, altM: number): [number, number, number] {
  const lat = latDeg * RAD;
  const lon = lonDeg * RAD;
  const s = Math.sin(lat);
  const n = WGS84_A / Math.sqrt(1 - WGS84_E2 * s * s); // prime-vertical radius of curvature
  return [(n + altM) * Math.cos(lat) * Math.cos(lon), (n + altM) * Math.cos(lat) * Math.sin(lon), (n * (1 - WGS84_E2) + altM) * s];
}

/** East/north metres of a point at (latDeg, lonDeg) on the ground (the origin's altitude). */
export function geodeticToEastNorth(origin: GeodeticOrigin, latDeg: number, lonDeg: number): EastNorth {
  const [x0, y0, z0] = ecef(origin.latDeg, origin.lonDeg, origin.altM);
  const [x, y, z] = ecef(latDeg, lonDeg, origin.altM);
  const dx = x - x0;
  const dy = y - y0;
  const dz = z - z0;
  const lat = origin.latDeg * RAD;
  const lon = origin.lonDeg * RAD;
  const east = -Math.sin(lon) * dx + Math.cos(lon) * dy;
  const north = -Math.sin(lat) * Math.cos(lon) * dx - Math.sin(lat) * Math.sin(lon) * dy + Math.cos(lat) * dz;
  return { eastM: east, northM: north };
}
