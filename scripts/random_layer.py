#!/usr/bin/python3
"""Writes a random +-1 layer for `bsxsim vmm`, `bsxsim study psum` and
`bsxsim-cosim`: W (rows, cols) and X (batch, rows), int8, as NumPy .npy files
PREFIX_W.npy and PREFIX_X.npy.

--density sets P(+1) for every weight and input (0.5: uniform); --skewed draws
P(+1) per weight column and per input vector uniformly from [0.1, 0.9], a
stand-in for layers whose columns and activations are not balanced.

example: scripts/random_layer.py --rows 576 --cols 64 --batch 1000 --seed 1 --out rand"""
import argparse
import os
import tempfile

import numpy as np


def save_npy(path, array):
    """Writes PATH through a temporary file in its directory, then renames."""
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp",
                               dir=os.path.dirname(path) or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            np.save(f, array)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    ap = argparse.ArgumentParser(
        prog="scripts/random_layer.py", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=576, metavar="N",
                    help="rows of W = length of each input vector (default: %(default)s)")
    ap.add_argument("--cols", type=int, default=64, metavar="M",
                    help="columns of W = outputs per vector (default: %(default)s)")
    ap.add_argument("--batch", type=int, default=1000, metavar="B",
                    help="input vectors in X (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=1,
                    help="seed of NumPy's default_rng (default: %(default)s)")
    ap.add_argument("--density", type=float, default=0.5, metavar="P",
                    help="P(+1) of every weight and input, 0..1 (default: %(default)s)")
    ap.add_argument("--skewed", action="store_true",
                    help="draw P(+1) per weight column and per input vector from "
                         "[0.1, 0.9] instead of --density (default: off)")
    ap.add_argument("--out", default="layer", metavar="PREFIX",
                    help="writes PREFIX_W.npy and PREFIX_X.npy (default: %(default)s)")
    a = ap.parse_args()
    if min(a.rows, a.cols, a.batch) < 1:
        ap.error("--rows, --cols and --batch must be >= 1")
    if not 0.0 <= a.density <= 1.0:
        ap.error(f"--density {a.density}: must be in [0, 1]")
    out_dir = os.path.dirname(a.out) or "."
    if not os.path.isdir(out_dir):
        ap.error(f"--out {a.out}: directory {out_dir} does not exist")
    rng = np.random.default_rng(a.seed)
    if a.skewed:
        p_w = rng.uniform(0.1, 0.9, size=(1, a.cols))
        p_x = rng.uniform(0.1, 0.9, size=(a.batch, 1))
    else:
        p_w = p_x = a.density
    w = np.where(rng.random((a.rows, a.cols)) < p_w, 1, -1).astype(np.int8)
    x = np.where(rng.random((a.batch, a.rows)) < p_x, 1, -1).astype(np.int8)
    save_npy(a.out + "_W.npy", w)
    save_npy(a.out + "_X.npy", x)


if __name__ == "__main__":
    main()
