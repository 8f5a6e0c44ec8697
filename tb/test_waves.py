#!/usr/bin/env python3
"""The committed GTKWave views (waves/*.gtkw) against real traces.

Why: GTKWave drops a row whose signal is not in the trace without a word,
and two rows with the same label cannot be told apart, so a view can look
fine and show the wrong thing. For each view: every row label is unique,
and every signal it lists exists in a trace of each design point it is
for (flip_path: BinSparX, any K; adc_bank: BinSparX, K = 8; baseline:
baseline, any K). Traces come from build/bsxsim-cosim ($COSIM) and are
read through fst2vcd.

  tb/test_waves.py      (make test-waves)
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

from pytb import ROOT, Tally, pm1, run_cosim

VIEWS = {"flip_path": [("binsparx", 8), ("binsparx", 64)], "adc_bank": [("binsparx", 8)],
         "baseline": [("baseline", 8), ("baseline", 64)]}
tally = Tally("waves views", verbose=True)
check = tally.check


def gtkw_rows(path):
    """(row label, full signal name) of every signal row of a .gtkw file."""
    rows = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line[0] in "@[*-":
                continue
            alias = None
            if line.startswith("+{"):
                alias, line = line[2:].split("} ", 1)
            rows.append((alias or line.rsplit(".", 1)[-1], line))
    return rows


def vcd_signals(fst):
    """Full names (scope.name[range]) of every variable of an FST trace."""
    vcd = subprocess.run(["fst2vcd", fst], capture_output=True, text=True, check=True).stdout
    scopes, names = [], set()
    for line in vcd.splitlines():
        f = line.split()
        if f[:1] == ["$scope"]:
            scopes.append(f[2])
        elif f[:1] == ["$upscope"]:
            scopes.pop()
        elif f[:1] == ["$var"]:
            names.add(".".join(scopes + ["".join(f[4:-1])]))
        elif f[:1] == ["$enddefinitions"]:
            break
    return names


def trace(tmp, scheme, adcs):
    fst = os.path.join(tmp, f"{scheme}_k{adcs}.fst")
    if not os.path.exists(fst):
        res = run_cosim(["--weights", os.path.join(tmp, "w.npy"), "--inputs",
                         os.path.join(tmp, "x.npy"), "--out", os.path.join(tmp, "y.npy"),
                         "--scheme", scheme, "--adcs", str(adcs), "--ideal", "--trace", fst])
        if res.returncode != 0:
            raise SystemExit(f"bsxsim-cosim {scheme} K={adcs} failed: {res.stderr.strip()}")
    return fst


def main():
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as tmp:
        np.save(os.path.join(tmp, "w.npy"), pm1(rng, (64, 64)))
        np.save(os.path.join(tmp, "x.npy"), pm1(rng, (3, 64)))
        for view, points in VIEWS.items():
            rows = gtkw_rows(os.path.join(ROOT, "waves", view + ".gtkw"))
            labels = [label for label, _ in rows]
            dup = sorted({l for l in labels if labels.count(l) > 1})
            check(rows and not dup, f"waves/{view}.gtkw: {len(rows)} rows, labels used twice: "
                  f"{dup or 'none'}")
            for scheme, adcs in points:
                have = vcd_signals(trace(tmp, scheme, adcs))
                missing = [s for _, s in rows if s not in have]
                check(not missing, f"waves/{view}.gtkw on a {scheme} K={adcs} trace: "
                      f"missing signals {missing or 'none'}")
        extra = sorted(set(f[:-5] for f in os.listdir(os.path.join(ROOT, "waves"))
                           if f.endswith(".gtkw")) - set(VIEWS))
        check(not extra, f"every committed view is tested (untested: {extra or 'none'})")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
