// Updater: Kalman measurement update with a Cartesian position measurement (H = [I 0]) in Joseph form,
// P⁺ = (I − KH) P (I − KH)ᵀ + K R Kᵀ, written out on 3x3 blocks so it stays cheap and symmetric.
import { real } from "../board";
import { M, m, mset, mul, mulT, addTo, invSym } from "../math/mat3";
import { tx, ty, tz, tvx, tvy, tvz, cov, COV } from "./tracks";
import { zx, zy, zz, plotR } from "../plots";
import { symIndex } from "./predict";

// Scratch blocks in M.
const A: i32 = 0, B: i32 = 9, C: i32 = 18, S: i32 = 27, SI: i32 = 36, KP: i32 = 45, KV: i32 = 54;
const MM: i32 = 63, NN: i32 = 72, T1: i32 = 81, T2: i32 = 90, T3: i32 = 99, RR: i32 = 108, T4: i32 = 117;

function loadBlocks(c: i32): void {
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    mset(A, i, j, unchecked(cov[c + symIndex(i, j)]));
    mset(B, i, j, unchecked(cov[c + 6 + i * 3 + j]));
    mset(C, i, j, unchecked(cov[c + 15 + symIndex(i, j)]));
  }
}

function loadR(p: i32): void {
  const r = p * 6;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) mset(RR, i, j, unchecked(plotR[r + symIndex(i, j)]));
}

/** Updates track slot `s` (already predicted to the plot's time) with plot `p`. False if S is singular. */
export function updateWithPlot(s: i32, p: i32): bool {
  const c = s * COV;
  loadBlocks(c);
  loadR(p);
  for (let k = 0; k < 9; k++) unchecked(M[S + k] = M[A + k] + M[RR + k]);
  if (!(invSym(S, SI) > 0)) return false;
  mul(A, SI, KP); // Kp = Ppp S⁻¹
  // Kv = Ppvᵀ S⁻¹
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    mset(KV, i, j, m(B, 0, i) * m(SI, 0, j) + m(B, 1, i) * m(SI, 1, j) + m(B, 2, i) * m(SI, 2, j));
  }
  const nx = unchecked(zx[p]) - unchecked(tx[s]);
  const ny = unchecked(zy[p]) - unchecked(ty[s]);
  const nz = unchecked(zz[p]) - unchecked(tz[s]);
  unchecked(tx[s] += m(KP, 0, 0) * nx + m(KP, 0, 1) * ny + m(KP, 0, 2) * nz);
  unchecked(ty[s] += m(KP, 1, 0) * nx + m(KP, 1, 1) * ny + m(KP, 1, 2) * nz);
  unchecked(tz[s] += m(KP, 2, 0) * nx + m(KP, 2, 1) * ny + m(KP, 2, 2) * nz);
  unchecked(tvx[s] += m(KV, 0, 0) * nx + m(KV, 0, 1) * ny + m(KV, 0, 2) * nz);
  unchecked(tvy[s] += m(KV, 1, 0) * nx + m(KV, 1, 1) * ny + m(KV, 1, 2) * nz);
  unchecked(tvz[s] += m(KV, 2, 0) * nx + m(KV, 2, 1) * ny + m(KV, 2, 2) * nz);
  // M = I − Kp, N = −Kv
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
    mset(MM, i, j, (i == j ? <real>1 : <real>0) - m(KP, i, j));
    mset(NN, i, j, -m(KV, i, j));
  }
  // pp = M A Mᵀ + Kp R Kpᵀ
  mul(MM, A, T1);            // T1 = M A
  mulT(T1, MM, T2);          // T2 = M A Mᵀ
  mul(KP, RR, T3);           // T3 = Kp R
  mulT(T3, KP, T4); addTo(T2, T4);
  storeSym(c, T2);
  // pv = (M A) Nᵀ + M B + (Kp R) Kvᵀ
  mulT(T1, NN, T2);
  mul(MM, B, T4); addTo(T2, T4);
  mulT(T3, KV, T4); addTo(T2, T4);
  for (let k = 0; k < 9; k++) unchecked(cov[c + 6 + k] = M[T2 + k]);
  // vv = (N A + Bᵀ) Nᵀ + N B + C + Kv R Kvᵀ
  mul(NN, A, T1);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) unchecked(M[T1 + i * 3 + j] += m(B, j, i));
  mulT(T1, NN, T2);
  mul(NN, B, T4); addTo(T2, T4);
  addTo(T2, C);
  mul(KV, RR, T3);
  mulT(T3, KV, T4); addTo(T2, T4);
  storeSym(c + 15, T2);
  return true;
}

/** Stores the symmetric part of block `blk` as 6 unique values at cov[at..]. */
function storeSym(at: i32, blk: i32): void {
  const h: real = 0.5;
  unchecked(cov[at] = m(blk, 0, 0));
  unchecked(cov[at + 1] = (m(blk, 0, 1) + m(blk, 1, 0)) * h);
  unchecked(cov[at + 2] = (m(blk, 0, 2) + m(blk, 2, 0)) * h);
  unchecked(cov[at + 3] = m(blk, 1, 1));
  unchecked(cov[at + 4] = (m(blk, 1, 2) + m(blk, 2, 1)) * h);
  unchecked(cov[at + 5] = m(blk, 2, 2));
}
