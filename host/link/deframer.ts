// Receiver side of the link: turns a byte stream into frames. Garbage, bit errors and lost bytes
// are counted and survived, never thrown: the link is a noisy serial line and the next 0x00
// always starts a fresh frame.
import { decodeFrame, frameDirection, isFrameError, MAX_WIRE_BODY, type DecodedFrame, type Direction, type FrameErrorReason } from './frames.ts';

/** Link counters; the names mirror the STAT_* telemetry counters of the firmware. */
export interface LinkStats {
  framesOk: number;
  crcErrors: number;
  framingErrors: number;
  badFrames: number;
  bytesIn: number;
  seqGaps: number;
}

const COUNTER: Record<FrameErrorReason, keyof LinkStats> = {
  cobs: 'framingErrors',
  truncated: 'framingErrors',
  oversize: 'framingErrors',
  crc: 'crcErrors',
  version: 'badFrames',
  type: 'badFrames',
  length: 'badFrames',
};

export class Deframer {
  private readonly counters: LinkStats = { framesOk: 0, crcErrors: 0, framingErrors: 0, badFrames: 0, bytesIn: 0, seqGaps: 0 };
  // One frame body at most; anything longer is oversize by construction, so the buffer never grows.
  private readonly buf = new Uint8Array(MAX_WIRE_BODY);
  private len = 0;
  private discarding = false; // inside an oversize frame: drop bytes until the next 0x00
  private readonly lastSeq: Record<Direction, number | undefined> = { toFirmware: undefined, toHost: undefined };

  /** A snapshot of the counters. */
  get stats(): LinkStats {
    return { ...this.counters };
  }

  /** Feeds bytes in; returns the frames completed by this chunk, in order. */
  push(chunk: Uint8Array): DecodedFrame[] {
    this.counters.bytesIn += chunk.length;
    const out: DecodedFrame[] = [];
    let i = 0;
    while (i < chunk.length) {
      const zero = chunk.indexOf(0, i);
      this.append(chunk, i, zero < 0 ? chunk.length : zero);
      if (zero < 0) break;
      this.endFrame(out);
      i = zero + 1;
    }
    return out;
  }

  private append(chunk: Uint8Array, start: number, end: number): void {
    if (this.discarding || start === end) return;
    if (this.len + (end - start) > this.buf.length) {
      // Counted once, now: the delimiter of this frame may be a long way off or lost.
      this.counters.framingErrors++;
      this.discarding = true;
      this.len = 0;
      return;
    }
    this.buf.set(chunk.subarray(start, end), this.len);
    this.len += end - start;
  }

  private endFrame(out: DecodedFrame[]): void {
    const len = this.len;
    this.len = 0;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    if (len === 0) return; // a lone 0x00: the sender flushing, not an error
    const r = decodeFrame(this.buf.subarray(0, len)); // copies out: the buffer is reused
    if (r.seq !== undefined && r.type !== undefined) this.trackSeq(r.type, r.seq);
    if (isFrameError(r)) {
      this.counters[COUNTER[r.error]]++;
    } else {
      this.counters.framesOk++;
      out.push(r);
    }
  }

  // Sequence numbers count per direction. A forward jump counts the numbers skipped; a backward
  // one (a repeated frame, or the sender restarted its count) only resynchronises, since a serial
  // link cannot reorder and 32768 consecutive losses would have been noticed otherwise.
  private trackSeq(type: number, seq: number): void {
    const dir = frameDirection(type);
    if (dir === null) return;
    const last = this.lastSeq[dir];
    if (last !== undefined) {
      const skipped = (seq - last - 1) & 0xffff;
      if (skipped < 0x8000) this.counters.seqGaps += skipped;
    }
    this.lastSeq[dir] = seq;
  }
}
