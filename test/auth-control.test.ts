// Authenticated control (docs/security.md): with a key provisioned, a CONFIG (its RESET section included),
// EFFECTOR or KILL frame that is unauthenticated, forged, tampered with, cut short or replayed is refused,
// counted, and changes nothing: the firmware's output afterwards equals that of an instance that never saw
// it. An authenticated one is taken; a SCAN or HEARTBEAT asks for a step only when authentic. ORDER, ACK and
// TELEMETRY frames carry a tag the host checks.
import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import * as P from '../assembly/protocol.ts';
import { Firmware } from '../host/firmware.ts';
import { encodeFrame, encodeReset, encodeScan, encodeHeartbeat, decodeFrame, isFrameError, type DecodedFrame } from '../host/link/frames.ts';
import { encodeEffector, encodeKill, encodeDoctrineConfig, encodeFireUnitConfig, DEFAULT_DOCTRINE } from '../host/link/tewa-frames.ts';
import { Deframer } from '../host/link/deframer.ts';
import { FirmwareLink } from '../host/link/firmware-link.ts';
import { linkAuth } from '../host/link/auth-key.ts';
import { listBoards } from '../host/boards/board.ts';
import { KEY, OTHER_KEY, SAM, keyed, configureBattery, scan, reframe, flip, comparable } from './auth-support.ts';

describe.each(listBoards())('board %s', (board) => {
  it('runs the RFC 4231 HMAC-SHA-256 vectors in the firmware (V8)', () => {
    expect(Firmware.load(board).exports.authVectors() >>> 0).toBe(P.AUTH_VECTORS_PASS);
  });
});

describe('provisioning', () => {
  it('starts in development mode, said in stat and TELEMETRY, and takes unauthenticated control', () => {
    const { fw, link } = keyed('host', null);
    expect(fw.stats().authKeyed).toBe(0);
    configureBattery(link); // would throw on a refusal
    const out = scan(link, 1);
    expect(out.telemetry.counters[P.STAT_AUTH_KEYED]).toBe(0);
    expect(new Deframer().push(out.bytes).every((f) => f.auth === undefined)).toBe(true);
  });

  it('takes the key through the receive buffer and wipes it there', () => {
    const fw = Firmware.load('host');
    fw.provision(KEY);
    expect(fw.stats().authKeyed).toBe(1);
    const rx = new Uint8Array(fw.exports.memory.buffer, fw.exports.rxBuffer(), P.AUTH_PROVISION_BYTES);
    expect(rx.every((b) => b === 0)).toBe(true);
  });

  it('refuses a blank key and a wrong length', () => {
    const fw = Firmware.load('host');
    expect(() => fw.provision(new Uint8Array(32).fill(0xff))).toThrow(/blank/);
    expect(fw.exports.authProvision(31)).toBe(-1);
    expect(fw.stats().authKeyed).toBe(0);
  });

  it('starts the counters above the floors given at provisioning', () => {
    const fw = Firmware.load('host');
    fw.provision(KEY, 1000n, 5000n);
    expect(fw.authCounters()).toEqual({ in: 1000n, out: 5000n });
  });

  it('keeps the key over init() and a re-instantiation in the host wrapper (the boot code provisions again)', () => {
    const { fw, link } = keyed();
    configureBattery(link);
    const old = link.encode(P.FRAME_CONFIG, encodeReset());
    expect(link.sendRaw(old)).toMatchObject([{ status: P.ACK_OK }]);
    const before = fw.authCounters();
    fw.init();
    expect(fw.stats().authKeyed).toBe(1);
    expect(fw.authCounters()).toEqual(before); // the high-water marks are the floors
    // A frame recorded before the restart is a replay to the restarted firmware too.
    expect(fw.ingest(old).length).toBe(0);
    expect(fw.stats().authReplayed).toBe(1);
    // A trap: the wrapper instantiates the module afresh and provisions it again, the marks as floors.
    const marks = fw.authCounters();
    const trap = (fw as unknown as { call(f: () => void): void }).call.bind(fw);
    expect(() => trap(() => { throw new WebAssembly.RuntimeError('unreachable'); })).toThrow(/re-instantiated/);
    expect(fw.reinstantiations).toBe(1);
    expect(fw.stats().authKeyed).toBe(1);
    expect(fw.authCounters()).toEqual(marks);
    expect(fw.ingest(old).length).toBe(0);
    expect(fw.stats().authReplayed).toBe(1);
  });
});

describe('refusals', () => {
  const attacker = linkAuth(OTHER_KEY);
  let aSeq = 0x8000;
  /** Hostile frames, each built against the live link `link` (whose genuine frames it may record). */
  const HOSTILE: [string, (rec: Uint8Array[]) => Uint8Array, 'authFailed' | 'authReplayed'][] = [
    ['an unauthenticated CONFIG/RESET', () => encodeFrame(P.FRAME_CONFIG, aSeq++, encodeReset()), 'authFailed'],
    ['a CONFIG/RESET under another key', () => encodeFrame(P.FRAME_CONFIG, aSeq++, encodeReset(), attacker), 'authFailed'],
    ['an unauthenticated CONFIG/DOCTRINE (salvo 1, no shoot-look-shoot)',
      () => encodeFrame(P.FRAME_CONFIG, aSeq++, encodeDoctrineConfig({ ...DEFAULT_DOCTRINE, shootLookShoot: false, salvoLimit: 1 })), 'authFailed'],
    ['a CONFIG/FIRE_UNIT under another key', () => encodeFrame(P.FRAME_CONFIG, aSeq++, encodeFireUnitConfig({ ...SAM, readyRounds: 0 }), attacker), 'authFailed'],
    ['an unauthenticated EFFECTOR (unit down)',
      () => encodeFrame(P.FRAME_EFFECTOR, aSeq++, encodeEffector({ unitId: SAM.id, down: true, readyRounds: 0, magazine: 0, timeMs: 3000 })), 'authFailed'],
    ['an EFFECTOR under another key',
      () => encodeFrame(P.FRAME_EFFECTOR, aSeq++, encodeEffector({ unitId: SAM.id, down: true, readyRounds: 0, magazine: 0, timeMs: 3000 }), attacker), 'authFailed'],
    ['an unauthenticated KILL of engagement 1', () => encodeFrame(P.FRAME_KILL, aSeq++, encodeKill({ engagementId: 1, trackNumber: 2, killed: true, timeMs: 4500 })), 'authFailed'],
    ['a KILL of engagement 1 under another key', () => encodeFrame(P.FRAME_KILL, aSeq++, encodeKill({ engagementId: 1, trackNumber: 2, killed: true, timeMs: 4500 }), attacker), 'authFailed'],
    ['a genuine EFFECTOR with one payload bit flipped (CRC made good)', (rec) => reframe(rec[0], (b) => flip(b, 6)), 'authFailed'],
    ['a genuine EFFECTOR with its counter raised (CRC made good)', (rec) => reframe(rec[0], (b) => flip(b, b.length - 24 + 5)), 'authFailed'],
    ['a genuine EFFECTOR with its tag cut to 8 bytes', (rec) => reframe(rec[0], (b) => b.slice(0, b.length - 8)), 'authFailed'],
    ['a genuine EFFECTOR without its trailer, flag kept', (rec) => reframe(rec[0], (b) => b.slice(0, b.length - 24)), 'authFailed'],
    ['a genuine EFFECTOR stripped to an unauthenticated frame', (rec) => reframe(rec[0], (b) => { const c = b.slice(0, b.length - 24); c[1] &= 0x7f; return c; }), 'authFailed'],
    ['a replayed genuine EFFECTOR', (rec) => rec[0], 'authReplayed'],
    ['a replayed genuine CONFIG/RESET', (rec) => rec[1], 'authReplayed'],
    ['a replayed genuine KILL', (rec) => rec[2], 'authReplayed'],
  ];

  /** Two instances under the same key and the same genuine frames; `hostile` goes to the first only, before
   *  scan `at` (the first orders come at scan 3; by scan 5 the four engagements are in flight). Returns both
   *  outputs of scans `at`..10 and the counters. */
  function pair(board: string, hostile: ((rec: Uint8Array[]) => Uint8Array) | null, key: Uint8Array | null = KEY, at = 3) {
    const a = keyed(board, key), b = keyed(board, key);
    const rec: Uint8Array[] = [];
    for (const l of [a, b]) {
      configureBattery(l.link);
      // Genuine frames both take: an EFFECTOR, a RESET, then the battery again, and a KILL of nothing.
      const eff = l.link.encode(P.FRAME_EFFECTOR, encodeEffector({ unitId: SAM.id, down: false, readyRounds: 8, magazine: 0, timeMs: 0 }));
      const reset = l.link.encode(P.FRAME_CONFIG, encodeReset());
      const kill = l.link.encode(P.FRAME_KILL, encodeKill({ engagementId: 99, trackNumber: 99, killed: true, timeMs: 0 }));
      for (const f of [eff, reset, kill]) l.link.sendRaw(f);
      if (l === a) rec.push(eff, reset, kill);
    }
    const outA: unknown[] = [], outB: unknown[] = [];
    let orders = 0;
    for (let k = 1; k <= 10; k++) {
      if (k === at && hostile) {
        const answer = a.fw.ingest(hostile(rec));
        if (key) expect(answer.length, 'no answer to a refused frame').toBe(0);
      }
      const oa = scan(a.link, k), ob = scan(b.link, k);
      orders += oa.orders.length;
      if (k >= at) { outA.push(comparable(oa.bytes)); outB.push(comparable(ob.bytes)); }
    }
    return { outA, outB, orders, a: a.fw.stats(), b: b.fw.stats() };
  }

  it('allocates nothing: the heap top after a keyed run and the vectors is the one after start-up', () => {
    const { fw, link } = keyed('rp2040');
    const top = fw.stat(P.STAT_HEAP_TOP);
    configureBattery(link);
    for (let k = 1; k <= 6; k++) scan(link, k);
    fw.ingest(encodeFrame(P.FRAME_CONFIG, 1, encodeReset(), attacker));
    expect(fw.stat(P.STAT_HEAP_TOP)).toBe(top);
    expect(fw.exports.authVectors() >>> 0).toBe(P.AUTH_VECTORS_PASS);
    expect(scan(link, 7).telemetry.counters[P.STAT_AUTH_KEYED]).toBe(1); // the provisioned key untouched by the vectors
    expect(fw.stat(P.STAT_HEAP_TOP)).toBe(top);
  });

  it('the battery issues orders, with the genuine frames taken', () => {
    const r = pair('host', null);
    expect(r.orders).toBeGreaterThan(0);
    expect(r.a.authFailed + r.a.authReplayed).toBe(0);
    expect(r.outA).toEqual(r.outB);
  });

  describe.each(['host', 'rp2040'])('board %s', (board) => {
    it.each(HOSTILE)('%s: refused, counted, changes nothing', (name, hostile, counter) => {
      const r = pair(board, hostile, KEY, name.includes('KILL') ? 5 : 3);
      expect(r.a[counter]).toBe(1);
      expect(r.a.authFailed + r.a.authReplayed).toBe(1);
      expect(r.b.authFailed + r.b.authReplayed).toBe(0);
      expect(r.outA).toEqual(r.outB);
    });
  });

  it.each(HOSTILE.filter(([name]) => name.startsWith('an unauthenticated')))('without a key, %s takes effect (development mode)', (name, hostile) => {
    const r = pair('host', hostile, null, name.includes('KILL') ? 5 : 3);
    expect(r.a.authFailed + r.a.authReplayed).toBe(0);
    expect(r.outA).not.toEqual(r.outB);
  });

  it('takes an authenticated CONFIG/RESET, EFFECTOR and KILL', () => {
    const { fw, link } = keyed();
    configureBattery(link);
    let out = scan(link, 1);
    for (let k = 2; k <= 4; k++) out = scan(link, k);
    expect(out.picture.tracks.length).toBe(4);
    expect(link.send(P.FRAME_CONFIG, encodeReset())).toMatchObject([{ status: P.ACK_OK }]);
    expect(link.step(4500).picture.tracks).toEqual([]);
    link.sendEffector({ unitId: SAM.id, down: true, readyRounds: 0, magazine: 0, timeMs: 4500 });
    for (let k = 5; k <= 10; k++) expect(scan(link, k).orders).toEqual([]); // the unit is down: no orders
    link.sendKill({ engagementId: 12345, trackNumber: 1, killed: true, timeMs: 10_000 });
    const s = fw.stats();
    expect(s.authFailed + s.authReplayed).toBe(0);
    expect(s.killUnknown).toBe(1); // the KILL got through to the engagement table
  });
});

describe('tampering, as a property', () => {
  it('any bit flipped in a sealed CONFIG, EFFECTOR or KILL (CRC made good) is refused, and answered with nothing', () => {
    const { fw, link } = keyed('rp2040');
    configureBattery(link);
    const payloads = [encodeReset(), encodeDoctrineConfig({ ...DEFAULT_DOCTRINE, salvoLimit: 1 }),
      encodeEffector({ unitId: SAM.id, down: true, readyRounds: 0, magazine: 0, timeMs: 1 }),
      encodeKill({ engagementId: 1, trackNumber: 1, killed: true, timeMs: 1 })];
    const types = [P.FRAME_CONFIG, P.FRAME_CONFIG, P.FRAME_EFFECTOR, P.FRAME_KILL];
    let refused = 0;
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (k, at, bit) => {
      const genuine = link.encode(types[k], payloads[k]); // never sent: its counter stays fresh
      const before = fw.stats();
      const answer = fw.ingest(reframe(genuine, (b) => flip(b, at % b.length, bit)));
      const after = fw.stats();
      expect(answer.length).toBe(0);
      expect(after.framesOk).toBe(before.framesOk);
      refused += after.authFailed - before.authFailed + after.badFrames - before.badFrames;
    }), { numRuns: 300, seed: 4231 });
    expect(refused).toBe(300);
    expect(fw.stats().authReplayed).toBe(0);
  });
});

describe('step requests', () => {
  it('an end-of-scan SCAN or a HEARTBEAT asks for a step only when authentic (with a key)', () => {
    const { fw, link } = keyed();
    configureBattery(link);
    const attacker = linkAuth(OTHER_KEY);
    const scanAt = (t: number) => encodeScan({ sensorId: 1, start: false, end: true, scanNumber: 1, timeMs: t });
    fw.ingest(encodeFrame(P.FRAME_HEARTBEAT, 1, encodeHeartbeat(1e9)));
    expect(fw.stepRequests).toEqual([]);
    fw.ingest(encodeFrame(P.FRAME_SCAN, 2, scanAt(2e9), attacker));
    expect(fw.stepRequests).toEqual([]);
    expect(fw.stats().authFailed).toBe(2);
    const sc = link.encode(P.FRAME_SCAN, scanAt(2000));
    const hb = link.encode(P.FRAME_HEARTBEAT, encodeHeartbeat(1000));
    const both = new Uint8Array([...sc, ...hb]);
    fw.ingest(both);
    expect(fw.stepRequests).toEqual([2000, 1000]);
    fw.ingest(hb);
    expect(fw.stepRequests).toEqual([]);
    expect(fw.stats().authReplayed).toBe(1);
  });

  it('without a key every well-formed one asks (development mode)', () => {
    const { fw } = keyed('host', null);
    fw.ingest(new Uint8Array([...encodeFrame(P.FRAME_HEARTBEAT, 1, encodeHeartbeat(5)),
      ...encodeFrame(P.FRAME_SCAN, 2, encodeScan({ sensorId: 1, start: true, end: false, scanNumber: 1, timeMs: 6 })),
      ...encodeFrame(P.FRAME_SCAN, 3, encodeScan({ sensorId: 1, start: false, end: true, scanNumber: 1, timeMs: 7 }))]));
    expect(fw.stepRequests).toEqual([5, 7]);
  });
});

describe('authenticated outputs', () => {
  /** Steps to the first ORDER frame; returns it (wire bytes, decoded) and the host link. */
  function firstOrder() {
    const { fw, link } = keyed();
    configureBattery(link);
    for (let k = 1; k <= 12; k++) {
      const out = scan(link, k);
      const frames = splitFrames(out.bytes);
      const i = frames.findIndex((w) => (decodeFrame(w) as DecodedFrame).type === P.FRAME_ORDER);
      if (i >= 0) return { fw, link, wire: frames[i], frame: decodeFrame(frames[i]) as DecodedFrame, out };
    }
    throw new Error('no ORDER frame in 12 scans');
  }

  it('ORDER frames carry the tag of HMAC-SHA-256 (Node\'s) over the frame, and the host took them', () => {
    const { link, frame, out } = firstOrder();
    expect(frame.auth).toBeDefined();
    const mac = createHmac('sha256', KEY).update(frame.auth!.signed).digest().subarray(0, 16);
    expect([...frame.auth!.tag]).toEqual([...mac]);
    expect(out.orders.length).toBeGreaterThan(0);
    expect(link.authRefused).toEqual({ unauthenticated: 0, forged: 0, replayed: 0 });
    expect(out.telemetry.counters[P.STAT_AUTH_KEYED]).toBe(1);
    // TELEMETRY, the last frame of the step, reports the counter of the frame before it, and runs above the ORDER's.
    const telemetry = decodeFrame(splitFrames(out.bytes).at(-1)!) as DecodedFrame;
    expect(telemetry.type).toBe(P.FRAME_TELEMETRY);
    expect(BigInt(out.telemetry.counters[P.STAT_AUTH_COUNTER_OUT]) + 1n).toBe(telemetry.auth!.counter);
    expect(telemetry.auth!.counter > frame.auth!.counter).toBe(true);
  });

  it('a flipped bit anywhere in an ORDER frame is detected, a replayed one refused', () => {
    const { wire } = firstOrder();
    const raw = decodeFrame(wire) as DecodedFrame;
    const bodyLen = 4 + raw.payload.length + 24;
    for (const at of [0, 2, 4, 4 + 20, bodyLen - 20, bodyLen - 1]) {
      const host = linkAuth(KEY);
      const bad = decodeFrame(reframe(wire, (b) => flip(b, at, 3)));
      if (isFrameError(bad)) continue; // a version or type byte changed: not even an ORDER
      expect(host.verify(bad.type, bad.auth), `bit at byte ${at}`).toBe('forged');
    }
    const host = linkAuth(KEY);
    expect(host.verify(raw.type, raw.auth)).toBe('ok');
    expect(host.verify(raw.type, raw.auth)).toBe('replayed');
    const stripped = decodeFrame(reframe(wire, (b) => { const c = b.slice(0, b.length - 24); c[1] &= 0x7f; return c; })) as DecodedFrame;
    expect(host.verify(stripped.type, stripped.auth)).toBe('unauthenticated');
    expect(host.refused).toEqual({ unauthenticated: 1, forged: 0, replayed: 1 });
  });

  it('the host link drops an ORDER it cannot authenticate: no order reaches the battery', () => {
    const { fw, link } = keyed();
    configureBattery(link);
    for (let k = 1; k <= 4; k++) scan(link, k);
    // The firmware under one key, a host under another: nothing the firmware says is taken.
    const liar = new FirmwareLink(fw, linkAuth(OTHER_KEY));
    expect(() => liar.step(5000)).toThrow(/refused for authentication/);
    expect(liar.authRefused.forged).toBeGreaterThan(0);
  });
});

function splitFrames(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) { if (i > start) out.push(bytes.slice(start, i + 1)); start = i + 1; }
  return out;
}
