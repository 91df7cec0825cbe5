// WGS-84 conversions against values that do not come from host/geo.ts: exact points of the ellipsoid,
// a published worked example, the meridian radius of curvature, and round trips.
import { describe, expect, it } from 'vitest';
import {
  EnuFrame, WGS84_A, WGS84_B, ecefToGeodetic, gaussianRadius, geodeticToEcef, geodeticToEnu, parseGeodetic,
} from '../host/geo.ts';

const E2 = 1 - (WGS84_B / WGS84_A) ** 2;

describe('geodetic ↔ ECEF', () => {
  it('puts the axes where the ellipsoid says', () => {
    const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    close(geodeticToEcef({ lat: 0, lon: 0, alt: 0 }), [WGS84_A, 0, 0]);
    close(geodeticToEcef({ lat: 0, lon: 90, alt: 100 }), [0, WGS84_A + 100, 0]);
    close(geodeticToEcef({ lat: 90, lon: 0, alt: 0 }), [0, 0, WGS84_B]);
    close(geodeticToEcef({ lat: -90, lon: 45, alt: 50 }), [0, 0, -WGS84_B - 50]);
    expect(WGS84_B).toBeCloseTo(6356752.314245, 5); // the defining constants give the published b
  });

  it('round-trips to the millimetre from the ground to 1000 km', () => {
    for (const g of [{ lat: 41.3007, lon: 2.1021, alt: 27.3 }, { lat: -33.9, lon: 151.2, alt: -30 },
      { lat: 89.999, lon: -120, alt: 1e6 }, { lat: 0, lon: 180, alt: 0 }, { lat: -60, lon: -70, alt: 12000 }]) {
      const back = ecefToGeodetic(geodeticToEcef(g));
      expect(back.lat).toBeCloseTo(g.lat, 9);
      expect(back.lon).toBeCloseTo(g.lon, 9);
      expect(back.alt).toBeCloseTo(g.alt, 3);
    }
  });
});

describe('ENU', () => {
  it('matches the published Zermatt → Matterhorn example (to its 0.1 m print)', () => {
    // MathWorks geodetic2enu documentation: origin 46.017, 7.750, 1673; point 45.976, 7.658, 4531 on WGS-84
    // → xEast -7134.8, yNorth -4556.3, zUp 2852.4.
    const [e, n, u] = geodeticToEnu({ lat: 45.976, lon: 7.658, alt: 4531 }, { lat: 46.017, lon: 7.75, alt: 1673 });
    expect(Math.abs(e - -7134.8)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(n - -4556.3)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(u - 2852.4)).toBeLessThanOrEqual(0.05);
  });

  it('goes straight up above the origin and north along the meridian', () => {
    const o = { lat: 41.3, lon: 2.1, alt: 30 };
    const up = geodeticToEnu({ ...o, alt: 5030 }, o);
    expect(up[0]).toBeCloseTo(0, 6);
    expect(up[1]).toBeCloseTo(0, 6);
    expect(up[2]).toBeCloseTo(5000, 6);
    // 0.01° north at the origin's height h: the arc is (M+h)·Δφ with the meridian radius
    // M = a(1−e²)/(1−e² sin²φ)^1.5 (at the mid-latitude); the tangent plane sees it s²/(2(M+h)) below.
    const dphi = 0.01 * Math.PI / 180;
    const mid = (41.305 * Math.PI) / 180;
    const M = (WGS84_A * (1 - E2)) / (1 - E2 * Math.sin(mid) ** 2) ** 1.5;
    const s = (M + 30) * dphi;
    const [e, n, u] = geodeticToEnu({ lat: 41.31, lon: 2.1, alt: 30 }, o);
    expect(e).toBeCloseTo(0, 6);
    expect(n).toBeCloseTo(s, 2);
    expect(u).toBeCloseTo(-(s * s) / (2 * (M + 30)), 2);
  });

  it('is a rigid motion: distances survive, and frames invert each other', () => {
    const f = new EnuFrame({ lat: 43.571, lon: 16.406, alt: 780 });
    const a = { lat: 44.2, lon: 15.1, alt: 11000 }, b = { lat: 42.9, lon: 17.3, alt: 3000 };
    const [pa, pb] = [f.fromGeodetic(a), f.fromGeodetic(b)];
    const [ea, eb] = [geodeticToEcef(a), geodeticToEcef(b)];
    expect(Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2])).toBeCloseTo(Math.hypot(ea[0] - eb[0], ea[1] - eb[1], ea[2] - eb[2]), 6);
    const back = f.toGeodetic(pa);
    expect(back.lat).toBeCloseTo(a.lat, 9);
    expect(back.lon).toBeCloseTo(a.lon, 9);
    expect(back.alt).toBeCloseTo(a.alt, 3);
  });

  it('gives the Gaussian radius its closed forms at the equator (b) and the pole (a²/b)', () => {
    expect(gaussianRadius(0)).toBeCloseTo(WGS84_B, 3);
    expect(gaussianRadius(90)).toBeCloseTo((WGS84_A * WGS84_A) / WGS84_B, 3);
  });
});

describe('parseGeodetic', () => {
  it('reads lat,lon,alt and names the option on bad input', () => {
    expect(parseGeodetic(' 41.3, 2.1 ,27.3', '--site')).toEqual({ lat: 41.3, lon: 2.1, alt: 27.3 });
    expect(() => parseGeodetic('41.3,2.1', '--site')).toThrow(/--site must be lat,lon,alt/);
    expect(() => parseGeodetic('41.3,,2', '--site')).toThrow(/--site/);
    expect(() => parseGeodetic('91,2,0', '--origin')).toThrow(/--origin: latitude/);
  });
});
