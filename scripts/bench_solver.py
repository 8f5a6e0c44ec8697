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
parsing and subcircuit expansion are excluded (shown as `start`). The ratio
C / ngspice compares CPU time with CPU time; ngspice's wall-clock rate is
shown too, with its Newton iterations per OP and the share of its analysis
time spent loading the matrix (evaluating the behavioural sources).
"""

import argparse
import json
import os
import random
import re
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


def ngspice_stat(text, key):
    """The last number ngspice's `rusage all` printed for key."""
    found = re.findall(r"^%s\s*=\s*(\S+)" % re.escape(key), text,
                       flags=re.MULTILINE)
    if not found:
        raise BenchError("ngspice printed no '%s'" % key)
    return float(found[-1])


def ngspice_rate(p, rows, ops, seed, ngspice):
    """Dict of ngspice's speed on the column of preset p with `ops` random
    patterns: OP solves/s by CPU and by wall clock, CPU seconds to load the
    deck, Newton iterations per OP, share of the analysis time spent loading
    the matrix (evaluating the behavioural sources)."""
    rng = random.Random(seed)
    patterns = [("".join(rng.choice("01") for _ in range(rows)),
                 "".join(rng.choice("01") for _ in range(rows)))
                for _ in range(ops)]
    deck = spice_column.write_deck(p, rows, patterns, with_dummy=False,
                                   stats=True)
    load_wall, load_cpu, _ = timed_run(
        spice_column.write_deck(p, rows, [], with_dummy=False), ngspice)
    wall, cpu, text = timed_run(deck, ngspice)
    spice_column.parse_output(text, ops, dummy=False)  # all OPs converged
    per_op_wall = max(wall - load_wall, 1e-9) / ops
    per_op_cpu = max(cpu - load_cpu, 1e-9) / ops
    return {"cpu": 1.0 / per_op_cpu, "wall": 1.0 / per_op_wall,
            "load": load_cpu,
            "iter": ngspice_stat(text, "Total iterations") / ops,
            "load_share": ngspice_stat(text, "Matrix load time")
            / ngspice_stat(text, "Total analysis time (seconds)")}


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
        head = "%-14s %5s %11s %6s %11s %11s %7s %6s %6s %9s"
        print(head % ("preset", "rows", "C solves/s", "C it", "ngspice",
                      "ngspice", "start s", "sp it", "B-src", "C/ngspice"))
        print(head % ("", "", "(cpu)", "", "OP/s (cpu)", "OP/s(wall)",
                      "(cpu)", "", "share", "(cpu)"))
        for (name, rows), (c_rate, c_iter) in sorted(c_rates.items()):
            if name not in presets:
                continue  # synthetic tables have no circuit for ngspice
            s = ngspice_rate(presets[name], rows, args.ops, args.seed,
                             args.ngspice)
            print("%-14s %5d %11.0f %6.2f %11.1f %11.1f %7.3f %6.1f %5.0f%% "
                  "%9.0f" % (name, rows, c_rate, c_iter, s["cpu"], s["wall"],
                             s["load"], s["iter"], 100 * s["load_share"],
                             c_rate / s["cpu"]))
    except (BenchError, spice_column.SpiceError, OSError, ValueError) as exc:
        print("bench_solver: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
