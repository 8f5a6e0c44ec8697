#!/usr/bin/env python3
"""Column solves per second: the batched and the scalar C solver against
ngspice, in the same run, and the batched solver against its arithmetic floor.

C: `build/bench_column --json` (single thread, random patterns with every wl
and w bit 1 with probability 1/2, CPU time of the benchmark thread; the
column only, no dummy; batched = the 64 columns of a tile per word-line
pattern in one bsx_column_batch_solve, bit-identical to the scalar solver). ngspice: the same circuit (preset, rows) written by
spice_column.py from the device equations, the same kind of random patterns,
column only; one ngspice process runs --ops operating points one after
another (each after `alter` of the gate sources that change), and a second
process loads the same deck and quits at once. Per-OP time = (T_ops -
T_load) / ops in CPU seconds of the ngspice process, so process start,
parsing and subcircuit expansion are excluded (shown as `start`). The ratio
C / ngspice compares CPU time with CPU time; ngspice's wall-clock rate is
shown too, with its Newton iterations per OP and the share of its analysis
time spent loading the matrix (evaluating the behavioural sources).

--before BENCH times a second bench_column (e.g. one built from an older
commit) in the same run and adds its batched rate and the speed-up.
--repeat N runs the C bench(es) N times, alternating, and keeps each case's
best rate: on a shared machine the least disturbed run is the closest to
what the code does.

Arithmetic floor of the batched solve: arithmetic operations per solve (one
lane's share of the vector operations) counted in models/column_batch.c
(OPS below: per row and Newton iteration the cell-table patch, assembly and
block elimination including one division, back substitution and step; the
first iteration skips the table and adds one pass of its second-order
term, every later one adds certify's test vector and pass), divided by the core's peak rate: 2 vector add/multiply/FMA ports
x lanes per register x the nominal clock of /proc/cpuinfo. A fused
multiply-add counts as one operation on the paths that have it (the scalar
solver fuses the same ones, so the batch still rounds as it does).
Comparisons, selects, gathers, the division's latency and the second-order
term's second pass (which only some columns need) are not counted, so the
floor is optimistic.
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


# Vector arithmetic operations per row, counted in models/column_batch.c,
# with and without fused multiply-add (an FMA is one operation):
# cell-table patch, assembly and elimination with one division, back
# substitution, step; the first iteration skips the table and adds one pass
# of its second-order term (quadratic term, forward reduction, back
# substitution with its largest component, the fold into the step); every
# later one also solves and checks certify's test vector (forward, backward,
# its pass).
OPS = {
    True: {"table": 46, "row_iter": 46 + 37 + 6 + 4, "certify": 6 + 10 + 41,
           "second_order": 12 + 10 + 2},
    False: {"table": 74, "row_iter": 74 + 49 + 10 + 4,
            "certify": 10 + 14 + 41, "second_order": 18 + 14 + 2},
}


def ops_per_solve(rows, iterations, fma):
    o = OPS[fma]
    return rows * (iterations * o["row_iter"] - o["table"]
                   + (iterations - 1) * o["certify"] + o["second_order"])


def peak_ops(path):
    """Peak add/multiply rate of one core for the batched solver's path."""
    lanes = 8 if path.startswith("avx512") else 4 if path.startswith("avx2") else 2
    mhz = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("cpu MHz"):
                    mhz = float(line.split(":")[1])
                    break
    except OSError:
        pass
    return (2 * lanes * mhz * 1e6, mhz) if mhz else (None, None)


def c_solver_rates(bench, seconds):
    """({(preset, rows): (batched solves/s, scalar solves/s, mean Newton
    iterations)}, SIMD path) from bench."""
    try:
        proc = subprocess.run([bench, "--json", "--seconds", str(seconds)],
                              capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BenchError("cannot run %s: %s" % (bench, exc)) from exc
    if proc.returncode != 0:
        raise BenchError("%s: exit %d: %s" % (bench, proc.returncode,
                                              proc.stderr.strip()))
    try:
        doc = json.loads(proc.stdout)
        for r in doc["results"]:
            if int(r["differing"]) != 0:
                raise BenchError("%s, %s rows: batched currents differ from "
                                 "the scalar ones" % (r["cells"], r["rows"]))
        return ({(r["cells"], int(r["rows"])):
                 (float(r["batch_solves_per_s"]), float(r["solves_per_s"]),
                  float(r["mean_iterations"]))
                 for r in doc["results"]}, doc["batch_path"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BenchError("%s --json: unexpected output (%s)" % (bench, exc))


def best_of(best, rates):
    """Keeps in best, per case, the highest batched and scalar rates."""
    for key, (b_rate, c_rate, c_iter) in rates.items():
        old = best.get(key, (0.0, 0.0, c_iter))
        best[key] = (max(old[0], b_rate), max(old[1], c_rate), c_iter)


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
    if not (cpu - load_cpu > 0.2 * cpu and wall - load_wall > 0.2 * wall):
        sys.exit(f"bench_solver: ngspice on {p} at {rows} rows: {ops} OPs took "
                 f"{cpu:.3f} CPU-s and loading the deck alone {load_cpu:.3f}: "
                 "the difference is within the start-up's noise; give more --ops")
    per_op_wall = (wall - load_wall) / ops
    per_op_cpu = (cpu - load_cpu) / ops
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
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of the C bench(es); each case's best rate")
    ap.add_argument("--before", metavar="BENCH",
                    help="an older bench_column to compare the batched "
                    "rate with, timed in the same run")
    args = ap.parse_args()
    if args.ops < 1 or args.repeat < 1:
        print("bench_solver: --ops and --repeat must be >= 1",
              file=sys.stderr)
        return 2
    try:
        before, c_rates = {}, {}
        for _ in range(args.repeat):
            if args.before:
                best_of(before, c_solver_rates(args.before, args.seconds)[0])
            rates, path = c_solver_rates(args.bench, args.seconds)
            best_of(c_rates, rates)
        peak, mhz = peak_ops(path)
        out = subprocess.run([args.bsxsim, "presets", "--json"],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise BenchError("bsxsim presets --json: %s" % out.stderr.strip())
        presets = spice_column.load_presets(out.stdout)
        print("column solves per second, single thread, CPU time, random "
              "patterns p(bit)=0.5, column only (no dummy); batched: %s, 64 "
              "columns per batch; best of %d run(s); ngspice: %d OPs per "
              "case, process load/parse time excluded"
              % (path, args.repeat, args.ops))
        if peak:
            print("floor: operations per solve (one lane's share) / %.1f G/s "
                  "(2 ports x %d lanes x %.0f MHz; an FMA is one operation)"
                  % (peak / 1e9, round(peak / 2e6 / mhz), mhz))
        if before:
            print("before: %s, batched rate and after / before" % args.before)
        head = ("%-13s %4s %10s %9s %5s %9s %9s %7s %6s %5s %7s %8s %8s %8s "
                "%9s %6s" + (" %10s %7s" if before else ""))
        print(head % (("preset", "rows", "batched/s", "scalar/s", "iter",
                       "ngspice/s", "ngspice/s", "start s", "sp it", "B-src",
                       "batch/", "batch/", "scalar/", "ops/", "floor/s",
                       "batch/") + (("before/s", "after/") if before else ())))
        print(head % (("", "", "", "", "", "OP (cpu)", "OP(wall)", "(cpu)",
                       "", "share", "scalar", "ngspice", "ngspice", "solve",
                       "", "floor") + (("batched", "before") if before
                                       else ())))
        for (name, rows), (b_rate, c_rate, c_iter) in sorted(c_rates.items()):
            if name not in presets:
                continue  # synthetic tables have no circuit for ngspice
            s = ngspice_rate(presets[name], rows, args.ops, args.seed,
                             args.ngspice)
            ops = ops_per_solve(rows, c_iter, "fused" in path)
            floor = peak / ops if peak else float("nan")
            line = ("%-13s %4d %10.0f %9.0f %5.2f %9.1f %9.1f %7.3f %6.1f "
                    "%4.0f%% %7.2f %8.0f %8.0f %8.0f %9.0f %6.2f"
                    % (name, rows, b_rate, c_rate, c_iter, s["cpu"],
                       s["wall"], s["load"], s["iter"], 100 * s["load_share"],
                       b_rate / c_rate, b_rate / s["cpu"], c_rate / s["cpu"],
                       ops, floor, b_rate / floor))
            if (name, rows) in before:
                old = before[(name, rows)][0]
                line += " %10.0f %7.2f" % (old, b_rate / old)
            print(line)
    except (BenchError, spice_column.SpiceError, OSError, ValueError) as exc:
        print("bench_solver: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
