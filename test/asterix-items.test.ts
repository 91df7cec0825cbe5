// Hand-built records exercising every UAP item of CAT048, CAT034, CAT001
// (plot and track) and CAT002. A record announcing every item is followed by
// a plain one: the second decodes correctly only if every item of the first
// was sized exactly as the category specifications define it.

import { describe, expect, it } from 'vitest';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { block, bytes, cat048Record, fspec } from './asterix-support.ts';

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);
const be16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const be24 = (v: number) => [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

/** Encodes 8 characters in the ICAO 6-bit set (letters, digits, space). */
function ia5(text: string): number[] {
  let bits = 0n;
  for (const ch of text.padEnd(8)) {
    const code = ch === ' ' ? 32 : /[A-Z]/.test(ch) ? ch.charCodeAt(0) - 64 : ch.charCodeAt(0);
    bits = (bits << 6n) | BigInt(code);
  }
  return range(6, 0).map((i) => Number((bits >> BigInt(40 - i * 8)) & 0xffn));
}

function decodeOne(cat: number, ...records: number[][]) {
  const r = decodeAsterix(bytes(block(cat, ...records)), { format: 'raw' });
  expect(r.errors).toEqual([]);
  return r.records;
}

describe('CAT048: every item of the UAP', () => {
  const items: number[] = [
    20, 30, // 010 SAC/SIC
    ...be24(45000 * 128), // 140
    0b10110001, 0b00000001, 0b00000000, // 020 TYP 5, RDP 1, two extensions
    ...be16(100 * 256), ...be16(16384), // 040 rho 100 NM, theta 90 deg
    ...be16(0x8000 | 0o1234), // 070 V=1, code 1234 octal
    ...be16(0x3ffc), // 090 FL -1
    0b11111111, 0b00000000, 1, 2, 3, 4, 5, 6, 7, // 130 all 7 subfields + FX into an empty 2nd primary octet
    ...be24(0xabcdef), // 220
    ...ia5('TEST12'), // 240
    2, ...range(16), // 250 REP 2
    ...be16(0xf123), // 161 (spare bits set: TN is 12 bits)
    ...be16(-256 & 0xffff), ...be16(128), // 042 x -2 NM, y 1 NM
    ...be16(8192), ...be16(32768), // 200 0.5 NM/s, 180 deg
    0b00000001, 0b00000000, // 170 two octets
    1, 2, 3, 4, // 210
    0b00000011, 0b00000010, // 030 two octets
    0, 0, // 080
    0, 0, 0, 0, // 100
    ...be16(-40 & 0x3fff), // 110 -1000 ft
    0b11000000, 0x80, 0x10, 2, ...range(12), // 120 CAL + RDS with 2 x 6 octets
    0, 0, // 230
    ...range(7), // 260
    1, // 055
    0, 0, // 050
    0, // 065
    0, 0, // 060
    3, 0xaa, 0xbb, // SP
    2, 0xcc, // RE
  ];
  const full = [...fspec(...range(28)), ...items];
  const [first, second] = decodeOne(48, full, cat048Record(9, 10, 11, 12, 13));

  it('sizes every item so the next record is found', () => {
    expect(second).toMatchObject({ rib: 1, sac: 9, sic: 10, tod_s: 11, rho_nm: 12 });
    expect(second.offset).toBe(3 + full.length);
  });

  it('decodes the reference fields and the tracker extras', () => {
    expect(first).toMatchObject({
      sac: 20, sic: 30, tod_s: 45000, typ: 5, sim: 1, rdp: 0, spi: 0, rab: 0,
      rho_nm: 100, theta_deg: 90, m3a: '1234', m3a_v: 1, m3a_g: 0, fl: -1, fl_v: 0, fl_g: 0,
      acaddr: 'ABCDEF', acid: 'TEST12  ', tn: 0x123,
      x_nm: -2, y_nm: 1, gsp_kt: 1800, hdg_deg: 180, h3d_ft: -1000,
    });
  });
});

describe('CAT034: every item of the UAP', () => {
  const items = [
    1, 2, // 010
    1, // 000 north marker
    ...be24(100 * 128), // 030
    64, // 020 90 deg
    ...be16(4.5 * 128), // 041
    0b10011101, 0b00000000, 0xc0, 0xa0, 0x80, 0x12, 0x34, // 050: COM PSR SSR MDS(2), FX into an empty octet
    0b10011100, 0x01, 0x02, 0x03, 0x04, // 060: COM PSR SSR MDS
    3, 1, 2, 3, 4, 5, 6, // 070 REP 3
    ...range(8), // 100
    0x80, // 110
    ...be16(-12 & 0xffff), ...be24(2 ** 21), ...be24(-(2 ** 22) & 0xffffff), // 120: -12 m, 45 N, 90 W
    0, 0, // 090
    2, 9, // RE
    1, // SP (length octet only)
  ];
  const full = [...fspec(...range(14)), ...items];
  const sector = [...fspec(1, 2, 3, 4), 1, 2, 2, ...be24(7 * 128), 128];
  const [first, second] = decodeOne(34, full, sector);

  it('sizes every item so the next record is found', () => {
    expect(second).toMatchObject({ rib: 1, cat034_mt: 2, tod_s: 7, cat034_azimuth_deg: 180 });
  });

  it('decodes message type, time, sector, period and radar position', () => {
    expect(first).toMatchObject({
      sac: 1, sic: 2, cat034_mt: 1, tod_s: 100, cat034_azimuth_deg: 90, rot_period_s: 4.5,
      src_h_m: -12, src_lat_deg: 45, src_lon_deg: -90,
    });
  });
});

describe('CAT001: plot and track UAPs chosen by I001/020 TYP', () => {
  const plot = [
    ...fspec(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20),
    8, 24, // 010
    0b00100001, 0b00000000, // 020 TYP 0 (plot), SSR, extension octet
    ...be16(50 * 128), ...be16(8192), // 040 rho 50 NM (1/128 NM LSB), 45 deg
    ...be16(0o7700), // 070
    ...be16(-8 & 0x3fff), // 090 FL -2
    0x03, 0x00, // 130
    ...be16(300 * 128), // 141
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 050 120 131 080 100 060
    0x03, 0x00, // 030 two octets
    0, // 150
    2, 7, // SP
  ];
  const track = [
    ...fspec(...range(22)),
    104, 1, // 010
    0b10100000, // 020 TYP 1 (track)
    ...be16(4321), // 161
    ...be16(10 * 128), ...be16(0), // 040
    0, 0, 0, 0, // 042
    ...be16(16384), ...be16(16384), // 200 1 NM/s, 90 deg
    ...be16(0o1200), // 070
    ...be16(350 * 4), // 090
    ...be16(12 * 128), // 141
    0x00, // 130
    0, 0, // 131 120
    0x01, 0x00, // 170 two octets
    0x01, 0x00, // 210 two octets
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 050 080 100 060
    0x00, // 030
    1, // SP
    0, // RFS with no fields
    0, // 150
  ];
  const [p, t, next] = decodeOne(1, plot, track, [...fspec(1, 2, 3), 1, 2, 0x20, ...be16(128), 0, 0]);

  it('plot: fields of the plot UAP, rho with the CAT001 1/128 NM LSB', () => {
    expect(p).toMatchObject({
      sac: 8, sic: 24, typ: 0, rho_nm: 50, theta_deg: 45, m3a: '7700', fl: -2, cat001_trunc_time_s: 300,
    });
    expect(p.tn).toBeUndefined();
  });

  it('track: I001/161 and I001/200 where only the track UAP has them', () => {
    expect(t).toMatchObject({
      sac: 104, sic: 1, typ: 1, tn: 4321, rho_nm: 10, theta_deg: 0, gsp_kt: 3600, hdg_deg: 90,
      m3a: '1200', fl: 350, cat001_trunc_time_s: 12,
    });
    expect(next).toMatchObject({ rib: 2, sac: 1, rho_nm: 1 });
  });

  it('Random Field Sequencing: items given as (FRN, value) pairs', () => {
    // Plot with I010, I020 in the FSPEC, then RFS carrying I040 (FRN 3) and I141 (FRN 7).
    const rec = [...fspec(1, 2, 21), 8, 24, 0x20, 2, 3, ...be16(256), ...be16(0), 7, ...be16(640)];
    const [r] = decodeOne(1, rec, [...fspec(1), 3, 4]);
    expect(r).toMatchObject({ rho_nm: 2, theta_deg: 0, cat001_trunc_time_s: 5 });
  });
});

describe('CAT002: every item of the UAP', () => {
  const full = [
    ...fspec(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14),
    20, 130, // 010
    2, // 000 sector crossing
    32, // 020 45 deg
    ...be24(66000 * 128), // 030
    ...be16(4 * 128), // 041
    0x01, 0x00, // 050
    0x00, // 060
    2, 0, 1, 0, 2, // 070
    ...range(8), // 100
    0, 0, // 090
    0x03, 0x00, // 080
    2, 1, // SP
    0, // RFS
  ];
  const [first, second] = decodeOne(2, full, [...fspec(1, 2), 20, 130, 1]);

  it('sizes every item and decodes message type, sector, time and period', () => {
    expect(first).toMatchObject({ sac: 20, sic: 130, cat002_mt: 2, cat034_azimuth_deg: 45, tod_s: 66000, rot_period_s: 4 });
    expect(second).toMatchObject({ rib: 1, cat002_mt: 1 });
  });
});
