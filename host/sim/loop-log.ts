// What the closed loop writes to its run log, line by line (the layout is in docs/simulate.md). Wire ids
// (asset and fire-unit indices) are written as the scenario's ids, so the log reads without the wire.
import * as P from '../../assembly/protocol.ts';
import type { TrackRecord } from '../link/frames.ts';
import type { FireOrder, ThreatRecord } from '../link/tewa-frames.ts';
import type { BatteryOrder, ExecResult, Report } from './loop-battery.ts';
import type { FirmwareSetup } from './loop-config.ts';
import type { RunTiming } from './loop.ts';
import type { RunLogStream } from './runlog.ts';
import type { Scan } from './radar.ts';
import type { Scenario } from './scenario.ts';
import type { RunSummary } from './summary.ts';
import type { TruthState, WorldStep } from './world.ts';

/** Where the log's lines go: files (runlog.ts's RunLog), or the viewer's live index in a browser worker. */
export interface LogSink {
  line(stream: RunLogStream, row: unknown): void;
  json(name: string, value: unknown): void;
  close(): string[];
}

/** Rounds a wire float for the log: millimetres and mm/s, plenty for f32 values of a battery frame. */
export const mm = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : x);

export interface SimLog {
  /** The plots of a scan given to the firmware (`sent`, a subset of the scan's). */
  scan(scan: Scan, sent: readonly { plotId: number }[]): void;
  outcomes(step: WorldStep, reports: readonly Report[]): void;
  order(timeMs: number, doctrine: string, o: BatteryOrder, r: ExecResult, fw?: FireOrder): void;
  cycle(timeMs: number, truth: readonly TruthState[], tracks: readonly TrackRecord[], threats: readonly ThreatRecord[]): void;
  close(summary: RunSummary, timing: RunTiming): string[];
}

const STEPS = 'one firmware step at the end of every world step in which at least one radar scan ended, after that scan\'s plots';

export function simLog(log: LogSink, sc: Scenario, run: { seed: number; doctrine: string; board: string; file?: string; setup: FirmwareSetup }): SimLog {
  const unitId = (i: number): string | null => sc.fireUnits[i]?.id ?? null;
  const assetId = (i: number | null): string | null => (i === null ? null : sc.assets[i]?.id ?? null);
  const radar = new Map(sc.radars.map((r) => [r.id, r]));
  log.json('meta.json', {
    source: { file: run.file ?? null, kind: 'simulation', scenario: sc.name, seed: run.seed, doctrine: run.doctrine },
    origin: { lat: sc.origin.latDeg, lon: sc.origin.lonDeg, alt: sc.origin.altM },
    sensors: run.setup.sensors.map((s) => ({ ...s, name: radar.get(s.id)?.name })),
    board: run.board,
    tracker: run.setup.tracker,
    steps: STEPS,
    assets: sc.assets.map((a, i) => ({ wireId: i, ...a })),
    fireUnits: sc.fireUnits.map((u, i) => ({ wireId: i, ...u, wire: run.setup.fireUnits[i] ?? null })),
    doctrine: { scenario: sc.doctrine, wire: run.doctrine === 'parapet' ? run.setup.doctrine : null },
    defendedCentre: run.setup.centre,
    warnings: run.setup.warnings,
  });

  return {
    scan(scan, sent) {
      const r = radar.get(scan.sensorId)!;
      const given = new Set(sent.map((p) => p.plotId));
      for (const p of scan.plots) {
        if (!given.has(p.plotId)) continue;
        const h = p.a * Math.cos(p.c);
        log.line('plots.jsonl', {
          timeMs: p.timeMs, sensor: scan.sensorId, plotId: p.plotId, scan: scan.scanNumber, range: p.a, az: p.b, el: p.c,
          x: mm(r.position.eastM + h * Math.sin(p.b)), y: mm(r.position.northM + h * Math.cos(p.b)), z: mm(r.antennaHeightM + p.a * Math.sin(p.c)),
        });
        log.line('truth.jsonl', { plotId: p.plotId, truth: p.truthId >= 0 ? String(p.truthId) : null });
      }
    },
    outcomes(step, reports) {
      const timeMs = Math.round(step.timeS * 1000);
      for (const r of reports) {
        log.line('outcomes.jsonl', {
          timeMs, kind: r.outcome, interceptMs: Math.round(r.shot.interceptTimeS * 1000), engagement: r.shot.worldId,
          firmwareEngagement: r.shot.order.engagementId, unit: r.shot.unitId, trackNumber: r.shot.order.trackNumber,
          threatId: r.shot.threatId, rounds: r.shot.rounds, reportMs: Math.round(r.dueS * 1000),
          pKill: step.assessments.find((a) => a.engagementId === r.shot.worldId)?.pKill ?? 0,
        });
      }
      for (const i of step.impacts) {
        log.line('outcomes.jsonl', {
          timeMs, kind: 'impact', impactMs: Math.round(i.timeS * 1000), threatId: i.threatId, class: i.class, aimAsset: i.aimAssetId,
          point: { x: mm(i.point.eastM), y: mm(i.point.northM) },
          damage: i.damage.map((d) => ({ asset: d.assetId, valueLost: d.valueLost, remaining: d.remaining })),
        });
      }
    },
    order(timeMs, doctrine, o, r, fw) {
      log.line('orders.jsonl', {
        timeMs, doctrine, engagementId: o.engagementId, trackNumber: o.trackNumber, unit: unitId(o.unitIndex), rounds: o.rounds,
        point: { x: mm(o.point.x), y: mm(o.point.y), z: mm(o.point.z) },
        ...(fw ? { look: fw.look, plannedInterceptMs: fw.interceptMs, pkRound: fw.pkRound, threatValue: fw.threatValue, class: fw.cls, tgoS: fw.tgoS } : {}),
        threatId: r.ok ? r.shot.threatId : r.threatId,
        result: r.ok ? (r.shot.worldId === null ? 'phantom' : 'fired') : 'refused',
        ...(r.ok ? { engagement: r.shot.worldId, interceptMs: Math.round(r.shot.interceptTimeS * 1000) } : { reason: r.reason }),
      });
    },
    cycle(timeMs, truth, tracks, threats) {
      log.line('world.jsonl', {
        timeMs,
        threats: truth.map((g) => ({ id: g.id, class: g.class, decoy: g.decoy, x: mm(g.x), y: mm(g.y), z: mm(g.z), vx: mm(g.vx), vy: mm(g.vy), vz: mm(g.vz) })),
      });
      log.line('tracks.jsonl', {
        timeMs,
        tracks: tracks.map((t) => ({
          trackNumber: t.trackNumber, status: t.status === P.TRACK_COASTING ? 'coasting' : 'confirmed', hits: t.hits, misses: t.misses,
          class: t.cls, x: mm(t.x), y: mm(t.y), z: mm(t.z), vx: mm(t.vx), vy: mm(t.vy), vz: mm(t.vz), posSigma: mm(t.posSigma),
          velSigma: mm(t.velSigma), lastPlotId: t.lastPlotId, sinceUpdateS: mm(t.sinceUpdateS),
        })),
      });
      log.line('threats.jsonl', {
        timeMs,
        threats: threats.map((t) => ({
          trackNumber: t.trackNumber, class: t.cls, confidence: mm(t.confidence), state: t.state, asset: assetId(t.assetId), unit: t.unitId === null ? null : unitId(t.unitId),
          value: t.value, tgoS: mm(t.tgoS), pHit: t.pHit, pkEngagement: t.pkEngagement, interceptInS: Number.isFinite(t.interceptInS) ? mm(t.interceptInS) : null,
        })),
      });
    },
    close(summary, timing) {
      log.json('summary.json', summary);
      log.json('timing.json', timing);
      return log.close();
    },
  };
}
