// Consistent Overhead Byte Stuffing (Cheshire & Baker 1999). Removes every 0x00 from a frame so that
// 0x00 can delimit frames on the wire; costs at most one byte per 254 bytes of data.
// The encoder matches the published algorithm exactly (a block of 254 non-zero bytes that ends the
// data gets no trailing code byte), so the published example vectors hold byte for byte.

const MAX_BLOCK = 0xff; // code byte of a full block: 254 data bytes, no implied zero

/** Worst-case encoded length (without the 0x00 delimiter) of `n` data bytes. */
export function cobsMaxEncodedLength(n: number): number {
  return n + Math.max(1, Math.ceil(n / 254));
}

/** COBS-encodes `data`; the result contains no 0x00 and carries no delimiter. */
export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(data.length));
  let codeAt = 0; // where the current block's code byte goes
  let o = 1;
  let code = 1; // 1 + number of data bytes in the current block
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b !== 0) {
      out[o++] = b;
      code++;
    }
    if (b === 0 || code === MAX_BLOCK) {
      out[codeAt] = code;
      code = 1;
      codeAt = o;
      // A full block that ends the data needs no further (empty) block.
      if (b === 0 || i < data.length - 1) o++;
    }
  }
  if (codeAt < o) out[codeAt] = code;
  return out.slice(0, o);
}

/**
 * Decodes one COBS block sequence (without its 0x00 delimiter). Returns null when the input is
 * malformed: empty, containing a 0x00, or with a code byte that runs past the end.
 */
export function cobsDecode(encoded: Uint8Array): Uint8Array | null {
  if (encoded.length === 0) return null; // even empty data encodes to one byte (0x01)
  const out = new Uint8Array(encoded.length); // decoding never grows the data
  let i = 0;
  let o = 0;
  while (i < encoded.length) {
    const code = encoded[i++];
    if (code === 0) return null;
    const end = i + code - 1;
    if (end > encoded.length) return null;
    for (; i < end; i++) {
      const b = encoded[i];
      if (b === 0) return null;
      out[o++] = b;
    }
    // Every block but a full one stands for a zero after its data, except the last block,
    // whose zero is the delimiter itself.
    if (code !== MAX_BLOCK && i < encoded.length) out[o++] = 0;
  }
  return out.slice(0, o);
}
