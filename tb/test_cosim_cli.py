#!/usr/bin/env python3
"""Hostile command lines and output paths of bsxsim-cosim (issue 8).

Why: the co-simulation must answer a bad command line the way bsxsim does
(one line on stderr, exit 2 for usage errors, no SystemC banner, no page of
usage), never overwrite an input or a non-regular file with an output, and
report a full disk while writing the waves instead of leaving a truncated
trace with exit 0. Runs build/bsxsim-cosim ($COSIM) without
SYSTEMC_DISABLE_COPYRIGHT_MESSAGE in the environment.

  tb/test_cosim_cli.py      (make test-cosim-cli)
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

from pytb import COSIM, Tally

# the banner must stay away without the variable that silences it
ENV = {k: v for k, v in os.environ.items() if k != "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE"}
tally = Tally("bsxsim-cosim command line", verbose=True)
check = tally.check


def run(args, cwd, shell_prefix=""):
    if shell_prefix:
        cmd = shell_prefix + " exec " + " ".join(f"'{a}'" for a in [COSIM] + args)
        return subprocess.run(["sh", "-c", cmd], capture_output=True, text=True, env=ENV,
                              cwd=cwd)
    return subprocess.run([COSIM] + args, capture_output=True, text=True, env=ENV, cwd=cwd)


def one_line(res, code, want):
    lines = res.stderr.splitlines()
    return (res.returncode == code and len(lines) == 1 and want in lines[0]
            and "SystemC" not in res.stderr + res.stdout and res.stdout == "")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        np.save(os.path.join(tmp, "W.npy"), np.ones((64, 64), dtype=np.int8))
        np.save(os.path.join(tmp, "X.npy"), np.ones((64, 64), dtype=np.int8))
        os.mkfifo(os.path.join(tmp, "fifo"))
        base = ["--weights", "W.npy", "--inputs", "X.npy", "--scheme", "binsparx", "--ideal"]
        usage = {
            "--bogus last": (base + ["--out", "Y.npy", "--bogus"], "--bogus: unknown option"),
            "--bogus first": (["--bogus"] + base + ["--out", "Y.npy"], "--bogus: unknown option"),
            "--clock-ps 1": (base + ["--out", "Y.npy", "--clock-ps", "1"], "--clock-ps: '1'"),
            "--clock-ps 3": (base + ["--out", "Y.npy", "--clock-ps", "3"], "--clock-ps: '3'"),
            "empty --out": (base + ["--out", ""], "--out: empty file name"),
            "empty --trace": (base + ["--out", "Y.npy", "--trace", ""],
                              "--trace: empty file name"),
            "--out = --weights": (base + ["--out", "W.npy"], "same file as --weights"),
            "--trace = --inputs": (base + ["--out", "Y.npy", "--trace", "./X.npy"],
                                   "same file as --inputs"),
            "--trace = --out": (base + ["--out", "Y.npy", "--trace", "Y.npy"],
                                "--trace Y.npy is the same file as --out"),
            # two spellings of one new name (safe_file's bsx_check_distinct)
            "--trace = ./--out": (base + ["--out", "Y.npy", "--trace", "./Y.npy"],
                                  "--trace ./Y.npy is the same file as --out"),
            "--trace .vcd": (base + ["--out", "Y.npy", "--trace", "w.VCD"],
                             "fst2vcd NAME.fst > NAME.vcd"),
            # as bsxsim: an option given twice is refused, only --set repeats
            "--out twice": (base + ["--out", "Y.npy", "--out", "Z.npy"], "--out is given twice"),
            "--adcs twice": (base + ["--out", "Y.npy", "--adcs", "8", "--adcs", "64"],
                             "--adcs is given twice"),
            "--json twice": (base + ["--out", "Y.npy", "--json", "--json"],
                             "--json is given twice"),
        }
        for name, (args, want) in usage.items():
            res = run(args, tmp)
            check(one_line(res, 2, want), f"usage error {name}: exit 2, one line with "
                  f"'{want}', no banner (got {res.returncode}, {res.stderr!r})")
        check(not os.path.exists(os.path.join(tmp, "w.VCD")), "--trace .vcd: no trace written")
        # output folders are checked before the run: nothing is simulated
        for name, args in {"--out in no folder": base + ["--out", "nodir/Y.npy"],
                           "--trace in no folder": base + ["--out", "Y.npy", "--trace",
                                                           "nodir/t.fst"],
                           "--out below a file": base + ["--out", "W.npy/Y.npy"]}.items():
            res = run(args, tmp)
            check(one_line(res, 1, "cannot create a file in its folder"),
                  f"{name}: refused before the run, one line (got {res.returncode}, "
                  f"{res.stderr!r})")
            check(not os.path.exists(os.path.join(tmp, "Y.npy")), f"{name}: no output")
        for name, args in {"--out fifo": base + ["--out", "fifo"],
                           "--trace fifo": base + ["--out", "Y.npy", "--trace", "fifo"],
                           "--out folder": base + ["--out", "."]}.items():
            res = run(args, tmp)
            check(one_line(res, 1, "not a regular file"),
                  f"{name}: refused, one line (got {res.returncode}, {res.stderr!r})")
            check(not os.path.exists(os.path.join(tmp, "Y.npy")), f"{name}: no output")
        check(os.path.exists(os.path.join(tmp, "fifo")) and
              not os.path.isfile(os.path.join(tmp, "fifo")), "the FIFO is still a FIFO")
        # a full disk while writing the waves (a file size limit stands in; the
        # program itself must not die of SIGXFSZ)
        res = run(base + ["--out", "Y.npy", "--trace", "t.fst"], tmp, "ulimit -f 16;")
        check(res.returncode == 1 and "--trace t.fst:" in res.stderr,
              f"full disk under the trace: exit 1 naming --trace (got {res.returncode}, "
              f"{res.stderr!r})")
        left = sorted(os.listdir(tmp))
        check(left == ["W.npy", "X.npy", "fifo"], f"full disk: nothing left behind ({left})")
        # and a run that works writes both
        res = run(base + ["--out", "Y.npy", "--trace", "t.fst"], tmp)
        check(res.returncode == 0 and os.path.isfile(os.path.join(tmp, "t.fst"))
              and "SystemC" not in res.stdout + res.stderr, "a good run writes Y and the trace")
        # a clock the user gives reaches the model once (the launcher adds its own only
        # when none is given)
        res = run(base + ["--out", "Y2.npy", "--clock-ps", "2000"], tmp)
        check(res.returncode == 0 and "2000 ps" in res.stdout,
              f"--clock-ps 2000 runs at 2000 ps (got {res.returncode}, {res.stderr!r})")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
