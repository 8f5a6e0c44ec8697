#!/usr/bin/env python3
"""Writes a random +-1 layer for `bsxsim vmm` / `bsxsim study psum`:
W (rows, cols) and X (batch, rows), int8, as NumPy .npy files.

--density sets P(+1) for every weight and input (0.5: uniform); --skewed draws
P(+1) per weight column and per input vector uniformly from [0.1, 0.9], a
stand-in for layers whose columns and activations are not balanced."""
import argparse

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=576)
    ap.add_argument("--cols", type=int, default=64)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--density", type=float, default=0.5)
    ap.add_argument("--skewed", action="store_true")
    ap.add_argument("--out", default="layer", help="writes OUT_W.npy and OUT_X.npy")
    a = ap.parse_args()
    if min(a.rows, a.cols, a.batch) < 1 or not 0.0 <= a.density <= 1.0:
        ap.error("rows, cols, batch must be >= 1 and density in [0, 1]")
    rng = np.random.default_rng(a.seed)
    if a.skewed:
        p_w = rng.uniform(0.1, 0.9, size=(1, a.cols))
        p_x = rng.uniform(0.1, 0.9, size=(a.batch, 1))
    else:
        p_w = p_x = a.density
    w = np.where(rng.random((a.rows, a.cols)) < p_w, 1, -1).astype(np.int8)
    x = np.where(rng.random((a.batch, a.rows)) < p_x, 1, -1).astype(np.int8)
    np.save(a.out + "_W.npy", w)
    np.save(a.out + "_X.npy", x)


if __name__ == "__main__":
    main()
