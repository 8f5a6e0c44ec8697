#!/usr/bin/env python3
"""Co-simulation speed (make bench-cosim): simulated cycles and input vectors
per second of build/bsxsim-cosim (SystemC kernel, bit-vector ports, analog
module, scoreboard) against the same verilated macro driven by a bare C++
loop with ideal comparators, in the same run, on the same 64 x 64 BinSparX
K = 8 workload; then with an analog preset, where every word-line pattern
costs one batched solve of the 64 columns and the dummy. Rates are per
CPU-second of the simulator process (the machine is shared): each driver
runs twice, on all vectors and on a tenth of them, and the differences of
CPU time and cycles give the rate without start-up (cell tables, RTL
construction).

  tb/bench_cosim.py --cosim build/bsxsim-cosim --bare build/vl/bare/bench_bare_loop
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile

import numpy as np

from pytb import COSIM_ENV, pm1


def run(cmd):
    """(JSON report, CPU seconds of the child) of one run of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = subprocess.run(cmd, capture_output=True, text=True, env=COSIM_ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        print(f"bench_cosim: {' '.join(cmd)}: {res.stderr.strip()}", file=sys.stderr)
        sys.exit(1)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(res.stdout), cpu


def cpu_rates(cmd_of, full, tenth):
    """Report of the full run, with cycles_per_second and vectors_per_second
    replaced by rates per CPU-second from the difference of a full and a
    tenth run (cmd_of(path of the inputs) gives the command)."""
    big, cpu_big = run(cmd_of(full))
    small, cpu_small = run(cmd_of(tenth))
    cpu = max(cpu_big - cpu_small, 1e-9)
    big["cycles_per_second"] = (big["cycles"] - small["cycles"]) / cpu
    big["vectors_per_second"] = (big["vectors"] - small["vectors"]) / cpu
    return big


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--bare", required=True)
    ap.add_argument("--vectors", type=int, default=5000)
    ap.add_argument("--analog-vectors", type=int, default=500)
    ap.add_argument("--preset", default="sram-m6-1ua")
    args = ap.parse_args()
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as tmp:
        wp, xp, xa = (os.path.join(tmp, n) for n in ("w.npy", "x.npy", "xa.npy"))
        np.save(wp, pm1(rng, (64, 64)))
        x = pm1(rng, (args.vectors, 64))
        np.save(xp, x)
        np.save(xa, x[:args.analog_vectors])
        xp10, xa10 = os.path.join(tmp, "x10.npy"), os.path.join(tmp, "xa10.npy")
        np.save(xp10, x[:args.vectors // 10])
        np.save(xa10, x[:args.analog_vectors // 10])
        common = ["--weights", wp, "--out", os.path.join(tmp, "y.npy"), "--scheme", "binsparx",
                  "--adcs", "8", "--json"]
        bare = cpu_rates(lambda inputs: [args.bare, wp, inputs], xp, xp10)
        ideal = cpu_rates(lambda inputs: [args.cosim, "--inputs", inputs, "--ideal"] + common,
                          xp, xp10)
        analog = cpu_rates(lambda inputs: [args.cosim, "--inputs", inputs, "--preset",
                                           args.preset] + common, xa, xa10)
    rows = [("bare C++ loop, ideal", bare["cycles_per_second"], bare["vectors_per_second"], bare["mismatches"]),
            ("SystemC cosim, ideal", ideal["cycles_per_second"], ideal["vectors_per_second"],
             ideal["word_mismatches"]),
            (f"SystemC cosim, {args.preset}", analog["cycles_per_second"], analog["vectors_per_second"],
             analog["word_mismatches"])]
    print(f"Co-simulation speed, BinSparX K = 8, 64 x 64, {args.vectors} vectors "
          f"({args.analog_vectors} analog), per CPU-second of one core, start-up excluded")
    print(f"{'driver':<30} {'cycles/s':>12} {'vectors/s':>11} {'mismatches':>10}")
    for name, cps, vps, mism in rows:
        print(f"{name:<30} {cps:>12.0f} {vps:>11.0f} {mism:>10}")
    per_vec_bare = 1.0 / bare["vectors_per_second"]
    per_vec_ideal = 1.0 / ideal["vectors_per_second"]
    per_vec_analog = 1.0 / analog["vectors_per_second"]
    print(f"""
Where the time goes, per input vector:
  RTL evaluation (bare loop)                    {per_vec_bare * 1e6:8.1f} us
  + SystemC kernel, bit-vector ports, scoreboard {(per_vec_ideal - per_vec_bare) * 1e6:8.1f} us
    (the cosim is {ideal['cycles_per_second'] and bare['cycles_per_second'] / ideal['cycles_per_second']:.1f}x slower than the bare loop)
  + analog solves ({args.preset}, {analog['analog_solves']} word-line patterns,
    65 column solves each)                       {(per_vec_analog - per_vec_ideal) * 1e6:8.1f} us""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
