#!/usr/bin/env python3
"""Speed of `bsxsim bnn` on the trained networks (make bench-bnn, part of
make bench).

Why: the accuracy study runs every network on 24 design points; this says
how many images per second one design point runs, ideal and analog
(sram-m6-1ua), on 1 and 2 threads, which share of the time the array model
(column solves) takes and which share stays on the host (float layers,
im2col, the other scheme's ideal partial-sum pass), and what the full
10,000-image sweep of 24 design points costs on 2 cores.

  scripts/bench_bnn.py [--bsxsim build/bsxsim] [--data DIR] [MODEL_DIR ...]
  (default models: every scripts/bnn/*/manifest.json)
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(bsxsim, model, data, mode, threads, limit):
    args = [bsxsim, "bnn", "--model", model, "--data", data, "--scheme", "binsparx",
            "--threads", str(threads), "--limit", str(limit), "--json"]
    args += ["--ideal"] if mode == "ideal" else ["--preset", mode]
    res = subprocess.run(args, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"bench_bnn: {' '.join(args)}: {res.stderr.strip()}")
    return json.loads(res.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bsxsim", default=os.path.join(ROOT, "build", "bsxsim"))
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--seconds", type=float, default=8.0,
                    help="rough wall time per measurement")
    ap.add_argument("models", nargs="*")
    a = ap.parse_args()
    models = a.models or sorted(os.path.dirname(p) for p in
                                glob.glob(os.path.join(ROOT, "scripts", "bnn", "*", "manifest.json")))
    if not models:
        print("bench_bnn: no trained models (scripts/bnn/*/manifest.json); nothing to measure")
        return 0
    print(f"{'network':24} {'mode':12} {'thr':>3} {'images':>6} {'images/s':>9} "
          f"{'arr.VMMs/img':>12} {'array model':>11} {'host':>6} {'other-scheme psum':>17}")
    for model in models:
        name = os.path.basename(model.rstrip("/"))
        per_s = {}
        for mode in ("ideal", "sram-m6-1ua"):
            probe = run(a.bsxsim, model, a.data, mode, 1, 1 if mode != "ideal" else 20)
            rate = max(probe["images_per_s"], 1e-3)
            limit = max(2, min(10000, int(rate * a.seconds)))
            for threads in (1, 2):
                r = run(a.bsxsim, model, a.data, mode, threads, limit)
                vmm = sum(l["vmm_seconds"] for l in r["layers"])
                psum = sum(l["psum_seconds"] for l in r["layers"])
                arr = sum(l["array_vmms"] for l in r["layers"]) / r["images"]
                host = r["host_seconds"] / r["seconds"]
                per_s[(mode, threads)] = r["images_per_s"]
                print(f"{name:24} {mode:12} {threads:3d} {r['images']:6d} {r['images_per_s']:9.2f} "
                      f"{arr:12.0f} {100 * r['array_model_share']:10.1f}% {100 * host:5.1f}% "
                      f"{100 * psum / r['seconds']:16.1f}%")
        full = 24 * 10000 / per_s[("sram-m6-1ua", 2)]
        print(f"{name}: full sweep, 24 design points x 10,000 images, at the sram-m6-1ua rate "
              f"on 2 threads: {full / 3600:.1f} h on one 2-core host, {full / 3600 / 8:.1f} h on 8 "
              f"(the array model's speed differs by preset)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
