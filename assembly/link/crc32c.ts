// CRC-32C (Castagnoli), reflected, slicing-by-8: eight 256-entry tables (8 KiB, filled once at start-up)
// let the loop take 8 bytes per step with independent lookups, about 4× the speed of the byte-wise
// table on V8 and on the interpreters. Table k maps a byte to its CRC contribution k bytes further on.
const TABLES: i32 = 8;
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
  const bulk = len & ~7;
  while (i < bulk) {
    const lo = load<u32>(ptr + <usize>i) ^ c;
    const hi = load<u32>(ptr + <usize>i + 4);
    c = t(7, lo & 0xFF) ^ t(6, (lo >>> 8) & 0xFF) ^ t(5, (lo >>> 16) & 0xFF) ^ t(4, lo >>> 24)
      ^ t(3, hi & 0xFF) ^ t(2, (hi >>> 8) & 0xFF) ^ t(1, (hi >>> 16) & 0xFF) ^ t(0, hi >>> 24);
    i += 8;
  }
  while (i < len) {
    c = t(0, (c ^ <u32>load<u8>(ptr + <usize>i)) & 0xFF) ^ (c >>> 8);
    i++;
  }
  return c ^ 0xFFFFFFFF;
}
