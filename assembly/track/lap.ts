// Optimal assignment of one cluster: its tracks × plots matrix, padded square, solved by the firmware's
// Jonker–Volgenant (lapjv.ts). Costs are f64 on every board, as lapjv's are: the cluster matrix is small
// (MAX_CLUSTER²), and the duals of an f32 solve would round long before the costs do.
import { MAX_CLUSTER } from "../board";
import { CLUSTER_CELLS } from "../limits";
import { lapjv, lapjvRowCol } from "./lapjv";

export const lapCost = new StaticArray<f64>(CLUSTER_CELLS); // row-major n x n
/** Column of each row after lapSolve (shared with lapjv: read it before the next solve). */
export const lapRowToCol = lapjvRowCol;

export function lapSolve(n: i32): void {
  assert(n >= 1 && n <= MAX_CLUSTER);
  const cost = lapjv(lapCost, n);
  assert(!isNaN(cost));
}
