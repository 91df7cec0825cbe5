// The Barcelona recording (45 min, one Mode S radar) replayed through the host firmware and scored
// against the Mode S addresses of the plots (I048/220), which the tracker never sees. The targets are
// asserted as given, over all traffic and over airborne plots (see docs/run-log.md, "Barcelona"). How long the
// replay takes is the bench's business (bench/asterix.ts), not a test's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { replayRecording, TARGETS, type ReplayReport } from '../host/commands/replay.ts';
import { decodeAsterix } from '../host/sources/asterix.ts';
import { plotsFromAsterix } from '../host/sources/plots-from-asterix.ts';
import { radarSensorConfig, runReplay, scansOf } from '../host/replay.ts';
import { parseGeodetic } from '../host/geo.ts';
import { DATA_DIR } from './asterix-support.ts';
import { describeShared } from './shared-data.ts';

const FILE = join(DATA_DIR, 'BCN_0800_0845.ast');
// 41°18'02.5284" N, 2°06'07.4095" E, 2.007 m terrain + 25.25 m antenna (the course material's figure).
const SITE = '41.3007023,2.1020582,27.257';

let report: ReplayReport;
let all: NonNullable<ReplayReport['summary']['score']>['all'];
let air: NonNullable<ReplayReport['summary']['score']>['all'];

describeShared('asterix/BCN_0800_0845.ast', 'replay of BCN_0800_0845.ast', () => {
  beforeAll(() => {
    report = replayRecording(FILE, { site: SITE });
    all = report.summary.score!.all;
    air = report.summary.score!.airborne!;
    const f = (s: typeof all) => `purity ${(100 * s.purity).toFixed(2)} %, coverage ${(100 * s.coverage).toFixed(1)} %, ` +
      `${s.breaksPerAircraftHour.toFixed(2)} breaks/aircraft-h (${s.breaks}, ${s.breaksAfterGap} after a gap), ${s.idSwaps} swaps`;
    console.log(`BCN replay in ${(report.summary.wallMs.total / 1000).toFixed(2)} s\n  all traffic: ${f(all)}\n  airborne:    ${f(air)}`);
  });

  it('replays the 45 minutes, every plot through the firmware', () => {
    expect(report.summary.plots).toBe(32557 - 137); // all CAT048 but the radar-track-only reports
    expect(report.summary.firmware.plotsIn).toBe(report.summary.plots);
    expect(report.summary.firmware.plotsDropped + report.summary.firmware.plotsInvalid + report.summary.firmware.tracksDropped).toBe(0);
    expect(report.steps).toHaveLength(676); // one per antenna revolution (45 min / 4.0 s, plus the partial first)
  });

  it('groups plots into antenna revolutions: one plot per aircraft per revolution', () => {
    // Independent check of the scan numbering: a Mode S aircraft is detected once per revolution, except
    // when it crosses north against the rotation (seen at the start and again at the end of a revolution).
    const records = decodeAsterix(readFileSync(FILE)).records;
    const conv = plotsFromAsterix(records, { site: parseGeodetic(SITE, 'site') });
    expect(conv.radars[0].periodS).toBeCloseTo(4.0, 1);
    const perScan = new Map<string, number>();
    for (const p of conv.plots) {
      const a = conv.identities.get(p.plotId)!.acaddr;
      if (a) perScan.set(`${a}/${p.scan}`, (perScan.get(`${a}/${p.scan}`) ?? 0) + 1);
    }
    const twice = [...perScan.values()].filter((n) => n > 1).length;
    expect(twice / perScan.size).toBeLessThan(0.001);
  });

  it(`covers ≥ ${100 * TARGETS.coverage} % of the aircraft seen for a minute (all traffic and airborne)`, () => {
    expect(all.eligible).toBeGreaterThanOrEqual(140);
    expect(all.coverage).toBeGreaterThanOrEqual(TARGETS.coverage);
    expect(air.coverage).toBeGreaterThanOrEqual(TARGETS.coverage);
  });

  it(`keeps airborne tracks ≥ ${100 * TARGETS.purity} % pure, with at most a couple of ID swaps`, () => {
    expect(air.purity).toBeGreaterThanOrEqual(TARGETS.purity);
    expect(air.idSwaps).toBeLessThanOrEqual(2);
  });

  it(`keeps all tracks ≥ ${100 * TARGETS.purity} % pure, surface traffic included`, () => {
    expect(all.purity).toBeGreaterThanOrEqual(TARGETS.purity);
  });

  it(`has < ${TARGETS.breaksPerAircraftHour} break per aircraft-hour, airborne and over all traffic`, () => {
    expect(air.breaksPerAircraftHour).toBeLessThan(TARGETS.breaksPerAircraftHour);
    expect(all.breaksPerAircraftHour).toBeLessThan(TARGETS.breaksPerAircraftHour);
  });

  it('does not regress from the measured figures', () => {
    // Measured: purity 99.48 % / 100 %, 0.87 / 0.51 breaks per aircraft-hour, 6 / 0 swaps.
    expect(all.purity).toBeGreaterThan(0.993);
    expect(all.breaksPerAircraftHour).toBeLessThan(0.95);
    expect(air.breaksPerAircraftHour).toBeLessThan(0.6);
    expect(all.idSwaps).toBeLessThanOrEqual(8);
    // Breaks while the radar kept seeing the aircraft (no gap longer than the coasting time).
    expect((air.breaks - air.breaksAfterGap) / air.aircraftHours).toBeLessThan(0.2);
  });

  it('never lets identities reach the firmware: stripping them changes no output byte', () => {
    const records = decodeAsterix(readFileSync(FILE)).records;
    const run = (recs: typeof records) => {
      const conv = plotsFromAsterix(recs, { site: parseGeodetic(SITE, 'site') });
      const plots = conv.plots.map((p) => ({ plotId: p.plotId, kind: 'polar' as const, timeMs: p.timeMs, a: p.range, b: p.az, c: p.el, sensorId: p.sensorId, scan: p.scan }));
      return runReplay(conv.radars.map((r) => radarSensorConfig(r)), scansOf(plots)).steps;
    };
    const stripped = records.map(({ acaddr, acid, m3a, m3a_v, m3a_g, tn, ...rest }) => rest);
    expect(JSON.stringify(run(stripped))).toBe(JSON.stringify(report.steps));
  });
});
