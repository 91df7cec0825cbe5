// Target reports → firmware plots, checked against hand computation and independent geometry: the
// elevation formula against an explicit construction on the sphere, converted plots against the WGS-84
// ellipsoid (slant range and flight-level height must survive), scans against the antenna that made them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AsterixRecord } from '../host/sources/asterix.ts';
import { decodeAsterix } from '../host/sources/asterix.ts';
import {
  FT, NM, ScanCounter, TodClock, elevationFromHeight, elevationSigma, estimatePeriod, identityFor, plotsFromAsterix,
  sensorIdOf, SIGMA_HEIGHT_NO_FL,
} from '../host/sources/plots-from-asterix.ts';
import { EnuFrame, gaussianRadius, geodeticToEcef } from '../host/geo.ts';
import { DATA_DIR } from './asterix-support.ts';
import { describeShared } from './shared-data.ts';

const RE = 6371e3;
let offset = 0;
function rec(fields: Partial<AsterixRecord>): AsterixRecord {
  offset += 10;
  return { blk: offset, rib: 0, offset, cat: 48, sac: 20, sic: 129, typ: 5, ...fields };
}

describe('elevation from the flight level', () => {
  it('ends the straight line from the site at the target height (explicit construction on the sphere)', () => {
    for (const R of [RE, (4 / 3) * RE]) {
      for (const [r, ht, hs] of [[5_000, 300, 27], [50_000, 10_000, 27], [200_000, 3_000, 780], [400_000, 12_000, 780], [20_000, 13_700, 27]]) {
        const el = elevationFromHeight(r, ht, hs, R);
        // Earth centre at the origin, site at (0, R+hs); the target sits r along elevation el.
        const px = r * Math.cos(el), py = R + hs + r * Math.sin(el);
        expect(Math.hypot(px, py) - R).toBeCloseTo(ht, 6);
      }
    }
  });

  it('approaches (h − hs)/r − r/(2R) at low elevation', () => {
    const R = (4 / 3) * RE;
    for (const [r, ht] of [[100_000, 1_000], [150_000, 2_000], [60_000, 500]]) {
      expect(elevationFromHeight(r, ht, 0, R)).toBeCloseTo((ht - 0) / r - r / (2 * R), 5);
    }
  });

  it('puts a 4/3-earth elevation r²/(8Re) above the target along a straight line (why k = 1 is used)', () => {
    const r = 100_000, ht = 9_000, hs = 30;
    const el43 = elevationFromHeight(r, ht, hs, (4 / 3) * RE);
    const reached = Math.hypot(r * Math.cos(el43), RE + hs + r * Math.sin(el43)) - RE;
    expect(reached - ht).toBeCloseTo((r * r) / (8 * RE), -1); // ≈ 196 m, within 5 m
  });

  it('has the σ of a first-order propagation (numerical derivatives)', () => {
    const R = gaussianRadius(41.3);
    for (const [r, ht, hs] of [[10_000, 3_000, 27], [90_000, 11_000, 27], [3_000, -38, 27]]) {
      const d = 1e-3;
      const dh = (elevationFromHeight(r, ht + d, hs, R) - elevationFromHeight(r, ht - d, hs, R)) / (2 * d);
      const dr = (elevationFromHeight(r + d, ht, hs, R) - elevationFromHeight(r - d, ht, hs, R)) / (2 * d);
      expect(elevationSigma(r, ht, hs, R, 30, 0)).toBeCloseTo(Math.abs(dh) * 30, 8);
      expect(elevationSigma(r, ht, hs, R, 30, 20)).toBeCloseTo(Math.hypot(dh * 30, dr * 20), 8);
    }
  });

  it('clamps a height out of reach of the slant range to the vertical', () => {
    expect(elevationFromHeight(370, 9000, 27, RE)).toBeCloseTo(Math.PI / 2, 12);
    expect(elevationSigma(370, 9000, 27, RE, 30, 29)).toBeLessThanOrEqual(1);
  });
});

describe('plotsFromAsterix: range, azimuth, height', () => {
  const site = { lat: 0, lon: 0, alt: 0 };

  it('converts ρ, θ and FL by hand at a site that is the origin', () => {
    const conv = plotsFromAsterix([rec({ tod_s: 100, rho_nm: 10, theta_deg: 30, fl: 0 }), rec({ tod_s: 101, rho_nm: 20, theta_deg: 90, fl: 100 })], { site });
    const [a, b] = conv.plots;
    const R = gaussianRadius(0); // = b of WGS-84 at the equator
    // Plot a: 18 520 m at 30°, target at the site's height: sin el = −r/(2R).
    expect(a.range).toBeCloseTo(18520, 6);
    expect(a.az).toBeCloseTo(Math.PI / 6, 9);
    const elA = Math.asin(-18520 / (2 * R));
    expect(a.el).toBeCloseTo(elA, 9);
    expect(a.x).toBeCloseTo(18520 * Math.cos(elA) * 0.5, 4);
    expect(a.y).toBeCloseTo(18520 * Math.cos(elA) * Math.sqrt(3) / 2, 4);
    expect(a.z).toBeCloseTo(18520 * Math.sin(elA), 4);
    // Plot b: FL 100 = 3048 m, 37 040 m due east.
    const h = 100 * 100 * FT;
    expect(h).toBeCloseTo(3048, 9);
    const elB = Math.asin((h * (2 * R + h) - 37040 ** 2) / (2 * 37040 * R));
    expect(b.el).toBeCloseTo(elB, 9);
    expect(b.az).toBeCloseTo(Math.PI / 2, 9);
    expect(b.y).toBeCloseTo(0, 4);
    expect(b.heightFrom).toBe('fl');
    expect(conv.radars[0]).toMatchObject({ key: '20/129', sensorId: 20 * 256 + 129, siteFrom: '--site', rangeLsbM: NM / 256 });
  });

  it('keeps slant range and FL height exactly when the radar is far from the battery origin', () => {
    const radarSite = { lat: 43.571, lon: 16.406, alt: 780 };
    const origin = { lat: 45.0, lon: 14.0, alt: 100 }; // ≈ 250 km away: verticals tilted by 2.3°
    const records = [rec({ sac: 25, sic: 12, tod_s: 10, rho_nm: 120, theta_deg: 300, fl: 350 }),
      rec({ sac: 25, sic: 12, tod_s: 11, rho_nm: 40, theta_deg: 15, fl: 80 })];
    const conv = plotsFromAsterix(records, { sites: new Map([['25/12', radarSite]]), origin });
    const battery = new EnuFrame(origin);
    const s = geodeticToEcef(radarSite);
    conv.plots.forEach((p, k) => {
      const t = battery.toEcef([p.x, p.y, p.z]);
      // Independent of the spherical elevation model: distance from the antenna and ellipsoidal height.
      expect(Math.hypot(t[0] - s[0], t[1] - s[1], t[2] - s[2])).toBeCloseTo(records[k].rho_nm! * NM, 4);
      expect(Math.abs(battery.toGeodetic([p.x, p.y, p.z]).alt - records[k].fl! * 100 * FT)).toBeLessThan(5);
      // The polar form the firmware gets leads to the same point from the site's battery position.
      const [e, n, u] = conv.radars[0].enu;
      expect(e + p.range * Math.cos(p.el) * Math.sin(p.az)).toBeCloseTo(p.x, 4);
      expect(n + p.range * Math.cos(p.el) * Math.cos(p.az)).toBeCloseTo(p.y, 4);
      expect(u + p.range * Math.sin(p.el)).toBeCloseTo(p.z, 4);
    });
    // The site's own tilt shows: azimuth 300° at the site is not 300° along the origin's north.
    expect(Math.abs(conv.plots[0].az - (300 * Math.PI) / 180)).toBeGreaterThan(0.01);
  });

  it('places a plot without a usable flight level at the site height with the band σ', () => {
    const conv = plotsFromAsterix([rec({ tod_s: 5, rho_nm: 1, theta_deg: 10 }), rec({ tod_s: 6, rho_nm: 1, theta_deg: 20, fl: 50, fl_g: 1 })],
      { site: { lat: 41.3, lon: 2.1, alt: 27 } });
    const R = gaussianRadius(41.3);
    for (const p of conv.plots) {
      expect(p.heightFrom).toBe('default');
      expect(p.el).toBeCloseTo(elevationFromHeight(NM, 27, 27, R), 12);
      expect(p.sigmaEl).toBeCloseTo(elevationSigma(NM, 27, 27, R, SIGMA_HEIGHT_NO_FL, 4 * NM / 256), 12);
    }
  });
});

describe('plotsFromAsterix: time, scans, identities', () => {
  it('unwraps midnight and takes a straggler from before it back to the old day', () => {
    const c = new TodClock();
    expect([86399.5, 86399.9, 0.1, 86399.95, 0.5, 43000, 86000, 3].map((t) => c.at(t)))
      .toEqual([86399.5, 86399.9, 86400.1, 86399.95, 86400.5, 86400 + 43000, 86400 + 86000, 2 * 86400 + 3]);
  });

  it('stamps plots across midnight and keeps each in the revolution that saw it', () => {
    // Antenna period 4 s, north crossed at 86399.6 (mod 86400): plots in arrival order, one out of time order.
    const conv = plotsFromAsterix([
      rec({ tod_s: 86399.0, rho_nm: 30, theta_deg: 306, fl: 300 }),
      rec({ tod_s: 86399.5, rho_nm: 30, theta_deg: 351, fl: 300 }),
      rec({ tod_s: 0.1, rho_nm: 30, theta_deg: 45, fl: 300 }),
      rec({ tod_s: 86399.55, rho_nm: 31, theta_deg: 355.5, fl: 300 }), // late
      rec({ tod_s: 3.5, rho_nm: 30, theta_deg: 351, fl: 300 }),
      rec({ tod_s: 3.7, rho_nm: 30, theta_deg: 9, fl: 300 }),
    ], { site: { lat: 41.3, lon: 2.1, alt: 27 } });
    const byTime = conv.plots.map((p) => [p.timeMs, p.scan]);
    expect(byTime).toEqual([[86399000, 0], [86399500, 0], [86399550, 0], [86400100, 1], [86403500, 1], [86403700, 2]]);
  });

  it('numbers the revolutions of an antenna whose plots arrive out of time order', () => {
    // 3 revolutions of a 4.2 s antenna, 40 targets each, reported up to 0.5 s late in shuffled order.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const events: { t: number; az: number; rev: number; arrive: number }[] = [];
    for (let rev = 0; rev < 3; rev++) {
      for (let k = 0; k < 40; k++) {
        const az = rnd() * 360;
        const t = 1000 + (rev + az / 360) * 4.2 + (rnd() - 0.5) * 0.02;
        events.push({ t, az, rev, arrive: t + rnd() * 0.5 });
      }
    }
    events.sort((a, b) => a.arrive - b.arrive);
    const counter = new ScanCounter(4.2);
    const first = events[0].rev;
    for (const e of events) expect(counter.assign(e.t, e.az) + first).toBe(e.rev);
  });

  it('finds the antenna period from I034/041, sector crossings or azimuth wraps', () => {
    const svc = (fields: Partial<AsterixRecord>, t: number) => ({ t, rec: rec({ cat: 34, ...fields }) });
    expect(estimatePeriod([], [svc({ rot_period_s: 4.9453125 }, 1)])).toEqual({ periodS: 4.9453125, periodFrom: 'I034/041' });
    expect(estimatePeriod([], [svc({ cat034_azimuth_deg: 135 }, 10), svc({ cat034_azimuth_deg: 135 }, 10), svc({ cat034_azimuth_deg: 146.25 }, 10.15625)]))
      .toEqual({ periodS: 5, periodFrom: 'sector crossings' });
    const plots = [];
    for (let t = 0; t < 60; t += 0.25) plots.push({ t: 100 + t, az: ((t / 3.9) * 360) % 360 });
    const p = estimatePeriod(plots, []);
    expect(p.periodFrom).toBe('azimuth wraps');
    expect(p.periodS).toBeCloseTo(3.9, 1);
  });

  it('keeps identities in the side table only, drops repeats and radar-track-only reports', () => {
    const conv = plotsFromAsterix([
      rec({ tod_s: 10, rho_nm: 12, theta_deg: 40, fl: 120, acaddr: '4A08EB', m3a: '4004' }),
      rec({ tod_s: 10, rho_nm: 12, theta_deg: 40, fl: 120, acaddr: '4A08EB', m3a: '4004' }), // repeated datagram
      rec({ tod_s: 10.2, rho_nm: 12, theta_deg: 42, typ: 0 }),
      rec({ tod_s: 10.3, rho_nm: 13, theta_deg: 43, fl: 80, m3a: '7000' }),
      rec({ tod_s: 10.4, theta_deg: 44 }),
    ], { site: { lat: 41.3, lon: 2.1, alt: 27 } });
    expect(conv.plots).toHaveLength(2);
    expect(conv.skipped).toEqual({ duplicate: 1, 'no detection (radar track only)': 1, 'no range/azimuth': 1 });
    for (const p of conv.plots) {
      expect(Object.keys(p).sort()).toEqual(['az', 'el', 'heightFrom', 'plotId', 'range', 'scan', 'sensorId', 'sigmaEl', 'timeMs', 'x', 'y', 'z']);
    }
    expect(conv.identities.get(conv.plots[0].plotId)).toMatchObject({ acaddr: '4A08EB', m3a: '4004', fl: 120, radar: '20/129' });
    const id = identityFor(conv.identities);
    expect(id.truth).toBe('Mode S address');
    expect(conv.plots.map((p) => id.of(p.plotId))).toEqual(['4A08EB', undefined]);
    expect(conv.plots.map((p) => identityFor(conv.identities, true).of(p.plotId))).toEqual(['4A08EB', undefined]);
  });

  it('falls back to discrete Mode 3/A codes without Mode S, and reads CAT001 plots', () => {
    const records: AsterixRecord[] = [
      rec({ cat: 2, sac: 20, sic: 130, tod_s: 66433.0, cat002_mt: 1 }),
      rec({ cat: 1, sac: 20, sic: 130, typ: 0, cat001_trunc_time_s: 66433.5 % 512, rho_nm: 50, theta_deg: 10, fl: 200, m3a: '4521' }),
      rec({ cat: 1, sac: 20, sic: 130, typ: 0, cat001_trunc_time_s: 66433.625 % 512, rho_nm: 51, theta_deg: 11, fl: 50, m3a: '7000' }),
      rec({ cat: 1, sac: 20, sic: 130, typ: 0, cat001_trunc_time_s: 66433.7109375 % 512, rho_nm: 90, theta_deg: 150, fl: 719, m3a: '7777' }),
      rec({ cat: 1, sac: 20, sic: 130, typ: 1, cat001_trunc_time_s: 66433.75 % 512, rho_nm: 52, theta_deg: 12 }),
    ];
    const conv = plotsFromAsterix(records, { site: { lat: 40, lon: -3, alt: 700 } });
    expect(conv.plots.map((p) => p.timeMs)).toEqual([66433500, 66433625, 66433710.9375]);
    expect(conv.skipped).toEqual({ 'CAT001 track report': 1 });
    expect(conv.radars[0].rangeLsbM).toBe(NM / 128);
    const id = identityFor(conv.identities);
    expect(id.truth).toBe('Mode 3/A code');
    expect(conv.plots.map((p) => id.of(p.plotId))).toEqual(['4521', undefined, undefined]);
  });

  it('refuses --site for several radars and leaves radars without a position out', () => {
    const two = [rec({ tod_s: 1, rho_nm: 5, theta_deg: 1 }), rec({ sic: 130, tod_s: 1, rho_nm: 5, theta_deg: 1 })];
    expect(() => plotsFromAsterix(two, { site: { lat: 41, lon: 2, alt: 0 } })).toThrow(/2 radars/);
    expect(() => plotsFromAsterix(two)).toThrow(/no radar position known/);
    const conv = plotsFromAsterix(two, { sites: new Map([['20/130', { lat: 41, lon: 2, alt: 0 }]]) });
    expect(conv.radars.map((r) => r.key)).toEqual(['20/130']);
    expect(conv.noSite).toEqual({ '20/129': 1 });
  });
});

describeShared('asterix', 'plotsFromAsterix on the shared capture', () => {
  it('reads the radar site and period that a capture carries in CAT034', () => {
    const file = join(DATA_DIR, 'cat_034_048.pcap');
    const conv = plotsFromAsterix(decodeAsterix(readFileSync(file), { fileName: file }).records);
    expect(conv.radars).toHaveLength(1);
    expect(conv.radars[0]).toMatchObject({ key: '25/12', sensorId: sensorIdOf(25, 12), siteFrom: 'I034/120', periodS: 4.9453125, periodFrom: 'I034/041', plots: 19, enu: [0, 0, 0] });
    expect(conv.radars[0].site.alt).toBe(780);
    expect(conv.noSite).toEqual({ '25/201': 14, '25/13': 7, '25/204': 14, '25/11': 4, '25/14': 2, '25/205': 3 });
    expect(conv.skipped.duplicate).toBe(63); // every datagram of the capture is there twice
  });
});
