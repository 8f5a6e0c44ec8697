#!/usr/bin/env python3
"""Images per second of `bsxsim bnn` per design point, and what a full sweep
costs.

Why this file exists: the accuracy studies are sized from measured speed
(README "Real networks"). For both committed networks this runs ideal mode
and the analog array (sram-m6-1ua, reram-m6-1ua; baseline and BinSparX) on a
few test images with 1 and 2 threads, prints images/s and the share of time
in the array model, and extrapolates the full study: 10,000 images x 24
design points per network on one 2-core host and on N hosts.

    bnn_bench.py --bsxsim build/bsxsim [--hosts 1,4,16]
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"
# Images per run: enough for a stable rate, small enough for make bench.
IMAGES = {"vgg-small-fmnist": {"ideal": 200, "analog": 3},
          "mlp-fmnist": {"ideal": 2000, "analog": 40}}
RUNS = [("ideal", "binsparx", 1), ("ideal", "binsparx", 2),
        ("sram-m6-1ua", "baseline", 1), ("sram-m6-1ua", "binsparx", 1),
        ("sram-m6-1ua", "binsparx", 2),
        ("reram-m6-1ua", "baseline", 1), ("reram-m6-1ua", "binsparx", 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bsxsim", default=os.path.join(ROOT, "build", "bsxsim"))
    ap.add_argument("--hosts", default="1,4,16")
    args = ap.parse_args()
    print(f"{'network':<18} {'design point':<13} {'scheme':<9} {'thr':>3} {'images':>6} "
          f"{'images/s':>9} {'array model':>11}")
    per_core = {}
    for net in IMAGES:
        for mode, scheme, threads in RUNS:
            n = IMAGES[net]["ideal" if mode == "ideal" else "analog"]
            cmd = [args.bsxsim, "bnn", "--model", os.path.join(ROOT, "scripts", "bnn", net),
                   "--data", DATA, "--scheme", scheme, "--limit", str(n),
                   "--threads", str(threads), "--json"]
            cmd += ["--ideal"] if mode == "ideal" else ["--preset", mode]
            res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
            if res.returncode != 0:
                sys.exit(f"bnn_bench: {' '.join(cmd)} exited with {res.returncode}")
            r = json.loads(res.stdout)
            print(f"{net:<18} {mode:<13} {scheme:<9} {threads:>3} {r['images']:>6} "
                  f"{r['images_per_s']:>9.3f} {100 * r['array_model_share']:>10.1f}%")
            if mode != "ideal" and threads == 1:
                per_core.setdefault(net, []).append(r["images_per_s"])
    core_seconds = sum(24 * 10000 / (sum(v) / len(v)) for v in per_core.values())
    print(f"full study (24 design points x 10,000 images, both networks), from the mean "
          f"single-thread analog rate above: {core_seconds / 3600:.1f} core-hours")
    for h in (int(x) for x in args.hosts.split(",")):
        print(f"  {h:>3} host(s) of 2 cores: {core_seconds / (2 * h) / 3600:.1f} h")


if __name__ == "__main__":
    main()
