// Gating. Coarse: a uniform grid (hashed) over the tracks' predicted horizontal positions, with a cell
// no smaller than the largest gate, so a plot need only look at its own and the 8 neighbouring cells.
// Fine: chi-square test on the Mahalanobis distance of the innovation at the plot's own time. Each gated
// pair gets the GNN cost −ln[Pd·N(ν; 0, S) / ((1 − Pd)·β)]: negative when assigning beats "track missed,
// plot is new or false".
import { real, MAX_TRACKS, MAX_PLOTS } from "../board";
import { GRID_BUCKETS, MAX_PAIRS } from "../limits";
import { rsqrt, rlog } from "../real";
import { STAT_GATE_PAIRS, STAT_PAIRS_DROPPED, STAT_GATES_OFF_GRID, STAT_COSTS_CLAMPED, STAT_GATE_WORK, STAT_PLOTS_UNGATED, TRACK_TENTATIVE } from "../protocol";
import { statAdd } from "../stats";
import { tx, ty, tz, tvx, tvy, tvz, cov, tTime, tHits, tStatus, active, trackCount, COV, live, slotLimit } from "./tracks";
import { zx, zy, zz, plotR, plotTime } from "../plots";
import { gateChi2, maxSpeed, newTargetDensity, initGuardChi2 } from "../params";
import { trackAccel } from "./process-noise";
import { symIndex } from "./predict";
import { truncSat } from "../util/trunc";

export const pairTrack = new StaticArray<i32>(MAX_PAIRS);
export const pairPlot = new StaticArray<i32>(MAX_PAIRS); // position in the batch
export const pairCost = new StaticArray<real>(MAX_PAIRS);
let pairs: i32 = 0;
export function pairCount(): i32 { return pairs; }
/** Batch positions [0, gatedCount()) were gated; the rest were left when the work bound was reached. */
let gated: i32 = 0;
export function gatedCount(): i32 { return gated; }

/**
 * Initiation guard, per batch position: the confirmed track whose gate the plot missed by the least, if
 * its Mahalanobis distance is within `initGuardChi2`, else -1. When that track gets no plot of this
 * batch, the plot is most likely its target's, scattered beyond the gate (split plots, the azimuth
 * jitter of a slow low target), and must not start a duplicate track (track/tracker.ts). When the track
 * did get its plot, the other one may be a second target and starts a track as usual.
 */
export const guardTrack = new StaticArray<i32>(MAX_PLOTS);
const guardD2 = new StaticArray<real>(MAX_PLOTS);

/** Batch: plot-pool indices of the plots being associated now (one sensor, up to the step time). */
export const batch = new StaticArray<i32>(MAX_PLOTS);

const SPAN: i32 = 5; // widest gate box, in cells per side, entered in the grid
// Largest cell index on either axis: plots lie within 1e7 m (a few 10⁴ cells), so a box reaching beyond
// 2^29 cells holds no plot's cell; below it, index arithmetic and spans cannot overflow an i32.
const CELL_LIMIT: real = 536870912;
const MAX_ENTRIES: i32 = MAX_TRACKS * 6;
// Buckets hold their entries, latest track first, in one of two forms, with the same result. Chains
// (head[b], entNext[e]) cost one pass to build; with many tracks the chains grow long and their dependent
// loads dominate, so from CONTIGUOUS_TRACKS tracks on the entries are placed contiguously instead,
// entTrack[head[b] .. head[b + 1]) (two passes to build, a plain scan to read).
const CONTIGUOUS_TRACKS: i32 = 4096;
// Coarse-gate candidates one batch may examine: above what a raid at the board's track capacity with as
// much clutter needs (the host board's 16 000-target raid peaks near 20 million: wide gates of fresh
// tracks, checked by every plot), a quarter of the N² of every plot in every gate. On the small boards
// N² itself is below it.
const GATE_WORK_BOUND: i32 = 2048 * (MAX_TRACKS + MAX_PLOTS);
// Buckets in use this batch: two per track or more (a power of two, at most GRID_BUCKETS), so clearing
// and summing them costs what the tracks do, not what the board could hold. Which cells share a bucket
// changes only the walk's length: a plot's candidates are the tracks whose boxes hold its cell, in the
// order they were entered.
let buckets: i32 = GRID_BUCKETS;
let bucketMask: i32 = GRID_BUCKETS - 1;
const head = new StaticArray<i32>(GRID_BUCKETS + 1);
const entTrack = new StaticArray<i32>(MAX_ENTRIES);
const entNext = new StaticArray<i32>(MAX_ENTRIES);
const wideList = new StaticArray<i32>(MAX_TRACKS);
let wide: i32 = 0;
const gx = new StaticArray<real>(MAX_TRACKS);
const gy = new StaticArray<real>(MAX_TRACKS);
const gr = new StaticArray<real>(MAX_TRACKS);
// Height bands (batches with one time): the grid's buckets are (cell, band) with bands of height 1/bandInv,
// and a track is entered in the bands its half-height gzr about its predicted height fz reaches. gzr bounds
// the fine test with the batch's largest measurement spread (a fresh track's reach; the vertical axis
// bound of the others), with a 1e-9 relative and 1 µm margin, so a plot in a band the track does not reach
// fails the fine test anyway. Targets and clutter are spread over kilometres of height, gates over
// hundreds of metres: a plot's walk meets the tracks near its height, not every track over its cell.
// bandInv = 0 (several plot times in the batch, or no bounded track) puts everything in band 0.
const gzr = new StaticArray<real>(MAX_TRACKS);
let bandInv: real = 0;
let band0: i32 = 0, band1: i32 = 0; // the bands of the batch's plots
const MAX_BANDS: real = 12; // the batch's plots span at most about this many bands
let rMax0: real = 0, rMax3: real = 0, rMax5: real = 0; // largest R xx, yy, zz of the batch
// The per-axis bound of the fine test (see fineGate), set per batch: the gate and the guard with a 1e-6
// relative margin.
let axisBound: real = 0;
// Fine-gate terms of each track at the plots' time: predicted position, Ppp(t) + q|dt|³/3·I (xx xy xz yy
// yz zz), and for a fresh track the trace of Ppp and maxSpeed·|dt|. When every plot of the batch has one
// time (a scan of a non-rotating radar) they are filled once per track, else once per candidate pair.
const fx = new StaticArray<real>(MAX_TRACKS);
const fy = new StaticArray<real>(MAX_TRACKS);
const fz = new StaticArray<real>(MAX_TRACKS);
const fS = new StaticArray<real>(MAX_TRACKS * 6);
const fTrace = new StaticArray<real>(MAX_TRACKS);
const fReach = new StaticArray<real>(MAX_TRACKS);
let oneTime = false;
const seen = new StaticArray<i32>(MAX_TRACKS); // last batch position that listed the slot
const cand = new StaticArray<i32>(MAX_TRACKS); // candidates of one plot: each track at most once
const LN_2PI_3: real = 5.513631199228036; // ln((2π)³)
// Most negative assignment cost kept: far below any real pair's (ln β of a 1e-45 density is about −110).
const COST_LIMIT: real = 1e6;

// @ts-ignore: decorator
@inline function bucket(ix: i32, iy: i32, iz: i32): i32 {
  return <i32>((<u32>ix * 73856093) ^ (<u32>iy * 19349663) ^ (<u32>iz * 83492791)) & bucketMask;
}

/** Gates the `n` batch plots against every active track; fills the pair arrays. */
export function gateBatch(n: i32, pd: real, falseDens: real): void {
  pairs = 0;
  gated = n;
  for (let j = 0; j < n; j++) { unchecked(guardTrack[j] = -1); unchecked(guardD2[j] = Infinity); }
  const nt = trackCount();
  if (nt == 0 || n == 0) return;
  // Reference time and spread of the batch, and the largest measurement spread in it.
  let t0 = unchecked(plotTime[batch[0]]), t1 = t0;
  let rMax: real = 0;
  rMax0 = 0; rMax3 = 0; rMax5 = 0;
  let zLow = unchecked(zz[batch[0]]), zHigh = zLow;
  for (let k = 0; k < n; k++) {
    const p = unchecked(batch[k]);
    const t = unchecked(plotTime[p]);
    t0 = min(t0, t); t1 = max(t1, t);
    rMax = max(rMax, unchecked(plotR[p * 6]) + unchecked(plotR[p * 6 + 3]));
    rMax0 = max(rMax0, unchecked(plotR[p * 6])); rMax3 = max(rMax3, unchecked(plotR[p * 6 + 3]));
    rMax5 = max(rMax5, unchecked(plotR[p * 6 + 5]));
    zLow = min(zLow, unchecked(zz[p])); zHigh = max(zHigh, unchecked(zz[p]));
  }
  const tRef = (t0 + t1) * 0.5; // t0 itself when the batch has one time
  oneTime = t0 == t1;
  const half = <real>((t1 - t0) * 0.0005);
  const g = rsqrt(max<real>(gateChi2, initGuardChi2)); // the coarse box must hold the guard too
  axisBound = max<real>(gateChi2, initGuardChi2) * <real>1.000001;
  // Gate boxes slot by slot (address order: the state arrays stream in), then their sum in list order.
  const end = slotLimit();
  for (let s = 0; s < end; s++) {
    if (!unchecked(live[s])) continue;
    const dt = <real>((tRef - unchecked(tTime[s])) * 0.001);
    const adt = abs<real>(dt) + half;
    unchecked(gx[s] = tx[s] + tvx[s] * dt);
    unchecked(gy[s] = ty[s] + tvy[s] * dt);
    if (oneTime) fillTerms(s, dt);
    const c = s * COV;
    const posVar = unchecked(cov[c]) + unchecked(cov[c + 3]);
    const velVar = unchecked(cov[c + 15]) + unchecked(cov[c + 18]);
    let r: real;
    if (unchecked(tHits[s]) <= 1) {
      r = maxSpeed * adt + 3 * rsqrt(posVar + rMax);
    } else {
      const speed = rsqrt(unchecked(tvx[s]) * unchecked(tvx[s]) + unchecked(tvy[s]) * unchecked(tvy[s]));
      const sig = rsqrt(posVar + rMax) + adt * rsqrt(velVar) + trackAccel(s) * adt * adt;
      r = g * sig + speed * half;
    }
    unchecked(gr[s] = r);
    let zr: real = Infinity;
    if (oneTime) {
      // The fine test's sums with the plot terms at their batch maxima: monotone in floating point.
      if (unchecked(tHits[s]) <= 1) {
        zr = unchecked(fReach[s]) + 3 * rsqrt(unchecked(fTrace[s]) + rMax0 + rMax3 + rMax5);
      } else if (unchecked(fS[s * 6 + 5]) > 0) {
        zr = rsqrt(axisBound * (unchecked(fS[s * 6 + 5]) + rMax5));
      }
      zr = zr * <real>1.000000001 + <real>0.000001;
    }
    unchecked(gzr[s] = zr);
  }
  let rSum: real = 0, zSum: real = 0;
  let bounded = 0;
  for (let k = 0; k < nt; k++) {
    const s = unchecked(active[k]);
    rSum += unchecked(gr[s]);
    const zr = unchecked(gzr[s]);
    if (zr < Infinity) { zSum += zr; bounded++; }
  }
  // Bands as high as the mean bounded half-height (a gate spans about two), coarser if the plots would
  // span more than MAX_BANDS. Only a batch of one time bounds any half-height.
  bandInv = 0; band0 = 0; band1 = 0;
  if (bounded > 0) {
    const height = max<real>(max<real>(zSum / <real>bounded, <real>50), (zHigh - zLow) / MAX_BANDS);
    bandInv = <real>1 / height;
    band0 = <i32>floor<real>(zLow * bandInv);
    band1 = <i32>floor<real>(zHigh * bandInv);
  }
  // Cell = twice the mean gate radius: a typical gate box covers at most 2 x 2 cells, so a plot looks in
  // its own cell only. A rare wide gate (a coasting or fresh track) is entered in every cell its box
  // covers, or, beyond SPAN x SPAN cells, in a short list every plot checks. One wide gate therefore no
  // longer coarsens the grid for everyone, which kept the cost linear in the number of tracks.
  const cell = min<real>(max<real>(<real>2 * rSum / <real>nt, <real>200), <real>200000);
  const inv = <real>1 / cell;
  const contiguous = nt >= CONTIGUOUS_TRACKS;
  buckets = min(GRID_BUCKETS, max(256, <i32>(1 << (32 - clz<u32>(<u32>(nt * 2 - 1))))));
  bucketMask = buckets - 1;
  if (contiguous) {
    // Count the entries of every bucket, then place them, each bucket's from its end backwards.
    memory.fill(changetype<usize>(head), 0, <usize>(buckets + 1) << 2);
    gridPass(nt, inv, 1);
    let acc = 0;
    for (let b = 0; b <= buckets; b++) {
      acc += unchecked(head[b]);
      unchecked(head[b] = acc);
    }
    gridPass(nt, inv, 2);
  } else {
    for (let b = 0; b < buckets; b++) unchecked(head[b] = -1);
    gridPass(nt, inv, 0);
  }
  let lnBeta = rlog((1 - pd) * (falseDens + newTargetDensity) / pd);
  // An f32 product can underflow to 0 (a tiny density with no clutter): the logarithm in f64 instead.
  if (!(lnBeta > -COST_LIMIT)) {
    statAdd(STAT_COSTS_CLAMPED, 1);
    lnBeta = max<real>(<real>Math.log((1 - <f64>pd) * (<f64>falseDens + <f64>newTargetDensity) / <f64>pd), -COST_LIMIT);
  }
  // Bounded work: once the pair pool is full (or the batch's coarse-gate work is at its bound) the plots
  // left are not gated, counted; the tracker starts no track from them.
  let work = 0;
  gated = n;
  for (let j = 0; j < n; j++) {
    if (pairs >= MAX_PAIRS || work >= GATE_WORK_BOUND) {
      gated = j;
      statAdd(STAT_PLOTS_UNGATED, <f64>(n - j));
      break;
    }
    const p = unchecked(batch[j]);
    const px = unchecked(zx[p]), py = unchecked(zy[p]);
    const iz = bandInv > 0 ? <i32>floor<real>(unchecked(zz[p]) * bandInv) : 0;
    // The coarse test only lists candidates, without branches; the fine test then runs on the short list.
    let nc = 0;
    const h = bucket(<i32>floor<real>(px * inv), <i32>floor<real>(py * inv), iz);
    let walked = 0;
    if (contiguous) {
      const end = unchecked(head[h + 1]);
      walked = end - unchecked(head[h]);
      for (let e = unchecked(head[h]); e < end; e++) nc = coarseGate(unchecked(entTrack[e]), j, px, py, nc);
    } else {
      let e = unchecked(head[h]);
      let guard = MAX_ENTRIES;
      while (e >= 0 && guard-- > 0) {
        nc = coarseGate(unchecked(entTrack[e]), j, px, py, nc);
        e = unchecked(entNext[e]);
      }
      walked = MAX_ENTRIES - max(guard, 0);
    }
    for (let w = 0; w < wide; w++) nc = coarseGate(unchecked(wideList[w]), j, px, py, nc);
    work += walked + wide;
    for (let c = 0; c < nc; c++) fineGate(unchecked(cand[c]), p, j, lnBeta);
  }
  statAdd(STAT_GATE_PAIRS, <f64>pairs);
  statAdd(STAT_GATE_WORK, <f64>work);
}

/** One pass over the tracks' gate boxes, entering each box's cells: mode 0 links chains, mode 1 counts
 *  entries per bucket, mode 2 places them. A box wider than SPAN cells, or one that no longer fits the
 *  entry pool, goes to the wide list instead; every pass makes the same choices. */
function gridPass(nt: i32, inv: real, mode: i32): void {
  let entries = 0;
  wide = 0;
  for (let k = 0; k < nt; k++) {
    const s = unchecked(active[k]);
    unchecked(seen[s] = -1);
    const r = unchecked(gr[s]);
    // Cell bounds in floating point first: a box beyond the grid's integer range (a plot stamped far from
    // the track's time, a huge reach) would saturate the conversion and wrap the span. It goes to the wide
    // list, whose coarse test compares in floating point; NaN fails every comparison and lands there too.
    const fx0 = floor<real>((unchecked(gx[s]) - r) * inv), fx1 = floor<real>((unchecked(gx[s]) + r) * inv);
    const fy0 = floor<real>((unchecked(gy[s]) - r) * inv), fy1 = floor<real>((unchecked(gy[s]) + r) * inv);
    if (!(fx0 >= -CELL_LIMIT && fx1 <= CELL_LIMIT && fy0 >= -CELL_LIMIT && fy1 <= CELL_LIMIT)) {
      if (mode != 1) statAdd(STAT_GATES_OFF_GRID, 1); // once a batch: modes 1 and 2 make the same choices
      unchecked(wideList[wide++] = s);
      continue;
    }
    const x0 = <i32>fx0, x1 = <i32>fx1, y0 = <i32>fy0, y1 = <i32>fy1;
    // Its bands among the plots'; none: no plot of the batch is within its height.
    let z0 = 0, z1 = 0;
    if (bandInv > 0) {
      const zr = unchecked(gzr[s]);
      if (zr < Infinity) {
        z0 = max(band0, truncSat(floor<real>((unchecked(fz[s]) - zr) * bandInv))); // a track's height is not bounded
        z1 = min(band1, truncSat(floor<real>((unchecked(fz[s]) + zr) * bandInv)));
        if (z0 > z1) continue;
      } else {
        z0 = band0; z1 = band1;
      }
    }
    const span = (x1 - x0 + 1) * (y1 - y0 + 1) * (z1 - z0 + 1);
    if (x1 - x0 >= SPAN || y1 - y0 >= SPAN || entries + span > MAX_ENTRIES) {
      unchecked(wideList[wide++] = s);
      continue;
    }
    if (mode != 0) entries += span; // mode 0 counts them as it links them
    for (let ix = x0; ix <= x1; ix++) for (let iy = y0; iy <= y1; iy++) for (let iz = z0; iz <= z1; iz++) {
      const h = bucket(ix, iy, iz);
      if (mode == 0) {
        unchecked(entTrack[entries] = s);
        unchecked(entNext[entries] = head[h]);
        unchecked(head[h] = entries++);
      } else if (mode == 1) {
        unchecked(head[h] += 1);
      } else {
        const at = unchecked(head[h]) - 1;
        unchecked(head[h] = at);
        unchecked(entTrack[at] = s);
      }
    }
  }
}

/** Appends track s to the candidates of plot j (batch position) when the plot lies in its gate box, once
 *  per plot (hash collisions can list a track twice); returns the new count. */
// @ts-ignore: decorator
@inline function coarseGate(s: i32, j: i32, px: real, py: real, nc: i32): i32 {
  const r = unchecked(gr[s]);
  const inBox = <i32>(abs<real>(px - unchecked(gx[s])) <= r) & <i32>(abs<real>(py - unchecked(gy[s])) <= r)
    & <i32>(unchecked(seen[s]) != j);
  unchecked(seen[s] = select<i32>(j, seen[s], inBox));
  unchecked(cand[nc] = s);
  return nc + inBox;
}

/** The fine-gate terms of track s at dt seconds from its state (see fS). */
// @ts-ignore: decorator
@inline function fillTerms(s: i32, dt: real): void {
  const c = s * COV;
  unchecked(fx[s] = tx[s] + tvx[s] * dt);
  unchecked(fy[s] = ty[s] + tvy[s] * dt);
  unchecked(fz[s] = tz[s] + tvz[s] * dt);
  // Ppp(t) = Ppp + dt(Ppv + Ppvᵀ) + dt² Pvv + q|dt|³/3 I
  const a = trackAccel(s);
  const q3 = a * a * abs<real>(dt) * dt * dt / 3;
  const b = s * 6;
  unchecked(fS[b] = sAt(c, 0, 0, dt) + q3);
  unchecked(fS[b + 1] = sAt(c, 0, 1, dt));
  unchecked(fS[b + 2] = sAt(c, 0, 2, dt));
  unchecked(fS[b + 3] = sAt(c, 1, 1, dt) + q3);
  unchecked(fS[b + 4] = sAt(c, 1, 2, dt));
  unchecked(fS[b + 5] = sAt(c, 2, 2, dt) + q3);
  unchecked(fTrace[s] = cov[c] + cov[c + 3] + cov[c + 5]);
  unchecked(fReach[s] = maxSpeed * abs<real>(dt));
}

/** Mahalanobis test of plot p (batch position j) against track s at the plot's time; records the pair.
 *  The cheap tests run first: a fresh track's reach sphere, then for the others the chi-square bound of
 *  each axis alone (d² ≥ νᵢ²/Sᵢᵢ for a positive-definite S), which rejects most candidates of the coarse
 *  gate before the 3 × 3 inverse. The bound keeps a 1e-6 relative margin, far above the rounding of d²,
 *  so a pair is refused early only when the full test would refuse it too. */
// @ts-ignore: decorator
@inline function fineGate(s: i32, p: i32, j: i32, lnBeta: real): void {
  if (!oneTime) fillTerms(s, <real>((unchecked(plotTime[p]) - unchecked(tTime[s])) * 0.001));
  const r6 = p * 6, b = s * 6;
  const nx = unchecked(zx[p]) - unchecked(fx[s]);
  const ny = unchecked(zy[p]) - unchecked(fy[s]);
  const nz = unchecked(zz[p]) - unchecked(fz[s]);
  const fresh = unchecked(tHits[s]) <= 1;
  if (fresh) {
    // Two-point initiation: the second plot must be reachable at the maximum speed.
    const reach = unchecked(fReach[s]) + 3 * rsqrt(unchecked(fTrace[s])
      + unchecked(plotR[r6]) + unchecked(plotR[r6 + 3]) + unchecked(plotR[r6 + 5]));
    if (nx * nx + ny * ny + nz * nz > reach * reach) return;
  }
  // S = Ppp(t) + R. One axis's z² never exceeds the Mahalanobis d²: a plot beyond the gate (and the
  // guard) on one axis is out without the 3x3 inverse.
  const s22 = unchecked(fS[b + 5]) + unchecked(plotR[r6 + 5]);
  const bound = axisBound;
  if (!fresh && s22 > 0 && nz * nz > bound * s22) return;
  const s00 = unchecked(fS[b]) + unchecked(plotR[r6]);
  if (!fresh && s00 > 0 && nx * nx > bound * s00) return;
  const s11 = unchecked(fS[b + 3]) + unchecked(plotR[r6 + 3]);
  if (!fresh && s11 > 0 && ny * ny > bound * s11) return;
  const s01 = unchecked(fS[b + 1]) + unchecked(plotR[r6 + 1]);
  const s02 = unchecked(fS[b + 2]) + unchecked(plotR[r6 + 2]);
  const s12 = unchecked(fS[b + 4]) + unchecked(plotR[r6 + 4]);
  const c00 = s11 * s22 - s12 * s12, c01 = s02 * s12 - s01 * s22, c02 = s01 * s12 - s02 * s11;
  const det = s00 * c00 + s01 * c01 + s02 * c02;
  if (!(det > 0)) return;
  const c11 = s00 * s22 - s02 * s02, c12 = s01 * s02 - s00 * s12, c22 = s00 * s11 - s01 * s01;
  const d2 = (nx * (c00 * nx + c01 * ny + c02 * nz) + ny * (c01 * nx + c11 * ny + c12 * nz)
    + nz * (c02 * nx + c12 * ny + c22 * nz)) / det;
  if (!fresh && d2 > gateChi2) {
    if (d2 <= initGuardChi2 && d2 < unchecked(guardD2[j]) && <i32>unchecked(tStatus[s]) != TRACK_TENTATIVE) {
      unchecked(guardD2[j] = d2);
      unchecked(guardTrack[j] = s);
    }
    return;
  }
  if (pairs >= MAX_PAIRS) {
    statAdd(STAT_PAIRS_DROPPED, 1);
    return;
  }
  let cost = <real>0.5 * (d2 + rlog(det) + LN_2PI_3) + lnBeta;
  // A cost must be finite for the assignment: NaN (from extreme terms) drops the pair, −∞ is clamped.
  if (!(cost > -COST_LIMIT)) {
    statAdd(STAT_COSTS_CLAMPED, 1);
    if (isNaN(cost)) return;
    cost = -COST_LIMIT;
  }
  unchecked(pairTrack[pairs] = s);
  unchecked(pairPlot[pairs] = j);
  unchecked(pairCost[pairs] = cost);
  pairs++;
}

// @ts-ignore: decorator
@inline function sAt(c: i32, i: i32, j: i32, dt: real): real {
  return unchecked(cov[c + symIndex(i, j)]) + dt * (unchecked(cov[c + 6 + i * 3 + j]) + unchecked(cov[c + 6 + j * 3 + i]))
    + dt * dt * unchecked(cov[c + 15 + symIndex(i, j)]);
}
