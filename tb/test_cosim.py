#!/usr/bin/env python3
"""Bit-exactness tests of the co-simulation (make test-cosim).

Why: the RTL, driven cycle by cycle against the analog model, must give the
software reference's result word for word on every design point. Each case
runs build/bsxsim-cosim, which already checks every output word against the
reference in-process (and the layer against the reference VMM); this script
additionally checks, independently of the C code:
  * ideal mode: Y equals a NumPy model of the macro (tiles, flips, clip,
    equation (1)) written here from docs/design.md section 2, and equals X @ W
    wherever no code clipped;
  * Y equals `bsxsim vmm` with the same arguments, byte for byte;
  * every vector's latency is the schedule's (latency_cycles of `bsxsim
    config --json`, the formula's one copy, src/rtl_config.c);
  * bad command lines fail with one line on stderr and no output file;
  * a non-default configuration (N = 32, M = 16, K = 4) is bit-exact too, is
    built once and then reused, and illegal configurations and clocks are
    refused, naming the rule, before anything is built.

  tb/test_cosim.py [--quick]      (COSIM / BSXSIM: the programs, tb/pytb.py)
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

from pytb import BSXSIM, COSIM, Tally, pm1, run_cosim

N = M = 64
tally = Tally("test_cosim" + (" --quick" if "--quick" in sys.argv else ""))
check = tally.check


def reference_ideal(w, x, scheme, N=64, bits=None):
    """NumPy model of the ideal macro on N-row arrays with B-bit ADCs
    (default: ceil(log2 N), one fewer for BinSparX): (Y, clipped[batch, cols])."""
    if bits is None:
        bits = int(np.ceil(np.log2(N))) - (scheme == "binsparx")
    top = 2 ** bits - 1
    batch, rows = x.shape
    cols = w.shape[1]
    y = np.zeros((batch, cols), dtype=np.int64)
    clipped = np.zeros((batch, cols), dtype=bool)
    for r0 in range(0, rows, N):
        ws = w[r0:r0 + N].astype(np.int64)
        xs = x[:, r0:r0 + N].astype(np.int64)
        n = ws.shape[0]
        col_flip = np.zeros(cols, dtype=bool)
        if scheme == "binsparx":
            col_flip = ws.sum(axis=0) >= 0
        stored = np.where(col_flip, -ws, ws)
        wbits = (stored + 1) // 2                  # W'
        ibits = (xs + 1) // 2                      # I'
        s = ibits.sum(axis=1)
        act_flip = np.zeros(batch, dtype=bool)
        if scheme == "binsparx":
            act_flip = 2 * s > n
        applied = np.where(act_flip[:, None], 1 - ibits, ibits)
        s_used = np.where(act_flip, n - s, s)
        ps = applied @ wbits                       # partial sums
        code = np.minimum(ps, top)
        clipped |= code == top
        val = 4 * code - 2 * s_used[:, None] - 2 * wbits.sum(axis=0)[None, :] + n
        neg = act_flip[:, None] ^ col_flip[None, :]
        y += np.where(neg, -val, val)
    return y, clipped


def run(args, expect_ok=True):
    res = run_cosim(args)
    if expect_ok and not check(res.returncode == 0, f"bsxsim-cosim {' '.join(args)}: exit "
                               f"{res.returncode}: {res.stderr.strip()}"):
        return None
    return res


def cosim_case(tmp, name, w, x, scheme, adcs, mode, geometry=()):
    """Runs one case; checks the report, the NumPy model (ideal) and vmm.
    geometry: extra configuration options, e.g. ("--rows", "32", "--cols", "16")."""
    geo = dict(zip(geometry[::2], geometry[1::2]))
    n = int(geo.get("--rows", N))
    wp, xp = os.path.join(tmp, name + "_w.npy"), os.path.join(tmp, name + "_x.npy")
    yp, vp = os.path.join(tmp, name + "_y.npy"), os.path.join(tmp, name + "_v.npy")
    np.save(wp, w.astype(np.int8))
    np.save(xp, x.astype(np.int8))
    data = ["--weights", wp, "--inputs", xp, "--scheme", scheme]
    modeargs = ["--ideal"] if mode == "ideal" else ["--preset", mode]
    if os.path.exists(yp + ".mismatch"):  # names repeat across schemes and K
        os.remove(yp + ".mismatch")
    res = run(data + ["--out", yp, "--adcs", str(adcs), "--json"] + list(geometry) + modeargs)
    label = f"{name} {scheme} K={adcs} {mode}" + (f" {' '.join(geometry)}" if geometry else "")
    if res is None:
        return None
    rep = json.loads(res.stdout)
    for key in ("word_mismatches", "clip_flag_mismatches", "flip_mismatches", "layer_mismatches"):
        check(rep[key] == 0, f"{label}: {key} = {rep[key]}")
    words = x.shape[0] * w.shape[1] * -(-w.shape[0] // n)
    check(rep["words_checked"] == words, f"{label}: words_checked {rep['words_checked']} != {words}")
    check(rep["result"] == "PASS", f"{label}: result {rep['result']}, want PASS")
    cfg = subprocess.run([BSXSIM, "config", "--scheme", scheme, "--adcs", str(adcs), "--json"] +
                         list(geometry), capture_output=True, text=True)
    want = json.loads(cfg.stdout)["latency_cycles"] if cfg.returncode == 0 else None
    got = (rep["latency_cycles_min"], rep["latency_cycles_max"])
    check(got == (want, want), f"{label}: latency {got[0]}..{got[1]} cycles, the schedule "
          f"(bsxsim config --json) says {want}")
    check(not os.path.exists(yp + ".mismatch"), f"{label}: {yp}.mismatch written by a passing run")
    y = np.load(yp)
    check(y.dtype == np.int32 and y.shape == (x.shape[0], w.shape[1]), f"{label}: Y dtype/shape")
    if mode == "ideal":
        model, clipped = reference_ideal(w, x, scheme, n)
        check(np.array_equal(y, model), f"{label}: Y differs from the NumPy model")
        exact = x.astype(np.int64) @ w.astype(np.int64)
        ok = np.array_equal(y[~clipped], exact[~clipped])
        check(ok, f"{label}: Y differs from X @ W where nothing clipped")
        check(rep["clips"] == rep["reference_clips"], f"{label}: clip counts differ")
    vres = subprocess.run([BSXSIM, "vmm"] + data + ["--out", vp, "--adcs", str(adcs)] +
                          list(geometry) + modeargs,
                          capture_output=True, text=True)
    check(vres.returncode == 0, f"{label}: bsxsim vmm failed: {vres.stderr.strip()}")
    if vres.returncode == 0:
        check(pathlib.Path(vp).read_bytes() == pathlib.Path(yp).read_bytes(), f"{label}: Y != bsxsim vmm's Y")
    print(f"ok   {label:<44} {x.shape[0]:>5} vectors, {rep['tiles']} tile(s), "
          f"clips {rep['clips']:>5}, latency {rep['latency_cycles_mean']:.0f} cycles")
    return rep


def with_ones(rng, batch, n, ones):
    """batch +-1 vectors of length n with exactly `ones` entries at +1."""
    x = -np.ones((batch, n), dtype=np.int8)
    for b in range(batch):
        x[b, rng.choice(n, size=ones, replace=False)] = 1
    return x


def text_report_case(tmp):
    """The table report ends with one PASS line."""
    w, x, y = (os.path.join(tmp, f"text_{n}.npy") for n in "wxy")
    rng = np.random.default_rng(7)
    np.save(w, pm1(rng, (64, 64)))
    np.save(x, pm1(rng, (8, 64)))
    res = run(["--weights", w, "--inputs", x, "--out", y, "--scheme", "binsparx", "--ideal"])
    if res is not None:
        last = res.stdout.rstrip("\n").splitlines()[-1]
        check(last.startswith("PASS: "), f"text report: last line {last!r}, want 'PASS: ...'")
        print(f"ok   text report ends with: {last}")


def bad_input_cases(tmp):
    w = os.path.join(tmp, "bad_w.npy")
    x = os.path.join(tmp, "bad_x.npy")
    np.save(w, np.ones((64, 8), dtype=np.int8))
    np.save(x, np.ones((4, 63), dtype=np.int8))
    good_x = os.path.join(tmp, "good_x.npy")
    np.save(good_x, np.ones((4, 64), dtype=np.int8))
    y = os.path.join(tmp, "bad_y.npy")
    base = ["--weights", w, "--inputs", x, "--out", y, "--scheme", "binsparx", "--ideal"]
    cases = {
        "shape mismatch": base,
        "bad scheme": ["--weights", w, "--inputs", w, "--out", y, "--scheme", "nand", "--ideal"],
        "bad adcs": base[:-1] + ["--adcs", "7", "--ideal"],
        "missing file": ["--weights", w + "x", "--inputs", x, "--out", y, "--scheme", "baseline", "--ideal"],
        "ideal and preset": base + ["--preset", "sram-m6-1ua"],
        "unknown preset": ["--weights", w, "--inputs", good_x, "--out", y, "--scheme", "baseline",
                           "--preset", "sram-m9-5ua"],
        "bad --set": ["--weights", w, "--inputs", good_x, "--out", y, "--scheme", "baseline",
                      "--preset", "sram-m6-1ua", "--set", "r_drv=-5"],
        "cycle limit": ["--weights", w, "--inputs", good_x, "--out", y, "--scheme", "baseline",
                        "--ideal", "--max-cycles", "50"],
    }
    trace = os.path.join(tmp, "bad.fst")
    for name, args in cases.items():
        res = run(args + ["--trace", trace], expect_ok=False)
        lines = [l for l in res.stderr.splitlines() if l.startswith("bsxsim-cosim:")]
        check(res.returncode != 0, f"bad input '{name}': exit status 0")
        check(len(lines) == 1, f"bad input '{name}': expected one error line, got {res.stderr!r}")
        check(not os.path.exists(y) and not os.path.exists(y + ".tmp"),
              f"bad input '{name}': output file written")
        # waves of a run that simulated (the hang) are kept; none before that
        simulated = name == "cycle limit"
        check(os.path.exists(trace) == simulated and not os.path.exists(trace + ".tmp"),
              f"bad input '{name}': trace file {'missing' if simulated else 'written'}")
        if os.path.exists(trace):
            os.remove(trace)
        print(f"ok   bad input: {name}: {lines[0] if lines else '?'}")


SMALL = ("--rows", "32", "--cols", "16")   # the non-default configuration, K = 4
SMALL_NAME = "binsparx_n32_m16_k4_b4_t2_s1_ow8"


def configuration_cases(tmp):
    """A non-default configuration end to end: the model is cached (a run
    whose model binary is missing says it is building; the next run does
    not), and it is bit-exact against the reference and the NumPy model."""
    model = os.path.join(os.path.dirname(COSIM), "vl", SMALL_NAME, "bsxsim-cosim-model")
    rng = np.random.default_rng(32)
    w, x = pm1(rng, (40, 20)), pm1(rng, (300, 40))   # 2 x 2 tiles, partial ones
    if os.path.exists(model):
        os.remove(model)   # forces a (re)link: the cheapest "first use"
    first = run(["--build-only", "--scheme", "binsparx", "--adcs", "4"] + list(SMALL))
    check(first is not None and "building the model of " + SMALL_NAME in first.stderr,
          f"first use of {SMALL_NAME} does not say it is building: {first and first.stderr!r}")
    cosim_case(tmp, "small", w, x, "binsparx", 4, "ideal", SMALL)
    again = run(["--build-only", "--scheme", "binsparx", "--adcs", "4"] + list(SMALL))
    check(again is not None and "building" not in again.stderr,
          f"second use of {SMALL_NAME} rebuilds: {again and again.stderr!r}")
    print(f"ok   {SMALL_NAME}: built on first use, reused after")
    cosim_case(tmp, "small", w, x, "binsparx", 4, "sram-m6-1ua", SMALL)
    # the largest BinSparX partial sum, n/2 = 16, clips at B = 4 bits (top code
    # 15): columns of 16 +1 then 16 -1 (flipped: ones in rows 16..31) against
    # inputs with +1 exactly there (s = n/2: not flipped)
    half = np.repeat(np.array([1, -1], np.int8), 16)
    rep = cosim_case(tmp, "small-clip", np.tile(half[:, None], (1, 16)),
                     np.tile(-half, (5, 1)), "binsparx", 4, "ideal", SMALL)
    check(rep is not None and rep["clips"] == 5 * 16, f"small-clip: clips {rep and rep['clips']} != 80")


def refusal_cases(tmp):
    """Illegal configurations and clocks: one line naming the rule, exit 2,
    no output file, nothing built (no build/vl/ folder for them)."""
    w, x, y = (os.path.join(tmp, f"ref_{n}.npy") for n in "wxy")
    np.save(w, np.ones((64, 64), np.int8))
    np.save(x, np.ones((2, 64), np.int8))
    data = ["--weights", w, "--inputs", x, "--out", y, "--ideal"]
    cases = {
        "K does not divide M": (["--scheme", "binsparx", "--cols", "16", "--adcs", "6"],
                                "K must divide M"),
        "N below 4": (["--scheme", "binsparx", "--rows", "2"], "N = 2 is outside 4..512"),
        "B above N": (["--scheme", "baseline", "--adc-bits", "8"], "$clog2(N+1) = 7 bits"),
        "tree too deep": (["--scheme", "binsparx", "--tree-stages", "6"],
                          "at most $clog2(N) - 1 pipeline registers"),
        "baseline tree": (["--scheme", "baseline", "--tree-stages", "5", "--settle", "0"],
                          "TREE_STAGES <= SETTLE + B - 2"),
        "OW too narrow": (["--scheme", "baseline", "--out-bits", "9"], "needs 10 bits"),
        "clock below SAR bit": (["--scheme", "binsparx", "--adcs", "8", "--clock-ps", "100"],
                                "below the SAR bit time"),
    }
    vl = os.path.join(os.path.dirname(COSIM), "vl")
    before = set(os.listdir(vl)) if os.path.isdir(vl) else set()
    for name, (args, rule) in cases.items():
        res = run(data + args, expect_ok=False)
        lines = [l for l in res.stderr.splitlines() if l.startswith("bsxsim-cosim:")]
        check(res.returncode == 2, f"refusal '{name}': exit status {res.returncode}, want 2")
        check(len(lines) == 1 and rule in lines[0],
              f"refusal '{name}': expected one line with '{rule}', got {res.stderr!r}")
        check("building" not in res.stderr and not os.path.exists(y),
              f"refusal '{name}': built something or wrote {y}")
        print(f"ok   refused: {name}: {lines[0] if lines else '?'}")
    after = set(os.listdir(vl)) if os.path.isdir(vl) else set()
    check(after == before, f"refusals created build/vl/ entries: {sorted(after - before)}")


def main():
    quick = "--quick" in sys.argv
    analog_presets = [p for p in os.environ.get("COSIM_PRESETS", "sram-m6-1ua reram-m6-1ua").split()]
    with tempfile.TemporaryDirectory() as tmp:
        for scheme in ("baseline", "binsparx"):
            for adcs in (8, 64):
                seed = 1000 + 10 * adcs + (scheme == "binsparx")
                rng = np.random.default_rng(seed)
                # >= 1000 random vectors per scheme x K x mode, one 64 x 64 array
                w = pm1(rng, (64, 64))
                x = pm1(rng, (1000, 64))
                for mode in ["ideal"] + ([] if quick else analog_presets):
                    cosim_case(tmp, f"random{seed}", w, x, scheme, adcs, mode)
                if quick:
                    continue
                # ties at n/2 and around it (even n), odd n, all +1, all -1
                x = np.vstack([with_ones(rng, 40, 64, k) for k in (31, 32, 33)] +
                              [np.ones((4, 64), np.int8), -np.ones((4, 64), np.int8)])
                wt = np.hstack([with_ones(rng, 64, 64, 32).T, np.ones((64, 4), np.int8),
                                -np.ones((64, 4), np.int8), pm1(rng, (64, 56))])
                cosim_case(tmp, "ties", wt, x, scheme, adcs, "ideal")
                # the clip of a full column: all-+1 inputs on all-+1 columns
                cosim_case(tmp, "allones", np.ones((64, 64), np.int8),
                           np.vstack([np.ones((3, 64), np.int8), -np.ones((3, 64), np.int8)]),
                           scheme, adcs, "ideal")
                # partial tiles: n = 1, 63 and layers larger than one array
                for rows, cols in ((1, 64), (63, 64), (65, 64), (130, 70)):
                    cosim_case(tmp, f"layer{rows}x{cols}", pm1(rng, (rows, cols)),
                               pm1(rng, (60, rows)), scheme, adcs, "ideal")
                for mode in analog_presets:
                    cosim_case(tmp, "layer130x70", pm1(rng, (130, 70)), pm1(rng, (40, 130)),
                               scheme, adcs, mode)
        text_report_case(tmp)
        bad_input_cases(tmp)
        refusal_cases(tmp)
        if not quick:
            configuration_cases(tmp)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
