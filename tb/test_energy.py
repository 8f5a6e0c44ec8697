#!/usr/bin/env python3
"""Tests of the energy and area models against hand-computed cases (make
test-energy): a register toggling every cycle, an idle one, a logic block,
leakage, toggle counting in a hand-written VCD, the block mapping of traced
signals and of netlist cells (a hand-written Yosys netlist: cells, areas,
loads per block), the generated liberty (read by OpenSTA, delays at the
ASAP7 point), totals equal to the sums of their parts, and, through
bsxsim-cosim, a macro whose every column carries a known current and one
with no current at all.

  tb/test_energy.py        (COSIM / BSXSIM: the programs)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import asap7_cells as ac  # noqa: E402
import energy_digital  # noqa: E402
import energy_model as em  # noqa: E402
import liberty  # noqa: E402
import netlist_blocks as nb  # noqa: E402
import study_bnn_energy as sbe  # noqa: E402
import vcd_activity  # noqa: E402

COSIM = os.environ.get("COSIM", os.path.join(ROOT, "build", "bsxsim-cosim"))
BSXSIM = os.environ.get("BSXSIM", os.path.join(ROOT, "build", "bsxsim"))
FJ = 1e-15


class FlopAndLogic(unittest.TestCase):
    flop = ac.flops()[0]

    def test_register_toggling_every_cycle(self):
        # capture: CLK->QN (0.505+0.481)/2 + CLK fall 0.350 + D (0.135+0.240)/2
        # + clock pin 0.47 fF x 0.49 V^2; output 2 fF: 0.5 x 2 x 0.49 per toggle
        capture = 0.493 + 0.350 + 0.1875 + 0.47 * 0.49
        want = 10 * capture + 10 * 0.5 * 2.0 * 0.49
        got = em.flop_energy(self.flop, 1, 10, 10, 2.0) / FJ
        self.assertAlmostEqual(got, want, places=9)

    def test_idle_register_pays_the_clock(self):
        want = 10 * (0.587 + 0.47 * 0.49)
        self.assertAlmostEqual(em.flop_energy(self.flop, 1, 10, 0, 2.0) / FJ, want, places=9)
        self.assertEqual(em.flop_energy(self.flop, 1, 10, 0, 2.0, gated=True), 0.0)

    def test_logic_block(self):
        table = ac.by_name()
        # two INVx1 driving 1.24 fF in all, 4 output toggles:
        # 4 x (0.120 - 0.023) / 2 + 4 x 0.5 x 0.62 fF x 0.49
        want = 4 * 0.0485 + 4 * 0.5 * 0.62 * 0.49
        got = em.logic_energy({"INVx1_ASAP7_75t_R": 2}, table, 4, 1.24) / FJ
        self.assertAlmostEqual(got, want, places=9)

    def test_leakage(self):
        table = ac.by_name()
        got = em.leakage_energy({"INVx1_ASAP7_75t_R": 3}, table, 1e-6)
        self.assertAlmostEqual(got / 1e-18, 3 * 51.2e-12 * 1e-6 / 1e-18, places=6)


VCD = """$timescale 1ps $end
$scope module TOP $end
$scope module bsx_macro $end
$var wire 1 ! clk_i $end
$var wire 2 " wl_o [1:0] $end
$var wire 1 # r_q $end
$var wire 4 $ N $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
0!
b00 "
0#
b0100 $
#500
1!
1#
#1000
0!
b11 "
#1500
1!
0#
#2000
0!
b01 "
#2500
1!
1#
#3000
0!
"""


class Activity(unittest.TestCase):
    def test_toggles_cycles_and_word_lines(self):
        act = vcd_activity.parse_vcd(VCD.splitlines(), sample=("wl_o",))
        self.assertEqual(act.cycles, 3)
        self.assertEqual(act.toggles["TOP.bsx_macro.r_q"], 3)      # 0->1->0->1
        self.assertEqual(act.toggles["TOP.bsx_macro.wl_o"], 3)     # 00->11 (2), 11->01 (1)
        self.assertEqual(act.toggles["TOP.bsx_macro.N"], 0)
        self.assertEqual(act.samples["wl_o"], ["00", "11", "01"])

    def test_signal_blocks(self):
        sb = energy_digital.signal_block
        self.assertEqual(sb("m.bsx_macro.u_tree.g_lvl[0].g_reg.sum_q"), ("adder tree", True))
        self.assertEqual(sb("m.bsx_macro.g_flip_path.u_compare.flip_o"), ("n/2 compare", False))
        self.assertEqual(sb("m.bsx_macro.u_config.g_col[3].g_flip.flip_q"), ("column config", True))
        self.assertEqual(sb("m.bsx_macro.act_q"), ("pipeline registers", True))
        self.assertEqual(sb("m.bsx_macro.g_out[5].data_q"), ("output registers", True))
        self.assertIsNone(sb("m.bsx_macro.u_tree.act_i"))
        self.assertIsNone(sb("m.bsx_macro.TREE_STAGES"))

    def test_block_totals_are_sums_of_parts(self):
        table = ac.by_name()
        cells = {b: {} for b in nb.BLOCKS}
        cells["adder tree"] = {"DFFHQNx1_ASAP7_75t_R": 3, "XOR2xp5_ASAP7_75t_R": 5}
        cells["row flip"] = {"XOR2xp5_ASAP7_75t_R": 4}
        activity = {b: {"reg_toggles": 0, "net_toggles": 0, "net_bits": 0} for b in nb.BLOCKS}
        activity["adder tree"] = {"reg_toggles": 7, "net_toggles": 20, "net_bits": 10}
        activity["row flip"] = {"reg_toggles": 0, "net_toggles": 6, "net_bits": 4}
        loads = {b: {"comb_ff": 3.0, "flop_ff": 2.0, "comb_sinks": 4, "flop_sinks": 3}
                 for b in nb.BLOCKS}
        out = energy_digital.energy_by_block(activity, cells, loads, 10, 1e-8)
        for e in out.values():
            self.assertAlmostEqual(e["total_j"], e["flops_j"] + e["logic_j"] + e["leakage_j"], places=30)
        # row flip: 6 net toggles x 4 cells / 4 bits = 6 cell toggles of XOR2xp5
        xor = table["XOR2xp5_ASAP7_75t_R"]
        load = (3.0 + 4 * em.WIRE_UM_PER_SINK * em.SIGNAL_WIRE_FF_PER_UM) / 4
        want = 6 * (xor["e_toggle_int_fj"] + 0.5 * load * 0.49) * FJ + 4 * 134.2e-12 * 1e-8
        self.assertAlmostEqual(out["row flip"]["total_j"] / FJ, want / FJ, places=9)


# A hand-written Yosys netlist: the top holds one register (act_q, QN -> net
# 2) and one inverter (net 2 -> net 3), and an adder-tree instance (a Yosys
# $paramod name) whose XOR reads net 3 and net 4 (its port) and drives net 5.
NETLIST = {"modules": {
    "bsx_macro": {"cells": {
        "act_q[0]$_DFF_P_": {"type": "DFFHQNx1_ASAP7_75t_R",
                             "connections": {"CLK": [1], "D": [3], "QN": [2]}},
        "_7_": {"type": "INVx1_ASAP7_75t_R", "connections": {"A": [2], "Y": [3]}},
        "u_tree": {"type": "$paramod\\bsx_adder_tree\\N=s32'01000000", "connections": {"a": [3]}}}},
    "$paramod\\bsx_adder_tree\\N=s32'01000000": {"cells": {
        "_1_": {"type": "XOR2xp5_ASAP7_75t_R", "connections": {"A": [3], "B": [4], "Y": [5]}}}},
}}


class NetlistBlocks(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "n.json")
        with open(self.path, "w") as fh:
            json.dump(NETLIST, fh)

    def tearDown(self):
        self.tmp.cleanup()

    def test_cells_and_areas_by_block(self):
        cells = nb.block_cells(self.path, "bsx_macro")
        self.assertEqual(cells["pipeline registers"], {"DFFHQNx1_ASAP7_75t_R": 1})
        self.assertEqual(cells["mux and control"], {"INVx1_ASAP7_75t_R": 1})
        self.assertEqual(cells["adder tree"], {"XOR2xp5_ASAP7_75t_R": 1})
        areas = nb.block_areas(cells)
        self.assertAlmostEqual(areas["adder tree"], 0.13122, places=4)
        self.assertAlmostEqual(sum(areas.values()), 0.29160 + 0.04374 + 0.13122, places=3)

    def test_loads(self):
        loads = nb.block_loads(self.path, "bsx_macro")
        # the flop's QN drives the inverter (0.62 fF); the inverter drives the
        # flop's D (0.56 fF) in the top (the XOR pin is inside u_tree: not seen)
        self.assertAlmostEqual(loads["pipeline registers"]["flop_ff"], 0.62)
        self.assertAlmostEqual(loads["mux and control"]["comb_ff"], 0.56)
        self.assertEqual(loads["adder tree"]["comb_sinks"], 0)


class Liberty(unittest.TestCase):
    def test_delays_at_the_asap7_point_and_slope(self):
        inv = next(c for c in ac.combinational() if c["cell"] == "INVx1_ASAP7_75t_R")
        self.assertAlmostEqual(liberty.delay_at(inv["t_rise_ps"], inv["k_rise"], 2.88), 21.2)
        self.assertAlmostEqual(liberty.delay_at(inv["t_rise_ps"], inv["k_rise"], 5.76), 21.2 + 3.92 * 2.88)
        # the INVx1 rise row: 21.2 + 3.92 (C - 2.88) at C = 0.72 ... 46.08 fF
        row = '"12.7328, 15.5552, 21.2, 32.4896, 55.0688, 100.227, 190.544"'
        self.assertTrue(row in liberty.liberty_text())

    def test_opensta_reads_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            lib = os.path.join(tmp, "a.lib")
            liberty.write(lib)
            tcl = os.path.join(tmp, "r.tcl")
            with open(tcl, "w") as fh:
                fh.write(f"read_liberty {lib}\nputs CELLS=[llength [get_lib_cells */*]]\n")
            res = subprocess.run(["sta", "-no_splash", "-exit", tcl], capture_output=True, text=True)
            out = res.stdout + res.stderr
            self.assertNotIn("Error", out)
            self.assertNotIn("Warning", out)
            n = len(ac.combinational()) + len(ac.flops())
            self.assertIn(f"CELLS={n}", out)


def cosim(tmp, w, x, scheme, preset):
    wp, xp = os.path.join(tmp, "w.npy"), os.path.join(tmp, "x.npy")
    np.save(wp, w.astype(np.int8))
    np.save(xp, x.astype(np.int8))
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    res = subprocess.run([COSIM, "--weights", wp, "--inputs", xp, "--out", os.path.join(tmp, "y.npy"),
                          "--scheme", scheme, "--adcs", "8", "--preset", preset, "--json"],
                         capture_output=True, text=True, env=env)
    if res.returncode != 0:
        raise AssertionError(res.stderr)
    return json.loads(res.stdout)


class CosimEnergy(unittest.TestCase):
    def test_known_column_current(self):
        """Baseline, W = X = all +1: every one of the 64 columns carries the
        current `bsxsim column` gives for 64 ON cells, every cycle the word
        lines are on."""
        ones = "1" * 64
        col = json.loads(subprocess.run([BSXSIM, "column", "--preset", "sram-m3-1ua", "--wl", ones,
                                         "--w", ones, "--json"], capture_output=True, text=True,
                                        check=True).stdout)
        with tempfile.TemporaryDirectory() as tmp:
            rep = cosim(tmp, np.ones((64, 64)), np.ones((3, 64)), "baseline", "sram-m3-1ua")
        e = rep["energy"]
        want = 64 * col["current"] * e["wl_on_cycles"] * 1e-9
        # same solver, possibly another Newton start: agree to its tolerance
        self.assertAlmostEqual(e["current_seconds"] / want, 1.0, places=6)
        self.assertAlmostEqual(e["array_read_j"] / (0.2 * want / 3), 1.0, places=6)
        self.assertEqual(e["wl_toggles"], 64)        # all rise once, stay on
        self.assertEqual(e["conversions"], 3 * 64)

    def test_no_current_and_totals(self):
        """Word lines never on: no read energy; ADCs 64 x NeuroSim's 6-bit
        conversion per VMM; the total is the sum of its parts."""
        with tempfile.TemporaryDirectory() as tmp:
            rep = cosim(tmp, np.ones((64, 64)), -np.ones((4, 64)), "baseline", "reram-m3-1ua")
        e = rep["energy"]
        self.assertEqual(e["current_seconds"], 0.0)
        self.assertEqual(e["wl_toggles"], 0)
        # 64 conversions x (0.1061 x 6 + 0.8847) uW x 7 ns = 681.54 fJ
        self.assertAlmostEqual(e["adc_j"] / FJ, 64 * 1.5213e-6 * 7e-9 / FJ, places=6)
        parts = e["array_read_j"] + e["wordline_j"] + e["bitline_j"] + e["adc_j"]
        self.assertAlmostEqual(e["analog_total_j"] / FJ, parts / FJ, places=6)
        self.assertAlmostEqual(e["adc_area_um2"], 8 * 38.0, delta=0.5)


class BnnEnergy(unittest.TestCase):
    """scripts/study_bnn_energy.py's bookkeeping, with the layer dump and the
    co-simulation replaced by known stand-ins."""
    rng = np.random.default_rng(4)
    w = np.where(rng.random((130, 70)) < 0.5, 1, -1).astype(np.int8)

    def fake_dump(self, args, net_dir, layer, image, prefix):
        return self.w, np.full((5, 130), image, dtype=np.int8) + np.arange(5, dtype=np.int8)[:, None]

    def setUp(self):
        self.saved = (sbe.dump_layer, sbe.binary_layers, sbe.study_overhead.one_case)
        sbe.dump_layer = self.fake_dump

    def tearDown(self):
        sbe.dump_layer, sbe.binary_layers, sbe.study_overhead.one_case = self.saved

    def test_weight_stationary_tiles(self):
        """A 130 x 70 layer is 3 x 2 tiles of 64 x 64 (the last ones
        partial); --tiles 3 picks the first, a middle and the last; X is an
        evenly spaced sample over the images' vectors, cut to each tile's rows."""
        args = argparse.Namespace(images=2, vectors=4, tiles=3)
        with tempfile.TemporaryDirectory() as tmp:
            made, tiles, per_image, shape = sbe.layer_tiles(args, "net", 3, tmp)
            self.assertEqual((tiles, per_image, shape), (6, 5, (130, 70)))
            self.assertEqual([m[0] for m in made],
                             ["layer3_r0_c0", "layer3_r1_c0", "layer3_r2_c1"])
            last_w, last_x = np.load(made[2][1]), np.load(made[2][2])
            np.testing.assert_array_equal(last_w, self.w[128:130, 64:70])
            # vectors 0..9 of the two images, sampled at 0, 3, 6, 9
            want = np.concatenate([self.fake_dump(None, 0, 0, i, 0)[1] for i in (0, 1)])[[0, 3, 6, 9]]
            np.testing.assert_array_equal(last_x, want[:, 128:130])

    def test_energy_per_inference_is_per_vmm_times_vmms(self):
        """Two layers whose tiles cost 1 and 3 (array read) + 2 (ADCs) J per
        VMM: per image 6 tiles x 5 vectors x the mean per layer, summed."""
        sbe.binary_layers = lambda net_dir: [3, 7]

        def one_case(ov, sta, preset, scheme, k, workload):
            read = 1.0 if workload[0].startswith("layer3") else 3.0
            e = {"array read": read, "ADCs": 2.0}
            return {"energy_j": e, "energy_gated_j": e, "energy_total_j": read + 2.0}
        sbe.study_overhead.one_case = one_case
        args = argparse.Namespace(images=1, vectors=2, tiles=2, presets=["sram-m3-1ua"],
                                  cosim="cosim", clock_ps=1000)
        with tempfile.TemporaryDirectory() as tmp:
            args.out = tmp
            rows, layers = sbe.run_net(args, {}, "net")
        self.assertEqual(len(rows), 4)          # 2 ADC counts x 2 schemes
        for r in rows:
            self.assertAlmostEqual(r["energy_j"]["array read"], 30 * 1.0 + 30 * 3.0)
            self.assertAlmostEqual(r["energy_j"]["ADCs"], 60 * 2.0)
            self.assertAlmostEqual(r["energy_total_j"], 240.0)
        self.assertEqual({l["array_vmms_per_image"] for l in layers}, {30})


if __name__ == "__main__":
    unittest.main(verbosity=1)
