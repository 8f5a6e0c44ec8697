#!/usr/bin/env python3
"""Energy per inference of the trained BNNs on the macro, baseline vs
BinSparX: the overhead study's energy per array VMM (scripts/study_overhead.py:
array read current, word and bit lines, SAR conversions from
bsxsim-cosim --json; digital peripherals by block from the trace's toggles
and the ASAP7-mapped netlists), measured on the networks' own binary layers
instead of synthetic data.

The macro is weight-stationary: a layer larger than 64 x 64 occupies one
64 x 64 tile per (row block, column block), and every input vector of the
layer (one per im2col position; one for a linear layer) runs once through
every tile. For each binary layer the script dumps the operands of --images
test images (`bsxsim bnn --dump-layer`), co-simulates --tiles evenly spaced
tiles, each streaming an evenly spaced sample of --vectors input vectors,
and multiplies the mean energy per array VMM by the array VMMs of one image
(tiles x input vectors). The full-precision first and last layers are not on
the macro and not counted; nor is programming the weights (the co-simulation
loads a tile's columns once before its vectors: 64 cycles against 32 x ~60,
a few per cent of the figures).

  scripts/study_bnn_energy.py [--bsxsim build/bsxsim] [--cosim build/bsxsim-cosim]
      [--sta build/sta] [--out build/study/bnn-energy] [--nets NET,...]
      [--images 32] [--vectors 32] [--tiles 3] [--presets sram-m3-1ua,reram-m3-1ua]
      [--clock-ps 1000]

Writes OUT/bnn_energy.json and prints, per network, memory and ADC count,
the energy per inference of both schemes by component and the change.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

import study_overhead

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"
SCHEMES = ("baseline", "binsparx")
TILE = 64  # the macro's rows and columns


def fail(msg):
    print(f"study_bnn_energy: {msg}", file=sys.stderr)
    sys.exit(1)


def binary_layers(net_dir):
    """Manifest indices of the network's binary conv2d/linear layers."""
    try:
        with open(os.path.join(net_dir, "manifest.json")) as fh:
            layers = json.load(fh)["layers"]
    except (OSError, ValueError, KeyError) as exc:
        fail(f"{net_dir}/manifest.json: cannot read the layers ({exc})")
    return [i for i, l in enumerate(layers)
            if l.get("kind") in ("conv2d", "linear") and l.get("binary")]


def dump_layer(args, net_dir, layer, image, prefix):
    """W (rows x cols) and X (vectors x rows) of one layer for one image."""
    cmd = [args.bsxsim, "bnn", "--model", net_dir, "--data", args.data, "--scheme", "baseline",
           "--ideal", "--dump-layer", str(layer), "--image", str(image), "--dump", prefix]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"{' '.join(cmd)}: {res.stderr.strip()}")
    return np.load(prefix + "_W.npy"), np.load(prefix + "_X.npy")


def layer_tiles(args, net_dir, layer, work):
    """The layer as the macro runs it, weight-stationary: one 64 x 64 tile
    per (row block, column block), each streaming the layer's input vectors.
    Returns (workloads, tiles, vectors per image, W shape): one workload
    (name, W path, X path) per sampled tile (--tiles, evenly spaced), its X
    an evenly spaced sample of --vectors input vectors over --images
    images."""
    xs, w = [], None
    for image in range(args.images):
        w, x = dump_layer(args, net_dir, layer, image, os.path.join(work, f"l{layer}_i{image}"))
        xs.append(x)
    per_image = xs[0].shape[0]
    x = np.concatenate(xs)
    x = x[np.unique(np.linspace(0, x.shape[0] - 1, min(args.vectors, x.shape[0])).astype(int))]
    blocks = [(r, c) for r in range(0, w.shape[0], TILE) for c in range(0, w.shape[1], TILE)]
    pick = np.unique(np.linspace(0, len(blocks) - 1, min(args.tiles, len(blocks))).astype(int))
    made = []
    for r, c in (blocks[i] for i in pick):
        name = f"layer{layer}_r{r // TILE}_c{c // TILE}"
        wp, xp = os.path.join(work, name + "_W.npy"), os.path.join(work, name + "_X.npy")
        np.save(wp, w[r:r + TILE, c:c + TILE])
        np.save(xp, x[:, r:r + TILE])
        made.append((name, wp, xp))
    return made, len(blocks), per_image, w.shape


def add_scaled(total, parts, scale):
    for name, joules in parts.items():
        total[name] = total.get(name, 0.0) + joules * scale


def run_net(args, sta, net):
    net_dir = os.path.join(ROOT, "scripts", "bnn", net)
    layers = binary_layers(net_dir)
    if not layers:
        fail(f"{net}: no binary layers")
    cases = {}
    per_layer = []
    with tempfile.TemporaryDirectory(prefix="bnn-energy-", dir=args.out) as work:
        ov = argparse.Namespace(cosim=args.cosim, out=work, clock_ps=args.clock_ps)
        for layer in layers:
            tiles, n_tiles, per_image, shape = layer_tiles(args, net_dir, layer, work)
            # array VMMs per image: every tile once per input vector
            vmms = n_tiles * per_image
            for preset in args.presets:
                for k in (8, 64):
                    for scheme in SCHEMES:
                        runs = [study_overhead.one_case(ov, sta, preset, scheme, k, t)
                                for t in tiles]
                        key = (preset, k, scheme)
                        c = cases.setdefault(key, {"energy_j": {}, "energy_gated_j": {}})
                        for r in runs:
                            add_scaled(c["energy_j"], r["energy_j"], vmms / len(runs))
                            add_scaled(c["energy_gated_j"], r["energy_gated_j"], vmms / len(runs))
                        per_vmm = sum(r["energy_total_j"] for r in runs) / len(runs)
                        per_layer.append({"layer": layer, "rows": shape[0], "cols": shape[1],
                                          "tiles": n_tiles, "tiles_simulated": len(runs),
                                          "vectors_per_image": per_image,
                                          "array_vmms_per_image": vmms, "preset": preset,
                                          "adcs": k, "scheme": scheme,
                                          "energy_per_array_vmm_j": per_vmm,
                                          "energy_per_image_j": per_vmm * vmms})
    out = []
    for (preset, k, scheme), c in sorted(cases.items()):
        out.append({"net": net, "preset": preset, "adcs": k, "scheme": scheme,
                    "energy_j": c["energy_j"], "energy_gated_j": c["energy_gated_j"],
                    "energy_total_j": sum(c["energy_j"].values()),
                    "energy_gated_total_j": sum(c["energy_gated_j"].values())})
    return out, per_layer


def print_table(rows):
    print(f"\n{'network':<17} {'preset':<13} {'K':>2}  {'baseline':>10} {'BinSparX':>10} "
          f"{'change':>7}  {'gated':>7}   (nJ per inference, binary layers)")
    for r in rows:
        if r["scheme"] != "baseline":
            continue
        x = next(q for q in rows if q["scheme"] == "binsparx" and q["net"] == r["net"]
                 and q["preset"] == r["preset"] and q["adcs"] == r["adcs"])
        ch = study_overhead.pct(x["energy_total_j"], r["energy_total_j"])
        chg = study_overhead.pct(x["energy_gated_total_j"], r["energy_gated_total_j"])
        print(f"{r['net']:<17} {r['preset']:<13} {r['adcs']:>2}  {r['energy_total_j'] * 1e9:10.2f} "
              f"{x['energy_total_j'] * 1e9:10.2f} {ch:+6.1f}%  {chg:+6.1f}%")
    print("\nBy component (nJ per inference):")
    for r in rows:
        parts = ", ".join(f"{n} {v * 1e9:.2f}" for n, v in r["energy_j"].items())
        print(f"  {r['net']:<17} {r['preset']:<13} K={r['adcs']:<2} {r['scheme']:<9} {parts}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bsxsim", default=os.path.join(ROOT, "build", "bsxsim"))
    ap.add_argument("--cosim", default=os.path.join(ROOT, "build", "bsxsim-cosim"))
    ap.add_argument("--sta", default=os.path.join(ROOT, "build", "sta"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "study", "bnn-energy"))
    ap.add_argument("--data", default=DATA, help="Fashion-MNIST directory (default %(default)s)")
    ap.add_argument("--nets", default="vgg-small-fmnist,mlp-fmnist")
    ap.add_argument("--images", type=int, default=32, help="test images 0..N-1 (default %(default)s)")
    ap.add_argument("--vectors", type=int, default=32,
                    help="input vectors co-simulated per tile (default %(default)s)")
    ap.add_argument("--tiles", type=int, default=3,
                    help="tiles co-simulated per layer, evenly spaced (default %(default)s)")
    ap.add_argument("--presets", default="sram-m3-1ua,reram-m3-1ua")
    ap.add_argument("--clock-ps", type=int, default=1000)
    args = ap.parse_args()
    if min(args.images, args.vectors, args.tiles) < 1:
        fail("--images, --vectors and --tiles must be >= 1")
    args.presets = [p for p in args.presets.split(",") if p]
    try:
        with open(os.path.join(args.sta, "sta.json")) as fh:
            sta = json.load(fh)
    except (OSError, ValueError) as exc:
        fail(f"{args.sta}/sta.json: cannot read the STA results ({exc}); run `make sta`")
    os.makedirs(args.out, exist_ok=True)
    rows, layers = [], []
    for net in (n for n in args.nets.split(",") if n):
        r, l = run_net(args, sta, net)
        rows += r
        layers += l
    print_table(rows)
    fd, tmp = tempfile.mkstemp(prefix=".bnn_energy-", dir=args.out)
    with os.fdopen(fd, "w") as fh:
        json.dump({"images": args.images, "vectors_per_tile": args.vectors,
                   "tiles_per_layer": args.tiles,
                   "clock_ps": args.clock_ps, "cases": rows, "layers": layers}, fh, indent=1)
    os.replace(tmp, os.path.join(args.out, "bnn_energy.json"))
    print(f"\nwrote {os.path.join(args.out, 'bnn_energy.json')}")


if __name__ == "__main__":
    main()
