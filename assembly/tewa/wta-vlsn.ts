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
  refresh, objective, work, addWork,
} from "./wta-state";
import { WTA_REL_EPS } from "./wta-local";

/** Longest path searched, in arcs; the closing arc makes cycles of up to WTA_VLSN_DEPTH + 1 nodes. */
export const WTA_VLSN_DEPTH: i32 = 6;
const NODES: i32 = WTA_MAX_ROUNDS + WTA_MAX_TARGETS;
const INF: f64 = Infinity;

const dist = new StaticArray<f64>((WTA_VLSN_DEPTH + 1) * NODES);
const pred = new StaticArray<i32>((WTA_VLSN_DEPTH + 1) * NODES);
const nodeT = new StaticArray<i32>(NODES);   // target the node sits on (-1: an unused round)
const nodeW = new StaticArray<i32>(NODES);   // weapon of a round, -1 for an empty slot
const nodeBase = new StaticArray<f64>(NODES); // V_t · (survival of t without the node)
const nodeP = new StaticArray<f64>(NODES);    // the node's own kill probability on t (0 for a slot)
const markT = new StaticArray<i32>(WTA_MAX_TARGETS);
const markV = new StaticArray<i32>(NODES);
const cycle = new StaticArray<i32>(WTA_VLSN_DEPTH + 1);
const oldT = new StaticArray<i32>(WTA_VLSN_DEPTH + 1);
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

function nextStamp(n: i32, nodes: i32): i32 {
  stamp++;
  if (stamp == i32.MAX_VALUE) { // wrap: clear the marks once
    for (let j = 0; j < n; j++) unchecked(markT[j] = 0);
    for (let v = 0; v < nodes; v++) unchecked(markV[v] = 0);
    stamp = 1;
  }
  return stamp;
}

/** Finds the most negative cycle the heuristic reaches and applies it. False if none (or out of work). */
export function vlsnStep(limit: f64): bool {
  const rounds = nRounds(), n = nTargets(), N = rounds + n;
  setupNodes(rounds, n);
  const f0 = objective();
  const eps = WTA_REL_EPS * f0;
  for (let v = 0; v < N; v++) { unchecked(dist[v] = 0.0); unchecked(pred[v] = -1); }
  let bestC = -eps;
  let bestL = 0;
  let bestV = -1;
  for (let l = 1; l <= WTA_VLSN_DEPTH; l++) {
    const row = l * N, prev = (l - 1) * N;
    for (let v = 0; v < N; v++) unchecked(dist[row + v] = INF);
    for (let u = 0; u < N; u++) {
      const du = unchecked(dist[prev + u]);
      if (!(du < INF) || (l > 1 && !(du < -eps))) continue;
      if (work() >= limit) return false;
      // Mark the nodes and targets already on u's path.
      const s = nextStamp(n, N);
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
        if (c < unchecked(dist[row + v])) { unchecked(dist[row + v] = c); unchecked(pred[row + v] = u); }
      }
      addWork(N);
    }
    // Close every negative path back to its start.
    for (let v = 0; v < N; v++) {
      const dv = unchecked(dist[row + v]);
      if (!(dv < -eps)) continue;
      let s0 = v;
      for (let ll = l; ll > 0; ll--) s0 = unchecked(pred[ll * N + s0]);
      if (unchecked(nodeW[s0]) == unchecked(nodeW[v])) continue;
      const c = dv + arc(v, s0);
      if (c < bestC) { bestC = c; bestL = l; bestV = v; }
    }
    addWork(N);
  }
  if (bestV < 0) return false;
  return applyCycle(bestL, bestV, N, f0);
}

/** Applies the cycle ending at node v of layer l; reverts it unless F really fell. */
function applyCycle(l: i32, v: i32, N: i32, f0: f64): bool {
  const rounds = nRounds();
  const len = l + 1;
  let x = v;
  for (let ll = l; ll >= 0; ll--) { unchecked(cycle[ll] = x); x = ll > 0 ? unchecked(pred[ll * N + x]) : -1; }
  for (let c = 0; c < len; c++) unchecked(oldT[c] = nodeT[cycle[c]]);
  // cycle[c] takes the place of cycle[c + 1]; the last takes the first's.
  for (let c = 0; c < len; c++) {
    const a = unchecked(cycle[c]);
    if (a < rounds) unchecked(roundTarget[a] = oldT[(c + 1) % len]);
  }
  for (let c = 0; c < len; c++) refresh(unchecked(oldT[c]));
  if (objective() < f0) return true;
  for (let c = 0; c < len; c++) {
    const a = unchecked(cycle[c]);
    if (a < rounds) unchecked(roundTarget[a] = oldT[c]);
  }
  for (let c = 0; c < len; c++) refresh(unchecked(oldT[c]));
  return false;
}
