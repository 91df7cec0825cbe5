// CRC-32C (Castagnoli), the frame check of the wire protocol (docs/wire-protocol.md, "Framing"):
// reflected polynomial 0x82F63B78, init 0xFFFFFFFF, final xor 0xFFFFFFFF.
// Chosen over CRC-32 (IEEE) for its better Hamming distance at frame lengths up to 2048 bytes.

const POLY_REFLECTED = 0x82f63b78;

// One entry per byte value: the CRC register after shifting that byte through 8 bitwise steps.
// Built once at load; 1 KiB.
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C of `data[start..end)`, as an unsigned 32-bit number. */
export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  // An out-of-range index would read `undefined` and silently produce a wrong CRC.
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= data.length)) {
    throw new RangeError(`crc32c: bad range [${start}, ${end}) for ${data.length} bytes`);
  }
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
