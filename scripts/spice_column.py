#!/usr/bin/env python3
"""ngspice decks of one crossbar column, written from the device equations.

Why this exists: the C column solver (models/column.c) works on interpolated
cell tables; to validate it we need the same circuit (docs/design.md section 3)
solved by an independent simulator with the devices written directly from
their equations (docs/parameters.md sections 3-4, notes in the preset JSON schema):

* each NMOS is the MIT virtual-source model as a behavioural current source
  between internal drain/source nodes, with explicit series resistors Rs at
  drain and source, source/drain symmetric (swap and negate for V_ds < 0);
* the ReRAM is I = i0*exp(-gap/g0)*sinh(V/v0), odd in V;
* the column is V_drv -R_drv- b1 -R_bl- ... bN, cells b_i -> s_i,
  s1 -R_sl- ... sN, and R_sink plus a 0 V sense source at row N (or row 1
  for a same-end sink); ReRAM presets also get the all-HRS dummy column on
  the same word lines.

Many patterns run in one ngspice process: the word-line and weight inputs are
DC sources that `alter` sets before each `op`. The output is parsed strictly:
any Error/failed/aborted/singular text rejects the batch and every pattern
needs its own value lines (ngspice's exit status is unreliable).

Used as a module by validate_ngspice.py and bench_solver.py; as a program it
prints the currents of the patterns in a file.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys

# Tolerances that converge with many OFF cells (floating internal nodes
# carrying pA) and agree with looser runs to ~1e-11 relative.
SPICE_TOLERANCES = "reltol=1e-8 abstol=1e-15 vntol=1e-9 itl1=1000"

REJECT_RE = re.compile(r"error|failed|aborted|singular", re.IGNORECASE)
MARK = "@@pattern"


class SpiceError(Exception):
    """ngspice failed, or its output could not be trusted."""


def num(x):
    """A float as an ngspice literal with full precision."""
    return repr(float(x))


def load_presets(text):
    """Presets from the JSON `bsxsim presets --json` prints: name -> dict."""
    data = json.loads(text)
    if isinstance(data, dict):
        data = [data]
    return {p["name"]: p for p in data}


def check_pattern(pattern, rows):
    """Raises ValueError unless pattern is (wl, w), two 0/1 strings of rows."""
    for bits in pattern:
        if len(bits) != rows or set(bits) - {"0", "1"}:
            raise ValueError("pattern %r: need %d bits of 0/1" % (bits, rows))


def fet_subckt(fet):
    """Subcircuit nfet(d g s) of the VS model (docs/parameters.md section 4): Rs at
    drain and source around the intrinsic channel di-si; the gate is a node
    referenced to ground. Source/drain symmetric: Ff and Q are evaluated at
    vgs = V(g) - min(V(di), V(si)) and vds = |V(di) - V(si)| (the forward
    model with the terminals swapped when V(di) < V(si)), and the channel
    current K*Q*x/(1+|x|^beta)^(1/beta) with x = (V(di) - V(si))/Vdsat is odd
    in x, so no branch is needed and the conductance at vds = 0 is not lost.
    Ff is the voltage of an auxiliary node ff, which keeps ngspice's
    expression trees (and their derivatives) small."""
    a, pt = num(fet["alpha"]), num(fet["phit"])
    vt0, dl, n = num(fet["vt0"]), num(fet["delta"]), num(fet["n"])
    beta = num(fet["beta"])
    rs = num(fet["rs_ohm_m"] / (fet["nfin"] * fet["w_fin_m"]))
    vgs = "(V(g)-min(V(di),V(si)))"
    vds = "abs(V(di)-V(si))"
    ff = ("1/(1+exp((%s-(%s-%s*%s-%s*%s/2))/(%s*%s)))"
          % (vgs, vt0, dl, vds, a, pt, a, pt))
    q = ("%s*%s*%s*ln(1+exp((%s-(%s-%s*%s-%s*%s*V(ff)))/(%s*%s)))"
         % (num(fet["cinv"]), n, pt, vgs, vt0, dl, vds, a, pt, n, pt))
    vdsat = ("(%s*%s/%s*(1-V(ff))+%s*V(ff))"
             % (num(fet["vxo"]), num(fet["lg_m"]), num(fet["mu"]), pt))
    x = "((V(di)-V(si))/%s)" % vdsat
    channel = ("%s*%s*%s*%s*%s*pow(1+pow(abs(%s),%s),-1/%s)"
               % (num(fet["nfin"]), num(fet["w_fin_m"]), num(fet["vxo"]), q,
                  x, x, beta, beta))
    return [".subckt nfet d g s",
            "rd d di %s" % rs,
            "rs si s %s" % rs,
            "bff ff 0 V = %s" % ff,
            "bch di si I = %s" % channel,
            ".ends nfet"]


def reram_expr(reram, gap, vnode_b, vnode_x):
    """Current of the ReRAM from b to x; gap is an expression in metres."""
    return ("%s*exp(-(%s)/%s)*sinh((V(%s)-V(%s))/%s)"
            % (num(reram["i0"]), gap, num(reram["g0_m"]), vnode_b, vnode_x,
               num(reram["v0"])))


def resistor(name, a, b, ohms):
    """A resistor, or a 0 V source for an exact short (ngspice rejects R=0)."""
    if ohms < 0 or ohms != ohms:
        raise ValueError("%s: resistance %r is not >= 0" % (name, ohms))
    if ohms == 0:
        return "vshort_%s %s %s dc 0" % (name, a, b)
    return "r%s %s %s %s" % (name, a, b, num(ohms))


def column_lines(p, rows, tag, dummy):
    """Netlist lines of one column. Nodes are prefixed with tag; gate inputs
    are the shared nodes wl<i> (word line) and w<i> (weight input)."""
    lines = ["* column %s" % tag,
             "vdrv_%s drv_%s 0 dc %s" % (tag, tag, num(p["v_read"])),
             resistor("drv_" + tag, "drv_" + tag, "%s_b1" % tag, p["r_drv"])]
    for i in range(1, rows):
        lines.append(resistor("bl_%s_%d" % (tag, i), "%s_b%d" % (tag, i),
                              "%s_b%d" % (tag, i + 1), p["r_bl"]))
        lines.append(resistor("sl_%s_%d" % (tag, i), "%s_s%d" % (tag, i),
                              "%s_s%d" % (tag, i + 1), p["r_sl"]))
    sink_row = 1 if p["sink_same_end"] else rows
    lines.append(resistor("sink_" + tag, "%s_s%d" % (tag, sink_row),
                          "sink_" + tag, p["r_sink"]))
    lines.append("vsense_%s sink_%s 0 dc 0" % (tag, tag))
    for i in range(1, rows + 1):
        b, s, x = "%s_b%d" % (tag, i), "%s_s%d" % (tag, i), "%s_x%d" % (tag, i)
        if p["tech"] == "sram":
            lines.append("xrwl_%s_%d %s wl%d %s nfet" % (tag, i, b, i, x))
            lines.append("xq_%s_%d %s w%d %s nfet" % (tag, i, x, i, s))
        else:
            r = p["reram"]
            if dummy:
                gap = num(r["gap_hrs_m"])
            else:
                gap = "%s+(%s)*V(w%d)" % (num(r["gap_hrs_m"]),
                                          num(r["gap_lrs_m"] - r["gap_hrs_m"]),
                                          i)
            lines.append("brr_%s_%d %s %s I = %s"
                         % (tag, i, b, x, reram_expr(r, gap, b, x)))
            lines.append("xacc_%s_%d %s wl%d %s nfet" % (tag, i, x, i, s))
    return lines


def input_levels(p, wl_bit, w_bit):
    """DC levels of the wl and w input sources for one cell state: gate
    voltages, or for ReRAM w a 0/1 selector of the gap (HRS/LRS)."""
    v_wl = p["v_wl_on"] if wl_bit == "1" else 0.0
    if p["tech"] == "sram":
        v_w = p["v_q_on"] if w_bit == "1" else 0.0
    else:
        v_w = 1.0 if w_bit == "1" else 0.0
    return v_wl, v_w


def has_dummy(p):
    """ReRAM columns subtract an all-HRS dummy column (docs/design.md section 3)."""
    return p["tech"] == "reram"


def spice_options(p):
    """The .options line. ReRAM columns of 32 rows or more make plain Newton
    from the all-zero start diverge (B-sources get no voltage limiting), so
    they go straight to gmin stepping (noopiter), which converges in ~35
    iterations to the same point (1e-12 relative where both converge)."""
    extra = " noopiter" if p["tech"] == "reram" else ""
    return ".options " + SPICE_TOLERANCES + extra


def write_deck(p, rows, patterns, with_dummy=None, stats=False):
    """The ngspice deck solving the column (and, by default where the
    technology has one, the dummy) for every (wl, w) pattern in turn; each
    pattern's output is introduced by MARK index. stats: end with ngspice's
    resource report (iterations, matrix load/factor/solve times)."""
    if p["tech"] not in ("sram", "reram"):
        raise ValueError("preset %s: tech %r has no analog cell"
                         % (p["name"], p["tech"]))
    if with_dummy is None:
        with_dummy = has_dummy(p)
    for pat in patterns:
        check_pattern(pat, rows)
    lines = ["* column of preset %s, %d rows, %d patterns"
             % (p["name"], rows, len(patterns)), spice_options(p)]
    lines += fet_subckt(p["fet"])
    for i in range(1, rows + 1):
        lines.append("vwl%d wl%d 0 dc 0" % (i, i))
        lines.append("vw%d w%d 0 dc 0" % (i, i))
    lines += column_lines(p, rows, "c", dummy=False)
    probes = "i(vsense_c)"
    if with_dummy:
        lines += column_lines(p, rows, "d", dummy=True)
        probes += " i(vsense_d)"
    lines += [".control", "set numdgt=15"]
    current = [(0.0, 0.0)] * rows
    for k, (wl, w) in enumerate(patterns):
        for i in range(rows):
            v_wl, v_w = input_levels(p, wl[i], w[i])
            if v_wl != current[i][0]:
                lines.append("alter vwl%d dc = %s" % (i + 1, num(v_wl)))
            if v_w != current[i][1]:
                lines.append("alter vw%d dc = %s" % (i + 1, num(v_w)))
            current[i] = (v_wl, v_w)
        lines += ["echo %s %d" % (MARK, k), "op", "print " + probes,
                  "destroy all"]
    lines += ["echo %s end" % MARK] + (["rusage all"] if stats else [])
    lines += ["quit", ".endc", ".end"]
    return "\n".join(lines) + "\n"


def parse_output(text, n_patterns, dummy):
    """Currents per pattern [(i_col, i_dummy or None)] from ngspice's output;
    raises SpiceError on any error text or a missing/duplicate value."""
    bad = REJECT_RE.search(text)
    if bad:
        line = text[text.rfind("\n", 0, bad.start()) + 1:].split("\n", 1)[0]
        raise SpiceError("ngspice reported: %s" % line.strip())
    chunks = re.split(r"^%s (\S+)\s*$" % MARK, text, flags=re.MULTILINE)
    values = {}
    names = ["c", "d"] if dummy else ["c"]
    for label, body in zip(chunks[1::2], chunks[2::2]):
        if label == "end":
            continue
        got = {}
        for name in names:
            found = re.findall(r"^i\(vsense_%s\)\s*=\s*(\S+)\s*$" % name,
                               body, flags=re.MULTILINE)
            if len(found) != 1:
                raise SpiceError("pattern %s: %d values of i(vsense_%s)"
                                 % (label, len(found), name))
            try:
                got[name] = float(found[0])
            except ValueError:
                got[name] = math.nan
            if not math.isfinite(got[name]):
                raise SpiceError("pattern %s: i(vsense_%s) = %s"
                                 % (label, name, found[0]))
        values[int(label)] = got
    complete = sorted(values) == list(range(n_patterns))
    if "%s end" % MARK not in text or not complete:
        raise SpiceError("ngspice output incomplete (%d of %d patterns)"
                         % (len(values), n_patterns))
    return [(values[k]["c"], values[k].get("d")) for k in range(n_patterns)]


def run_deck(deck, ngspice="ngspice", timeout=600):
    """Runs one deck in batch mode; returns stdout+stderr text."""
    try:
        proc = subprocess.run([ngspice, "-b", "/dev/stdin"], input=deck,
                              capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpiceError("cannot run %s: %s" % (ngspice, exc)) from exc
    return proc.stdout + "\n" + proc.stderr


def solve(p, rows, patterns, ngspice="ngspice"):
    """Column current into the sink (and dummy current, or None) for each
    (wl, w) pattern, in A, as ngspice solves it."""
    if not patterns:
        return []
    text = run_deck(write_deck(p, rows, patterns), ngspice)
    return parse_output(text, len(patterns), has_dummy(p))


def read_patterns(path):
    """(wl, w) bit-string pairs, one whitespace-separated pair per line."""
    patterns = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            fields = line.split()
            if not fields or fields[0].startswith("#"):
                continue
            if len(fields) != 2:
                raise ValueError("%s:%d: need 'WL_BITS W_BITS'" % (path, n))
            patterns.append((fields[0], fields[1]))
    return patterns


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--presets-json", required=True,
                    help="output of `bsxsim presets --json`")
    ap.add_argument("--preset", required=True)
    ap.add_argument("--patterns", required=True,
                    help="file of 'WL_BITS W_BITS' lines, row 1 first")
    ap.add_argument("--deck", help="write the deck here instead of running")
    ap.add_argument("--ngspice", default=os.environ.get("NGSPICE", "ngspice"))
    args = ap.parse_args()
    try:
        with open(args.presets_json) as f:
            presets = load_presets(f.read())
        if args.preset not in presets:
            raise ValueError("%s: no preset %r" % (args.presets_json,
                                                   args.preset))
        p = presets[args.preset]
        patterns = read_patterns(args.patterns)
        if not patterns:
            raise ValueError("%s: no patterns" % args.patterns)
        rows = len(patterns[0][0])
        if args.deck:
            with open(args.deck + ".tmp", "w") as f:
                f.write(write_deck(p, rows, patterns))
            os.replace(args.deck + ".tmp", args.deck)
            return 0
        for (wl, w), (i_c, i_d) in zip(patterns, solve(p, rows, patterns,
                                                       args.ngspice)):
            print(json.dumps({"wl": wl, "w": w, "current": i_c,
                              "dummy_current": i_d}))
    except KeyError as exc:
        print("spice_column: %s: preset %s lacks the field %s"
              % (args.presets_json, args.preset, exc), file=sys.stderr)
        return 1
    except (OSError, ValueError, SpiceError) as exc:
        print("spice_column: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
