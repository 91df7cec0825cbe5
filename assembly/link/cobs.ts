// Consistent Overhead Byte Stuffing (Cheshire & Baker 1999): removes every 0x00 so that 0x00 can end a
// frame. Both directions work between caller-owned buffers; nothing allocates.

/** Encodes `len` bytes at `src` into `dst` (room for len + len/254 + 1). Returns the encoded length. */
export function cobsEncode(src: usize, len: i32, dst: usize): i32 {
  let codeAt: i32 = 0;
  let out: i32 = 1;
  let code: u32 = 1;
  for (let i = 0; i < len; i++) {
    const b = load<u8>(src + <usize>i);
    if (b == 0) {
      store<u8>(dst + <usize>codeAt, <u8>code);
      codeAt = out++;
      code = 1;
    } else {
      store<u8>(dst + <usize>(out++), b);
      code++;
      if (code == 0xFF) {
        store<u8>(dst + <usize>codeAt, <u8>code);
        codeAt = out++;
        code = 1;
      }
    }
  }
  store<u8>(dst + <usize>codeAt, <u8>code);
  return out;
}

/** Decodes `len` COBS bytes (no delimiter) from `src` into `dst`. Returns the length, or -1 if malformed.
 *  `src` holds no 0x00: the deframer cut the frame at the delimiters (rx.ts), so no data byte is checked
 *  for one. */
export function cobsDecode(src: usize, len: i32, dst: usize): i32 {
  // While no block is full (code 0xFF), the decoded bytes are the encoded ones one place early, each
  // block's code byte giving way to the zero it stands for: one bulk copy, then a walk over the codes.
  if (len > 1) memory.copy(dst, src + 1, <usize>(len - 1));
  let i: i32 = 0;
  let out: i32 = 0;
  let guard = len + 1;
  while (i < len && guard-- > 0) {
    const code = <i32>load<u8>(src + <usize>i);
    if (code == 0xFF) break;
    if (code == 0) return -1;
    const next = i + code; // the next code byte; this block's data sits at dst[i .. next - 1)
    if (next > len) return -1;
    out = next - 1;
    if (next < len) store<u8>(dst + <usize>(out++), 0);
    i = next;
  }
  // From the first full block on, byte by byte (out == i here: no block so far dropped its zero).
  while (i < len && guard-- > 0) {
    const code = <i32>load<u8>(src + <usize>i);
    if (code == 0) return -1;
    i++;
    const end = i + code - 1;
    if (end > len) return -1;
    while (i < end) {
      store<u8>(dst + <usize>(out++), load<u8>(src + <usize>i));
      i++;
    }
    if (code != 0xFF && i < len) store<u8>(dst + <usize>(out++), 0);
  }
  return out;
}
