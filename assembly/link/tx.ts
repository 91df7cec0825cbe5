// Transmit side: builds raw frames in a scratch buffer, seals them with the CRC and COBS-encodes them
// into the transmit buffer the host reads after `ingest` or `step`. ORDER, ACK and TELEMETRY get the
// authentication trailer when a key is provisioned (auth.ts).
import { FRAME_HEADER_BYTES, FRAME_CRC_BYTES, FRAME_MAX_RAW, PROTOCOL_VERSION, STAT_TX_OVERFLOWS, AUTH_TRAILER_BYTES } from "../protocol";
import { TX_CAPACITY } from "../limits";
import { crc32c } from "./crc32c";
import { cobsEncode } from "./cobs";
import { statAdd } from "../stats";
import { authKeyed, authSeal, authTrailerBytes } from "./auth";

const txBuf = new StaticArray<u8>(TX_CAPACITY);
const raw = new StaticArray<u8>(FRAME_MAX_RAW);
let txLen: i32 = 0;
let txSeq: u16 = 0;

export function txPtr(): usize { return changetype<usize>(txBuf); }
export function txLength(): i32 { return txLen; }
export function txClear(): void { txLen = 0; }
export function txReset(): void { txLen = 0; txSeq = 0; }

/** Start of the payload area in the scratch frame; callers write at most `txPayloadRoom()` bytes there. */
export function txPayload(): usize { return changetype<usize>(raw) + <usize>FRAME_HEADER_BYTES; }
/** Payload room; an authenticated type (ORDER, ACK, TELEMETRY) leaves AUTH_TRAILER_BYTES of it free. */
export function txPayloadRoom(): i32 { return FRAME_MAX_RAW - FRAME_HEADER_BYTES - FRAME_CRC_BYTES; }

/** Most bytes a frame of `payloadLen` payload bytes takes in the transmit buffer: COBS (one overhead byte
 *  per 254 and one more) and the delimiter; with a key, the authentication trailer too (whatever the type). */
export function txWireBytes(payloadLen: i32): i32 {
  const raw = FRAME_HEADER_BYTES + payloadLen + (authKeyed() ? AUTH_TRAILER_BYTES : 0) + FRAME_CRC_BYTES;
  return raw + raw / 254 + 2;
}
/** Bytes still free in the transmit buffer. */
export function txRoom(): i32 { return TX_CAPACITY - txLen; }

/** Seals the scratch frame holding `payloadLen` bytes and appends it to the transmit buffer. */
export function txSend(type: i32, payloadLen: i32): bool {
  const trailer = authTrailerBytes(type);
  assert(payloadLen >= 0 && payloadLen + trailer <= txPayloadRoom());
  const wire = FRAME_HEADER_BYTES + payloadLen + trailer + FRAME_CRC_BYTES;
  if (txLen + wire + wire / 254 + 2 > TX_CAPACITY) {
    statAdd(STAT_TX_OVERFLOWS, 1);
    return false;
  }
  const base = changetype<usize>(raw);
  store<u8>(base, <u8>PROTOCOL_VERSION);
  store<u8>(base + 1, <u8>type);
  store<u16>(base + 2, txSeq);
  txSeq++;
  const body = authSeal(base, FRAME_HEADER_BYTES + payloadLen);
  store<u32>(base + <usize>body, crc32c(base, body));
  const n = cobsEncode(base, body + FRAME_CRC_BYTES, changetype<usize>(txBuf) + <usize>txLen);
  txLen += n;
  unchecked(txBuf[txLen] = 0);
  txLen++;
  return true;
}
