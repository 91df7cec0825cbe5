// Transmit side: builds raw frames in a scratch buffer, seals them with the CRC and COBS-encodes them
// into the transmit buffer the host reads after `ingest` or `step`.
import { FRAME_HEADER_BYTES, FRAME_CRC_BYTES, FRAME_MAX_RAW, PROTOCOL_VERSION, STAT_TX_OVERFLOWS } from "../protocol";
import { TX_CAPACITY } from "../limits";
import { crc32c } from "./crc32c";
import { cobsEncode } from "./cobs";
import { statAdd } from "../stats";

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
export function txPayloadRoom(): i32 { return FRAME_MAX_RAW - FRAME_HEADER_BYTES - FRAME_CRC_BYTES; }

/** Most bytes a frame of `payloadLen` payload bytes takes in the transmit buffer: COBS (one overhead byte
 *  per 254 and one more) and the delimiter. */
export function txWireBytes(payloadLen: i32): i32 {
  const raw = FRAME_HEADER_BYTES + payloadLen + FRAME_CRC_BYTES;
  return raw + raw / 254 + 2;
}
/** Bytes still free in the transmit buffer. */
export function txRoom(): i32 { return TX_CAPACITY - txLen; }

/** Seals the scratch frame holding `payloadLen` bytes and appends it to the transmit buffer. */
export function txSend(type: i32, payloadLen: i32): bool {
  assert(payloadLen >= 0 && payloadLen <= txPayloadRoom());
  if (txLen + txWireBytes(payloadLen) > TX_CAPACITY) {
    statAdd(STAT_TX_OVERFLOWS, 1);
    return false;
  }
  const base = changetype<usize>(raw);
  store<u8>(base, <u8>PROTOCOL_VERSION);
  store<u8>(base + 1, <u8>type);
  store<u16>(base + 2, txSeq);
  txSeq++;
  const body = FRAME_HEADER_BYTES + payloadLen;
  store<u32>(base + <usize>body, crc32c(base, body));
  const n = cobsEncode(base, body + FRAME_CRC_BYTES, changetype<usize>(txBuf) + <usize>txLen);
  txLen += n;
  unchecked(txBuf[txLen] = 0);
  txLen++;
  return true;
}
