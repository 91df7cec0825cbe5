// Clustering of the gate graph: tracks and plots joined by a gated pair belong to one cluster
// (union-find with path halving). Pairs are then grouped by cluster with a counting sort, so each
// cluster's assignment problem is solved on its own.
import { MAX_TRACKS, MAX_PLOTS } from "../board";
import { UF_NODES, MAX_PAIRS } from "../limits";
import { pairTrack, pairPlot } from "./gate";

const parent = new StaticArray<i32>(UF_NODES);
const clusterOfRoot = new StaticArray<i32>(UF_NODES);
/** Pair indices grouped by cluster: cluster c owns clusterPairs[clusterStart[c] .. clusterStart[c + 1]). */
export const clusterPairs = new StaticArray<i32>(MAX_PAIRS);
export const clusterStart = new StaticArray<i32>(MAX_PAIRS + 1);
const pairCluster = new StaticArray<i32>(MAX_PAIRS);
let clusters: i32 = 0;
export function clusterCount(): i32 { return clusters; }

function find(x: i32): i32 {
  let guard = UF_NODES;
  while (unchecked(parent[x]) != x && guard-- > 0) {
    const gp = unchecked(parent[parent[x]]);
    unchecked(parent[x] = gp);
    x = gp;
  }
  return x;
}

export function clusterPairsOf(nPairs: i32): void {
  // Only nodes touched by a pair need initialising.
  for (let k = 0; k < nPairs; k++) {
    const a = unchecked(pairTrack[k]), b = MAX_TRACKS + unchecked(pairPlot[k]);
    unchecked(parent[a] = a);
    unchecked(parent[b] = b);
    unchecked(clusterOfRoot[a] = -1);
    unchecked(clusterOfRoot[b] = -1);
  }
  for (let k = 0; k < nPairs; k++) {
    const ra = find(unchecked(pairTrack[k])), rb = find(MAX_TRACKS + unchecked(pairPlot[k]));
    if (ra != rb) unchecked(parent[max(ra, rb)] = min(ra, rb));
  }
  clusters = 0;
  for (let k = 0; k < nPairs; k++) {
    const r = find(unchecked(pairTrack[k]));
    let c = unchecked(clusterOfRoot[r]);
    if (c < 0) {
      c = clusters++;
      unchecked(clusterOfRoot[r] = c);
      unchecked(clusterStart[c] = 0);
    }
    unchecked(pairCluster[k] = c);
    unchecked(clusterStart[c] += 1);
  }
  // Counting sort: sizes → starts → placement (stable, so pair order inside a cluster is preserved).
  let acc = 0;
  for (let c = 0; c < clusters; c++) {
    const size = unchecked(clusterStart[c]);
    unchecked(clusterStart[c] = acc);
    acc += size;
  }
  unchecked(clusterStart[clusters] = acc);
  for (let k = 0; k < nPairs; k++) {
    const c = unchecked(pairCluster[k]);
    unchecked(clusterPairs[clusterStart[c]] = k);
    unchecked(clusterStart[c] += 1);
  }
  for (let c = clusters; c > 0; c--) unchecked(clusterStart[c] = clusterStart[c - 1]);
  unchecked(clusterStart[0] = 0);
}

// Keep MAX_PLOTS referenced: the node space is tracks then plots.
assert(UF_NODES == MAX_TRACKS + MAX_PLOTS);
