#!/usr/bin/env python3
"""Static timing of the macro's digital peripherals (docs/design.md section 5).

Why: the latency study needs a clock the RTL really meets. For each design
point this maps rtl/ with Yosys onto the ASAP7 liberty that scripts/liberty.py
writes from scripts/asap7_cells.csv (load-dependent NLDM delays; its header
and docs/energy-area.md state the limits), runs OpenSTA on the netlist and
reports the minimum clock period, the worst path and the blocks that path
crosses, in order, and the area of every block (scripts/netlist_blocks.py).

Constraints: one ideal clock on clk_i; every other input arrives at the clock
edge and every output (word lines, ADC trial codes, results) is captured at
the next edge, i.e. the analog array and the comparators are treated as
registered boundaries. Hierarchy is kept so that the path names its blocks.

  scripts/sta.py [--out build/sta] [--case NAME:P=V,P=V ...] [--json]
                 [--yosys yosys] [--sta sta]      (make passes $(YOSYS), $(STA))
Each case is a full parameter set of bsx_macro (`bsxsim config --params`; the
default cases are the four default design points, resolved by
build/bsxsim config). Writes OUT/asap7_bsx.lib, OUT/NAME.v and OUT/NAME.json
(netlist), OUT/NAME.yosys.log, OUT/NAME.sta.log and OUT/sta.json (every
case); prints one table. A case that fails is reported in one line (in the
table and as "error" in sta.json) without losing the other cases; the exit
status is then 1.
"""
import argparse
import glob
import json
import os
import pathlib
import re
import subprocess
import sys

import liberty as liberty_writer
import netlist_blocks

LIBERTY_NAME = "asap7_bsx.lib"   # written into --out from scripts/asap7_*.csv
PROBE_PERIOD_PS = 10000.0  # far above any path: slack = period - need

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BSXSIM = os.environ.get("BSXSIM", os.path.join(ROOT, "build", "bsxsim"))
# the four default design points: case name and `bsxsim config` options
DEFAULT_CASES = [("baseline_k8", ["--scheme", "baseline", "--adcs", "8"]),
                 ("baseline_k64", ["--scheme", "baseline", "--adcs", "64"]),
                 ("binsparx_k8", ["--scheme", "binsparx", "--adcs", "8"]),
                 ("binsparx_k64", ["--scheme", "binsparx", "--adcs", "64"])]


class CaseError(Exception):
    """One case failed; the message is one line."""


def fail(msg):
    print(f"sta: {msg}", file=sys.stderr)
    sys.exit(1)


def default_case(name, options):
    res = subprocess.run([BSXSIM, "config"] + options + ["--params"], capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"{BSXSIM} config {' '.join(options)}: {res.stderr.strip() or 'failed'}")
    return f"{name}:{res.stdout.strip()}"


def parse_case(text):
    """'name:P=V,P=V' (or spaces between the P=V) -> (name, {P: V})."""
    if ":" not in text:
        fail(f"--case '{text}': expected NAME:PARAM=VALUE,...")
    name, plist = text.split(":", 1)
    params = {}
    for item in filter(None, re.split(r"[,\s]+", plist)):
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
    text = pathlib.Path(log).read_text()
    return res.returncode, text


# ABC after mapping: buffer every net above 8 sinks and resize for delay
# against the load-dependent tables (ABC's `buffer`/`upsize`/`dnsize`).
ABC_SCRIPT = ("+strash;&get,-n;&fraig,-x;&put;scorr;dc2;dretime;strash;&get,-n;&dch,-f;"
              "&nf,-D,1;&put;buffer,-N,8;upsize,-D,1;dnsize,-D,1")


def synthesize(yosys, sources, top, params, out_dir, name, lib):
    """Two mappings of one elaboration: per module (hierarchy kept: stat and
    OUT/NAME.json give area and cells per block) and flattened (OUT/NAME.v:
    timing, so that nets fanning out across module ports are buffered)."""
    netlist = os.path.join(out_dir, name + ".v")
    chparams = " ".join(f"-chparam {k} {v}" for k, v in params.items())
    abc = f"abc -liberty {lib} -script {ABC_SCRIPT}"
    script = "\n".join([
        "read_verilog -sv " + " ".join(sources),
        f"hierarchy -check -top {top} {chparams}",
        f"synth -top {top}",
        # name each flip-flop after the register it holds, so paths read
        "rename -wire t:$_*DFF*",
        # the liberty's only flip-flop has no reset (see its header)
        "async2sync",
        "dfflegalize -cell $_DFF_P_ 01",
        f"dfflibmap -liberty {lib}",
        "design -save mapped_ff",
        abc,
        "opt_clean -purge",
        f"stat -liberty {lib}",
        f"write_json {netlist[:-2]}.json.tmp",
        "design -load mapped_ff",
        "flatten",
        abc,
        "opt_clean -purge",
        f"write_verilog -noattr -noexpr -simple-lhs {netlist}.tmp",
    ]) + "\n"
    ys = os.path.join(out_dir, name + ".ys")
    with open(ys, "w") as fh:
        fh.write(script)
    rc, log = run([yosys, "-q", "-l", os.path.join(out_dir, name + ".yosys.log"), ys],
                  os.path.join(out_dir, name + ".yosys.out"))
    full = pathlib.Path(out_dir, name + ".yosys.log").read_text()
    if rc != 0 or "ERROR" in full:
        first = next((ln.strip() for ln in full.splitlines() if "ERROR" in ln), "exit status %d" % rc)
        raise CaseError(f"yosys: {first} ({out_dir}/{name}.yosys.log)")
    os.replace(netlist + ".tmp", netlist)
    os.replace(netlist[:-2] + ".json.tmp", netlist[:-2] + ".json")
    areas = re.findall(r"Chip area for (?:top )?module '\\?([^']+)': ([0-9.]+)", full)
    top_area = next((float(a) for m, a in reversed(areas) if m == top), None)
    return netlist, top_area


def timing(sta, netlist, top, out_dir, name, lib):
    tcl = os.path.join(out_dir, name + ".tcl")
    with open(tcl, "w") as fh:
        fh.write(f"""read_liberty {lib}
read_verilog {netlist}
link_design {top}
create_clock -name clk -period {PROBE_PERIOD_PS} [get_ports clk_i]
set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports clk_i]]
set_output_delay 0 -clock clk [all_outputs]
report_checks -path_delay max -group_count 1 -digits 1
puts "WORST_SLACK_S [sta::worst_slack_cmd max]"
""")
    _, log = run([sta, "-no_splash", "-exit", tcl], os.path.join(out_dir, name + ".sta.log"))
    if re.search(r"^Error", log, re.M) or "WORST_SLACK_S" not in log:
        m = re.search(r"^Error.*$", log, re.M)
        raise CaseError(f"OpenSTA: {m.group(0) if m else 'no slack reported'} "
                        f"({out_dir}/{name}.sta.log)")
    slack_ps = float(re.search(r"WORST_SLACK_S (\S+)", log).group(1)) * 1e12
    return PROBE_PERIOD_PS - slack_ps, log


def path_blocks(report):
    """Start/end points and the blocks the worst path crosses, in order,
    consecutive repeats merged. The timed netlist is flat: a cell's block is
    the u_* instance its register name starts with ('top' otherwise); logic
    cells that ABC named (_123_) count as cells but name no block."""
    start = re.search(r"Startpoint: (\S+)", report).group(1).split("$")[0]
    end = re.search(r"Endpoint: (\S+)", report).group(1).split("$")[0]
    blocks, cells = [], 0
    body = report.split("data arrival time")[0]
    for m in re.finditer(r"^\s+[-0-9.]+\s+[-0-9.]+ [\^v] (\S+) \((\S+)\)", body, re.M):
        pin = m.group(1)
        if "/" not in pin:
            block = "port " + pin
        else:
            cells += 1
            inst = pin.rsplit("/", 1)[0]
            if inst.startswith("_"):
                continue
            first = inst.split("$")[0].split(".")[0]
            block = first if first.startswith("u_") else "top"
        if not blocks or blocks[-1] != block:
            blocks.append(block)
    return start, end, blocks, cells


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="build/sta")
    ap.add_argument("--rtl", default="rtl", help="folder with the *.sv sources")
    ap.add_argument("--top", default="bsx_macro")
    ap.add_argument("--case", action="append", help="NAME:PARAM=V,... (repeat)")
    ap.add_argument("--json", action="store_true", help="print the JSON too")
    ap.add_argument("--yosys", default="yosys", help="Yosys program (make: $(YOSYS))")
    ap.add_argument("--sta", default="sta", help="OpenSTA program (make: $(STA))")
    args = ap.parse_args()

    sources = sorted(glob.glob(os.path.join(args.rtl, "*.sv")))
    if not sources:
        fail(f"no SystemVerilog sources (*.sv) in '{args.rtl}'")
    os.makedirs(args.out, exist_ok=True)
    lib = os.path.abspath(os.path.join(args.out, LIBERTY_NAME))
    liberty_writer.write(lib)
    results = []
    for text in args.case or [default_case(n, o) for n, o in DEFAULT_CASES]:
        name, params = parse_case(text)
        try:
            netlist, area = synthesize(args.yosys, sources, args.top, params, args.out, name, lib)
            period, report = timing(args.sta, netlist, args.top, args.out, name, lib)
            blocks = netlist_blocks.block_cells(netlist[:-2] + ".json", args.top)
        except (CaseError, OSError) as exc:
            results.append({"case": name, "params": params, "error": str(exc).splitlines()[0]})
            continue
        start, end, path, cells = path_blocks(report)
        results.append({"case": name, "params": params, "min_period_ps": round(period, 1),
                        "fmax_mhz": round(1e6 / period, 1), "area_um2": area,
                        "startpoint": start, "endpoint": end, "path_cells": cells,
                        "path_blocks": path, "report": f"{args.out}/{name}.sta.log",
                        "netlist_json": netlist[:-2] + ".json",
                        "block_area_um2": netlist_blocks.block_areas(blocks)})
    tmp = os.path.join(args.out, "sta.json.tmp")
    with open(tmp, "w") as fh:
        json.dump({"liberty": lib, "cases": results}, fh, indent=1)
    os.replace(tmp, os.path.join(args.out, "sta.json"))

    print(f"{'case':<14} {'min period':>11} {'fmax':>9} {'area um^2':>10}  worst path")
    for r in results:
        if "error" in r:
            print(f"{r['case']:<14} FAILED: {r['error']}")
            continue
        area = f"{r['area_um2']:.1f}" if r["area_um2"] is not None else "?"
        print(f"{r['case']:<14} {r['min_period_ps']:>8.1f} ps {r['fmax_mhz']:>5.0f} MHz {area:>10}  "
              f"{r['startpoint']} -> {r['endpoint']} ({r['path_cells']} cells)")
        print(f"{'':<14} blocks: {' -> '.join(r['path_blocks'])}")
    if args.json:
        print(json.dumps(results, indent=1))
    failed = [r["case"] for r in results if "error" in r]
    if failed:
        print(f"sta: {len(failed)} of {len(results)} case(s) failed: {', '.join(failed)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
