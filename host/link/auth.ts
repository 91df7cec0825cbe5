// Authenticated control, host side (docs/security.md): the trailer of the frames the host sends
// (all but PLOTS), and the check of the ORDER, ACK and TELEMETRY frames the firmware sends. The MAC itself
// (HMAC-SHA-256) is handed in, so this module has no Node imports: host/link/auth-key.ts gives Node's.
import * as P from '../../assembly/protocol.ts';

/** HMAC-SHA-256 of `data` under the link's key: 32 bytes. */
export type MacFn = (data: Uint8Array) => Uint8Array;

/** Frame types that carry the trailer when a key is in use: control and the step times in (all but the
 *  plots), decisions and answers out (not the picture). */
export const AUTHENTICATED_TYPES: ReadonlySet<number> = new Set([
  P.FRAME_CONFIG, P.FRAME_EFFECTOR, P.FRAME_KILL, P.FRAME_SCAN, P.FRAME_HEARTBEAT, P.FRAME_ORDER, P.FRAME_ACK, P.FRAME_TELEMETRY,
]);

/** The trailer of a received frame, and the bytes its tag covers (version .. counter). */
export interface FrameTrailer { counter: bigint; tag: Uint8Array; signed: Uint8Array }

/** Why a received frame of an authenticated type is not taken. */
export type AuthVerdict = 'ok' | 'unauthenticated' | 'forged' | 'replayed';

export interface LinkAuthOptions {
  /** The counter's floor at each send (epoch microseconds on a live line: a restarted host starts above
   *  everything it sent before, and so does the firmware's answer); none: counting from 1. */
  clock?: () => bigint;
}

/** Microseconds since the epoch: a counter floor that rises by itself across restarts. */
export const epochMicros = (): bigint => BigInt(Date.now()) * 1000n;

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

/** One end's authentication state: its outgoing counter and the highest counter taken from the far end. */
export class LinkAuth {
  private counterOut = 0n;
  private counterIn = 0n;
  private started = false;
  /** Frames of an authenticated type refused, by reason. */
  readonly refused = { unauthenticated: 0, forged: 0, replayed: 0 };

  constructor(private readonly mac: MacFn, private readonly opts: LinkAuthOptions = {}) {}

  /** The last counter sent, and the highest taken from the far end. */
  get counters(): { out: bigint; in: bigint } { return { out: this.counterOut, in: this.counterIn }; }

  /** Sets the outgoing counter above `c` (the firmware's high-water mark from its TELEMETRY). */
  raiseAbove(c: bigint): void { if (c > this.counterOut) this.counterOut = c; }

  /** The counter of the next frame sent. The far end's answers must come above the first one: anything
   *  at or below it was sent before this end started, so it is a replay. */
  nextCounter(): bigint {
    const floor = this.opts.clock?.() ?? 0n;
    this.counterOut = floor > this.counterOut ? floor : this.counterOut + 1n;
    if (this.counterOut > 0xffff_ffff_ffff_ffffn) throw new Error('authentication counter exhausted: provision a new key');
    if (!this.started) {
      this.started = true;
      if (this.counterOut > this.counterIn) this.counterIn = this.counterOut;
    }
    return this.counterOut;
  }

  /** The trailer for a raw frame's bytes `signed` (version .. payload), counter included: counter u64 | tag. */
  trailer(signedWithoutCounter: Uint8Array): Uint8Array {
    const out = new Uint8Array(P.AUTH_TRAILER_BYTES);
    const counter = this.nextCounter();
    new DataView(out.buffer).setBigUint64(0, counter, true);
    const covered = new Uint8Array(signedWithoutCounter.length + P.AUTH_COUNTER_BYTES);
    covered.set(signedWithoutCounter);
    covered.set(out.subarray(0, P.AUTH_COUNTER_BYTES), signedWithoutCounter.length);
    out.set(this.mac(covered).subarray(0, P.AUTH_TAG_BYTES), P.AUTH_COUNTER_BYTES);
    return out;
  }

  /** Checks a received frame of an authenticated type (others are 'ok'); counts a refusal. An authentic
   *  frame raises the high-water mark. */
  verify(type: number, trailer: FrameTrailer | undefined): AuthVerdict {
    if (!AUTHENTICATED_TYPES.has(type)) return 'ok';
    const v = this.judge(trailer);
    if (v !== 'ok') this.refused[v]++;
    return v;
  }

  private judge(t: FrameTrailer | undefined): AuthVerdict {
    if (!t) return 'unauthenticated';
    if (!equal(this.mac(t.signed).subarray(0, P.AUTH_TAG_BYTES), t.tag)) return 'forged';
    if (t.counter <= this.counterIn) return 'replayed';
    this.counterIn = t.counter;
    return 'ok';
  }
}
