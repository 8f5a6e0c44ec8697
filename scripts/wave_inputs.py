#!/usr/bin/env python3
"""Workload of `make waves`: a few BinSparX input vectors chosen so the
waveform shows each case once, on one 64 x 64 array (docs/design.md section 2):

  column 0   sum(w) = 0 -> stored flipped (column_flip = 1), W' = rows 32..63
  column 1   sum(w) < 0 -> stored as is  (column_flip = 0)
  vector 0   s = 40 > 32 -> activation flip (with column 0: both flips)
  vector 1   s = 20      -> no activation flip (column 0: column flip only)
  vector 2   rows 32..63 at +1, s = 32 (a tie: no flip) -> column 0 has
             ps = 32 = n/2, the 5-bit ADC clips at code 31
  vector 3   all +1, s = 64 -> flip, word lines all 0

  scripts/wave_inputs.py OUTDIR     writes OUTDIR/w.npy and OUTDIR/x.npy
"""
import os
import sys

import numpy as np

N = M = 64


def main():
    if len(sys.argv) != 2:
        print("usage: scripts/wave_inputs.py OUTDIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    rng = np.random.default_rng(7)
    w = rng.choice(np.array([-1, 1], np.int8), size=(N, M))
    w[:, 0] = np.where(np.arange(N) < 32, 1, -1)            # sum 0: flipped
    w[:, 1] = np.where(np.arange(N) < 20, 1, -1)            # sum < 0: as is
    x = -np.ones((4, N), np.int8)
    x[0, :40] = 1
    x[1, 10:30] = 1
    x[2, 32:] = 1
    x[3, :] = 1
    os.makedirs(out, exist_ok=True)
    np.save(os.path.join(out, "w.npy"), w)
    np.save(os.path.join(out, "x.npy"), x)
    return 0


if __name__ == "__main__":
    sys.exit(main())
