#!/usr/bin/env python3
"""The co-simulation's main job (make cosim-demo, which `make run` points to):
baseline and BinSparX with 8 and 64 ADCs on a built-in workload (a random
+-1 layer of 128 x 64 weights, i.e. two row tiles, and 256 input vectors) on
an analog preset, each output word checked against the software reference.
Prints one line per design point; exits non-zero on any mismatch.

  scripts/cosim_demo.py [--cosim build/bsxsim-cosim] [--preset sram-m6-1ua]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", default=os.path.join(ROOT, "build", "bsxsim-cosim"))
    ap.add_argument("--preset", default="sram-m6-1ua")
    args = ap.parse_args()
    rng = np.random.default_rng(64)
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        wp, xp = os.path.join(tmp, "w.npy"), os.path.join(tmp, "x.npy")
        np.save(wp, rng.choice(np.array([-1, 1], np.int8), size=(128, 64)))
        np.save(xp, rng.choice(np.array([-1, 1], np.int8), size=(256, 128)))
        print(f"Co-simulation, 128 x 64 layer (2 row tiles of 64 x 64), 256 vectors, preset {args.preset}")
        print(f"{'scheme':<9} {'K':>3} {'B':>2} {'words':>6} {'mismatch':>8} {'clips':>5} "
              f"{'latency':>12} {'vectors/cycle':>13} {'sim cycles/s':>12}")
        for scheme in ("baseline", "binsparx"):
            for k in (8, 64):
                res = subprocess.run([args.cosim, "--weights", wp, "--inputs", xp, "--out",
                                      os.path.join(tmp, "y.npy"), "--scheme", scheme, "--adcs", str(k),
                                      "--preset", args.preset, "--json"],
                                     capture_output=True, text=True, env=env)
                if res.returncode != 0 and not res.stdout:
                    print(f"cosim_demo: {scheme} K={k}: {res.stderr.strip()}", file=sys.stderr)
                    return 1
                r = json.loads(res.stdout)
                mism = r["word_mismatches"] + r["clip_flag_mismatches"] + r["flip_mismatches"] + \
                    r["layer_mismatches"]
                bad += mism
                print(f"{scheme:<9} {k:>3} {r['adc_bits']:>2} {r['words_checked']:>6} {mism:>8} "
                      f"{r['clips']:>5} {r['latency_cycles_mean']:>4.0f} cyc {r['latency_ns_mean']:>5.1f} ns "
                      f"{r['vectors_per_cycle']:>13.4f} {r['cycles_per_second']:>12.0f}")
    print("bit-exact: " + ("yes, every output word equals the software reference" if bad == 0
                           else f"NO, {bad} mismatches"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
