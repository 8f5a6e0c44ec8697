#!/usr/bin/env python3
"""Export a trained PyTorch BNN (scripts/bnn/nets.py) to docs/bnn-format.md.

Why this file exists: `bsxsim bnn` runs networks from the documented format,
not from PyTorch. This script writes that format from a checkpoint of
scripts/train_bnn.py, plus `predictions_torch.npy` (the PyTorch model's
class for each of the 10,000 test images, int32) and `torch_eval.json`, so
the C-side equivalence test (tb/bnn/test_equivalence.py) runs without torch.

Batch norm folding. BN + sign decides +1 iff gamma*(x-mu)/sqrt(var+eps)+beta
>= 0. Where x comes out of a binary layer (possibly through max-pool) it is
an exact integer in [-rows, rows]; the C side sees those integers exactly.
PyTorch evaluates BN in float32, whose rounding can decide differently from
the real-number boundary when an integer lies within ~1e-7 relative of it
(a float tie). So for those layers the threshold is not the formula but is
read off PyTorch itself: every integer of the range is pushed through the
layer's own BatchNorm module at the shape of the real forward pass (every
position of the map holding the same value, so vectorised and scalar kernel
paths are both seen; they must agree), and the threshold is put half-way
between the last integer PyTorch sends to -1 and the first it sends to +1
(float64, exact). The C decision on integers is then PyTorch's decision,
ties included. After a full-precision layer the input is a float that C and
PyTorch compute with different summation orders; there the threshold is the
real-number boundary mu - beta*sqrt(var+eps)/gamma in float64, and any
image whose class changes through a rounding difference is counted by the
equivalence test. gamma = 0 gives threshold -inf (beta >= 0) or +inf.

    /usr/bin/python3 scripts/export_bnn.py --checkpoint build/bnn/NET/checkpoint.pt \
        --out scripts/bnn/NET
"""
import argparse
import copy
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bnn import nets  # noqa: E402


def sign_int8(w):
    """Binary weight as the macro stores it: +1 where w >= 0, else -1."""
    return np.where(w.detach().numpy() >= 0, 1, -1).astype(np.int8)


def float_threshold(bn):
    """Real-number BN + sign boundary in float64: (threshold, direction)."""
    g = bn.weight.detach().double().numpy()
    b = bn.bias.detach().double().numpy()
    mu = bn.running_mean.detach().double().numpy()
    s = np.sqrt(bn.running_var.detach().double().numpy() + bn.eps)
    t = np.empty_like(g)
    d = np.where(g < 0, -1, 1).astype(np.int8)
    nz = g != 0
    t[nz] = mu[nz] - b[nz] * s[nz] / g[nz]
    t[~nz] = np.where(b[~nz] >= 0, -np.inf, np.inf)
    return t, d


def integer_threshold(bn, shape, rows):
    """Threshold read off PyTorch's float32 BN for integer inputs -rows..rows.

    shape is one image's (C, H, W) or (F,) at this layer. Returns
    (threshold, direction, ties) where ties counts channels whose float32
    decision differs from the real-number boundary somewhere in the range.
    """
    values = torch.arange(-rows, rows + 1, dtype=torch.float32)
    channels = shape[0]
    decided = []
    with torch.no_grad():
        for chunk in torch.split(values, max(1, 2 ** 22 // int(np.prod(shape)))):
            x = chunk.view((-1,) + (1,) * len(shape)).expand((chunk.numel(),) + tuple(shape))
            y = bn(x.contiguous()) >= 0
            flat = y.reshape(chunk.numel(), channels, -1)
            if not (flat.all(dim=2) | ~flat.any(dim=2)).all():
                raise SystemExit("export_bnn: BatchNorm kernel paths disagree within one map")
            decided.append(flat[:, :, 0])
    plus = torch.cat(decided).numpy()            # (2*rows+1, C) bool
    ints = values.numpy().astype(np.float64)
    t_real, d_real = float_threshold(bn)
    t = np.empty(channels)
    d = np.empty(channels, np.int8)
    ties = 0
    for c in range(channels):
        p = plus[:, c]
        g = float(bn.weight[c])
        if g == 0:
            t[c], d[c] = t_real[c], 1
            continue
        if g > 0:
            if (np.diff(p.astype(np.int8)) < 0).any():
                raise SystemExit(f"export_bnn: channel {c}: float32 BN decision not monotone")
            first = np.argmax(p) if p.any() else len(p)
            t[c], d[c] = ints[0] - 0.5 + first, 1
        else:
            if (np.diff(p.astype(np.int8)) > 0).any():
                raise SystemExit(f"export_bnn: channel {c}: float32 BN decision not monotone")
            last = len(p) - 1 - np.argmax(p[::-1]) if p.any() else -1
            t[c], d[c] = ints[0] + 0.5 + last, -1
        exact = d_real[c] * (ints - t_real[c]) >= 0
        ties += int((exact != p).any())
    return t, d, ties


class Writer:
    """Collects the tensors and the manifest of one model directory."""

    def __init__(self, folder):
        self.folder = folder
        self.layers = []

    def tensor(self, name, array):
        np.save(os.path.join(self.folder, name), array)
        return name

    def float_params(self, stem, module):
        """Full-precision weight and bias (or None) as float32 files."""
        bias = None
        if module.bias is not None:
            bias = self.tensor(f"{stem}_b.npy", module.bias.detach().numpy().astype(np.float32))
        weight = self.tensor(f"{stem}_w.npy", module.weight.detach().numpy().astype(np.float32))
        return weight, bias


def export(model, writer, float_bn):
    """Walk the nn.Sequential, write tensors, return notes; float_bn gets
    (index, threshold) of every bn_sign whose input is a float."""
    shape = (1, 28, 28)
    integer_rows = None          # rows of the binary layer feeding x, if integer
    notes = []
    for i, m in enumerate(model):
        tag = f"l{i:02d}"
        if isinstance(m, nets.BinaryConv2d):
            w = sign_int8(m.weight).reshape(m.out_channels, -1).T.copy()
            writer.layers.append({"kind": "conv2d", "binary": True,
                                  "weight": writer.tensor(f"{tag}_conv_w.npy", w),
                                  "bias": None, "in_channels": m.in_channels,
                                  "out_channels": m.out_channels, "kernel": 3,
                                  "stride": 1, "padding": 1})
            shape = (m.out_channels,) + shape[1:]
            integer_rows = w.shape[0]
        elif isinstance(m, nn.Conv2d):
            if m.kernel_size != (3, 3) or m.stride != (1, 1) or m.padding != (1, 1):
                raise SystemExit(f"export_bnn: layer {i}: only 3x3/stride 1/padding 1 convs")
            weight, bias = writer.float_params(f"{tag}_conv", m)
            writer.layers.append({"kind": "conv2d", "binary": False,
                                  "weight": weight, "bias": bias,
                                  "in_channels": m.in_channels,
                                  "out_channels": m.out_channels, "kernel": 3,
                                  "stride": 1, "padding": 1})
            shape = (m.out_channels,) + shape[1:]
            integer_rows = None
        elif isinstance(m, nets.BinaryLinear):
            w = sign_int8(m.weight).T.copy()
            writer.layers.append({"kind": "linear", "binary": True,
                                  "weight": writer.tensor(f"{tag}_linear_w.npy", w),
                                  "bias": None, "in_features": m.in_features,
                                  "out_features": m.out_features})
            shape = (m.out_features,)
            integer_rows = w.shape[0]
        elif isinstance(m, nn.Linear):
            weight, bias = writer.float_params(f"{tag}_linear", m)
            writer.layers.append({"kind": "linear", "binary": False,
                                  "weight": weight, "bias": bias,
                                  "in_features": m.in_features,
                                  "out_features": m.out_features})
            shape = (m.out_features,)
            integer_rows = None
        elif isinstance(m, nn.MaxPool2d):
            writer.layers.append({"kind": "maxpool2d", "size": 2})
            shape = (shape[0], shape[1] // 2, shape[2] // 2)
        elif isinstance(m, nets.BNSign):
            if integer_rows is not None:
                t, d, ties = integer_threshold(m.bn, shape, integer_rows)
                notes.append(f"layer {i} bn_sign: threshold from PyTorch's float32 decisions "
                             f"on integers +-{integer_rows}; {ties} of {len(t)} channels "
                             f"differ from the real-number boundary somewhere in that range")
            else:
                t, d = float_threshold(m.bn)
                float_bn.append((i, t))
                notes.append(f"layer {i} bn_sign: real-number threshold (float input)")
            writer.layers.append({"kind": "bn_sign",
                                  "threshold": writer.tensor(f"{tag}_bn_threshold.npy", t),
                                  "direction": writer.tensor(f"{tag}_bn_direction.npy", d)})
            integer_rows = None
        elif isinstance(m, nets.Sign):
            writer.layers.append({"kind": "sign"})
            integer_rows = None
        elif isinstance(m, nn.Flatten):
            writer.layers.append({"kind": "flatten"})
            shape = (int(np.prod(shape)),)
        else:
            raise SystemExit(f"export_bnn: layer {i}: no format kind for {type(m).__name__}")
    return notes


def run_exported(folder, manifest, x):
    """Inference from the written files alone, to check the export: weight
    orientation, -1 padding, flatten order, thresholds. float32 (binary
    layers are exact integers in it); bn_sign compares in float64."""
    def load(name, dtype=torch.float32):
        return torch.from_numpy(np.load(os.path.join(folder, name))).to(dtype)
    for layer in manifest["layers"]:
        k = layer["kind"]
        if k == "conv2d" and layer["binary"]:
            w = load(layer["weight"]).T.reshape(layer["out_channels"],
                                                layer["in_channels"], 3, 3).contiguous()
            x = F.conv2d(F.pad(x, (1, 1, 1, 1), value=-1.0), w)
        elif k == "conv2d":
            b = load(layer["bias"]) if layer["bias"] else None
            x = F.conv2d(x, load(layer["weight"]), b, padding=1)
        elif k == "linear" and layer["binary"]:
            x = x @ load(layer["weight"])
        elif k == "linear":
            b = load(layer["bias"]) if layer["bias"] else None
            x = F.linear(x, load(layer["weight"]), b)
        elif k == "maxpool2d":
            x = F.max_pool2d(x, 2)
        elif k == "bn_sign":
            t = load(layer["threshold"], torch.float64)
            d = load(layer["direction"], torch.float64)
            shp = (1, -1) + (1,) * (x.dim() - 2)
            decide = d.view(shp) * (x.double() - t.view(shp)) >= 0
            x = torch.where(decide, 1.0, -1.0).float()
        elif k == "sign":
            x = torch.where(x >= 0, 1.0, -1.0).float()
        elif k == "flatten":
            x = x.flatten(1)
    return x.argmax(1)


# Near ties, where C (double accumulation rounded once to float32) and
# PyTorch (float32 oneDNN / BLAS) may round to different sides: a float
# input x to bn_sign whose distance to the threshold is at most
# 4 |x32 - x64| + 2^-20 max(1, |t|) (x64: the same layers in float64), or a
# top-2 logit gap under LOGIT_TIE.
LOGIT_TIE = 1e-5


def predict_with_margins(model, x, float_bn, batch=500):
    """PyTorch's classes and, per image, whether it has a near tie."""
    near_bn = {}

    def hook(index, threshold):
        t = torch.from_numpy(threshold)
        prefix = copy.deepcopy(model[:index]).double()

        def grab(_module, inputs):
            x32 = inputs[0].double()
            x64 = prefix(grab.images.double())
            shp = (1, -1) + (1,) * (x32.dim() - 2)
            tt = t.view(shp)
            slack = 4 * (x32 - x64).abs() + 2.0 ** -20 * tt.abs().clamp(min=1)
            near_bn[index] = ((x32 - tt).abs() <= slack).flatten(1).any(1)
        return grab
    grabs = [hook(i, t) for i, t in float_bn]
    handles = [model[i].register_forward_pre_hook(g) for (i, _), g in zip(float_bn, grabs)]
    preds, near = [], []
    try:
        for i in range(0, len(x), batch):
            for g in grabs:
                g.images = x[i:i + batch]
            logits = model(x[i:i + batch])
            top2 = logits.topk(2, dim=1).values
            tie = (top2[:, 0] - top2[:, 1]) < LOGIT_TIE
            for m in near_bn.values():
                tie |= m
            preds.append(logits.argmax(1))
            near.append(tie)
    finally:
        for h in handles:
            h.remove()
    return torch.cat(preds), torch.cat(near).numpy()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True, help="model directory to write (replaced)")
    ap.add_argument("--train-log", help="training log to copy into the model directory")
    ap.add_argument("--data", default=nets.FMNIST_DIR)
    args = ap.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(args.checkpoint)
    model = nets.NETWORKS[ck["net"]]()
    model.load_state_dict(ck["state_dict"])
    model.eval()

    parent = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".export-", dir=parent)
    os.chmod(tmp, 0o755)
    try:
        writer = Writer(tmp)
        float_bn = []
        notes = export(model, writer, float_bn)
        manifest = {"format": "bsx-bnn", "version": 1, "name": ck["net"],
                    "input": {"shape": [1, 28, 28], "scale": nets.PIXEL_SCALE,
                              "mean": [nets.PIXEL_MEAN], "std": [nets.PIXEL_STD]},
                    "classes": 10, "layers": writer.layers}
        with open(os.path.join(tmp, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")

        images, labels = nets.load_split(args.data, "t10k")
        x = nets.normalise(images)
        with torch.no_grad():
            torch_pred, near = predict_with_margins(model, x, float_bn)
            file_pred = torch.cat([run_exported(tmp, manifest, x[i:i + 500])
                                   for i in range(0, len(x), 500)])
        torch_pred = torch_pred.numpy().astype(np.int32)
        file_pred = file_pred.numpy().astype(np.int32)
        np.save(os.path.join(tmp, "predictions_torch.npy"), torch_pred)
        correct = int((torch_pred == labels).sum())
        differ = int((file_pred != torch_pred).sum())
        report = {"net": ck["net"], "seed": ck["seed"], "test_images": int(len(labels)),
                  "torch_correct": correct, "torch_accuracy": correct / len(labels),
                  "exported_rerun_correct": int((file_pred == labels).sum()),
                  "exported_vs_torch_differences": differ,
                  "exported_vs_torch_differing_images": np.nonzero(file_pred != torch_pred)[0].tolist(),
                  "near_tie_rule": "float bn_sign input within 4|x32-x64| + 2^-20 max(1,|t|) "
                                   f"of its threshold, or top-2 logit gap < {LOGIT_TIE}",
                  "near_tie_images": np.nonzero(near)[0].tolist(),
                  "notes": notes}
        with open(os.path.join(tmp, "torch_eval.json"), "w") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
        if args.train_log:
            shutil.copyfile(args.train_log, os.path.join(tmp, "train.log"))
        if os.path.exists(args.out):
            shutil.rmtree(args.out)
        os.replace(tmp, args.out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"{ck['net']}: PyTorch {correct}/{len(labels)} = {100 * correct / len(labels):.2f} %; "
          f"exported files rerun differ from PyTorch on {differ} images; "
          f"{int(near.sum())} images with a near tie")
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main()
