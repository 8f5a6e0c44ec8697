#!/usr/bin/env python3
"""Static timing of the macro's digital peripherals (DESIGN.md section 5).

Why: the latency study needs a clock the RTL really meets. For each design
point this maps rtl/ with Yosys onto scripts/asap7_subset.lib (ASAP7 delays
of PARAMETERS.md section 5; read its header for its limits), runs OpenSTA on
the netlist and reports the minimum clock period, the worst path and the
blocks that path crosses, in order.

Constraints: one ideal clock on clk_i; every other input arrives at the clock
edge and every output (word lines, ADC trial codes, results) is captured at
the next edge, i.e. the analog array and the comparators are treated as
registered boundaries. Hierarchy is kept so that the path names its blocks.

  scripts/sta.py [--out build/sta] [--case NAME:P=V,P=V ...] [--json]
Writes OUT/NAME.v (netlist), OUT/NAME.yosys.log, OUT/NAME.sta.log and
OUT/sta.json (every case); prints one table.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LIBERTY = os.path.join(HERE, "asap7_subset.lib")
PROBE_PERIOD_PS = 10000.0  # far above any path: slack = period - need

DEFAULT_CASES = [
    "baseline_k8:SCHEME=0,K=8",
    "baseline_k64:SCHEME=0,K=64",
    "binsparx_k8:SCHEME=1,K=8",
    "binsparx_k64:SCHEME=1,K=64",
]


def fail(msg):
    print(f"sta: {msg}", file=sys.stderr)
    sys.exit(1)


def parse_case(text):
    """'name:P=V,P=V' -> (name, {P: V})."""
    if ":" not in text:
        fail(f"--case '{text}': expected NAME:PARAM=VALUE,...")
    name, plist = text.split(":", 1)
    params = {}
    for item in filter(None, plist.split(",")):
        key, _, val = item.partition("=")
        if not key or not val.lstrip("-").isdigit():
            fail(f"--case '{text}': '{item}' is not PARAM=INTEGER")
        params[key] = int(val)
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        fail(f"--case '{text}': name must be letters, digits, _")
    return name, params


def run(cmd, log):
    with open(log, "w") as fh:
        res = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT)
    text = open(log).read()
    return res.returncode, text


def synthesize(sources, top, params, out_dir, name):
    netlist = os.path.join(out_dir, name + ".v")
    chparams = " ".join(f"-chparam {k} {v}" for k, v in params.items())
    script = "\n".join([
        "read_verilog -sv " + " ".join(sources),
        f"hierarchy -check -top {top} {chparams}",
        f"synth -top {top}",
        # name each flip-flop after the register it holds, so paths read
        "rename -wire t:$_*DFF*",
        # the liberty's only flip-flop has no reset (see its header)
        "async2sync",
        "dfflegalize -cell $_DFF_P_ 01",
        f"dfflibmap -liberty {LIBERTY}",
        f"abc -D 1 -liberty {LIBERTY}",
        "opt_clean -purge",
        f"stat -liberty {LIBERTY}",
        f"write_verilog -noattr -noexpr -simple-lhs {netlist}.tmp",
    ]) + "\n"
    ys = os.path.join(out_dir, name + ".ys")
    with open(ys, "w") as fh:
        fh.write(script)
    rc, log = run(["yosys", "-q", "-l", os.path.join(out_dir, name + ".yosys.log"), ys],
                  os.path.join(out_dir, name + ".yosys.out"))
    full = open(os.path.join(out_dir, name + ".yosys.log")).read()
    if rc != 0 or "ERROR" in full:
        fail(f"yosys failed for {name}: see {out_dir}/{name}.yosys.log")
    os.replace(netlist + ".tmp", netlist)
    areas = re.findall(r"Chip area for (?:top )?module '\\?([^']+)': ([0-9.]+)", full)
    top_area = next((float(a) for m, a in reversed(areas) if m == top), None)
    return netlist, top_area


def timing(netlist, top, out_dir, name):
    tcl = os.path.join(out_dir, name + ".tcl")
    with open(tcl, "w") as fh:
        fh.write(f"""read_liberty {LIBERTY}
read_verilog {netlist}
link_design {top}
create_clock -name clk -period {PROBE_PERIOD_PS} [get_ports clk_i]
set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports clk_i]]
set_output_delay 0 -clock clk [all_outputs]
report_checks -path_delay max -group_count 1 -digits 1
puts "WORST_SLACK_S [sta::worst_slack_cmd max]"
""")
    _, log = run(["sta", "-no_splash", "-exit", tcl], os.path.join(out_dir, name + ".sta.log"))
    if re.search(r"^Error", log, re.M) or "WORST_SLACK_S" not in log:
        fail(f"OpenSTA failed for {name}: see {out_dir}/{name}.sta.log")
    slack_ps = float(re.search(r"WORST_SLACK_S (\S+)", log).group(1)) * 1e12
    return PROBE_PERIOD_PS - slack_ps, log


def path_blocks(report):
    """Start/end points and the blocks (hierarchical instance prefixes) the
    worst path crosses, in order, consecutive repeats merged."""
    start = re.search(r"Startpoint: (\S+)", report).group(1).split("$")[0]
    end = re.search(r"Endpoint: (\S+)", report).group(1).split("$")[0]
    blocks, cells = [], 0
    body = report.split("data arrival time")[0]
    for m in re.finditer(r"^\s+[-0-9.]+\s+[-0-9.]+ [\^v] (\S+) \((\S+)\)", body, re.M):
        pin, cell = m.group(1), m.group(2)
        inst = pin.rsplit("/", 1)[0] if "/" in pin else "(port)"
        block = inst.rsplit("/", 1)[0] if "/" in inst else "top"
        if "/" not in pin:
            block = "port " + pin
        else:
            cells += 1
        if not blocks or blocks[-1] != block:
            blocks.append(block)
    return start, end, blocks, cells


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="build/sta")
    ap.add_argument("--rtl", default="rtl", help="folder with the *.v sources")
    ap.add_argument("--top", default="bsx_macro")
    ap.add_argument("--case", action="append", help="NAME:PARAM=V,... (repeat)")
    ap.add_argument("--json", action="store_true", help="print the JSON too")
    args = ap.parse_args()

    sources = sorted(glob.glob(os.path.join(args.rtl, "*.v")))
    if not sources:
        fail(f"no Verilog sources in '{args.rtl}'")
    os.makedirs(args.out, exist_ok=True)
    results = []
    for text in args.case or DEFAULT_CASES:
        name, params = parse_case(text)
        netlist, area = synthesize(sources, args.top, params, args.out, name)
        period, report = timing(netlist, args.top, args.out, name)
        start, end, blocks, cells = path_blocks(report)
        results.append({"case": name, "params": params, "min_period_ps": round(period, 1),
                        "fmax_mhz": round(1e6 / period, 1), "area_um2": area,
                        "startpoint": start, "endpoint": end, "path_cells": cells,
                        "path_blocks": blocks, "report": f"{args.out}/{name}.sta.log"})
    tmp = os.path.join(args.out, "sta.json.tmp")
    with open(tmp, "w") as fh:
        json.dump({"liberty": LIBERTY, "cases": results}, fh, indent=1)
    os.replace(tmp, os.path.join(args.out, "sta.json"))

    print(f"{'case':<14} {'min period':>11} {'fmax':>9} {'area um^2':>10}  worst path")
    for r in results:
        area = f"{r['area_um2']:.1f}" if r["area_um2"] is not None else "?"
        print(f"{r['case']:<14} {r['min_period_ps']:>8.1f} ps {r['fmax_mhz']:>5.0f} MHz {area:>10}  "
              f"{r['startpoint']} -> {r['endpoint']} ({r['path_cells']} cells)")
        print(f"{'':<14} blocks: {' -> '.join(r['path_blocks'])}")
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
