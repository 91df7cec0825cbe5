// CRC-32C (Castagnoli), reflected, slicing-by-16: sixteen 256-entry tables (16 KiB, filled once at
// start-up) let the loop take 16 bytes per step with independent lookups; the chain from one step's CRC
// to the next is as long as slicing-by-8's for twice the bytes. Table k maps a byte to its CRC
// contribution k bytes further on.
const TABLES: i32 = 16;
const table = new StaticArray<u32>(256 * TABLES);

export function crcInit(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = (c & 1) ? (0x82F63B78 ^ (c >>> 1)) : (c >>> 1);
    unchecked(table[n] = c);
  }
  for (let n = 0; n < 256; n++) {
    let c = unchecked(table[n]);
    for (let k = 1; k < TABLES; k++) {
      c = unchecked(table[c & 0xFF]) ^ (c >>> 8);
      unchecked(table[k * 256 + n] = c);
    }
  }
}

// @ts-ignore: decorator
@inline function t(k: i32, byte: u32): u32 {
  return load<u32>(changetype<usize>(table) + ((<usize>(k * 256) + <usize>byte) << 2));
}

export function crc32c(ptr: usize, len: i32): u32 {
  assert(len >= 0);
  let c: u32 = 0xFFFFFFFF;
  let i = 0;
  const bulk = len & ~15;
  while (i < bulk) {
    const a = load<u32>(ptr + <usize>i) ^ c;
    const b = load<u32>(ptr + <usize>i + 4);
    const d = load<u32>(ptr + <usize>i + 8);
    const e = load<u32>(ptr + <usize>i + 12);
    c = (t(15, a & 0xFF) ^ t(14, (a >>> 8) & 0xFF) ^ t(13, (a >>> 16) & 0xFF) ^ t(12, a >>> 24))
      ^ (t(11, b & 0xFF) ^ t(10, (b >>> 8) & 0xFF) ^ t(9, (b >>> 16) & 0xFF) ^ t(8, b >>> 24))
      ^ (t(7, d & 0xFF) ^ t(6, (d >>> 8) & 0xFF) ^ t(5, (d >>> 16) & 0xFF) ^ t(4, d >>> 24))
      ^ (t(3, e & 0xFF) ^ t(2, (e >>> 8) & 0xFF) ^ t(1, (e >>> 16) & 0xFF) ^ t(0, e >>> 24));
    i += 16;
  }
  while (i < len) {
    c = t(0, (c ^ <u32>load<u8>(ptr + <usize>i)) & 0xFF) ^ (c >>> 8);
    i++;
  }
  return c ^ 0xFFFFFFFF;
}
