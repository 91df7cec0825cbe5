// Assignment kernels, exported for benchmarks and tests: the dense LAPJV on an n × n f64 matrix written
// row-major at lapDenseBuffer() (n up to the board's lapDense capacity), the sparse LAPJVsp on a CSR edge
// list, and a read-only view of the gated pairs of the last batch a `step` associated (the sparse
// matrices the tracker really meets). Only a board with lapDense > 0 (the bench board) carries the two
// kernels' buffers and the sparse solver's code; elsewhere the solves return NaN and the compiler drops
// the solver, which keeps the production modules inside their flash budgets.
import { LAP_DENSE } from "./board";
import { lapjv, lapjvRowCol } from "./track/lapjv";
import { lapjvSparse, spFirst, spCol, spCost, spRowCol, LAPSP_ROWS, LAPSP_EDGES } from "./track/lapjvsp";
import { pairCount, pairTrack, pairPlot, pairCost } from "./track/gate";

const dense = new StaticArray<f64>(LAP_DENSE * LAP_DENSE);

export function lapDenseBuffer(): usize { return changetype<usize>(dense); }
export function lapDenseCapacity(): i32 { return LAP_DENSE; }
/** Optimal cost of the n × n matrix at lapDenseBuffer(); NaN if n is out of range or a cost not finite. */
export function lapDenseSolve(n: i32): f64 { return LAP_DENSE > 0 && n <= LAP_DENSE ? lapjv(dense, n) : NaN; }
/** i32 column of each row after lapDenseSolve (overwritten by the next solve or step). */
export function lapDenseAssignment(): usize { return changetype<usize>(lapjvRowCol); }

/** CSR: i32 first edge of each row (n + 1 entries, first[0] = 0), i32 column and f64 cost of each edge. */
export function lapSparseRowStart(): usize { return changetype<usize>(spFirst); }
export function lapSparseColumns(): usize { return changetype<usize>(spCol); }
export function lapSparseCosts(): usize { return changetype<usize>(spCost); }
export function lapSparseRowCapacity(): i32 { return LAPSP_ROWS; }
export function lapSparseEdgeCapacity(): i32 { return LAPSP_EDGES; }
/** Optimal cost over the edges; NaN if out of range, a cost is not finite or no perfect matching exists. */
export function lapSparseSolve(n: i32): f64 {
  if (LAP_DENSE == 0) return NaN;
  return lapjvSparse(n);
}
export function lapSparseAssignment(): usize { return changetype<usize>(spRowCol); }

/** Gated pairs of the last batch: i32 track slot, i32 batch position, `real` GNN cost (f64 or f32). */
export function lapGatePairs(): i32 { return pairCount(); }
export function lapGateTracks(): usize { return changetype<usize>(pairTrack); }
export function lapGatePlots(): usize { return changetype<usize>(pairPlot); }
export function lapGateCosts(): usize { return changetype<usize>(pairCost); }
