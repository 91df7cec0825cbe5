// The firmware's own small PRNG (xorshift32) for its built-in synthetic raids: no import, no clock, the
// same sequence on every engine. Gaussian draws by Box–Muller on the wasm NativeMath.
let state: u32 = 1;

export function rngSeed(seed: u32): void { state = seed != 0 ? seed : 0x9E3779B9; }
export function rngState(): u32 { return state; }
export function rngRestore(s: u32): void { state = s; }

export function nextU32(): u32 {
  let x = state;
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  state = x;
  return x;
}
export function uniform(): f64 { return <f64>(nextU32() >>> 8) / 16777216.0; }
export function normal(): f64 {
  const u = max(uniform(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}
