#!/usr/bin/env python3
"""Hardware overhead of BinSparX, measured: the paper's Table I (energy,
latency and area, BinSparX vs baseline, 64 x 64 array, 8 and 64 ADCs,
8T-SRAM and 1T-1ReRAM with bitlines on M3) from this project's own RTL,
netlists and co-simulation (model and sources: docs/energy-area.md).

Per case (memory x scheme x ADCs x workload) it co-simulates the macro with
the memory's preset and an FST trace; the analog energy (array read current,
word and bit lines, ADC conversions) comes from bsxsim-cosim --json, the
digital energy by block from the trace's toggles and the ASAP7-mapped
netlist of scripts/sta.py (scripts/energy_digital.py); area from the same
netlist, the NeuroSim ADC formula and the cell geometry (the parts are
added in scripts/case_cost.py, shared with the latency study's sweep).
The paper's figures are printed next to the measured ones, never used.

  scripts/study_overhead.py [--cosim build/bsxsim-cosim] [--sta build/sta]
                            [--out build/overhead] [--vectors 64]
                            [--presets sram-m3-1ua,reram-m3-1ua] [--clock-ps 1000]
                            [--layer PREFIX]
Writes OUT/overhead.json and OUT/overhead.png (stacked bars of energy and
area by component); prints the tables.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

import case_cost
import netlist_blocks as nb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = M = 64
# Paper Table I, BinSparX vs baseline, % (docs/parameters.md section 6): anchors only
PAPER = {"sram": {"energy": -9.0, "lat8": -8.8, "lat64": +14.8, "area8": +4.9, "area64": +3.4},
         "reram": {"energy": -9.4, "lat8": -9.7, "lat64": +16.3, "area8": +6.0, "area64": +3.6}}
MEMORY = {"sram": "8T-SRAM", "reram": "1T-1ReRAM"}
ANALOG = (("array read", "array_read_j"), ("word/bit lines", None), ("ADCs", "adc_j"))


def fail(msg):
    print(f"study_overhead: {msg}", file=sys.stderr)
    sys.exit(1)


def workloads(out, vectors, layer):
    """(name, W path, X path): uniform random and skewed +-1 data (the
    generator of scripts/random_layer.py, seeds fixed), and the real layer
    PREFIX_W.npy / PREFIX_X.npy if given (`bsxsim bnn --dump-layer`; its
    first `vectors` input rows)."""
    rng = np.random.default_rng(11)
    made = []
    for name in ("random", "skewed"):
        if name == "random":
            p_w, p_x = 0.5, 0.5
        else:
            p_w = rng.uniform(0.1, 0.9, size=(1, M))
            p_x = rng.uniform(0.1, 0.9, size=(vectors, 1))
        w = np.where(rng.random((N, M)) < p_w, 1, -1).astype(np.int8)
        x = np.where(rng.random((vectors, N)) < p_x, 1, -1).astype(np.int8)
        wp, xp = os.path.join(out, f"{name}_W.npy"), os.path.join(out, f"{name}_X.npy")
        np.save(wp, w)
        np.save(xp, x)
        made.append((name, wp, xp))
    if layer:
        try:
            w = np.load(layer + "_W.npy")
            x = np.load(layer + "_X.npy")[:vectors]
        except (OSError, ValueError) as exc:
            fail(f"--layer {layer}: cannot read {layer}_W.npy / {layer}_X.npy ({exc})")
        wp, xp = os.path.join(out, "layer_W.npy"), os.path.join(out, "layer_X.npy")
        np.save(wp, w)
        np.save(xp, x)
        made.append(("layer", wp, xp))
    return made


def cosim(args, preset, scheme, k, wp, xp, trace):
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    res = subprocess.run([args.cosim, "--weights", wp, "--inputs", xp,
                          "--out", trace[:-4] + "_Y.npy", "--scheme", scheme, "--adcs", str(k),
                          "--preset", preset, "--clock-ps", str(args.clock_ps), "--trace", trace,
                          "--json"], capture_output=True, text=True, env=env)
    if res.returncode != 0:
        fail(f"bsxsim-cosim {scheme} K={k} {preset}: {res.stderr.strip()}")
    rep = json.loads(res.stdout)
    if rep["word_mismatches"] or rep["layer_mismatches"] or rep["energy"] is None:
        fail(f"bsxsim-cosim {scheme} K={k} {preset}: mismatches or no energy")
    return rep


def one_case(args, sta, preset, scheme, k, workload):
    name, wp, xp = workload
    case = f"{scheme}_k{k}"
    sta_case = next((c for c in sta["cases"] if c["case"] == case), None)
    if sta_case is None:
        fail(f"{args.sta}/sta.json has no case {case}; run scripts/sta.py")
    trace = os.path.join(args.out, f"{preset}_{case}_{name}.fst")
    rep = cosim(args, preset, scheme, k, wp, xp, trace)
    cost = case_cost.case_cost(rep, trace, sta_case, args.clock_ps)
    os.remove(trace)
    return dict(cost, preset=preset, memory=preset.split("-")[0], scheme=scheme, adcs=k,
                adc_bits=rep["adc_bits"], workload=name, latency_cycles=rep["latency_cycles_max"],
                latency_ns=rep["latency_cycles_max"] * args.clock_ps / 1000.0)


def pct(new, old):
    return 100.0 * (new - old) / old


def find(rows, **key):
    return next(r for r in rows if all(r[k] == v for k, v in key.items()))


def print_tables(rows, presets, names):
    print("Energy per array VMM (fJ), latency per vector (ns), area (um^2); 64 x 64, clock "
          f"{rows[0]['latency_ns'] / rows[0]['latency_cycles'] * 1000:.0f} ps\n")
    print(f"{'preset':<13} {'workload':<7} {'scheme':<9} {'K':>2} {'B':>2} {'energy':>9} "
          f"{'gated':>8} {'analog':>8} {'ns':>6} {'area':>8}")
    for r in rows:
        print(f"{r['preset']:<13} {r['workload']:<7} {r['scheme']:<9} {r['adcs']:>2} "
              f"{r['adc_bits']:>2} {r['energy_total_j'] * 1e15:9.0f} "
              f"{r['energy_gated_total_j'] * 1e15:8.0f} {r['analog']['analog_total_j'] * 1e15:8.0f} "
              f"{r['latency_ns']:6.1f} {r['area_total_um2']:8.1f}")
    print("\nTable I: BinSparX vs baseline, measured (paper in brackets); energy on "
          f"{' / '.join(names)} data,\n'gated' = flip-flops ideally clock-gated\n")
    width = 9 * len(names) - 3
    print(f"{'memory':<10} {'K':>2}  {'energy':>{width}}  {'energy gated':>{width}}  {'paper':>7}  "
          f"{'latency':>7} {'paper':>8}  {'area':>6} {'paper':>7}")
    table = []
    for preset in presets:
        mem = preset.split("-")[0]
        for k in (8, 64):
            e, g = [], []
            for wl in names:
                b, x = (find(rows, preset=preset, scheme=s, adcs=k, workload=wl)
                        for s in ("baseline", "binsparx"))
                e.append(pct(x["energy_total_j"], b["energy_total_j"]))
                g.append(pct(x["energy_gated_total_j"], b["energy_gated_total_j"]))
            lat = pct(x["latency_ns"], b["latency_ns"])
            area = pct(x["area_total_um2"], b["area_total_um2"])
            p = PAPER[mem]
            es = " / ".join(f"{v:+6.1f}" for v in e) + " %"
            gs = " / ".join(f"{v:+6.1f}" for v in g) + " %"
            print(f"{MEMORY[mem]:<10} {k:>2}  {es}  {gs}  "
                  f"{p['energy']:+6.1f}%  {lat:+6.1f}% {p['lat' + str(k)]:+7.1f}%  "
                  f"{area:+5.1f}% {p['area' + str(k)]:+6.1f}%")
            flip = x["area_um2"]["column config"] - b["area_um2"]["column config"]
            table.append({"memory": MEMORY[mem], "preset": preset, "adcs": k,
                          "energy_pct": dict(zip(names, e)), "energy_gated_pct": dict(zip(names, g)),
                          "latency_pct": lat, "area_pct": area,
                          "area_change_um2": x["area_total_um2"] - b["area_total_um2"],
                          "column_flip_area_um2": flip, "paper": p})
    print("\nArea change BinSparX - baseline by component (um^2); the column_flip register is the")
    print("column config difference (the baseline keeps sum(W') only):")
    for preset in presets:
        for k in (8, 64):
            b, x = (find(rows, preset=preset, scheme=s, adcs=k, workload="random")
                    for s in ("baseline", "binsparx"))
            diff = {c: x["area_um2"][c] - b["area_um2"][c] for c in b["area_um2"]}
            added = sum(v for v in diff.values() if v > 0)
            parts = ", ".join(f"{c} {v:+.1f}" for c, v in diff.items() if abs(v) >= 0.05)
            print(f"  {preset:<13} K={k:<2}: total {sum(diff.values()):+7.1f} = {parts}")
            print(f"  {'':<13}       column_flip register = {diff['column config']:+.1f} um^2, "
                  f"{100 * diff['column config'] / added:.0f} % of the area BinSparX adds "
                  f"({added:.1f} um^2)")
    return table


PALETTE = ("#1f77b4 #aec7e8 #ff7f0e #ffbb78 #2ca02c #98df8a #d62728 #ff9896 #9467bd "
           "#c5b0d5 #8c564b #e377c2 #7f7f7f #bcbd22 #17becf").split()
COMPONENT_ORDER = ("array read", "array", "word/bit lines", "ADCs") + nb.BLOCKS


def _colors(comps):
    """One colour per component name, the same in both panels."""
    return " ".join(PALETTE[COMPONENT_ORDER.index(c) % len(PALETTE)] for c in comps)


def _datablock(name, cases, key, scale):
    comps = list(cases[0][key])
    lines = [f"${name} << EOD", "case " + " ".join('"%s"' % c for c in comps)]
    for r in cases:
        label = f"{r['memory']}-{r['scheme'][:4]}-K{r['adcs']}"
        lines.append(f'"{label}" ' + " ".join(f"{r[key][c] * scale:.6g}" for c in comps))
    lines.append("EOD")
    return "\n".join(lines), len(comps), _colors(comps)


def plot(rows, path):
    """Stacked bars of energy and area by component (random data), gnuplot."""
    cases = [r for r in rows if r["workload"] == "random"]
    energy, ne, ecolors = _datablock("energy", cases, "energy_j", 1e12)
    area, na, acolors = _datablock("area", cases, "area_um2", 1.0)
    tmp = path + ".tmp"
    script = f"""{energy}
{area}
set terminal pngcairo size 1500,650 font ",9"
set output "{tmp}"
set multiplot layout 1,2
set style data histogram
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.7
set key outside right top vertical font ",8"
set xtics rotate by -35 font ",8"
set grid y
set title "Energy per array VMM by component (random data; flip-flops clocked every cycle)"
set ylabel "pJ"
plot for [i=2:{ne + 1}] $energy using i:xtic(1) title columnheader(i) lc rgb word("{ecolors}", i - 1)
set title "Area by component"
set ylabel "um^2"
plot for [i=2:{na + 1}] $area using i:xtic(1) title columnheader(i) lc rgb word("{acolors}", i - 1)
unset multiplot
"""
    res = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if res.returncode != 0 or not os.path.isfile(tmp):
        if os.path.exists(tmp):
            os.remove(tmp)
        fail(f"gnuplot failed: {res.stderr.strip()}")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cosim", default=os.path.join(ROOT, "build", "bsxsim-cosim"))
    ap.add_argument("--sta", default=os.path.join(ROOT, "build", "sta"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "overhead"))
    ap.add_argument("--vectors", type=int, default=64)
    ap.add_argument("--presets", default="sram-m3-1ua,reram-m3-1ua")
    ap.add_argument("--clock-ps", type=int, default=1000)
    ap.add_argument("--layer", help="also a real layer: PREFIX_W.npy and PREFIX_X.npy")
    args = ap.parse_args()
    if args.vectors < 1:
        fail("--vectors must be >= 1")
    try:
        sta = json.loads(pathlib.Path(args.sta, "sta.json").read_text())
    except (OSError, ValueError) as exc:
        fail(f"{args.sta}/sta.json: cannot read the STA results ({exc}); run `make sta`")
    worst = max(c["min_period_ps"] for c in sta["cases"])
    if args.clock_ps < worst:
        fail(f"--clock-ps {args.clock_ps} is below the STA minimum period {worst:.0f} ps")
    presets = [p for p in args.presets.split(",") if p]
    for p in presets:
        if p.split("-")[0] not in MEMORY:
            fail(f"--presets: '{p}' is not an sram-* or reram-* preset")
    os.makedirs(args.out, exist_ok=True)
    rows = []
    loads = workloads(args.out, args.vectors, args.layer)
    for wl in loads:
        for preset in presets:
            for k in (8, 64):
                for scheme in ("baseline", "binsparx"):
                    rows.append(one_case(args, sta, preset, scheme, k, wl))
    table = print_tables(rows, presets, [w[0] for w in loads])
    png = os.path.join(args.out, "overhead.png")
    plot(rows, png)
    fd, tmp = tempfile.mkstemp(prefix=".overhead-", dir=args.out)
    with os.fdopen(fd, "w") as fh:
        json.dump({"clock_ps": args.clock_ps, "blocks": list(nb.BLOCKS), "cases": rows,
                   "table": table}, fh, indent=1)
    os.replace(tmp, os.path.join(args.out, "overhead.json"))
    print(f"\nwrote {png} and {os.path.join(args.out, 'overhead.json')}")


if __name__ == "__main__":
    main()
