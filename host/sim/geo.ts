// Geodetic positions to the simulator's local frame: east/north metres about the scenario's geodetic
// origin, on flat ground at the origin's altitude (the radar horizon puts the Earth's curvature back in,
// see detection.ts). The geodesy itself is host/geo.ts (WGS-84 through ECEF), shared with replay.
import { geodeticToEnu, WGS84_A, WGS84_F } from '../geo.ts';

export { WGS84_A };
/** WGS-84 first eccentricity squared. */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

export interface GeodeticOrigin {
  latDeg: number;
  lonDeg: number;
  altM: number;
}

export interface EastNorth {
  eastM: number;
  northM: number;
}

/** East/north metres of a point at (latDeg, lonDeg) on the ground (the origin's altitude). */
export function geodeticToEastNorth(origin: GeodeticOrigin, latDeg: number, lonDeg: number): EastNorth {
  const o = { lat: origin.latDeg, lon: origin.lonDeg, alt: origin.altM };
  const [east, north] = geodeticToEnu({ lat: latDeg, lon: lonDeg, alt: origin.altM }, o);
  return { eastM: east, northM: north };
}
