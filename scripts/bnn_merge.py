#!/usr/bin/env python3
"""Merge a BNN sweep (scripts/bnn_sweep.py) into the study's CSV, JSON and
figures.

Why this file exists: job outputs are per image shard and per host; the
study is per design point. This script is the one place that turns the
first into the second (merging rules: scripts/bnn/merge_lib.py), prints the
table and draws the figures with gnuplot.

    bnn_merge.py --study accuracy|adc-bits|psum --sweep DIR [DIR...] --out PREFIX [--no-plot]

Writes PREFIX.csv, PREFIX.json (every merged number, per-layer statistics
and predictions) and PREFIX.png (psum: PREFIX-NET.png per network and
PREFIX-reduction.png). Each file is written as NAME.tmp and renamed.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bnn import merge_lib, plots  # noqa: E402
from bnn_sweep import NETS, PRESETS  # noqa: E402


def write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def accuracy_table(points):
    lines = ["net,mode,scheme,adc_bits,images,first,correct,accuracy_pct,lo_pct,hi_pct,"
             "images_per_s"]
    for p in points:
        lines.append(f"{p['net']},{p['mode']},{p['scheme']},{p['adc_bits']},{p['images']},"
                     f"{p['first']},{p['correct']},{100 * p['accuracy']:.2f},"
                     f"{100 * p['accuracy_lo']:.2f},{100 * p['accuracy_hi']:.2f},"
                     f"{p['images_per_s']:.3f}")
    return "\n".join(lines) + "\n"


def print_accuracy(points, by_bits):
    """Table: one row per design point (and ADC bits), baseline | BinSparX."""
    def cell(x):
        if x is None:
            return "-"
        return (f"{100 * x['accuracy']:6.2f} [{100 * x['accuracy_lo']:5.1f},"
                f"{100 * x['accuracy_hi']:5.1f}]")
    for net in NETS:
        mine = [p for p in points if p["net"] == net]
        if not mine:
            continue
        rows = {}
        for p in mine:
            key = (p["mode"], p["adc_bits"]) if by_bits else (p["mode"],)
            rows.setdefault(key, {})[p["scheme"]] = p
        print(f"{net}: test images {mine[0]['first']}..{mine[0]['first'] + mine[0]['images'] - 1}"
              f" ({mine[0]['images']}), accuracy % [95 % Wilson interval]")
        print(f"  {'design point':<14}{' ADC' if by_bits else ''}  {'baseline':>22}"
              f"  {'binsparx':>22}")
        for key, pair in rows.items():
            bits = f" {key[1]:>3}" if by_bits else ""
            print(f"  {key[0]:<14}{bits}  {cell(pair.get('baseline')):>22}"
                  f"  {cell(pair.get('binsparx')):>22}")


def psum_table(points):
    lines = ["net,layer,kind,rows,cols,plus_input_fraction,plus_weight_fraction,"
             "conversions,mean_psum_baseline,mean_psum_binsparx,reduction_pct"]
    for p in points:
        layers = p["layers"]
        for m in layers:
            lines.append(f"{p['net']},{m['layer']},{m['kind']},{m['rows']},{m['cols']},"
                         f"{m['plus_input_fraction']:.4f},{m['plus_weight_fraction']:.4f},"
                         f"{sum(m['psum_hist_baseline'])},{m['mean_psum_baseline']:.4f},"
                         f"{m['mean_psum_binsparx']:.4f},{100 * m['psum_reduction']:.2f}")
        hb = [sum(c) for c in zip(*(m["psum_hist_baseline"] for m in layers))]
        hx = [sum(c) for c in zip(*(m["psum_hist_binsparx"] for m in layers))]
        mb, mx = merge_lib.hist_mean(hb), merge_lib.hist_mean(hx)
        lines.append(f"{p['net']},all,,,,,,{sum(hb)},{mb:.4f},{mx:.4f},"
                     f"{100 * (1 - mx / mb):.2f}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--study", required=True, choices=("accuracy", "adc-bits", "psum"))
    ap.add_argument("--sweep", required=True, nargs="+", help="sweep folder(s)")
    ap.add_argument("--out", required=True, help="output prefix, e.g. build/study/accuracy")
    ap.add_argument("--no-plot", action="store_true")
    args = ap.parse_args()
    try:
        points = merge_lib.merge([j for d in args.sweep for j in merge_lib.read_jobs(d)])
    except merge_lib.MergeError as e:
        sys.exit(f"bnn_merge: {e}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    nets = [n for n in NETS if any(p["net"] == n for p in points)]
    write(args.out + ".json", json.dumps(points, indent=1) + "\n")
    if args.study == "psum":
        text = psum_table(points)
        write(args.out + ".csv", text)
        print(text, end="")
        if not args.no_plot:
            for p in points:
                plots.psum_histograms(p, f"{args.out}-{p['net']}.png")
            plots.reduction_vs_plus(points, f"{args.out}-reduction.png")
    else:
        write(args.out + ".csv", accuracy_table(points))
        print_accuracy(points, args.study == "adc-bits")
        if not args.no_plot:
            if args.study == "accuracy":
                plots.accuracy_bars(points, nets, PRESETS, args.out + ".png")
            else:
                plots.accuracy_vs_bits(points, nets, args.out + ".png")
    print(f"bnn_merge: wrote {args.out}.csv, {args.out}.json"
          + ("" if args.no_plot else " and figures"))


if __name__ == "__main__":
    main()
