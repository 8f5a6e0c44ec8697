#!/usr/bin/env python3
"""Co-simulation speed (make bench-cosim): simulated cycles and input vectors
per second of build/bsxsim-cosim (SystemC kernel, bit-vector ports, analog
module, scoreboard) against the same verilated macro driven by a bare C++
loop with ideal comparators, in the same run, on the same 64 x 64 BinSparX
K = 8 workload; then with an analog preset, where every word-line pattern
costs two batched solves of the tile's columns (and the ReRAM dummy): one
by the analog module, one by the reference VMM (bsx_vmm_run, at start-up,
but in proportion to the vectors) whose codes the scoreboard checks. Rates are per
CPU-second of the simulator process (the machine is shared): each driver
runs on all vectors and on a tenth of them, --repeat times each,
alternating, and the differences of the least CPU times and of the cycles
give the rate without start-up (cell tables, RTL construction). A
difference the start-up's noise could hide (under a fifth of the longer
run's CPU time) is refused, not printed: use more vectors.

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


def cpu_rates(name, cmd_of, full, tenth, repeat):
    """Report of the full run, with cycles_per_second and vectors_per_second
    replaced by rates per CPU-second from the difference of the least CPU
    times of repeat full and repeat tenth runs (cmd_of(path of the inputs)
    gives the command). Exits when the difference is within the start-up's
    noise."""
    cpu_big = cpu_small = float("inf")
    for _ in range(repeat):
        big, cpu = run(cmd_of(full))
        cpu_big = min(cpu_big, cpu)
        small, cpu = run(cmd_of(tenth))
        cpu_small = min(cpu_small, cpu)
    cpu = cpu_big - cpu_small
    if not cpu > 0.2 * cpu_big:
        print(f"bench_cosim: {name}: the full run took {cpu_big:.3f} CPU-s and "
              f"the tenth {cpu_small:.3f}: the difference is within the start-up's "
              "noise; give more vectors", file=sys.stderr)
        sys.exit(1)
    big["cycles_per_second"] = (big["cycles"] - small["cycles"]) / cpu
    big["vectors_per_second"] = (big["vectors"] - small["vectors"]) / cpu
    return big


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", required=True)
    ap.add_argument("--bare", required=True)
    ap.add_argument("--vectors", type=int, default=5000)
    ap.add_argument("--analog-vectors", type=int, default=5000)
    ap.add_argument("--preset", default="sram-m6-1ua")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each length; the least CPU time counts")
    args = ap.parse_args()
    if not 0 < args.analog_vectors <= args.vectors or args.repeat < 1:
        ap.error("need 0 < --analog-vectors <= --vectors and --repeat >= 1")
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
        bare = cpu_rates("bare loop", lambda inputs: [args.bare, wp, inputs], xp, xp10,
                         args.repeat)
        ideal = cpu_rates("cosim --ideal",
                          lambda inputs: [args.cosim, "--inputs", inputs, "--ideal"] + common,
                          xp, xp10, args.repeat)
        analog = cpu_rates(f"cosim --preset {args.preset}",
                           lambda inputs: [args.cosim, "--inputs", inputs, "--preset",
                                           args.preset] + common, xa, xa10, args.repeat)
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

    def part(seconds, whole):
        """A difference of two rates, as us per vector and share of whole;
        one that noise made negative is said to be so, not printed."""
        if seconds <= 0:
            return "below this run's noise"
        return f"{seconds * 1e6:8.1f} us ({100 * seconds / whole:.0f} % of the analog cosim)"
    print(f"""
Where the time goes, per input vector:
  RTL evaluation (bare loop)                     {part(per_vec_bare, per_vec_analog)}
  + SystemC kernel, bit-vector ports, scoreboard {part(per_vec_ideal - per_vec_bare, per_vec_analog)}
    (the cosim is {bare['cycles_per_second'] / ideal['cycles_per_second']:.1f}x slower than the bare loop)
  + analog solves ({args.preset}: each of the {analog['analog_solves']} word-line patterns
    solved twice, by the analog module and by the
    reference VMM the scoreboard checks against)  {part(per_vec_analog - per_vec_ideal, per_vec_analog)}""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
