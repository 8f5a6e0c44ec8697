"""Reader of the ASAP7 cell figures (scripts/asap7_cells.csv and
scripts/asap7_flops.csv), shared by the liberty writer and the energy model.

Why: the figures of docs/energy-area.md live once, in those two tables; every
consumer reads them through this module so no number is typed twice.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VDD = 0.7                       # V, the corner of every figure
SLEW_INDEX_PS = (5, 10, 20, 40, 80, 160, 320)   # ASAP7 NLDM input-slew index
LOAD_POINT_FF = 2.88            # output load of the characterisation point
LOAD_STEPS = 7                  # NLDM load index: load0 * 2^k, k = 0..6


def _rows(name):
    path = os.path.join(HERE, name)
    with open(path) as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    out = []
    for i, row in enumerate(csv.DictReader(lines)):
        rec = {}
        for key, val in row.items():
            if key in ("cell", "pins", "out", "function", "sense"):
                rec[key] = val
            else:
                try:
                    rec[key] = float(val)
                except (TypeError, ValueError):
                    raise SystemExit(f"{path}: row {i + 1}: field {key} is not a number ({val!r})")
        out.append(rec)
    return out


def combinational():
    """Combinational cells: dicts with the CSV columns; 'pins' parsed to a
    {pin: capacitance fF} dict in the order given."""
    cells = _rows("asap7_cells.csv")
    for c in cells:
        c["pins"] = {p.split("=")[0]: float(p.split("=")[1]) for p in c["pins"].split()}
        c["e_toggle_int_fj"] = 0.5 * (c["e_rise_fj"] + c["e_fall_fj"])
    return cells


def flops():
    return _rows("asap7_flops.csv")


def by_name():
    """Every cell (combinational and flip-flop) by liberty name."""
    table = {c["cell"]: c for c in combinational()}
    for f in flops():
        f["pins"] = {"CLK": f["clk_cap_ff"], "D": f["d_cap_ff"]}
        table[f["cell"]] = f
    return table
