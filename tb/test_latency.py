#!/usr/bin/env python3
"""The latency study on the default models (make test-latency): a K sweep
reduced to K = 8 and 64 on the 64 x 64 array, so nothing new is built.

Why: `make latency` runs for an hour, so make test checks what it writes on
the design points it already has: the cycle counts (known answers from the
schedule, docs/design.md: baseline SETTLE + M/K (B + 1) + 1, BinSparX
TREE_STAGES + 1 more), the turn from faster to slower between K = 8 and 64,
the energy per VMM equal to the co-simulation's analog energy plus every
digital block, the area equal to the array, the ADCs and every block of
that configuration's netlist (sta.json read here, not through the study's
code), the CSV and PNG, and a bad --config refused in one line.

  tb/test_latency.py      (COSIM / BSXSIM: the programs)
"""
import csv
import json
import os
import pathlib
import subprocess
import sys
import tempfile

from pytb import BSXSIM, COSIM, ROOT, Tally

PY = sys.executable
tally = Tally("latency study", verbose=True)
check = tally.check


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def study(out, *extra):
    return subprocess.run([PY, os.path.join(ROOT, "scripts", "latency.py"), "--cosim", COSIM,
                           "--bsxsim", BSXSIM, "--out", out, "--vectors", "8"] + list(extra),
                          capture_output=True, text=True)


def point_checks(p):
    for scheme in ("baseline", "binsparx"):
        r = p[scheme]
        label = f"{r['configuration']}"
        analog = r["analog"]["analog_total_j"]
        digital = sum(b["total_j"] for b in r["digital_by_block"].values())
        # the JSON prints 7 significant digits per part: compare to 1e-6
        check(close(r["energy_pj"], (analog + digital) * 1e12, 1e-6),
              f"{label}: energy {r['energy_pj']:.3f} pJ = analog {analog * 1e12:.3f} + digital "
              f"{digital * 1e12:.3f} pJ")
        check(analog > 0 and digital > 0, f"{label}: analog and digital energy both positive")
        sta_json = os.path.join(os.path.dirname(COSIM), "vl", r["configuration"], "sta", "sta.json")
        blocks = json.loads(pathlib.Path(sta_json).read_text())["cases"][0]["block_area_um2"]
        want = r["analog"]["array_area_um2"] + r["analog"]["adc_area_um2"] + sum(blocks.values())
        check(close(r["area_um2"], want), f"{label}: area {r['area_um2']:.2f} um^2 = array + "
              f"ADCs + the blocks of {sta_json} ({want:.2f})")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        res = study(tmp, "--config", "adcs=8", "--sweep-rows", "64", "--sweep-adcs", "8,64")
        check(res.returncode == 0, f"latency.py runs (exit {res.returncode}, {res.stderr.strip()!r})")
        if res.returncode == 0:
            result = json.load(open(os.path.join(tmp, "latency.json")))
            cycles = {(p["baseline"]["adcs"], s): p[s]["cycles"]
                      for p in result["sweep"] for s in ("baseline", "binsparx")}
            # known answers, kept here as an oracle independent of the
            # formula in src/rtl_config.c that latency.py checks them against
            want = {(8, "baseline"): 58, (8, "binsparx"): 53, (64, "baseline"): 9,
                    (64, "binsparx"): 11}
            check(cycles == want, f"cycles per vector {cycles} == {want}")
            check(result["crossovers"] == {"64": [8, 64]},
                  f"N = 64 turns slower between K = 8 and 64: {result['crossovers']}")
            for p in result["sweep"]:
                point_checks(p)
            with open(os.path.join(tmp, "sweep.csv")) as fh:
                rows = list(csv.DictReader(fh))
            check(len(rows) == 2 and all(k in rows[0] for k in (
                "binsparx_ns", "baseline_energy_pj", "binsparx_energy_pj", "energy_change_pct",
                "baseline_area_um2", "binsparx_area_um2", "area_change_pct")),
                f"sweep.csv: 2 rows with energy and area columns ({list(rows[0]) if rows else []})")
            if rows:
                p = result["sweep"][0]
                check(close(float(rows[0]["binsparx_energy_pj"]), p["binsparx"]["energy_pj"], 1e-5)
                      and close(float(rows[0]["baseline_area_um2"]), p["baseline"]["area_um2"], 1e-5),
                      "sweep.csv carries the JSON's energy and area")
            with open(os.path.join(tmp, "sweep.png"), "rb") as fh:
                check(fh.read(8) == b"\x89PNG\r\n\x1a\n", "sweep.png is a PNG")
            check("energy per array VMM" in res.stdout, "the table prints energy and area")
        bad = study(tmp, "--config", "adcs=6", "--no-sweep")
        lines = bad.stderr.strip().splitlines()
        check(bad.returncode == 1 and len(lines) == 1 and "K must divide M" in lines[0],
              f"--config adcs=6 refused in one line naming the rule ({bad.stderr!r})")
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
