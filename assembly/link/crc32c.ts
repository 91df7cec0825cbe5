// CRC-32C (Castagnoli), reflected, table-driven. The table is filled once at start-up.
const table = new StaticArray<u32>(256);

export function crcInit(): void {
  for (let n: u32 = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = (c & 1) ? (0x82F63B78 ^ (c >>> 1)) : (c >>> 1);
    unchecked(table[n] = c);
  }
}

export function crc32c(ptr: usize, len: i32): u32 {
  let c: u32 = 0xFFFFFFFF;
  for (let i = 0; i < len; i++) {
    c = unchecked(table[(c ^ <u32>load<u8>(ptr + <usize>i)) & 0xFF]) ^ (c >>> 8);
  }
  return c ^ 0xFFFFFFFF;
}
