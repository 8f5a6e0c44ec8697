#!/usr/bin/env python3
"""Validates the C column solver against ngspice (docs/design.md section 7).

For every preset, solves the same (wl, w) patterns with
`$BSXSIM column --preset P --patterns FILE --json` (cell tables, Newton on
the banded system) and with ngspice on a deck written from the device
equations (spice_column.py), and compares the column current and, for ReRAM,
the dummy-column current.

Error measure: |I_c - I_spice| / max(|I_spice|, I_LSB). Currents of at least
one LSB are compared relatively; near-zero currents (all word lines off,
leakage of pA-nA) are compared in units of I_LSB, since what matters for the
ADC is the error in LSB. The run fails (exit 1) when any error exceeds
--tol (default 0.05 %), or when either simulator fails.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import column_patterns  # noqa: E402
import spice_column  # noqa: E402

ALL_PRESETS = ["%s-%s-%s" % (t, m, i) for t in ("sram", "reram")
               for m in ("m3", "m4", "m6") for i in ("1ua", "2ua")]


class ValidationError(Exception):
    """A simulator failed or printed something we cannot use."""


def run_bsxsim(bsxsim, args):
    """stdout of `bsxsim ARGS`; ValidationError with its stderr on failure."""
    try:
        proc = subprocess.run([bsxsim] + args, capture_output=True, text=True,
                              timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValidationError("cannot run %s: %s" % (bsxsim, exc)) from exc
    if proc.returncode != 0:
        raise ValidationError("%s %s: exit %d: %s"
                              % (bsxsim, " ".join(args), proc.returncode,
                                 proc.stderr.strip()))
    return proc.stdout


def parse_json_records(text, what):
    """A JSON array of objects, or one object per line."""
    try:
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        pass
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise ValidationError("%s: output is not JSON: %s" % (what, exc))


def preset_values(bsxsim, preset, sets):
    """The preset's numbers as `bsxsim presets --json` prints them after the
    --set overrides in sets."""
    presets = spice_column.load_presets(
        run_bsxsim(bsxsim, ["presets", "--json", "--preset", preset] + sets))
    if preset not in presets:
        raise ValidationError("bsxsim presets --json --preset %s printed no "
                              "such preset" % preset)
    return presets[preset]


def c_solver_currents(bsxsim, preset, sets, rows, patterns, workdir):
    """[(current, dummy_current or None)] from bsxsim, in A."""
    path = os.path.join(workdir, preset + ".patterns")
    with open(path, "w") as f:
        for _, wl, w in patterns:
            f.write("%s %s\n" % (wl, w))
    what = "bsxsim column --preset %s" % preset
    records = parse_json_records(
        run_bsxsim(bsxsim, ["column", "--preset", preset, "--rows", str(rows),
                            "--patterns", path, "--json"] + sets), what)
    if len(records) != len(patterns):
        raise ValidationError("%s: %d results for %d patterns"
                              % (what, len(records), len(patterns)))
    out = []
    for rec, (name, wl, w) in zip(records, patterns):
        if rec.get("wl", wl) != wl or rec.get("w", w) != w:
            raise ValidationError("%s: result for %s is for another pattern"
                                  % (what, name))
        try:
            current = float(rec["current"])
            dummy = (float(rec["dummy_current"]) if "dummy_current" in rec
                     else None)
            if not math.isfinite(current) or not math.isfinite(
                    0.0 if dummy is None else dummy):
                raise ValueError("non-finite current")
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("%s: pattern %s: bad record %r (%s)"
                                  % (what, name, rec, exc))
        out.append((current, dummy))
    return out


def rel_error(i_c, i_ref, i_lsb):
    """|i_c - i_ref| relative to max(|i_ref|, i_lsb)."""
    return abs(i_c - i_ref) / max(abs(i_ref), i_lsb)


def cell_error(p, ngspice):
    """Error of the preset's calibrated cell currents i_on (state 11) and
    i_hrs (state 10), solved by bsxsim's device code, against ngspice on one
    cell with V_b = v_read, V_s = 0 (no wire, driver or sink resistance):
    checks the device equations apart from tables and column solver."""
    cell = dict(p, r_drv=0.0, r_sink=0.0)
    (i_on, _), (i_hrs, _) = spice_column.solve(cell, 1, [("1", "1"),
                                                         ("1", "0")], ngspice)
    return max(rel_error(p["i_on"], i_on, p["i_lsb"]),
               rel_error(p["i_hrs"], i_hrs, p["i_lsb"]))


def validate_preset(p, patterns, rows, c_results, ngspice):
    """Per-preset summary dict: errors of the cell currents and of the column
    and dummy currents."""
    cell_err = cell_error(p, ngspice)
    spice = spice_column.solve(p, rows, [(wl, w) for _, wl, w in patterns],
                               ngspice)
    errs, dummy_errs = [], []
    for (name, _, _), (c_i, c_d), (s_i, s_d) in zip(patterns, c_results,
                                                     spice):
        errs.append((rel_error(c_i, s_i, p["i_lsb"]), name))
        if s_d is not None:
            if c_d is None:
                raise ValidationError("%s: bsxsim gave no dummy current"
                                      % p["name"])
            dummy_errs.append((rel_error(c_d, s_d, p["i_lsb"]), name))
    worst = max(errs + dummy_errs + [(cell_err, "cell i_on/i_hrs")])
    return {"preset": p["name"], "patterns": len(patterns), "cell": cell_err,
            "max": max(errs)[0], "mean": sum(e for e, _ in errs) / len(errs),
            "dummy_max": max(dummy_errs)[0] if dummy_errs else None,
            "worst": worst[1], "worst_err": worst[0]}


def apply_perturbation(p, spec):
    """Scales one number of the ngspice side only (KEY=FACTOR), to show
    that the comparison catches a wrong circuit."""
    key, _, factor = spec.partition("=")
    if key not in p or not isinstance(p[key], (int, float)):
        raise ValidationError("--perturb %s: no numeric preset key %r"
                              % (spec, key))
    try:
        p[key] = p[key] * float(factor)
    except ValueError:
        raise ValidationError("--perturb %s: factor is not a number" % spec)


def print_table(rows, tol):
    """The per-preset error table on stdout."""
    print("%-14s %9s %8s %12s %12s %12s  %s"
          % ("preset", "cell err", "patterns", "max rel err", "mean rel err",
             "dummy max", "worst pattern"))
    for r in rows:
        dummy = "%.3e" % r["dummy_max"] if r["dummy_max"] is not None else "-"
        print("%-14s %9.2e %8d %12.3e %12.3e %12s  %s"
              % (r["preset"], r["cell"], r["patterns"], r["max"], r["mean"],
                 dummy, r["worst"]))
    print("error = |I_C - I_ngspice| / max(|I_ngspice|, I_LSB); limit %.3g"
          % tol)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--presets", default="all",
                    help="'all' or a comma-separated list")
    ap.add_argument("--patterns-per-preset", type=int, default=50)
    ap.add_argument("--quick", action="store_true",
                    help="8 patterns per preset (the make test set)")
    ap.add_argument("--rows", type=int, default=64)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tol", type=float, default=5e-4)
    ap.add_argument("--set", metavar="KEY=VALUE", action="append",
                    default=[], help="override a preset number in both "
                    "simulators (bsxsim --set), repeatable")
    ap.add_argument("--perturb", metavar="KEY=FACTOR",
                    help="scale one preset number in ngspice only")
    ap.add_argument("--bsxsim", default=os.environ.get("BSXSIM",
                                                       "build/bsxsim"))
    ap.add_argument("--ngspice", default=os.environ.get("NGSPICE", "ngspice"))
    args = ap.parse_args()
    count = 8 if args.quick else args.patterns_per_preset
    names = ALL_PRESETS if args.presets == "all" else args.presets.split(",")
    if count < 1 or args.rows < 1:
        print("validate_ngspice: --patterns-per-preset and --rows must be "
              ">= 1", file=sys.stderr)
        return 2
    patterns = column_patterns.validation_patterns(args.rows, count,
                                                   args.seed)
    sets = [arg for kv in args.set for arg in ("--set", kv)]
    table, failed = [], []
    try:
        with tempfile.TemporaryDirectory() as workdir:
            for name in names:
                p = dict(preset_values(args.bsxsim, name, sets))
                c_results = c_solver_currents(args.bsxsim, name, sets,
                                              args.rows, patterns, workdir)
                if args.perturb:
                    apply_perturbation(p, args.perturb)
                try:
                    table.append(validate_preset(p, patterns, args.rows,
                                                 c_results, args.ngspice))
                except spice_column.SpiceError as exc:
                    failed.append("%s: %s" % (name, exc))
    except (ValidationError, OSError, ValueError, KeyError) as exc:
        print("validate_ngspice: %s" % exc, file=sys.stderr)
        return 1
    print_table(table, args.tol)
    for msg in failed:
        print("validate_ngspice: ngspice failed on %s" % msg, file=sys.stderr)
    bad = [r for r in table if r["worst_err"] > args.tol]
    for r in bad:
        print("validate_ngspice: %s: error %.3e on pattern %s exceeds %.3g"
              % (r["preset"], r["worst_err"], r["worst"], args.tol),
              file=sys.stderr)
    return 1 if bad or failed else 0


if __name__ == "__main__":
    sys.exit(main())
