#!/usr/bin/env python3
"""Tests that scripts/spice_column.py never turns a failed or partial ngspice
run into numbers: ngspice's exit status is 0 after a failed OP and a `print`
after a failed OP can show an older plot, so the parser is the only guard.
Canned outputs cover the ways a run goes wrong; one real ngspice run checks
that a deck with a bad element is rejected."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import spice_column  # noqa: E402

GOOD = """Circuit: column
@@pattern 0
Doing analysis at TEMP = 27.000000 and TNOM = 27.000000
No. of Data Rows : 1
i(vsense_c) = 5.040764709660179e-05
i(vsense_d) = 6.227103402125883e-06
@@pattern 1
Doing analysis at TEMP = 27.000000 and TNOM = 27.000000
No. of Data Rows : 1
i(vsense_c) = 8.158857572554726e-10
i(vsense_d) = 8.158857572554245e-10
@@pattern end
ngspice-39 done
"""


class ParseOutput(unittest.TestCase):
    def test_good_output_gives_every_value(self):
        got = spice_column.parse_output(GOOD, 2, dummy=True)
        self.assertEqual(got, [(5.040764709660179e-05, 6.227103402125883e-06),
                               (8.158857572554726e-10, 8.158857572554245e-10)])

    def test_column_only(self):
        text = GOOD.replace("i(vsense_d)", "i(other)")
        got = spice_column.parse_output(text, 2, dummy=False)
        self.assertEqual([c for c, _ in got],
                         [5.040764709660179e-05, 8.158857572554726e-10])

    def test_error_words_reject_the_batch(self):
        for line in ("Error: singular matrix:  check nodes c_x3 and c_x3",
                     "Warning: Dynamic gmin stepping failed",
                     "run simulation(s) aborted",
                     "doAnalyses: iteration limit reached\nop simulation(s) "
                     "aborted"):
            text = GOOD.replace("No. of Data Rows : 1\ni(vsense_c) = 8",
                                line + "\nNo. of Data Rows : 1\n"
                                "i(vsense_c) = 8")
            with self.assertRaises(spice_column.SpiceError, msg=line):
                spice_column.parse_output(text, 2, dummy=True)

    def test_non_finite_value_is_rejected(self):
        for bad in ("nan", "inf", "-inf", "garbage"):
            text = GOOD.replace("8.158857572554726e-10", bad)
            with self.assertRaises(spice_column.SpiceError, msg=bad):
                spice_column.parse_output(text, 2, dummy=True)

    def test_missing_value_is_rejected(self):
        text = GOOD.replace("i(vsense_c) = 8.158857572554726e-10\n", "")
        with self.assertRaises(spice_column.SpiceError):
            spice_column.parse_output(text, 2, dummy=True)

    def test_duplicate_value_is_rejected(self):
        text = GOOD.replace("i(vsense_c) = 8.158857572554726e-10\n",
                            "i(vsense_c) = 8.158857572554726e-10\n" * 2)
        with self.assertRaises(spice_column.SpiceError):
            spice_column.parse_output(text, 2, dummy=True)

    def test_truncated_run_is_rejected(self):
        text = GOOD[:GOOD.index("@@pattern 1")]
        with self.assertRaises(spice_column.SpiceError):
            spice_column.parse_output(text, 2, dummy=True)

    def test_missing_pattern_is_rejected(self):
        with self.assertRaises(spice_column.SpiceError):
            spice_column.parse_output(GOOD, 3, dummy=True)


class DeckChecks(unittest.TestCase):
    PRESET = {"name": "t", "tech": "sram", "v_read": 0.2, "r_drv": 100.0,
              "r_bl": 10.0, "r_sl": 10.0, "r_sink": 10.0, "sink_same_end": 0,
              "v_wl_on": 0.4, "v_q_on": 0.4,
              "fet": {"nfin": 1, "w_fin_m": 70.5e-9, "lg_m": 21e-9,
                      "cinv": 0.025, "alpha": 3.5, "beta": 1.8,
                      "phit": 0.02569, "vt0": 0.4477, "n": 1.0654,
                      "delta": 0.0213, "vxo": 1.134e5, "mu": 0.0266,
                      "rs_ohm_m": 144e-6}}

    def test_bad_patterns_and_resistances_are_refused(self):
        for pat in [("11", "1"), ("1x1", "101"), ("", "")]:
            with self.assertRaises(ValueError, msg=repr(pat)):
                spice_column.write_deck(self.PRESET, 3, [pat])
        for bad in (-1.0, float("nan")):
            p = dict(self.PRESET, r_bl=bad)
            with self.assertRaises(ValueError):
                spice_column.write_deck(p, 3, [("111", "111")])

    def test_ngspice_error_is_not_a_result(self):
        ngspice = os.environ.get("NGSPICE", "ngspice")
        deck = spice_column.write_deck(self.PRESET, 2, [("11", "11")])
        deck = deck.replace("vdrv_c drv_c 0 dc", "vdrv_c drv_c 0 dc nonsense")
        with self.assertRaises(spice_column.SpiceError):
            spice_column.parse_output(spice_column.run_deck(deck, ngspice),
                                      1, dummy=False)


if __name__ == "__main__":
    unittest.main()
