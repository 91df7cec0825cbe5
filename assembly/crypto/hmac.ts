// HMAC-SHA-256 (RFC 2104, FIPS 198-1) on the static SHA-256 engine. A key is kept as its two midstates:
// the SHA-256 states after compressing the padded key XOR ipad and XOR opad (64 bytes in all), computed
// once when the key is set. A MAC then costs the message's blocks plus two, and the raw key is not kept.
import { SHA256_BLOCK, SHA256_DIGEST, shaBegin, shaResume, shaState, shaUpdate, shaFinish } from "./sha256";

/** Bytes of a key's state: the inner and the outer midstate. */
export const HMAC_KEY_STATE: i32 = 64;

const pad = memory.data(SHA256_BLOCK); // the key block XOR ipad / opad
const inner = memory.data(SHA256_DIGEST); // the inner digest

/** Sets the key state at `state` (HMAC_KEY_STATE bytes) from `len` key bytes at `key`: a key longer than
 *  a block is hashed first (RFC 2104). The key block is wiped afterwards. */
export function hmacKey(state: usize, key: usize, len: i32): void {
  assert(len >= 0);
  memory.fill(pad, 0, SHA256_BLOCK);
  if (len > SHA256_BLOCK) {
    shaBegin();
    shaUpdate(key, len);
    shaFinish(pad);
  } else {
    memory.copy(pad, key, <usize>len);
  }
  for (let i = 0; i < SHA256_BLOCK; i++) store<u8>(pad + <usize>i, load<u8>(pad + <usize>i) ^ 0x36);
  shaBegin();
  shaUpdate(pad, SHA256_BLOCK);
  shaState(state);
  for (let i = 0; i < SHA256_BLOCK; i++) store<u8>(pad + <usize>i, load<u8>(pad + <usize>i) ^ (0x36 ^ 0x5c));
  shaBegin();
  shaUpdate(pad, SHA256_BLOCK);
  shaState(state + <usize>SHA256_DIGEST);
  memory.fill(pad, 0, SHA256_BLOCK);
  memory.fill(inner, 0, SHA256_DIGEST);
}

/** Starts a MAC under the key state at `state`; the message follows through hmacUpdate. */
export function hmacBegin(state: usize): void { shaResume(state, 1); }

export function hmacUpdate(p: usize, len: i32): void { shaUpdate(p, len); }

/** Ends the MAC begun under `state` and writes the 32-byte tag to `out`. */
export function hmacFinish(state: usize, out: usize): void {
  shaFinish(inner);
  shaResume(state + <usize>SHA256_DIGEST, 1);
  shaUpdate(inner, SHA256_DIGEST);
  shaFinish(out);
}

/** The MAC of `len` bytes at `p` under `state`, to `out` (32 bytes). */
export function hmac(state: usize, p: usize, len: i32, out: usize): void {
  hmacBegin(state);
  hmacUpdate(p, len);
  hmacFinish(state, out);
}

/** Whether the `len` bytes at `a` and `b` are equal, in time that does not depend on where they differ. */
export function equalConstantTime(a: usize, b: usize, len: i32): bool {
  let d: u32 = 0;
  for (let i = 0; i < len; i++) d |= <u32>(load<u8>(a + <usize>i) ^ load<u8>(b + <usize>i));
  return d == 0;
}
