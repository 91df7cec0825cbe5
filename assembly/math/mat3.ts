// 3x3 kernels on a small static scratch area. Matrices are dense row-major blocks of 9 `real`s addressed
// by their offset in `M`; the Kalman filter works on its 6x6 covariance as four such blocks.
import { real } from "../board";

export const M = new StaticArray<real>(16 * 9);

// @ts-ignore: decorator
@inline export function m(off: i32, i: i32, j: i32): real { return unchecked(M[off + i * 3 + j]); }
// @ts-ignore: decorator
@inline export function mset(off: i32, i: i32, j: i32, v: real): void { unchecked(M[off + i * 3 + j] = v); }

/** out = a·b */
export function mul(a: i32, b: i32, out: i32): void {
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    mset(out, i, j, m(a, i, 0) * m(b, 0, j) + m(a, i, 1) * m(b, 1, j) + m(a, i, 2) * m(b, 2, j));
  }
}
/** out = a·bᵀ */
export function mulT(a: i32, b: i32, out: i32): void {
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    mset(out, i, j, m(a, i, 0) * m(b, j, 0) + m(a, i, 1) * m(b, j, 1) + m(a, i, 2) * m(b, j, 2));
  }
}
/** out = aᵀ·b */
export function Tmul(a: i32, b: i32, out: i32): void {
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    mset(out, i, j, m(a, 0, i) * m(b, 0, j) + m(a, 1, i) * m(b, 1, j) + m(a, 2, i) * m(b, 2, j));
  }
}
/** out += a */
export function addTo(out: i32, a: i32): void {
  for (let k = 0; k < 9; k++) unchecked(M[out + k] += M[a + k]);
}
/** Inverse of a symmetric positive-definite a into out; returns the determinant (≤ 0: not invertible). */
export function invSym(a: i32, out: i32): real {
  const a00 = m(a, 0, 0), a01 = m(a, 0, 1), a02 = m(a, 0, 2), a11 = m(a, 1, 1), a12 = m(a, 1, 2), a22 = m(a, 2, 2);
  const c00 = a11 * a22 - a12 * a12;
  const c01 = a02 * a12 - a01 * a22;
  const c02 = a01 * a12 - a02 * a11;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (!(det > 0)) return det;
  const inv = <real>1 / det;
  mset(out, 0, 0, c00 * inv); mset(out, 0, 1, c01 * inv); mset(out, 0, 2, c02 * inv);
  mset(out, 1, 0, c01 * inv); mset(out, 1, 1, (a00 * a22 - a02 * a02) * inv); mset(out, 1, 2, (a01 * a02 - a00 * a12) * inv);
  mset(out, 2, 0, c02 * inv); mset(out, 2, 1, (a01 * a02 - a00 * a12) * inv); mset(out, 2, 2, (a00 * a11 - a01 * a01) * inv);
  return det;
}
