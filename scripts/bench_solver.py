#!/usr/bin/env python3
"""Column solves per second: the C solver against ngspice, in the same run.

C: `build/bench_column --json` (single thread, random patterns with every wl
and w bit 1 with probability 1/2, CPU time of the benchmark thread; the
column only, no dummy). ngspice: the same circuit (preset, rows) written by
spice_column.py from the device equations, the same kind of random patterns,
column only; one ngspice process runs --ops operating points one after
another (each after `alter` of the gate sources that change), and a second
process loads the same deck and quits at once. Per-OP time = (T_ops -
T_load) / ops in CPU seconds of the ngspice process, so process start,
parsing and subcircuit expansion are excluded (shown as `load`). The ratio
C / ngspice compares CPU time with CPU time; ngspice's wall-clock rate is
shown too.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spice_column  # noqa: E402


class BenchError(Exception):
    """A benchmark program failed or printed something unusable."""


def c_solver_rates(bench, seconds):
    """{(preset, rows): (solves/s, mean Newton iterations)} from bench."""
    try:
        proc = subprocess.run([bench, "--json", "--seconds", str(seconds)],
                              capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BenchError("cannot run %s: %s" % (bench, exc)) from exc
    if proc.returncode != 0:
        raise BenchError("%s: exit %d: %s" % (bench, proc.returncode,
                                              proc.stderr.strip()))
    try:
        results = json.loads(proc.stdout)["results"]
        return {(r["cells"], int(r["rows"])):
                (float(r["solves_per_s"]), float(r["mean_iterations"]))
                for r in results}
    except (ValueError, KeyError, TypeError) as exc:
        raise BenchError("%s --json: unexpected output (%s)" % (bench, exc))


def timed_run(deck, ngspice):
    """(wall s, child CPU s, output text) of one ngspice run of deck."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    text = spice_column.run_deck(deck, ngspice)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime
                                                - before.ru_stime)
    return wall, cpu, text


def ngspice_rate(p, rows, ops, seed, ngspice):
    """(OP solves/s by wall clock, by CPU, CPU seconds to load the deck) of
    ngspice on the column of preset p with `ops` random patterns."""
    rng = random.Random(seed)
    patterns = [("".join(rng.choice("01") for _ in range(rows)),
                 "".join(rng.choice("01") for _ in range(rows)))
                for _ in range(ops)]
    deck = spice_column.write_deck(p, rows, patterns, with_dummy=False)
    load_wall, load_cpu, _ = timed_run(
        spice_column.write_deck(p, rows, [], with_dummy=False), ngspice)
    wall, cpu, text = timed_run(deck, ngspice)
    spice_column.parse_output(text, ops, dummy=False)  # all OPs converged
    per_op_wall = max(wall - load_wall, 1e-9) / ops
    per_op_cpu = max(cpu - load_cpu, 1e-9) / ops
    return 1.0 / per_op_wall, 1.0 / per_op_cpu, load_cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", default="build/bench_column",
                    help="the C bench program (bench_column)")
    ap.add_argument("--bsxsim", default=os.environ.get("BSXSIM",
                                                       "build/bsxsim"))
    ap.add_argument("--ngspice", default=os.environ.get("NGSPICE", "ngspice"))
    ap.add_argument("--seconds", type=float, default=0.3,
                    help="time per case of the C bench")
    ap.add_argument("--ops", type=int, default=10,
                    help="ngspice OP solves per case")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.ops < 1:
        print("bench_solver: --ops must be >= 1", file=sys.stderr)
        return 2
    try:
        c_rates = c_solver_rates(args.bench, args.seconds)
        out = subprocess.run([args.bsxsim, "presets", "--json"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise BenchError("bsxsim presets --json: %s" % out.stderr.strip())
        presets = spice_column.load_presets(out.stdout)
        print("column solves per second, single thread, random patterns "
              "p(bit)=0.5, column only (no dummy); ngspice: %d OPs per case, "
              "process load/parse time excluded and shown" % args.ops)
        print("%-14s %5s %12s %8s %14s %14s %9s %10s"
              % ("preset", "rows", "C solves/s", "C iter", "ngspice OP/s",
                 "ngspice OP/s", "load s", "C/ngspice"))
        print("%-14s %5s %12s %8s %14s %14s %9s %10s"
              % ("", "", "(cpu)", "", "(cpu)", "(wall)", "(cpu)", "(cpu)"))
        for (name, rows), (c_rate, c_iter) in sorted(c_rates.items()):
            if name not in presets:
                continue  # synthetic tables have no circuit for ngspice
            s_wall, s_cpu, load = ngspice_rate(presets[name], rows, args.ops,
                                               args.seed, args.ngspice)
            print("%-14s %5d %12.0f %8.2f %14.1f %14.1f %9.3f %10.0f"
                  % (name, rows, c_rate, c_iter, s_cpu, s_wall, load,
                     c_rate / s_cpu))
    except (BenchError, spice_column.SpiceError, OSError, ValueError) as exc:
        print("bench_solver: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
