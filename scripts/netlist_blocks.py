"""Cells of a Yosys netlist (write_json, hierarchy kept) grouped by the
macro's blocks, and their area from the ASAP7 table.

Why: area and energy are reported per block (adder tree, n/2 compare, row
flip, sum-select, column configuration, SAR control, post-processing,
pipeline and output registers, mux and control); this is the one place that says
which part of the netlist belongs to which block.
"""
import json
import pathlib
import re

import asap7_cells as ac

# module (without Yosys's $paramod prefix) -> block
MODULE_BLOCK = {
    "bsx_adder_tree": "adder tree",
    "bsx_half_compare": "n/2 compare",
    "bsx_row_flip": "row flip",
    "bsx_sum_select": "sum-select",
    "bsx_column_config": "column config",
    "bsx_adc_bank": "SAR control",
    "bsx_sar_ctrl": "SAR control",
    "bsx_post_lane": "post-processing",
    "bsx_post_offset": "post-processing",
    "bsx_post_process": "post-processing",
    "bsx_row_mask": "mux and control",
}
BLOCKS = ("adder tree", "n/2 compare", "row flip", "sum-select", "column config",
          "SAR control", "post-processing", "pipeline registers", "output registers", "mux and control")


def module_base(name):
    """'$paramod$1a2b\\bsx_adder_tree', '$paramod\\bsx_row_flip\\N=...' or
    'bsx_macro' -> the module's own name."""
    parts = [p for p in name.split("\\") if p.startswith("bsx_")]
    return parts[0] if parts else name


def top_cell_block(inst, celltype):
    """Block of a cell in the top module itself: flip-flops by the register
    they hold (sta.py names them); logic is the column mux of the ADCs, the
    register enables and the control FSM."""
    if not celltype.startswith("DFF"):
        return "mux and control"
    if re.search(r"g_post", inst):
        return "post-processing"
    if re.search(r"g_out|out_act_flip", inst):
        return "output registers"
    return "pipeline registers"


def block_cells(json_path, top):
    """{block: {cell type: count}} over the whole hierarchy under top."""
    design = json.loads(pathlib.Path(json_path).read_text())["modules"]
    by_base = {}
    for name in design:
        by_base.setdefault(module_base(name), name)
    out = {b: {} for b in BLOCKS}

    def walk(module, block):
        for inst, cell in design[module]["cells"].items():
            ctype = cell["type"]
            if ctype in design:
                walk(ctype, block or MODULE_BLOCK.get(module_base(ctype), "mux and control"))
                continue
            where = block or top_cell_block(inst, ctype)
            out[where][ctype] = out[where].get(ctype, 0) + 1

    if top not in design:
        top = by_base.get(top, top)
    walk(top, None)
    return out


def block_loads(json_path, top):
    """{block: {'comb_ff': fF, 'flop_ff': fF, 'comb_sinks': n, 'flop_sinks': n}}:
    the input-pin capacitance (from the cell table) that the outputs of the
    block's logic cells and of its flip-flops drive, and how many pins,
    counted inside each module (a net that leaves its module through a port
    counts the pins it reaches inside that module only)."""
    table = ac.by_name()
    design = json.loads(pathlib.Path(json_path).read_text())["modules"]
    by_base = {module_base(n): n for n in design}
    per_module = {}

    def loads_of(module):
        if module in per_module:
            return per_module[module]
        sink_cap, sink_n, driver = {}, {}, {}
        for inst, cell in design[module]["cells"].items():
            ctype = cell["type"]
            if ctype in design or ctype not in table:
                continue
            out_pin = "QN" if ctype.startswith("DFF") else table[ctype]["out"]
            for pin, bits in cell["connections"].items():
                for bit in bits:
                    if pin == out_pin:
                        driver[bit] = (inst, ctype)
                    elif pin in table[ctype]["pins"]:
                        sink_cap[bit] = sink_cap.get(bit, 0.0) + table[ctype]["pins"][pin]
                        sink_n[bit] = sink_n.get(bit, 0) + 1
        per_module[module] = (driver, sink_cap, sink_n)
        return per_module[module]

    out = {b: {"comb_ff": 0.0, "flop_ff": 0.0, "comb_sinks": 0, "flop_sinks": 0} for b in BLOCKS}

    def walk(module, block):
        driver, sink_cap, sink_n = loads_of(module)
        for bit, (inst, ctype) in driver.items():
            where = block or top_cell_block(inst, ctype)
            kind = "flop" if ctype.startswith("DFF") else "comb"
            out[where][kind + "_ff"] += sink_cap.get(bit, 0.0)
            out[where][kind + "_sinks"] += sink_n.get(bit, 0)
        for inst, cell in design[module]["cells"].items():
            if cell["type"] in design:
                walk(cell["type"], block or MODULE_BLOCK.get(module_base(cell["type"]), "mux and control"))

    walk(top if top in design else by_base.get(top, top), None)
    return out


def block_areas(blocks):
    """{block: um^2} from block_cells() and the ASAP7 cell table."""
    table = ac.by_name()
    areas = {}
    for block, cells in blocks.items():
        missing = [c for c in cells if c not in table]
        if missing:
            raise SystemExit(f"netlist_blocks: cell {missing[0]} is not in scripts/asap7_*.csv")
        areas[block] = round(sum(table[c]["area_um2"] * n for c, n in cells.items()), 4)
    return areas
