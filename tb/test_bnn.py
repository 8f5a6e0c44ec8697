#!/usr/bin/env python3
"""Tests of `bsxsim bnn` against an independent NumPy model (make test-bnn).

Why: a binary network must run through the macro with exactly the semantics
of docs/bnn-format.md. This script writes small random networks in that
format and checks, independently of the C code:
  * known answer: conv (float) + bn_sign + binary conv (2 x 2 tiles) +
    maxpool + bn_sign + flatten + binary linear + bn_sign + linear (float),
    computed here straightforwardly in NumPy, gives identical logits and
    predictions in ideal mode for both schemes, with 1 and 2 threads; the
    float layers use dyadic weights and inputs so every sum is exact;
  * per-layer statistics: +1 fractions and both schemes' mean partial sums
    equal NumPy's, zero errors in ideal mode; an analog run reports errors;
  * --dump-layer writes W and X of a real layer; bsxsim-cosim runs them bit
    for bit (its scoreboard) and Y equals X @ W;
  * hostile input: every manifest/tensor/data problem is one stderr line
    naming the file and field, exit status 1, and no output file.

  tb/test_bnn.py      (BSXSIM, COSIM: the programs)
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np

from pytb import BSXSIM, COSIM, Tally, run_cosim
N = 64

tally = Tally("test_bnn")
check = tally.check


def write_model(d, rng):
    """A random network in the format; returns its layers for the NumPy model."""
    os.makedirs(d, exist_ok=True)
    layers = []

    def save(name, arr):
        np.save(os.path.join(d, name), arr)
        return name

    w0 = (rng.integers(-64, 65, size=(8, 1, 3, 3)) / 64.0).astype(np.float32)
    b0 = (rng.integers(-64, 65, size=8) / 64.0).astype(np.float32)
    layers.append({"kind": "conv2d", "binary": False, "weight": save("c0_w.npy", w0),
                   "bias": save("c0_b.npy", b0), "in_channels": 1, "out_channels": 8,
                   "kernel": 3, "stride": 1, "padding": 1})
    t1 = rng.normal(0, 0.5, size=8)
    d1 = rng.choice(np.array([-1, 1], dtype=np.int8), size=8)
    layers.append({"kind": "bn_sign", "threshold": save("bn1_t.npy", t1),
                   "direction": save("bn1_d.npy", d1)})
    # 8 * 9 = 72 rows (two row tiles), 80 columns (two column tiles); the
    # weights lean to +1 on some columns so BinSparX flips columns.
    p = rng.uniform(0.15, 0.85, size=80)
    w2 = np.where(rng.random((72, 80)) < p, 1, -1).astype(np.int8)
    layers.append({"kind": "conv2d", "binary": True, "weight": save("c2_w.npy", w2),
                   "bias": None, "in_channels": 8, "out_channels": 80,
                   "kernel": 3, "stride": 1, "padding": 1})
    layers.append({"kind": "maxpool2d", "size": 2})
    t4 = rng.integers(-8, 9, size=80) + 0.5
    t4[3], t4[5] = np.inf, -np.inf
    d4 = rng.choice(np.array([-1, 1], dtype=np.int8), size=80)
    layers.append({"kind": "bn_sign", "threshold": save("bn4_t.npy", t4),
                   "direction": save("bn4_d.npy", d4)})
    layers.append({"kind": "flatten"})
    w6 = rng.choice(np.array([-1, 1], dtype=np.int8), size=(80 * 6 * 6, 70))
    layers.append({"kind": "linear", "binary": True, "weight": save("l6_w.npy", w6),
                   "bias": None, "in_features": 2880, "out_features": 70})
    t7 = rng.integers(-20, 21, size=70).astype(np.float64)  # integer: ties at >=
    d7 = rng.choice(np.array([-1, 1], dtype=np.int8), size=70)
    layers.append({"kind": "bn_sign", "threshold": save("bn7_t.npy", t7),
                   "direction": save("bn7_d.npy", d7)})
    w8 = (rng.integers(-64, 65, size=(10, 70)) / 64.0).astype(np.float32)
    b8 = (rng.integers(-64, 65, size=10) / 64.0).astype(np.float32)
    layers.append({"kind": "linear", "binary": False, "weight": save("l8_w.npy", w8),
                   "bias": save("l8_b.npy", b8), "in_features": 70, "out_features": 10})
    manifest = {"format": "bsx-bnn", "version": 1, "name": "test-net",
                "input": {"shape": [1, 12, 12], "scale": 1 / 256, "mean": [0.25],
                          "std": [0.5]},
                "classes": 10, "layers": layers}
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest


def load(d, name):
    return np.load(os.path.join(d, name))


def reference(d, manifest, images):
    """Straightforward NumPy forward pass; returns logits and, per binary
    layer, (X, W) as the macro sees them."""
    inp = manifest["input"]
    x = (images.astype(np.float32) * np.float32(inp["scale"]) -
         np.float32(inp["mean"][0])) / np.float32(inp["std"][0])
    x = x[:, None, :, :]
    seen = []
    for L in manifest["layers"]:
        k = L["kind"]
        if k == "conv2d":
            K, P, S = L["kernel"], L["padding"], L["stride"]
            B, C, H, W = x.shape
            pad = np.full((B, C, H + 2 * P, W + 2 * P), -1.0 if L["binary"] else 0.0)
            pad[:, :, P:P + H, P:P + W] = x
            H, W = (H + 2 * P - K) // S + 1, (W + 2 * P - K) // S + 1
            cols = np.zeros((B, H, W, C, K, K))
            for ky in range(K):
                for kx in range(K):
                    cols[:, :, :, :, ky, kx] = pad[:, :, ky:ky + S * H:S, kx:kx + S * W:S].transpose(0, 2, 3, 1)
            cols = cols.reshape(B * H * W, C * K * K)
            if L["binary"]:
                w = load(d, L["weight"]).astype(np.int64)
                xi = cols.astype(np.int64)
                seen.append((xi, w))
                y = xi @ w
            else:
                w = load(d, L["weight"]).astype(np.float64).reshape(L["out_channels"], -1)
                y = cols @ w.T + (load(d, L["bias"]).astype(np.float64) if L["bias"] else 0.0)
                y = y.astype(np.float32)
            x = y.reshape(B, H, W, -1).transpose(0, 3, 1, 2)
        elif k == "linear":
            if L["binary"]:
                w = load(d, L["weight"]).astype(np.int64)
                xi = x.astype(np.int64)
                seen.append((xi, w))
                x = xi @ w
            else:
                w = load(d, L["weight"]).astype(np.float64)
                x = x.astype(np.float64) @ w.T + (load(d, L["bias"]) if L["bias"] else 0.0)
                x = x.astype(np.float32)
        elif k == "maxpool2d":
            s = L["size"]
            B, C, H, W = x.shape
            x = x.reshape(B, C, H // s, s, W // s, s).max(axis=(3, 5))
        elif k == "bn_sign":
            t = load(d, L["threshold"])
            dr = load(d, L["direction"]).astype(np.float64)
            shp = (1, -1, 1, 1) if x.ndim == 4 else (1, -1)
            x = np.where(dr.reshape(shp) * (x.astype(np.float64) - t.reshape(shp)) >= 0, 1, -1)
        elif k == "sign":
            x = np.where(x >= 0, 1, -1)
        elif k == "flatten":
            x = x.reshape(x.shape[0], -1)
    return x.astype(np.float32), seen


def psum_means(xi, w, scheme):
    """Mean ideal partial sum per conversion, from docs/design.md section 2."""
    total, count = 0, 0
    for r0 in range(0, w.shape[0], N):
        ws, xs = w[r0:r0 + N], xi[:, r0:r0 + N]
        n = ws.shape[0]
        wb, ib = (ws + 1) // 2, (xs + 1) // 2
        if scheme == "binsparx":
            wb = np.where(ws.sum(axis=0) >= 0, 1 - wb, wb)
            ib = np.where((2 * ib.sum(axis=1) > n)[:, None], 1 - ib, ib)
        ps = ib @ wb
        total += ps.sum()
        count += ps.size
    return total / count


def bsxsim(args):
    return subprocess.run([BSXSIM, "bnn"] + args, capture_output=True, text=True)


def known_answer(tmp, rng):
    mdir = os.path.join(tmp, "net")
    manifest = write_model(mdir, rng)
    images = rng.integers(0, 256, size=(40, 12, 12), dtype=np.uint8)
    labels = rng.integers(0, 10, size=40).astype(np.int64)
    np.save(os.path.join(tmp, "img.npy"), images)
    np.save(os.path.join(tmp, "lab.npy"), labels)
    logits, seen = reference(mdir, manifest, images)
    pred = logits.argmax(axis=1)
    for scheme in ("baseline", "binsparx"):
        outs = []
        for threads in ("1", "2"):
            out = os.path.join(tmp, f"pred_{scheme}_{threads}.npy")
            lg = os.path.join(tmp, f"logits_{scheme}_{threads}.npy")
            res = bsxsim(["--model", mdir, "--data", os.path.join(tmp, "img.npy"),
                          "--labels", os.path.join(tmp, "lab.npy"), "--scheme", scheme,
                          "--ideal", "--threads", threads, "--json", "--out", out,
                          "--logits", lg])
            check(res.returncode == 0, f"ideal {scheme} runs: {res.stderr.strip()}")
            if res.returncode != 0:
                return
            rep = json.loads(res.stdout)
            outs.append((np.load(out), np.load(lg), rep))
            check(np.array_equal(np.load(lg), logits), f"{scheme} {threads} thr: logits == NumPy")
            check(np.array_equal(np.load(out), pred), f"{scheme} {threads} thr: predictions == NumPy")
            check(rep["correct"] == int((pred == labels).sum()), f"{scheme}: correct count")
            check(rep["accuracy_lo"] <= rep["accuracy"] <= rep["accuracy_hi"], "interval holds the accuracy")
            for (xi, w), lay in zip(seen, rep["layers"]):
                check(lay["mismatches"] == 0 and lay["mean_abs_error"] == 0, f"{scheme} layer {lay['layer']}: ideal is exact")
                check(lay["vmms"] == xi.shape[0], f"layer {lay['layer']}: VMM count")
                check(abs(lay["plus_input_fraction"] - (xi == 1).mean()) < 1e-12, f"layer {lay['layer']}: +1 input fraction")
                check(abs(lay["plus_weight_fraction"] - (w == 1).mean()) < 1e-12, f"layer {lay['layer']}: +1 weight fraction")
                for s in ("baseline", "binsparx"):
                    check(abs(lay[f"mean_psum_{s}"] - psum_means(xi, w, s)) < 1e-9,
                          f"{scheme} run, layer {lay['layer']}: mean psum {s} {lay[f'mean_psum_{s}']} vs {psum_means(xi, w, s)}")
        check(np.array_equal(outs[0][1], outs[1][1]), f"{scheme}: 1 and 2 threads agree")
    # An analog run on two images: the arrays are solved and err; the solve
    # memo and the thread split change nothing.
    lg = [os.path.join(tmp, f"analog_{t}.npy") for t in (1, 2)]
    for t in (1, 2):
        res = bsxsim(["--model", mdir, "--data", os.path.join(tmp, "img.npy"), "--scheme",
                      "baseline", "--preset", "sram-m3-2ua", "--limit", "2", "--offset", "5",
                      "--json", "--threads", str(t), "--logits", lg[t - 1]])
        check(res.returncode == 0, f"analog run: {res.stderr.strip()}")
    if res.returncode == 0:
        check(np.array_equal(np.load(lg[0]), np.load(lg[1])), "analog: 1 and 2 threads agree")
        rep = json.loads(res.stdout)
        check(rep["images"] == 2 and rep["first"] == 5 and rep["accuracy"] is None, "analog: subset, no labels")
        check(rep["layers"][0]["solves"] > 0 and rep["layers"][0]["mean_abs_error"] > 0,
              "analog: columns solved and IR drop shows as error")
        check(0 < rep["array_model_share"] <= 1, "analog: array-model share")
    return mdir


def argmax_ties(tmp, mdir):
    """Tied logits pick the first maximum, as torch.argmax and np.argmax do:
    the known-answer net with its last layer's weights zeroed and a bias
    whose maximum is shared by classes 3, 7 and 9 predicts 3 for every
    image."""
    tdir = os.path.join(tmp, "ties")
    shutil.copytree(mdir, tdir)
    np.save(os.path.join(tdir, "l8_w.npy"), np.zeros((10, 70), dtype=np.float32))
    bias = np.zeros(10, dtype=np.float32)
    bias[[3, 7, 9]] = 0.5
    bias[[0, 1]] = 0.25
    np.save(os.path.join(tdir, "l8_b.npy"), bias)
    out = os.path.join(tmp, "pred_ties.npy")
    res = bsxsim(["--model", tdir, "--data", os.path.join(tmp, "img.npy"), "--scheme",
                  "binsparx", "--ideal", "--limit", "6", "--out", out])
    check(res.returncode == 0, f"tied logits run: {res.stderr.strip()}")
    if res.returncode == 0:
        got = np.load(out)
        check(np.array_equal(got, np.full(6, 3, dtype=np.int32)),
              f"tied logits: got classes {got.tolist()}, want the first maximum (3) for all 6")


def strided(tmp, rng):
    """Float and binary convolutions with other kernels, strides and padding."""
    d = os.path.join(tmp, "strided")
    os.makedirs(d)
    w0 = (rng.integers(-64, 65, size=(6, 1, 5, 5)) / 64.0).astype(np.float32)
    w2 = rng.choice(np.array([-1, 1], np.int8), size=(6 * 4, 7))
    w5 = (rng.integers(-64, 65, size=(10, 7 * 3 * 3)) / 64.0).astype(np.float32)
    for name, arr in (("w0.npy", w0), ("w2.npy", w2), ("w5.npy", w5),
                      ("t1.npy", rng.normal(0, 0.5, 6)), ("d1.npy", np.ones(6, np.int8))):
        np.save(os.path.join(d, name), arr)
    layers = [
        {"kind": "conv2d", "binary": False, "weight": "w0.npy", "bias": None, "in_channels": 1,
         "out_channels": 6, "kernel": 5, "stride": 2, "padding": 2},        # 13 -> 7
        {"kind": "bn_sign", "threshold": "t1.npy", "direction": "d1.npy"},
        {"kind": "conv2d", "binary": True, "weight": "w2.npy", "bias": None, "in_channels": 6,
         "out_channels": 7, "kernel": 2, "stride": 3, "padding": 1},        # 7 -> 3
        {"kind": "flatten"},
        {"kind": "sign"},
        {"kind": "linear", "binary": False, "weight": "w5.npy", "bias": None, "in_features": 63,
         "out_features": 10}]
    manifest = {"format": "bsx-bnn", "version": 1, "name": "strided",
                "input": {"shape": [1, 13, 13], "scale": 1 / 256, "mean": [0.5], "std": [0.25]},
                "classes": 10, "layers": layers}
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    images = rng.integers(0, 256, size=(9, 13, 13), dtype=np.uint8)
    np.save(os.path.join(tmp, "img13s.npy"), images)
    want, _ = reference(d, manifest, images)
    lg = os.path.join(tmp, "strided_logits.npy")
    res = bsxsim(["--model", d, "--data", os.path.join(tmp, "img13s.npy"), "--scheme", "binsparx",
                  "--ideal", "--logits", lg])
    check(res.returncode == 0, f"strided model runs: {res.stderr.strip()}")
    if res.returncode == 0:
        check(np.array_equal(np.load(lg), want), "strided/padded/5x5 and 2x2 convolutions == NumPy")


def cosim_layer(tmp, mdir):
    """One real layer of one real image through the RTL co-simulation."""
    prefix = os.path.join(tmp, "dump")
    res = bsxsim(["--model", mdir, "--data", os.path.join(tmp, "img.npy"), "--scheme",
                  "binsparx", "--ideal", "--dump-layer", "2", "--image", "3", "--dump", prefix])
    check(res.returncode == 0, f"dump-layer: {res.stderr.strip()}")
    if res.returncode != 0:
        return
    w, x = np.load(prefix + "_W.npy"), np.load(prefix + "_X.npy")
    check(w.shape == (72, 80) and x.shape == (144, 72), f"dump shapes {w.shape} {x.shape}")
    check(np.array_equal(w, np.load(os.path.join(mdir, "c2_w.npy"))), "dumped W is the layer's weights")
    for scheme in ("baseline", "binsparx"):
        y = os.path.join(tmp, f"cosim_{scheme}.npy")
        res = run_cosim(["--weights", prefix + "_W.npy", "--inputs", prefix + "_X.npy",
                         "--out", y, "--scheme", scheme, "--adcs", "8", "--ideal"])
        check(res.returncode == 0, f"cosim {scheme} on the dumped layer: {res.stderr.strip()}")
        if res.returncode == 0:
            check(np.array_equal(np.load(y), x.astype(np.int64) @ w.astype(np.int64)),
                  f"cosim {scheme}: Y == X @ W on a real layer")


def hostile(tmp, mdir):
    """Each case: a broken copy of the model; one line naming file and field."""
    img = os.path.join(tmp, "img.npy")

    def case(name, mutate, expect, data=img):
        d = os.path.join(tmp, "bad_" + name)
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(mdir, d)
        with open(os.path.join(d, "manifest.json")) as f:
            m = json.load(f)
        text = mutate(d, m)
        if text is None:
            text = json.dumps(m)
        if text is not False:
            os.remove(os.path.join(d, "manifest.json"))
            with open(os.path.join(d, "manifest.json"), "w") as f:
                f.write(text)
        out = os.path.join(tmp, "should_not_exist.npy")
        res = bsxsim(["--model", d, "--data", data, "--scheme", "binsparx", "--ideal",
                      "--out", out])
        err = res.stderr.strip()
        check(res.returncode == 1, f"{name}: exit 1, got {res.returncode} ({err})")
        check(len(err.splitlines()) == 1, f"{name}: one line: {err!r}")
        for e in expect:
            check(e in err, f"{name}: message names {e!r}: {err!r}")
        check(not os.path.exists(out) and not os.path.exists(out + ".tmp"), f"{name}: no output file")

    def layer(i, **kv):
        def mutate(d, m):
            m["layers"][i].update(kv)
            for k, v in kv.items():
                if v is None and k != "bias":
                    del m["layers"][i][k]
        return mutate

    def tensor(name, arr):
        def mutate(d, m):
            np.save(os.path.join(d, name), arr)
        return mutate

    case("kind", layer(3, kind="avgpool"), ["manifest.json", "layers[3].kind", "avgpool"])
    case("missing", layer(2, kernel=None), ["layers[2].kernel", "missing"])
    case("wrongtype", layer(2, binary="yes"), ["layers[2].binary", "true or false"])
    case("channels", layer(2, in_channels=9), ["layers[2].in_channels", "8 channels"])
    case("shape", tensor("c2_w.npy", np.ones((72, 81), np.int8)), ["c2_w.npy", "layers[2].weight", "(72, 81)", "(72, 80)"])
    case("nonpm1", tensor("c2_w.npy", np.where(np.eye(72, 80) > 0, 0, 1).astype(np.int8)), ["c2_w.npy", "layers[2].weight", "-1 or +1"])
    case("floatbin", tensor("c2_w.npy", np.ones((72, 80), np.float32)), ["layers[2].weight", "dtype"])
    nanw = np.load(os.path.join(mdir, "c0_w.npy")).copy()
    nanw[0, 0, 1, 1] = np.nan
    case("nan", tensor("c0_w.npy", nanw), ["c0_w.npy", "layers[0].weight", "finite"])
    case("nanthr", tensor("bn1_t.npy", np.array([np.nan] * 8)), ["layers[1].threshold", "NaN"])
    case("dir", tensor("bn1_d.npy", np.array([1, -1, 2, 1, 1, 1, 1, 1], np.int8)), ["layers[1].direction", "-1 or +1"])
    case("slash", layer(2, weight="../net/c2_w.npy"), ["layers[2].weight", "plain file name"])
    case("dotdot", layer(2, weight=".."), ["layers[2].weight", "plain file name"])
    case("huge", layer(6, out_features=10 ** 12), ["layers[6].out_features", "outside"])
    case("hugeimg", lambda d, m: m["input"].update(shape=[1, 100000, 100000]), ["input.shape"])
    case("notsign", lambda d, m: m["layers"].__delitem__(4), ["layers[5]"])
    case("classes", lambda d, m: m.update(classes=11), ["layers", "11"])
    case("json", lambda d, m: '{"format": "bsx-bnn",', ["manifest.json", "line"])
    case("dupkey", lambda d, m: json.dumps(m)[:-1] + ', "classes": 10}', ["manifest.json", "duplicate"])
    case("format", lambda d, m: m.update(format="onnx"), ["format"])
    case("missingfile", layer(2, weight="nope.npy"), ["nope.npy", "layers[2].weight", "cannot open"])

    def fifo(d, m):
        os.remove(os.path.join(d, "c2_w.npy"))
        os.mkfifo(os.path.join(d, "c2_w.npy"))
    case("fifo", fifo, ["c2_w.npy", "regular file"])

    def dir_tensor(d, m):
        os.remove(os.path.join(d, "c2_w.npy"))
        os.mkdir(os.path.join(d, "c2_w.npy"))
    case("dirtensor", dir_tensor, ["c2_w.npy", "regular file"])

    def fifo_manifest(d, m):
        os.remove(os.path.join(d, "manifest.json"))
        os.mkfifo(os.path.join(d, "manifest.json"))
        return False
    case("fifomanifest", fifo_manifest, ["manifest.json", "regular file"])
    np.save(os.path.join(tmp, "img13.npy"), np.zeros((3, 13, 13), np.uint8))
    case("imgshape", lambda d, m: None, ["img13.npy", "12 x 12"], data=os.path.join(tmp, "img13.npy"))
    np.save(os.path.join(tmp, "imgf.npy"), np.zeros((3, 12, 12), np.float32))
    case("imgdtype", lambda d, m: None, ["imgf.npy", "uint8"], data=os.path.join(tmp, "imgf.npy"))
    out_dir = os.path.join(tmp, "outdir.npy")
    os.mkdir(out_dir)
    res = bsxsim(["--model", mdir, "--data", img, "--scheme", "baseline", "--ideal", "--out", out_dir])
    check(res.returncode == 1 and "--out" in res.stderr and len(res.stderr.strip().splitlines()) == 1,
          f"--out onto a folder is refused up front: {res.stderr.strip()!r}")
    res = bsxsim(["--model", mdir, "--data", img, "--scheme", "baseline", "--ideal",
                  "--logits", os.path.join(tmp, "no", "such", "l.npy")])
    check(res.returncode == 1 and "--logits" in res.stderr, f"--logits in a missing folder: {res.stderr.strip()!r}")
    os.mkdir(os.path.join(tmp, "emptyidx"))
    case("idxdir", lambda d, m: None, ["t10k-images-idx3-ubyte", "cannot open"], data=os.path.join(tmp, "emptyidx"))
    outputs_are_not_inputs(tmp, mdir, img)
    sparse_tensor_is_not_read(tmp, mdir, img)
    full_disk_keeps_previous_outputs(tmp, mdir)


def full_disk_keeps_previous_outputs(tmp, mdir):
    """--out fits and --logits does not: the previous --out used to be
    deleted; now nothing is replaced unless both were written. Without the
    shell's trap, ulimit -f used to kill bsxsim (SIGXFSZ) with a temporary
    left behind."""
    d = os.path.join(tmp, "fulldisk")
    os.mkdir(d)
    np.save(os.path.join(d, "img.npy"), np.zeros((1000, 12, 12), np.uint8))
    pred = os.path.join(d, "pred.npy")
    for trap in ("trap '' XFSZ; ", ""):
        for name in os.listdir(d):
            if name != "img.npy":
                os.remove(os.path.join(d, name))
        with open(pred, "wb") as f:
            f.write(b"previous predictions\n")
        # 4 KiB of predictions fit in 20 blocks of 512 bytes, 40 KiB of logits do not
        cmd = (f"{trap}ulimit -f 20; {BSXSIM} bnn --model {mdir} --data img.npy --scheme "
               f"binsparx --ideal --out pred.npy --logits logits.npy")
        res = subprocess.run(["sh", "-c", cmd], cwd=d, capture_output=True, text=True)
        err = res.stderr.strip()
        check(res.returncode == 1 and len(err.splitlines()) == 1 and "logits.npy" in err,
              f"full disk ({trap or 'no trap'}): exit 1, one line naming logits.npy: "
              f"{res.returncode} {err!r}")
        check(os.path.exists(pred) and open(pred, "rb").read() == b"previous predictions\n",
              f"full disk ({trap or 'no trap'}): the previous --out is kept")
        left = sorted(os.listdir(d))
        check(left == ["img.npy", "pred.npy"], f"full disk ({trap or 'no trap'}): nothing "
              f"else left ({left})")


def sparse_tensor_is_not_read(tmp, mdir, img):
    """A weight file declaring 2^30 elements (a 1 GiB sparse file) is refused
    by the element limit before its data is read: the run stays small."""
    d = os.path.join(tmp, "sparse_model")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(mdir, d)
    header = "{'descr': '|i1', 'fortran_order': False, 'shape': (1073741824,), }"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(os.path.join(d, "c2_w.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode())
        f.truncate(f.tell() + (1 << 30))
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, "
             "text=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode); "
             "print(r.stderr.strip())")
    res = subprocess.run([sys.executable, "-c", probe, BSXSIM, "bnn", "--model", d, "--data", img,
                          "--scheme", "binsparx", "--ideal"], capture_output=True, text=True)
    lines = res.stdout.splitlines()
    rss_kib, code = (int(v) for v in lines[0].split())
    check(code == 1 and "c2_w.npy" in lines[1] and "exceed the limit" in lines[1],
          f"sparse tensor: exit 1 naming the file and the limit: {res.stdout!r}")
    check(rss_kib < 256 * 1024, f"sparse tensor: refused before reading, peak RSS {rss_kib} KiB")


def outputs_are_not_inputs(tmp, mdir, img):
    """No output may replace a file the run reads (a model tensor, an IDX
    file of the data folder, the images) or the other output. Each case runs
    on a fresh copy of the model folder md."""
    md = os.path.join(tmp, "oi_model")

    def refused(name, args, expect, keep, code=1):
        shutil.rmtree(md, ignore_errors=True)
        shutil.copytree(mdir, md)
        before = [open(k, "rb").read() for k in keep]
        res = bsxsim(["--model", md, "--scheme", "binsparx", "--ideal"] + args)
        err = res.stderr.strip()
        check(res.returncode == code and len(err.splitlines()) == 1,
              f"{name}: exit {code} and one line, got {res.returncode}: {err!r}")
        for e in expect:
            check(e in err, f"{name}: message names {e!r}: {err!r}")
        check(before == [open(k, "rb").read() for k in keep], f"{name}: inputs unchanged")

    tensor = os.path.join(md, "c2_w.npy")
    refused("out-tensor", ["--data", img, "--out", tensor], ["--out", "--model", "c2_w.npy"], [])
    check(np.array_equal(np.load(tensor), load(mdir, "c2_w.npy")), "out-tensor: tensor unchanged")
    manifest = os.path.join(md, "manifest.json")
    refused("logits-manifest", ["--data", img, "--logits", manifest], ["--logits", "manifest.json"], [])
    check(pathlib.Path(manifest).read_bytes() == pathlib.Path(mdir, "manifest.json").read_bytes(),
          "logits-manifest: manifest unchanged")
    idx = os.path.join(tmp, "idx")
    os.mkdir(idx)
    labels = os.path.join(idx, "t10k-labels-idx1-ubyte")
    with open(os.path.join(idx, "t10k-images-idx3-ubyte"), "wb") as f:
        f.write(bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 12, 0, 0, 0, 12]) + bytes(288))
    with open(labels, "wb") as f:
        f.write(bytes([0, 0, 8, 1, 0, 0, 0, 2, 3, 4]))
    refused("out-idx", ["--data", idx, "--out", labels], ["--out", "t10k-labels-idx1-ubyte"], [labels])
    pred = os.path.join(tmp, "pred.npy")
    refused("out-logits", ["--data", img, "--out", pred, "--logits", os.path.join(tmp, ".", "pred.npy")],
            ["--logits", "--out"], [img])
    check(not os.path.exists(pred), "out-logits: nothing written")
    data_x = os.path.join(tmp, "ops_X.npy")
    shutil.copy(img, data_x)
    refused("dump-data", ["--data", data_x, "--dump-layer", "2", "--image", "0", "--dump",
                          os.path.join(tmp, "ops")], ["--dump", "ops_X.npy", "--data"], [data_x])
    check(not os.path.exists(os.path.join(tmp, "ops_W.npy")), "dump-data: no PREFIX_W.npy left")
    refused("dump-out", ["--data", img, "--dump-layer", "2", "--image", "0", "--dump",
                         os.path.join(tmp, "d"), "--out", pred], ["--dump", "--out"], [img], code=2)
    refused("dump-empty", ["--data", img, "--dump-layer", "2", "--image", "0", "--dump", ""],
            ["--dump", "needs a file name"], [img])
    refused("dump-folder", ["--data", img, "--dump-layer", "2", "--image", "0", "--dump", tmp + "/"],
            ["--dump", "needs a file name"], [img])
    check(not os.path.exists(os.path.join(tmp, "_W.npy")), "dump-folder: no DIR/_W.npy")
    refused("dump-long", ["--data", img, "--dump-layer", "2", "--image", "0", "--dump",
                          os.path.join(tmp, "a/" * 2045 + "p")], ["--dump", "too long"], [img])

def main():
    rng = np.random.default_rng(10)
    with tempfile.TemporaryDirectory() as tmp:
        mdir = known_answer(tmp, rng)
        strided(tmp, rng)
        if mdir:
            argmax_ties(tmp, mdir)
            if os.path.exists(COSIM):
                cosim_layer(tmp, mdir)
            else:
                check(False, f"{COSIM} is not built")
            hostile(tmp, mdir)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
