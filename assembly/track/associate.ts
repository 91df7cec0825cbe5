// Associator: global nearest neighbour per cluster. Each cluster's tracks × plots matrix holds
// min(cost, 0) (a non-negative cost is never worth taking, and 0 stands for "track missed / plot new"),
// solved optimally when the cluster fits the board's limit, greedily by ascending cost otherwise.
import { MAX_TRACKS, MAX_PLOTS, MAX_CLUSTER } from "../board";
import { STAT_CLUSTERS, STAT_CLUSTERS_OVERSIZE } from "../protocol";
import { statAdd } from "../stats";
import { pairTrack, pairPlot, pairCost } from "./gate";
import { clusterPairsOf, clusterCount, clusterPairs, clusterStart } from "./cluster";
import { lapCost, lapRowToCol, lapSolve } from "./lap";
import { heapsortBy } from "../util/heapsort";

/** Result: plot (batch position) assigned to each track slot, or -1; track slot of each plot, or -1. */
export const plotOfTrack = new StaticArray<i32>(MAX_TRACKS);
export const trackOfPlot = new StaticArray<i32>(MAX_PLOTS);

const localTrack = new StaticArray<i32>(MAX_TRACKS); // slot -> row in the cluster, -1
const localPlot = new StaticArray<i32>(MAX_PLOTS); // batch position -> column, -1
const rowSlot = new StaticArray<i32>(MAX_CLUSTER);
const colPlot = new StaticArray<i32>(MAX_CLUSTER);

/** Clears the result arrays for `n` batch plots and the given active slots, then associates. */
export function associate(nPairs: i32): void {
  for (let k = 0; k < nPairs; k++) {
    unchecked(plotOfTrack[pairTrack[k]] = -1);
    unchecked(trackOfPlot[pairPlot[k]] = -1);
    unchecked(localTrack[pairTrack[k]] = -1);
    unchecked(localPlot[pairPlot[k]] = -1);
  }
  if (nPairs == 0) return;
  clusterPairsOf(nPairs);
  const nc = clusterCount();
  statAdd(STAT_CLUSTERS, <f64>nc);
  for (let c = 0; c < nc; c++) {
    const a = unchecked(clusterStart[c]), b = unchecked(clusterStart[c + 1]);
    if (b - a == 1) {
      const k = unchecked(clusterPairs[a]);
      if (unchecked(pairCost[k]) < 0) take(k);
      continue;
    }
    if (!solveOptimal(a, b)) {
      statAdd(STAT_CLUSTERS_OVERSIZE, 1);
      solveGreedy(a, b);
    }
  }
}

function take(k: i32): void {
  unchecked(plotOfTrack[pairTrack[k]] = pairPlot[k]);
  unchecked(trackOfPlot[pairPlot[k]] = pairTrack[k]);
}

function solveOptimal(a: i32, b: i32): bool {
  let rows = 0, cols = 0;
  for (let q = a; q < b; q++) {
    const k = unchecked(clusterPairs[q]);
    const s = unchecked(pairTrack[k]), j = unchecked(pairPlot[k]);
    if (unchecked(localTrack[s]) < 0) {
      if (rows >= MAX_CLUSTER) return resetLocals(a, b);
      unchecked(rowSlot[rows] = s);
      unchecked(localTrack[s] = rows++);
    }
    if (unchecked(localPlot[j]) < 0) {
      if (cols >= MAX_CLUSTER) return resetLocals(a, b);
      unchecked(colPlot[cols] = j);
      unchecked(localPlot[j] = cols++);
    }
  }
  const n = max(rows, cols);
  for (let i = 0; i < n * n; i++) unchecked(lapCost[i] = 0);
  for (let q = a; q < b; q++) {
    const k = unchecked(clusterPairs[q]);
    const c = unchecked(pairCost[k]);
    if (c < 0) unchecked(lapCost[localTrack[pairTrack[k]] * n + localPlot[pairPlot[k]]] = c);
  }
  lapSolve(n);
  for (let i = 0; i < rows; i++) {
    const j = unchecked(lapRowToCol[i]);
    if (j < cols && unchecked(lapCost[i * n + j]) < 0) {
      unchecked(plotOfTrack[rowSlot[i]] = colPlot[j]);
      unchecked(trackOfPlot[colPlot[j]] = rowSlot[i]);
    }
  }
  return true;
}

function resetLocals(a: i32, b: i32): bool {
  for (let q = a; q < b; q++) {
    const k = unchecked(clusterPairs[q]);
    unchecked(localTrack[pairTrack[k]] = -1);
    unchecked(localPlot[pairPlot[k]] = -1);
  }
  return false;
}

function solveGreedy(a: i32, b: i32): void {
  heapsortBy(clusterPairs, pairCost, a, b);
  for (let q = a; q < b; q++) {
    const k = unchecked(clusterPairs[q]);
    if (unchecked(pairCost[k]) >= 0) break;
    if (unchecked(plotOfTrack[pairTrack[k]]) < 0 && unchecked(trackOfPlot[pairPlot[k]]) < 0) take(k);
  }
}
