// SHA-256 (FIPS 180-4), streaming, on static buffers only: one running state (the firmware computes one
// digest at a time), a 64-byte block buffer and the 64-word message schedule. Every loop is bounded by a
// block's 64 bytes or rounds, or by the length given. Big-endian words as the standard writes them.

// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
// Initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
const IV = memory.data<u32>([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

export const SHA256_BLOCK: i32 = 64;
export const SHA256_DIGEST: i32 = 32;

const H = memory.data(32); // running state, 8 words
const W = memory.data(64 * 4); // message schedule
const block = memory.data(SHA256_BLOCK); // bytes of the block being filled
let fill: i32 = 0; // bytes in `block`
let total: u64 = 0; // bytes hashed, in all

// @ts-ignore: decorator
@inline function rotr(x: u32, n: u32): u32 { return (x >>> n) | (x << (32 - n)); }
// @ts-ignore: decorator
@inline function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }

/** Compresses the 64 bytes at `p` into the running state. */
function compress(p: usize): void {
  for (let t = 0; t < 16; t++) store<u32>(W + <usize>(t << 2), be32(p + <usize>(t << 2)));
  for (let t = 16; t < 64; t++) {
    const w15 = load<u32>(W + <usize>((t - 15) << 2)), w2 = load<u32>(W + <usize>((t - 2) << 2));
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    store<u32>(W + <usize>(t << 2), load<u32>(W + <usize>((t - 16) << 2)) + s0 + load<u32>(W + <usize>((t - 7) << 2)) + s1);
  }
  let a = load<u32>(H), b = load<u32>(H, 4), c = load<u32>(H, 8), d = load<u32>(H, 12);
  let e = load<u32>(H, 16), f = load<u32>(H, 20), g = load<u32>(H, 24), h = load<u32>(H, 28);
  for (let t = 0; t < 64; t++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + s1 + ch + load<u32>(K + <usize>(t << 2)) + load<u32>(W + <usize>(t << 2));
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = s0 + maj;
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  store<u32>(H, load<u32>(H) + a); store<u32>(H, load<u32>(H, 4) + b, 4);
  store<u32>(H, load<u32>(H, 8) + c, 8); store<u32>(H, load<u32>(H, 12) + d, 12);
  store<u32>(H, load<u32>(H, 16) + e, 16); store<u32>(H, load<u32>(H, 20) + f, 20);
  store<u32>(H, load<u32>(H, 24) + g, 24); store<u32>(H, load<u32>(H, 28) + h, 28);
}

/** Starts a digest from the standard initial value. */
export function shaBegin(): void {
  memory.copy(H, IV, 32);
  fill = 0;
  total = 0;
}

/** Starts a digest from a saved state after `blocks` whole blocks (an HMAC key's padded block). */
export function shaResume(state: usize, blocks: i32): void {
  memory.copy(H, state, 32);
  fill = 0;
  total = <u64>blocks * <u64>SHA256_BLOCK;
}

/** The running state (after whole blocks only: `fill` is 0), copied to `out` (32 bytes). */
export function shaState(out: usize): void {
  assert(fill == 0);
  memory.copy(out, H, 32);
}

/** Hashes `len` bytes at `p`. */
export function shaUpdate(p: usize, len: i32): void {
  assert(len >= 0);
  total += <u64>len;
  let i = 0;
  if (fill > 0) {
    const take = min(len, SHA256_BLOCK - fill);
    memory.copy(block + <usize>fill, p, <usize>take);
    fill += take;
    i = take;
    if (fill < SHA256_BLOCK) return;
    compress(block);
    fill = 0;
  }
  while (len - i >= SHA256_BLOCK) {
    compress(p + <usize>i);
    i += SHA256_BLOCK;
  }
  if (i < len) {
    memory.copy(block, p + <usize>i, <usize>(len - i));
    fill = len - i;
  }
}

/** Pads, compresses the last block(s) and writes the 32-byte digest to `out`. */
export function shaFinish(out: usize): void {
  const bits = total << 3;
  store<u8>(block + <usize>fill, 0x80);
  fill++;
  if (fill > SHA256_BLOCK - 8) {
    memory.fill(block + <usize>fill, 0, <usize>(SHA256_BLOCK - fill));
    compress(block);
    fill = 0;
  }
  memory.fill(block + <usize>fill, 0, <usize>(SHA256_BLOCK - 8 - fill));
  store<u64>(block + <usize>(SHA256_BLOCK - 8), bswap<u64>(bits));
  compress(block);
  fill = 0;
  for (let k = 0; k < 8; k++) store<u32>(out + <usize>(k << 2), bswap<u32>(load<u32>(H + <usize>(k << 2))));
}
