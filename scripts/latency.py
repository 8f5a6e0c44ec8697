#!/usr/bin/env python3
"""Latency study: baseline vs BinSparX on any macro configuration, and the
sweep of the ADC count K for N = 64 and N = 128 rows.

Why: this is the trade BinSparX makes (docs/design.md): the adder tree, n/2
comparator and row flip move onto the critical path, the ADC loses one bit
per conversion round. Which one wins depends on how many rounds (M/K) there
are, so the study sweeps K. Every point is MEASURED: the cycle count by
co-simulating that configuration's RTL (build/bsxsim-cosim, which builds the
model on first use) and the clock from that configuration's static timing
(Yosys + OpenSTA, build/vl/NAME/sta/). The schedule formula of
rtl/bsx_macro.sv (latency_cycles of `bsxsim config --json`, its one copy) is
only a cross-check: a measurement that disagrees with it stops the study.

Energy per array VMM and area sit next to latency (scripts/case_cost.py,
the parts of `make study-overhead`): each point runs with an analog preset
(default sram-m3-1ua, the paper's 8T-SRAM with bitlines in M3) and an FST
trace; the array, word/bit-line and ADC energy come from the co-simulation's
--json, the digital blocks' from the trace's toggles on that configuration's
ASAP7 netlist; the area from the same JSON and netlist.

Clock of a (configuration, both schemes) pair: the smallest multiple of
250 ps that is >= the SAR bit time (1 ns: NeuroSim's (b + 1) x 1 ns per
conversion, docs/parameters.md) and >= both schemes' STA minimum periods,
because the RTL decides one SAR bit per clock; both schemes run at it.

  scripts/latency.py [--config SPEC ...] [--sweep-rows 64,128]
                     [--sweep-adcs 4,8,16,32,64] [--no-sweep] [--vectors 64]
                     [--preset sram-m3-1ua] [--cosim build/bsxsim-cosim]
                     [--bsxsim build/bsxsim] [--out build/latency]
SPEC: comma-separated KEY=VALUE of rows, cols, adcs, tree-stages, settle
(the rest from `bsxsim config`); default: the paper's design points,
adcs=8 and adcs=64 on the default 64 x 64 array.
Prints the tables; writes OUT/latency.json, OUT/sweep.csv and OUT/sweep.png.
"""
import argparse
import json
import math
import os
import pathlib
import subprocess
import sys

import numpy as np

import case_cost

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAR_BIT_PS = 1000          # NeuroSim 1.4 SarADC: (b + 1) x 1 ns per conversion
CLOCK_GRID_PS = 250        # "clean value" rounding of the clock period
SPEC_KEYS = ("rows", "cols", "adcs", "tree-stages", "settle")
SCHEMES = ("baseline", "binsparx")
# Paper Table I, BinSparX vs baseline latency on 64 x 64 (docs/parameters.md):
PAPER = {8: (-8.8, -9.7), 64: (+14.8, +16.3)}   # (8T-SRAM, 1T-1ReRAM), %


def fail(msg):
    print(f"latency: {msg}", file=sys.stderr)
    sys.exit(1)


def parse_spec(text):
    """'rows=128,adcs=16' -> ['--rows', '128', '--adcs', '16']."""
    opts = []
    for item in filter(None, text.split(",")):
        key, _, val = item.partition("=")
        if key not in SPEC_KEYS or not val.isdigit():
            fail(f"--config '{text}': '{item}' is not KEY=INTEGER with KEY one of "
                 f"{', '.join(SPEC_KEYS)}")
        opts += [f"--{key}", val]
    return opts


def resolve(bsxsim, scheme, opts):
    res = subprocess.run([bsxsim, "config", "--scheme", scheme] + opts + ["--json"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"configuration {' '.join(opts) or '(default)'}: {res.stderr.strip()}")
    return json.loads(res.stdout)


class Study:
    def __init__(self, args):
        self.args = args
        self.env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
        self.data = {}
        self.pairs = {}   # configuration names -> measured pair (a point is run once)

    def operands(self, rows):
        """One random +-1 layer of one array's rows, cached per N."""
        if rows not in self.data:
            rng = np.random.default_rng(2024 + rows)
            wp = os.path.join(self.args.out, f"w{rows}.npy")
            xp = os.path.join(self.args.out, f"x{rows}.npy")
            np.save(wp, rng.choice(np.array([-1, 1], np.int8), size=(rows, 64)))
            np.save(xp, rng.choice(np.array([-1, 1], np.int8), size=(self.args.vectors, rows)))
            self.data[rows] = (wp, xp)
        return self.data[rows]

    def cosim(self, cfg, extra):
        cmd = [self.args.cosim, "--scheme", cfg["scheme"]] + [
            a for k in ("rows", "cols", "adcs", "tree_stages", "settle")
            for a in (f"--{k.replace('_', '-')}", str(cfg[k]))] + extra
        res = subprocess.run(cmd, capture_output=True, text=True, env=self.env)
        if res.returncode != 0:
            fail(f"{cfg['name']}: {res.stderr.strip().splitlines()[-1]}")
        return res.stdout

    def sta(self, cfg):
        """Builds the model if needed (with its STA) and returns the STA case."""
        self.cosim(cfg, ["--build-only"])
        path = os.path.join(os.path.dirname(self.args.cosim), "vl", cfg["name"], "sta", "sta.json")
        try:
            case = json.loads(pathlib.Path(path).read_text())["cases"][0]
        except (OSError, ValueError, KeyError, IndexError) as exc:
            fail(f"{cfg['name']}: no STA result in {path} ({exc})")
        if "error" in case:
            fail(f"{cfg['name']}: STA failed: {case['error']}")
        return case

    def pair(self, opts):
        """Both schemes of one configuration at a common clock."""
        cfgs = [resolve(self.args.bsxsim, s, opts) for s in SCHEMES]
        key = tuple(c["name"] for c in cfgs)
        if key not in self.pairs:
            self.pairs[key] = self.measure(cfgs)
        return self.pairs[key]

    def measure(self, cfgs):
        stas = [self.sta(c) for c in cfgs]
        need = max([SAR_BIT_PS] + [s["min_period_ps"] for s in stas])
        clock = int(math.ceil(need / CLOCK_GRID_PS) * CLOCK_GRID_PS)
        wp, xp = self.operands(cfgs[0]["rows"])
        out = {}
        for cfg, sta in zip(cfgs, stas):
            trace = os.path.join(self.args.out, f"{cfg['name']}.fst")
            rep = json.loads(self.cosim(cfg, [
                "--weights", wp, "--inputs", xp, "--preset", self.args.preset, "--json",
                "--clock-ps", str(clock), "--trace", trace,
                "--out", os.path.join(self.args.out, f"y_{cfg['name']}.npy")]))
            if rep["word_mismatches"] + rep["layer_mismatches"] != 0:
                fail(f"{cfg['name']}: the RTL disagrees with the reference")
            if rep["latency_cycles_min"] != rep["latency_cycles_max"]:
                fail(f"{cfg['name']}: latency varies ({rep['latency_cycles_min']}.."
                     f"{rep['latency_cycles_max']}); the table assumes a fixed schedule")
            cycles = rep["latency_cycles_max"]
            if cycles != cfg["latency_cycles"]:
                fail(f"{cfg['name']}: measured {cycles} cycles, the schedule of rtl/bsx_macro.sv "
                     f"(bsxsim config) says {cfg['latency_cycles']}")
            cost = case_cost.case_cost(rep, trace, sta, clock)
            os.remove(trace)
            out[cfg["scheme"]] = {
                "configuration": cfg["name"], "scheme": cfg["scheme"], "rows": cfg["rows"],
                "cols": cfg["cols"], "adcs": cfg["adcs"], "adc_bits": cfg["adc_bits"],
                "tree_stages": cfg["tree_stages"], "settle": cfg["settle"],
                "cycles": cycles, "clock_ps": clock, "ns": cycles * clock / 1000.0,
                "sta_min_period_ps": sta["min_period_ps"],
                "sta_worst_path": " -> ".join(sta["path_blocks"]),
                "preset": self.args.preset, "vectors": rep["vectors"],
                "energy_pj": cost["energy_total_j"] * 1e12,
                "energy_gated_pj": cost["energy_gated_total_j"] * 1e12,
                "area_um2": cost["area_total_um2"],
                "energy_j_by_component": cost["energy_j"], "area_um2_by_component": cost["area_um2"],
                "analog": cost["analog"], "digital_by_block": cost["digital_by_block"]}
        b, x = out["baseline"], out["binsparx"]
        x["change_pct"] = 100.0 * (x["ns"] - b["ns"]) / b["ns"]
        x["energy_change_pct"] = 100.0 * (x["energy_pj"] - b["energy_pj"]) / b["energy_pj"]
        x["area_change_pct"] = 100.0 * (x["area_um2"] - b["area_um2"]) / b["area_um2"]
        return out


def print_pairs(title, pairs):
    print(title)
    print(f"{'N':>4} {'M':>4} {'K':>3} {'clock':>8}  {'baseline':>16}  {'binsparx':>16} "
          f"{'change':>8}  {'STA base/bsx':>14}  paper SRAM/ReRAM")
    for p in pairs:
        b, x = p["baseline"], p["binsparx"]
        paper = ""
        if (b["rows"], b["cols"]) == (64, 64) and b["adcs"] in PAPER:
            paper = f"{PAPER[b['adcs']][0]:+.1f} / {PAPER[b['adcs']][1]:+.1f} %"
        print(f"{b['rows']:>4} {b['cols']:>4} {b['adcs']:>3} {b['clock_ps']:>5} ps  "
              f"B={b['adc_bits']} {b['cycles']:>3} cyc {b['ns']:>5.1f} ns  "
              f"B={x['adc_bits']} {x['cycles']:>3} cyc {x['ns']:>5.1f} ns {x['change_pct']:>+7.1f} %  "
              f"{b['sta_min_period_ps']:>5.0f}/{x['sta_min_period_ps']:>4.0f} ps  {paper}")
    print(f"\n  energy per array VMM ({pairs[0]['baseline']['preset']}, random data, "
          f"{pairs[0]['baseline']['vectors']} vectors) and area")
    print(f"{'N':>4} {'M':>4} {'K':>3}  {'baseline':>9} {'binsparx':>9} {'change':>8}  "
          f"{'baseline':>11} {'binsparx':>11} {'change':>8}")
    for p in pairs:
        b, x = p["baseline"], p["binsparx"]
        print(f"{b['rows']:>4} {b['cols']:>4} {b['adcs']:>3}  {b['energy_pj']:>6.1f} pJ "
              f"{x['energy_pj']:>6.1f} pJ {x['energy_change_pct']:>+7.1f} %  "
              f"{b['area_um2']:>7.0f} um2 {x['area_um2']:>7.0f} um2 {x['area_change_pct']:>+7.1f} %")


def crossovers(sweep):
    """Per N: the K interval where BinSparX turns from faster to slower."""
    found = {}
    for rows in sorted({p["baseline"]["rows"] for p in sweep}):
        pts = sorted((p for p in sweep if p["baseline"]["rows"] == rows),
                     key=lambda p: p["baseline"]["adcs"])
        for lo, hi in zip(pts, pts[1:]):
            if lo["binsparx"]["change_pct"] < 0 <= hi["binsparx"]["change_pct"]:
                found[rows] = (lo["baseline"]["adcs"], hi["baseline"]["adcs"])
    return found


def write_plot(out_dir, sweep, cross):
    csv = os.path.join(out_dir, "sweep.csv")
    with open(csv + ".tmp", "w") as fh:
        fh.write("rows,adcs,clock_ps,baseline_cycles,baseline_ns,binsparx_cycles,binsparx_ns,"
                 "change_pct,baseline_energy_pj,binsparx_energy_pj,energy_change_pct,"
                 "baseline_area_um2,binsparx_area_um2,area_change_pct\n")
        for p in sweep:
            b, x = p["baseline"], p["binsparx"]
            fh.write(f"{b['rows']},{b['adcs']},{b['clock_ps']},{b['cycles']},{b['ns']},"
                     f"{x['cycles']},{x['ns']},{x['change_pct']:.3f},"
                     f"{b['energy_pj']:.4f},{x['energy_pj']:.4f},{x['energy_change_pct']:.3f},"
                     f"{b['area_um2']:.2f},{x['area_um2']:.2f},{x['area_change_pct']:.3f}\n")
    os.replace(csv + ".tmp", csv)
    rows_list = sorted({p["baseline"]["rows"] for p in sweep})
    adcs = sorted({p["baseline"]["adcs"] for p in sweep})
    blocks, marks, lat, chg = [], [], [], []
    colors = {64: ("#1f77b4", "#d62728"), 128: ("#2ca02c", "#ff7f0e")}
    for rows in rows_list:
        pts = sorted((p for p in sweep if p["baseline"]["rows"] == rows),
                     key=lambda p: p["baseline"]["adcs"])
        lines = "\n".join(
            f"{p['baseline']['adcs']} {p['baseline']['cycles']} {p['baseline']['ns']} "
            f"{p['binsparx']['cycles']} {p['binsparx']['ns']} {p['binsparx']['change_pct']} "
            f"{p['binsparx']['energy_change_pct']} {p['binsparx']['area_change_pct']}" for p in pts)
        blocks.append(f"$n{rows} << EOD\n{lines}\nEOD\n")
        cb, cx = colors.get(rows, ("black", "gray"))
        lat.append(f"$n{rows} using 1:3 with linespoints lw 2 pt 7 lc rgb '{cb}' "
                   f"title 'baseline N={rows}'")
        lat.append(f"$n{rows} using 1:5 with linespoints lw 2 pt 5 dt 2 lc rgb '{cx}' "
                   f"title 'BinSparX N={rows}'")
        for col, what, dt, pt in ((6, "latency", 1, 7), (7, "energy", 2, 5), (8, "area", 3, 9)):
            chg.append(f"$n{rows} using 1:{col} with linespoints lw 2 dt {dt} pt {pt} "
                       f"lc rgb '{cb}' title '{what} N={rows}'")
    for i, (rows, (lo, hi)) in enumerate(sorted(cross.items())):
        x = math.sqrt(lo * hi)
        marks.append(f"set arrow {i + 1} from {x}, graph 0 to {x}, graph 1 nohead dt 4 "
                     f"lc rgb 'gray30'\nset label {i + 1} 'N={rows}: BinSparX slower from "
                     f"K = {hi}' at {x}, graph {0.06 + 0.07 * i} right offset -0.5,0 font ',9'\n")
    xtics = ", ".join(str(k) for k in adcs)
    png = os.path.join(out_dir, "sweep.png")
    clocks = sorted({p["baseline"]["clock_ps"] for p in sweep})
    script = ("set terminal pngcairo size 1200,500 noenhanced font ',10'\n"
              f"set output '{png}.tmp'\n" + "".join(blocks) +
              "set multiplot layout 1,2 title 'BinSparX vs baseline against the ADC count K "
              f"(M = 64 columns; cycles co-simulated, clock {'/'.join(map(str, clocks))} ps "
              "from STA and the SAR bit)'\n"
              f"set logscale x 2\nset xrange [{adcs[0] / 1.3}:{adcs[-1] * 1.3}]\n"
              f"set xtics ({xtics})\nset xlabel 'ADCs K'\nset grid\n" + "".join(marks) +
              "set logscale y 2\nset ylabel 'latency per input vector, ns (= cycles x clock)'\n"
              "set key top right\nplot " + ", ".join(lat) + "\n"
              "unset logscale y\nset ylabel 'BinSparX - baseline, %'\nset key top left\n"
              "set arrow 10 from graph 0, first 0 to graph 1, first 0 nohead lc rgb 'black'\n"
              "plot " + ", ".join(chg) + "\nunset multiplot\n")
    res = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if res.returncode != 0 or not os.path.exists(png + ".tmp"):
        fail(f"gnuplot: {res.stderr.strip()}")
    os.replace(png + ".tmp", png)
    return csv, png


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--config", action="append", metavar="SPEC",
                    help="KEY=VALUE,... (rows, cols, adcs, tree-stages, settle); repeat. "
                         "Default: adcs=8 and adcs=64")
    ap.add_argument("--sweep-rows", default="64,128", help="N values of the K sweep")
    ap.add_argument("--sweep-adcs", default="4,8,16,32,64", help="K values of the sweep")
    ap.add_argument("--no-sweep", action="store_true", help="only the --config list")
    ap.add_argument("--vectors", type=int, default=64, help="input vectors per point")
    ap.add_argument("--preset", default="sram-m3-1ua",
                    help="analog preset of every run (energy, area; latency does not depend on it)")
    ap.add_argument("--cosim", default=os.path.join(ROOT, "build", "bsxsim-cosim"))
    ap.add_argument("--bsxsim", default=os.path.join(ROOT, "build", "bsxsim"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "latency"))
    args = ap.parse_args()
    if args.vectors < 1:
        fail("--vectors must be >= 1")
    try:
        sweep_rows = [int(v) for v in args.sweep_rows.split(",")]
        sweep_adcs = [int(v) for v in args.sweep_adcs.split(",")]
    except ValueError:
        fail("--sweep-rows / --sweep-adcs: comma-separated integers expected")
    os.makedirs(args.out, exist_ok=True)
    study = Study(args)

    configs = [study.pair(parse_spec(s)) for s in (args.config or ["adcs=8", "adcs=64"])]
    print_pairs("Latency per input vector (cycles from co-simulation, 0 mismatches; clock >= "
                f"SAR bit {SAR_BIT_PS} ps and both STA minimum periods; change in ns)", configs)
    result = {"sar_bit_ps": SAR_BIT_PS, "clock_grid_ps": CLOCK_GRID_PS, "configs": configs}
    if not args.no_sweep:
        sweep = [study.pair(["--rows", str(n), "--adcs", str(k)])
                 for n in sweep_rows for k in sweep_adcs]
        print()
        print_pairs("Sweep of the ADC count, M = 64 columns:", sweep)
        cross = crossovers(sweep)
        for rows in sweep_rows:
            if rows in cross:
                lo, hi = cross[rows]
                print(f"N = {rows}: BinSparX is faster up to K = {lo} ({64 // lo} rounds) and "
                      f"slower from K = {hi} ({64 // hi} rounds)")
            else:
                print(f"N = {rows}: no turn from faster to slower within K = {args.sweep_adcs}")
        csv, png = write_plot(args.out, sweep, cross)
        print(f"wrote {csv} and {png}")
        result["sweep"] = sweep
        result["crossovers"] = {str(r): list(v) for r, v in cross.items()}
    tmp = os.path.join(args.out, "latency.json.tmp")
    with open(tmp, "w") as fh:
        json.dump(result, fh, indent=1)
    os.replace(tmp, os.path.join(args.out, "latency.json"))
    print(f"""
Why BinSparX turns slower: it adds TREE_STAGES + 1 cycles before the word lines
change (adder tree, n/2 compare, flip, word-line register) and saves one SAR
bit cycle in each of the M/K rounds, so it wins while M/K > TREE_STAGES + 1.
The paper (NeuroSim) adds the tree's real sub-ns delay instead of whole cycles,
hence its smaller +14.8 / +16.3 % with 64 ADCs; nothing here is fitted to it.""")


if __name__ == "__main__":
    main()
