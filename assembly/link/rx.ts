// Receive side: a streaming deframer. Bytes arrive in any chunking; 0x00 ends a frame. A frame is
// COBS-decoded, its length bounded and its CRC checked before it reaches the dispatcher. Any error is
// counted and the parser resynchronises at the next delimiter: garbage is never fatal. With a key
// provisioned, every frame but PLOTS then passes the authentication check (auth.ts).
import {
  FRAME_HEADER_BYTES, FRAME_CRC_BYTES, FRAME_MAX_RAW, PROTOCOL_VERSION, FRAME_AUTH,
  STAT_FRAMES_OK, STAT_CRC_ERRORS, STAT_FRAMING_ERRORS, STAT_BAD_FRAMES, STAT_BYTES_IN, STAT_SEQ_GAPS,
} from "../protocol";
import { FRAME_MAX_ENCODED } from "../limits";
import { crc32c } from "./crc32c";
import { cobsDecode } from "./cobs";
import { statAdd } from "../stats";
import { dispatchFrame } from "../dispatch";
import { authOpen } from "./auth";

const enc = new StaticArray<u8>(FRAME_MAX_ENCODED);
// Room for the longest decoding of the longest frame the deframer keeps (len − 1 bytes), so an oversize
// body is written in full before its length refuses it.
const dec = new StaticArray<u8>(FRAME_MAX_ENCODED);
let encLen: i32 = 0;
let overflow = false;
let lastSeq: i32 = -1;

export function rxReset(): void { encLen = 0; overflow = false; lastSeq = -1; }

export function rxFeed(ptr: usize, len: i32): void {
  statAdd(STAT_BYTES_IN, <f64>len);
  // Whole runs between delimiters are copied at once; a frame's bytes hold no 0x00 once COBS-encoded.
  let i = 0;
  let guard = len + 1;
  while (i < len && guard-- > 0) {
    const z = zeroAt(ptr, i, len);
    const run = z - i;
    if (run > 0 && !overflow) {
      if (run <= FRAME_MAX_ENCODED - encLen) {
        memory.copy(changetype<usize>(enc) + <usize>encLen, ptr + <usize>i, <usize>run);
        encLen += run;
      } else {
        overflow = true;
      }
    }
    if (z < len) {
      if (overflow) statAdd(STAT_FRAMING_ERRORS, 1);
      else if (encLen > 0) frameComplete();
      encLen = 0;
      overflow = false;
    }
    i = z + 1;
  }
}

/** Index of the first 0x00 in [from, end), or end. Eight bytes a step while none is among them. */
function zeroAt(ptr: usize, from: i32, end: i32): i32 {
  let i = from;
  while (i + 8 <= end) {
    const w = load<u64>(ptr + <usize>i);
    if (((w - 0x0101010101010101) & ~w & 0x8080808080808080) != 0) break;
    i += 8;
  }
  while (i < end && load<u8>(ptr + <usize>i) != 0) i++;
  return i;
}

function frameComplete(): void {
  const d = changetype<usize>(dec);
  const n = cobsDecode(changetype<usize>(enc), encLen, d);
  if (n < FRAME_HEADER_BYTES + FRAME_CRC_BYTES || n > FRAME_MAX_RAW) {
    statAdd(STAT_FRAMING_ERRORS, 1);
    return;
  }
  const body = n - FRAME_CRC_BYTES;
  if (load<u32>(d + <usize>body) != crc32c(d, body)) {
    statAdd(STAT_CRC_ERRORS, 1);
    return;
  }
  const seq = <i32>load<u16>(d + 2);
  if (lastSeq >= 0) {
    const gap = (seq - lastSeq - 1) & 0xFFFF;
    if (gap != 0) statAdd(STAT_SEQ_GAPS, gap < 0x8000 ? <f64>gap : 1);
  }
  lastSeq = seq;
  if (<i32>load<u8>(d) != PROTOCOL_VERSION) {
    statAdd(STAT_BAD_FRAMES, 1);
    return;
  }
  const len = authOpen(d, body); // the payload without its authentication trailer
  if (len == -1) return; // refused and counted (authFailed, authReplayed): as if never received
  if (len >= 0 && dispatchFrame(<i32>load<u8>(d + 1) & ~FRAME_AUTH, seq, d + <usize>FRAME_HEADER_BYTES, len)) {
    statAdd(STAT_FRAMES_OK, 1);
  } else {
    statAdd(STAT_BAD_FRAMES, 1);
  }
}
