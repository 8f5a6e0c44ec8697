#!/usr/bin/env python3
"""Checks the logic-activity estimate of scripts/energy_digital.py against a
zero-delay gate-level replay of the same co-simulation.

Why: energy_digital.py lets every mapped logic cell of a block toggle at the
block's mean RTL net activity (docs/energy-area.md, Est). Here the flat
ASAP7 netlist of scripts/sta.py (OUT/CASE.v) is simulated with Icarus
Verilog on the macro's input ports exactly as the co-simulation drove them
(read from its FST trace at every falling clock edge, comparator answers
included), and the output toggles of the logic cells are counted.

  scripts/gate_activity.py --trace T.fst --netlist build/sta/CASE.v
                           --hier build/sta/CASE.json [--work DIR]
Prints the mean toggles per logic cell per cycle, gate-level and estimated.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import asap7_cells as ac
import energy_digital
import netlist_blocks as nb
import vcd_activity

CELL_RE = re.compile(r"^\s*(\w+_ASAP7_75t_R)\s+(\S+)\s*\((.*?)\);", re.M | re.S)
PIN_RE = re.compile(r"\.(\w+)\(([^()]*)\)")
PORT_RE = re.compile(r"^\s*(input|output)\s+(?:\[(\d+):0\]\s+)?(\w+);", re.M)


def cell_models():
    """Verilog of every cell of the CSV tables (functions from the liberty)."""
    out = []
    for c in ac.combinational():
        pins = list(c["pins"])
        out.append(f"module {c['cell']}({', '.join(pins)}, {c['out']});\n"
                   + "".join(f"  input {p};\n" for p in pins)
                   + f"  output {c['out']};\n  assign {c['out']} = {c['function'].replace('!', '~')};\n"
                   "endmodule\n")
    for f in ac.flops():
        out.append(f"module {f['cell']}(CLK, D, QN);\n  input CLK, D;\n  output QN;\n  reg IQ;\n"
                   "  always @(posedge CLK) IQ <= D;\n  assign QN = ~IQ;\nendmodule\n")
    return "".join(out)


def parse_netlist(text):
    """([(type, instance, {pin: net})], [(direction, width, name)])."""
    cells = [(m.group(1), m.group(2), dict(PIN_RE.findall(m.group(3)))) for m in CELL_RE.finditer(text)]
    ports = [(d, int(w) + 1 if w else 1, n) for d, w, n in PORT_RE.findall(text)]
    return cells, ports


def testbench(ports, cycles, stim):
    inputs = [(w, n) for d, w, n in ports if d == "input" and n != "clk_i"]
    decl = "".join(f"  reg [{w - 1}:0] {n};\n" for w, n in inputs)
    decl += "".join(f"  wire [{w - 1}:0] {n};\n" for d, w, n in ports if d == "output")
    total = sum(w for w, _ in inputs)
    conn = ", ".join(f".{n}({n})" for _, _, n in ports)
    return f"""`timescale 1ps/1ps
module tb;
  reg clk_i;
{decl}  reg [{total - 1}:0] stim [0:{cycles - 1}];
  integer c;
  bsx_macro dut({conn});
  initial begin
    $readmemb("{stim}", stim);
    $dumpfile("gl.vcd");
    $dumpvars(1, dut);
    clk_i = 1'b0;
    for (c = 0; c < {cycles}; c = c + 1) begin
      {{{', '.join(n for _, n in inputs)}}} = stim[c];
      #500 clk_i = 1'b1;
      #500 clk_i = 1'b0;
    end
    $finish;
  end
endmodule
"""


def fail(msg):
    print(f"gate_activity: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trace", required=True)
    ap.add_argument("--netlist", required=True, help="flat netlist OUT/CASE.v of scripts/sta.py")
    ap.add_argument("--hier", required=True, help="hierarchical OUT/CASE.json of scripts/sta.py")
    ap.add_argument("--work", help="folder for the simulation files (default: a temporary one)")
    args = ap.parse_args()
    try:
        cells, ports = parse_netlist(open(args.netlist).read())
        inputs = [n for d, _, n in ports if d == "input" and n != "clk_i"]
        act = vcd_activity.activity(args.trace, sample=tuple(inputs))
    except (OSError, ValueError) as exc:
        fail(str(exc))
    if not cells or not inputs:
        fail(f"{args.netlist}: no cells or no inputs: not a netlist of scripts/sta.py")
    cycles = len(act.samples[inputs[0]])
    work = os.path.abspath(args.work or tempfile.mkdtemp())
    os.makedirs(work, exist_ok=True)
    stim = os.path.join(work, "stim.txt")
    with open(stim, "w") as fh:
        for c in range(cycles):
            fh.write("".join(act.samples[n][c] for n in inputs) + "\n")
    tb = testbench(ports, cycles, stim)
    for name, text in (("tb.v", tb), ("cells.v", cell_models())):
        with open(os.path.join(work, name), "w") as fh:
            fh.write(text)
    sim = os.path.join(work, "gl.vvp")
    for cmd in (["iverilog", "-o", sim, os.path.join(work, "tb.v"), os.path.join(work, "cells.v"),
                 os.path.abspath(args.netlist)], ["vvp", "-n", sim]):
        res = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
        if res.returncode != 0:
            fail(f"{cmd[0]} failed: {(res.stderr or res.stdout).strip()[-300:]}")
    gl = vcd_activity.activity(os.path.join(work, "gl.vcd"))
    table = ac.by_name()
    logic = [(t, i, p) for t, i, p in cells if not t.startswith("DFF")]
    found, toggles = 0, 0
    for ctype, _, pins in logic:
        net = pins.get(table[ctype]["out"], "").strip()
        key = f"tb.dut.{net}"
        if key in gl.toggles and gl.width[key] == 1:
            found += 1
            toggles += gl.toggles[key]
    gate_rate = toggles / found / gl.cycles if found and gl.cycles else 0.0
    # the estimate on the same RTL trace and the hierarchical netlist
    blocks = energy_digital.block_activity(act)
    hcells = nb.block_cells(args.hier, "bsx_macro")
    est_toggles = n_logic = 0
    for b in nb.BLOCKS:
        n = sum(k for c, k in hcells[b].items() if not c.startswith("DFF"))
        a = blocks[b]
        n_logic += n
        est_toggles += a["net_toggles"] * n / a["net_bits"] if a["net_bits"] else 0.0
    est_rate = est_toggles / n_logic / act.cycles
    print(f"{cycles} cycles; logic cells: {len(logic)} in the flat netlist, output net found for "
          f"{found}; {n_logic} in the hierarchical one")
    print(f"toggles per logic cell per cycle: gate-level {gate_rate:.4f}, estimate {est_rate:.4f} "
          f"(ratio {est_rate / gate_rate if gate_rate else float('nan'):.2f})")


if __name__ == "__main__":
    main()
