// Very large-scale neighbourhood step (after Ahuja, Kumar, Jha & Orlin, Oper. Res. 55(6), 2007): a search
// for a negative subset-disjoint cycle in an improvement graph.
//
// Nodes are the R weapon rounds plus one "empty slot" per target. An arc a → b means "a takes b's place on
// b's target t": b leaves t and a joins it (an empty slot joins or leaves nothing). Its cost is the change
// of V_t · S_t, which depends only on a and b as long as no other arc of the cycle touches t, so a cycle
// whose nodes sit on distinct targets changes F by exactly the sum of its arcs. Such cycles cover cyclic
// exchanges (every target loses one round and gains one), path exchanges (through an empty slot: one target
// loses a round, another gains it), and, as 2-cycles, the single moves and swaps.
//
// The search is the label-correcting heuristic of the paper in layered form: one label per node and path
// length, all start nodes at once, extensions kept only while the partial sum is negative (every negative
// cycle has a rotation with all partial sums negative) and only onto targets not yet on the path.
import { WTA_MAX_TARGETS } from "../board";
import {
  WTA_MAX_ROUNDS, wtaValue, roundWeapon, roundTarget, surv, nTargets, nRounds, pk, survWithout,
  refresh, rebuild, objective, work, addWork,
} from "./wta-state";
import { WTA_REL_EPS } from "./wta-local";

/** Longest path searched, in arcs; the closing arc makes cycles of up to WTA_VLSN_DEPTH + 1 nodes. */
export const WTA_VLSN_DEPTH: i32 = 16;
const NODES: i32 = WTA_MAX_ROUNDS + WTA_MAX_TARGETS;
assert(NODES <= i16.MAX_VALUE, "WTA: too many rounds and targets for 16-bit node numbers");
const INF: f64 = Infinity;

const dist = new StaticArray<f64>(2 * NODES);            // labels of the previous and the current layer

// Predecessor of each label, per layer: the largest array of the solver, hence 16-bit node numbers.
const pred = new StaticArray<i16>((WTA_VLSN_DEPTH + 1) * NODES);
const nodeT = new StaticArray<i32>(NODES);   // target the node sits on (-1: an unused round)
const nodeW = new StaticArray<i32>(NODES);   // weapon of a round, -1 for an empty slot
const nodeBase = new StaticArray<f64>(NODES); // V_t · (survival of t without the node)
const nodeP = new StaticArray<f64>(NODES);    // the node's own kill probability on t (0 for a slot)
const markT = new StaticArray<i32>(WTA_MAX_TARGETS);
const markV = new StaticArray<i32>(NODES);
const cycle = new StaticArray<i32>(WTA_VLSN_DEPTH + 1);
// The best negative cycle closed at each end node (over all layers): cost and code = layer · N + node.
const candCost = new StaticArray<f64>(NODES);
const candCode = new StaticArray<i32>(NODES);
const before = new StaticArray<i32>(WTA_MAX_ROUNDS);
let stamp: i32 = 0;

/** Change of F when a takes b's place (b's target gets a instead of b). */
// @ts-ignore: decorator
@inline function arc(a: i32, b: i32): f64 {
  const t = unchecked(nodeT[b]);
  if (t < 0) return 0; // b was unused: a becomes unused, which costs nothing on this side
  const wa = unchecked(nodeW[a]);
  const pa = wa >= 0 ? pk(wa, t) : 0.0;
  return unchecked(nodeBase[b]) * (unchecked(nodeP[b]) - pa);
}

function setupNodes(rounds: i32, n: i32): void {
  for (let k = 0; k < rounds; k++) {
    const t = unchecked(roundTarget[k]), w = unchecked(roundWeapon[k]);
    unchecked(nodeT[k] = t);
    unchecked(nodeW[k] = w);
    unchecked(nodeBase[k] = t >= 0 ? wtaValue[t] * survWithout(w, t) : 0.0);
    unchecked(nodeP[k] = t >= 0 ? pk(w, t) : 0.0);
  }
  for (let j = 0; j < n; j++) {
    unchecked(nodeT[rounds + j] = j);
    unchecked(nodeW[rounds + j] = -1);
    unchecked(nodeBase[rounds + j] = wtaValue[j] * surv[j]);
    unchecked(nodeP[rounds + j] = 0.0);
  }
}

/** A fresh mark value, so the marks never need clearing (except once every 2^31 stamps). */
function nextStamp(): i32 {
  stamp++;
  if (stamp == i32.MAX_VALUE) {
    for (let j = 0; j < WTA_MAX_TARGETS; j++) unchecked(markT[j] = 0);
    for (let v = 0; v < NODES; v++) unchecked(markV[v] = 0);
    stamp = 1;
  }
  return stamp;
}

/**
 * Builds the labels, then applies the negative cycles found, most negative first, as long as each touches
 * only rounds and targets no earlier one touched (so their gains still add). False if none (or out of work).
 */
export function vlsnStep(limit: f64): bool {
  const rounds = nRounds(), n = nTargets(), N = rounds + n;
  setupNodes(rounds, n);
  const f0 = objective();
  const eps = WTA_REL_EPS * f0;
  for (let v = 0; v < N; v++) {
    unchecked(dist[v] = 0.0); unchecked(pred[v] = <i16>-1);
    unchecked(candCost[v] = -eps); unchecked(candCode[v] = -1);
  }
  // Out of work, the search stops where it is: every label is a valid path, so what closes is still applied.
  for (let l = 1; l <= WTA_VLSN_DEPTH && work() < limit; l++) {
    const row = l * N, cur = (l & 1) * N, prev = N - cur;
    for (let v = 0; v < N; v++) unchecked(dist[cur + v] = INF);
    for (let u = 0; u < N && work() < limit; u++) {
      const du = unchecked(dist[prev + u]);
      if (!(du < INF) || (l > 1 && !(du < -eps))) continue;
      // Mark the nodes and targets already on u's path.
      const s = nextStamp();
      let x = u;
      for (let ll = l - 1; ll >= 0 && x >= 0; ll--) {
        unchecked(markV[x] = s);
        const t = unchecked(nodeT[x]);
        if (t >= 0) unchecked(markT[t] = s);
        x = unchecked(pred[ll * N + x]);
      }
      const wu = unchecked(nodeW[u]);
      for (let v = 0; v < N; v++) {
        if (unchecked(markV[v]) == s || unchecked(nodeW[v]) == wu) continue;
        const t = unchecked(nodeT[v]);
        if (t >= 0 && unchecked(markT[t]) == s) continue;
        const c = du + arc(u, v);
        if (c < unchecked(dist[cur + v])) { unchecked(dist[cur + v] = c); unchecked(pred[row + v] = <i16>u); }
      }
      addWork(N);
    }
    // Close every negative path back to its start.
    for (let v = 0; v < N; v++) {
      const dv = unchecked(dist[cur + v]);
      if (!(dv < -eps)) continue;
      let s0 = v;
      for (let ll = l; ll > 0; ll--) s0 = unchecked(pred[ll * N + s0]);
      if (unchecked(nodeW[s0]) == unchecked(nodeW[v])) continue;
      const c = dv + arc(v, s0);
      if (c < unchecked(candCost[v])) { unchecked(candCost[v] = c); unchecked(candCode[v] = row + v); }
    }
    addWork(N);
  }
  let found = 0;
  for (let v = 0; v < N; v++) {
    if (unchecked(candCode[v]) < 0) continue;
    unchecked(candCost[found] = candCost[v]); unchecked(candCode[found] = candCode[v]); found++;
  }
  if (found == 0) return false;
  sortCandidates(found);
  addWork(found);
  return applyCycles(found, N, f0);
}

// @ts-ignore: decorator
@inline function candLess(a: i32, b: i32): bool {
  const ca = unchecked(candCost[a]), cb = unchecked(candCost[b]);
  return ca < cb || (ca == cb && unchecked(candCode[a]) < unchecked(candCode[b]));
}

function candSwap(a: i32, b: i32): void {
  const c = unchecked(candCost[a]); unchecked(candCost[a] = candCost[b]); unchecked(candCost[b] = c);
  const d = unchecked(candCode[a]); unchecked(candCode[a] = candCode[b]); unchecked(candCode[b] = d);
}

/** Heapsort by ascending cost (most negative first); ties by code, for determinism. */
function sortCandidates(count: i32): void {
  for (let s = count / 2 - 1; s >= 0; s--) siftDown(s, count);
  for (let end = count - 1; end > 0; end--) {
    candSwap(0, end);
    siftDown(0, end);
  }
}

function siftDown(start: i32, end: i32): void {
  let root = start;
  for (let guard = 0; guard < 32 && root * 2 + 1 < end; guard++) {
    let child = root * 2 + 1;
    if (child + 1 < end && candLess(child, child + 1)) child++;
    if (!candLess(root, child)) return;
    candSwap(root, child);
    root = child;
  }
}

/** Applies disjoint cycles in order of gain; reverts all of them unless F really fell. */
function applyCycles(found: i32, N: i32, f0: f64): bool {
  const rounds = nRounds(), n = nTargets();
  for (let k = 0; k < rounds; k++) unchecked(before[k] = roundTarget[k]);
  const taken = nextStamp();
  for (let q = 0; q < found; q++) {
    const code = unchecked(candCode[q]);
    const l = code / N;
    let x = code - l * N;
    for (let ll = l; ll >= 0; ll--) { unchecked(cycle[ll] = x); x = ll > 0 ? unchecked(pred[ll * N + x]) : -1; }
    let free = true;
    for (let c = 0; c <= l && free; c++) {
      const a = unchecked(cycle[c]), t = unchecked(nodeT[a]);
      free = unchecked(markV[a]) != taken && (t < 0 || unchecked(markT[t]) != taken);
    }
    if (!free) continue;
    // cycle[c] takes the place of cycle[c + 1]; the last takes the first's.
    for (let c = 0; c <= l; c++) {
      const a = unchecked(cycle[c]), t = unchecked(nodeT[a]);
      unchecked(markV[a] = taken);
      if (t >= 0) unchecked(markT[t] = taken);
      if (a < rounds) unchecked(roundTarget[a] = nodeT[cycle[c < l ? c + 1 : 0]]);
    }
  }
  for (let j = 0; j < n; j++) if (unchecked(markT[j]) == taken) refresh(j);
  if (objective() < f0) return true;
  for (let k = 0; k < rounds; k++) unchecked(roundTarget[k] = before[k]);
  rebuild();
  return false;
}
