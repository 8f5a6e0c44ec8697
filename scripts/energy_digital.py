#!/usr/bin/env python3
"""Energy of the macro's digital peripherals per array VMM, by block, from
the switching activity of a co-simulation trace and the cells Yosys mapped
each block to (docs/energy-area.md).

Why: the issue's per-block breakdown (adder tree, n/2 compare, row flip,
sum-select, column configuration, SAR control, post-processing, pipeline and
output registers, mux and control) needs measured toggles, not an assumed
activity factor.

Per block:
  flip-flops  every cycle the idle clock energy of each flip-flop of the
              netlist; each toggle of the block's RTL registers (*_q) is a
              capture with its output load (energy_model.flop_energy);
  logic       each toggle of the block's other RTL nets (its outputs and
              internal wires; inputs and constants excluded) stands for
              N_cells / N_bits toggles of its mapped logic cells, i.e. every
              cell toggles at the block's mean RTL net activity (Est), each
              costing the block's mean internal energy + C V^2 / 2;
  leakage     the cells' leakage x the simulated time.

  scripts/energy_digital.py --trace T.fst --netlist build/sta/CASE.json
                            --vmms V --clock-ps P [--json]
"""
import argparse
import json
import re
import sys

import asap7_cells as ac
import energy_model as em
import netlist_blocks as nb
import vcd_activity

TOP_SCOPE = "bsx_macro."
SCOPE_BLOCK = (                          # first match wins
    ("u_tree.", "adder tree"),
    ("g_flip_path.u_compare.", "n/2 compare"),
    ("g_flip_path.u_sum_select.", "sum-select"),
    ("g_flip_path.u_row_flip.", "row flip"),
    ("u_config.", "column config"),
    ("u_adc_bank.", "SAR control"),
    ("g_post[", "post-processing"),
    ("g_out[", "output registers"),
    ("out_act_flip", "output registers"),
    ("u_row_mask.", "mux and control"),
)


def signal_block(name):
    """(block, is_register) of a traced signal, or None for signals that
    cost nothing of their own: constants (parameters), inputs of a block
    (driven elsewhere) and the top-level ports' clock."""
    if TOP_SCOPE not in name:
        return None
    local = name.split(TOP_SCOPE, 1)[1]
    leaf = local.rsplit(".", 1)[-1]
    if re.fullmatch(r"[A-Z0-9_]+", leaf) or leaf.endswith("_i"):
        return None
    reg = leaf.endswith("_q")
    for prefix, block in SCOPE_BLOCK:
        if local.startswith(prefix):
            return block, reg
    return ("pipeline registers" if reg else "mux and control"), reg


def block_activity(act):
    """{block: {'reg_toggles', 'net_toggles', 'net_bits'}} over the trace."""
    out = {b: {"reg_toggles": 0, "net_toggles": 0, "net_bits": 0} for b in nb.BLOCKS}
    for name, bits in act.width.items():
        where = signal_block(name)
        if where is None:
            continue
        block, reg = where
        if reg:
            out[block]["reg_toggles"] += act.toggles[name]
        else:
            out[block]["net_toggles"] += act.toggles[name]
            out[block]["net_bits"] += bits
    return out


def energy_by_block(activity, cells, loads, cycles, seconds):
    """{block: {'flops_j', 'flops_gated_j', 'logic_j', 'leakage_j', 'total_j',
    'total_gated_j'}} over the run; *_gated: flip-flops ideally clock-gated."""
    table = ac.by_name()
    flop = ac.flops()[0]
    out = {}
    for block in nb.BLOCKS:
        bc = cells[block]
        n_ff = sum(n for c, n in bc.items() if c.startswith("DFF"))
        logic = {c: n for c, n in bc.items() if not c.startswith("DFF")}
        a, ld = activity[block], loads[block]
        captures = min(a["reg_toggles"], n_ff * cycles)
        ff_load = em.net_load_ff(ld["flop_ff"], ld["flop_sinks"])
        flops_j = em.flop_energy(flop, n_ff, cycles, captures, ff_load)
        gated_j = em.flop_energy(flop, n_ff, cycles, captures, ff_load, gated=True)
        n_logic = sum(logic.values())
        cell_toggles = a["net_toggles"] * n_logic / a["net_bits"] if a["net_bits"] else 0.0
        logic_j = em.logic_energy(logic, table, cell_toggles,
                                  em.net_load_ff(ld["comb_ff"], ld["comb_sinks"]))
        leak_j = em.leakage_energy(bc, table, seconds)
        out[block] = {"flops_j": flops_j, "flops_gated_j": gated_j, "logic_j": logic_j,
                      "leakage_j": leak_j, "total_j": flops_j + logic_j + leak_j,
                      "total_gated_j": gated_j + logic_j + leak_j}
    return out


def digital_energy(trace, netlist, vmms, clock_ps, top="bsx_macro"):
    """Per-VMM energy by block and its sum, from a trace and a netlist."""
    act = vcd_activity.activity(trace)
    cells = nb.block_cells(netlist, top)
    loads = nb.block_loads(netlist, top)
    seconds = act.cycles * clock_ps * 1e-12
    blocks = energy_by_block(block_activity(act), cells, loads, act.cycles, seconds)
    per_vmm = {b: {k: v / vmms for k, v in e.items()} for b, e in blocks.items()}
    return {"cycles": act.cycles, "vmms": vmms, "per_vmm": per_vmm,
            "total_j": sum(e["total_j"] for e in per_vmm.values()),
            "total_gated_j": sum(e["total_gated_j"] for e in per_vmm.values())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trace", required=True, help="FST (or VCD) of bsxsim-cosim --trace")
    ap.add_argument("--netlist", required=True, help="hierarchical netlist JSON from scripts/sta.py")
    ap.add_argument("--vmms", type=int, required=True, help="array VMMs in the trace")
    ap.add_argument("--clock-ps", type=float, required=True)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.vmms < 1 or args.clock_ps <= 0:
        print("energy_digital: --vmms must be >= 1 and --clock-ps > 0", file=sys.stderr)
        sys.exit(2)
    try:
        res = digital_energy(args.trace, args.netlist, args.vmms, args.clock_ps)
    except (OSError, ValueError, KeyError) as exc:
        print(f"energy_digital: {exc}", file=sys.stderr)
        sys.exit(1)
    if args.json:
        print(json.dumps(res, indent=1))
        return
    print(f"digital energy per array VMM ({res['cycles']} cycles, {args.vmms} VMMs)")
    for block, e in res["per_vmm"].items():
        print(f"  {block:<20} {e['total_j'] * 1e15:10.2f} fJ  (flip-flops {e['flops_j'] * 1e15:.2f}, "
              f"logic {e['logic_j'] * 1e15:.2f}, leakage {e['leakage_j'] * 1e15:.2f})")
    print(f"  {'total':<20} {res['total_j'] * 1e15:10.2f} fJ "
          f"({res['total_gated_j'] * 1e15:.2f} fJ with ideally clock-gated flip-flops)")


if __name__ == "__main__":
    main()
