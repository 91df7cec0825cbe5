"""SciPy's assignment solvers as a bench peer. Problems come from a binary file; commands from stdin, one
JSON object a line, answers on stdout, one JSON line each, so the caller can interleave its own runs
with these pair by pair. Times are taken here, with time.perf_counter around the solver call alone.

File: records of int32 kind, rows, cols, nnz, then for kind 0 (dense) rows*cols float64 row-major, for
kind 1 (CSR) int32 indptr[rows+1], int32 indices[nnz], float64 data[nnz].
Commands: {"load": path} -> {"problems": n, "scipy": version}
          {"solve": k, "inner": r} -> {"ms": per-call ms over r calls, "x": column of each row (-1 none)}
Dense problems go to scipy.optimize.linear_sum_assignment, CSR ones to
scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp)."""
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def load(path):
    raw = open(path, "rb").read()
    problems, off = [], 0
    while off < len(raw):
        kind, rows, cols, nnz = np.frombuffer(raw, np.int32, 4, off)
        off += 16
        if kind == 0:
            problems.append(("dense", np.frombuffer(raw, np.float64, rows * cols, off).reshape(rows, cols)))
            off += 8 * rows * cols
        else:
            indptr = np.frombuffer(raw, np.int32, rows + 1, off); off += 4 * (rows + 1)
            indices = np.frombuffer(raw, np.int32, nnz, off); off += 4 * nnz
            data = np.frombuffer(raw, np.float64, nnz, off); off += 8 * nnz
            # Costs shifted to >= 1: the matching is perfect, so the optimum moves by rows * shift only,
            # and no edge is mistaken for an absent one (explicit zeros).
            shift = 1.0 - min(0.0, float(data.min())) if nnz else 0.0
            problems.append(("csr", csr_matrix((data + shift, indices, indptr), shape=(rows, cols))))
    return problems


def main():
    problems = []
    for line in sys.stdin:
        cmd = json.loads(line)
        if "load" in cmd:
            problems = load(cmd["load"])
            out = {"problems": len(problems), "scipy": scipy.__version__, "python": sys.version.split()[0]}
        else:
            kind, m = problems[cmd["solve"]]
            inner = max(1, int(cmd.get("inner", 1)))
            solve = linear_sum_assignment if kind == "dense" else min_weight_full_bipartite_matching
            t0 = time.perf_counter()
            for _ in range(inner):
                r, c = solve(m)
            ms = (time.perf_counter() - t0) * 1e3 / inner
            x = np.full(m.shape[0], -1, np.int64)
            x[r] = c
            out = {"ms": ms, "x": x.tolist()}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
