"""gnuplot (pngcairo) figures of the BNN studies; data inline, file written
as NAME.tmp and renamed.

Why this file exists: the merge script (scripts/bnn_merge.py) needs three
kinds of figures: the paper's Fig. 5 (accuracy per design point, baseline
and BinSparX bars, ideal as a line), accuracy against ADC bits, and the
partial-sum histograms of Fig. 1 / Fig. 4 with the reduction against the
fraction of +1 activations. gnuplot is already a project dependency.
"""
import os
import subprocess


def _run(script, png):
    tmp = png + ".tmp"
    full = f"set terminal pngcairo size {{size}} font 'sans,10'\nset output '{tmp}'\n"
    try:
        subprocess.run(["gnuplot"], input=full.replace("{size}", script[0]) + script[1],
                       text=True, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        detail = getattr(e, "stderr", "") or str(e)
        raise SystemExit(f"{png}: gnuplot failed: {detail.strip().splitlines()[-1:]}")
    os.replace(tmp, png)


def accuracy_bars(points, nets, presets, png):
    """Fig. 5 style: per network a panel of presets, two bars with 95 %
    intervals, the ideal accuracy as a dashed line."""
    s = ["set multiplot layout %d,1" % len(nets),
         "set style data histograms", "set style histogram errorbars gap 1 lw 1",
         "set style fill solid 0.8 border -1", "set yrange [0:118]",
         "set ytics 0,20,100", "set ylabel 'accuracy (%)'", "set grid ytics",
         "set key top center horizontal",
         "set xtics rotate by 30 right nomirror", f"set xrange [-0.6:{len(presets) - 0.4}]"]
    for net in nets:
        by = {(p["mode"], p["scheme"]): p for p in points if p["net"] == net}
        ideal = by[("ideal", "baseline")]
        rows = []
        for pr in presets:
            vals = []
            for sch in ("baseline", "binsparx"):
                p = by[(pr, sch)]
                vals += [100 * p["accuracy"], 100 * p["accuracy_lo"], 100 * p["accuracy_hi"]]
            rows.append(pr + " " + " ".join(f"{v:.3f}" for v in vals))
        s += [f"$d{len(s)} << EOD", *rows, "EOD",
              f"set title '{net}: {ideal['images']} test images from #{ideal['first']}, "
              f"95 % Wilson intervals'",
              f"plot $d{len(s)} using 2:3:4:xtic(1) title 'baseline' lc rgb '#c0504d', "
              f"'' using 5:6:7 title 'BinSparX' lc rgb '#4f81bd', "
              f"{100 * ideal['accuracy']:.3f} with lines dt 2 lw 2 lc rgb 'black' "
              f"title 'ideal {100 * ideal['accuracy']:.2f} %'"]
    s.append("unset multiplot")
    _run(("1000,%d" % (380 * len(nets)), "\n".join(s) + "\n"), png)


def accuracy_vs_bits(points, nets, png):
    """Accuracy against ADC bits, one line per (preset, scheme)."""
    s = [f"set multiplot layout 1,{len(nets)}", "set xlabel 'ADC bits'",
         "set ylabel 'accuracy (%)'", "set yrange [0:100]", "set xrange [3.8:8.2]", "set xtics 1",
         "set grid", "set key bottom right"]
    for net in nets:
        series = {}
        for p in points:
            if p["net"] == net:
                series.setdefault((p["mode"], p["scheme"]), []).append(p)
        blocks, plots = [], []
        for i, ((mode, sch), ps) in enumerate(sorted(series.items())):
            ps.sort(key=lambda p: p["adc_bits"])
            blocks += [f"$b{i} << EOD"] + [
                f"{p['adc_bits']} {100 * p['accuracy']:.3f} {100 * p['accuracy_lo']:.3f} "
                f"{100 * p['accuracy_hi']:.3f}" for p in ps] + ["EOD"]
            plots.append(f"$b{i} using 1:2:3:4 with yerrorlines title '{mode} {sch}'")
        n = series and next(iter(series.values()))[0]["images"]
        s += blocks + [f"set title '{net} ({n} images)'", "plot " + ", ".join(plots)]
        s = [x.replace("$b", f"$n{nets.index(net)}b") for x in s]
    s.append("unset multiplot")
    _run(("1100,450", "\n".join(s) + "\n"), png)


def psum_histograms(point, png):
    """Fig. 1 / Fig. 4 style: per binary layer and overall, the share of
    conversions at each ideal partial sum, baseline against BinSparX."""
    layers = point["layers"]
    panels = [(f"layer {m['layer']} ({m['kind']} {m['rows']}x{m['cols']})",
               m["psum_hist_baseline"], m["psum_hist_binsparx"]) for m in layers]
    tb = [sum(c) for c in zip(*(m["psum_hist_baseline"] for m in layers))]
    tx = [sum(c) for c in zip(*(m["psum_hist_binsparx"] for m in layers))]
    panels.append(("all binary layers", tb, tx))
    s = [f"set multiplot layout 1,{len(panels)}", "set xlabel 'partial sum'",
         "set ylabel 'share of conversions (%)'", "set style fill solid 0.5",
         "set grid", "set key top right", "set xrange [-1:65]"]
    for i, (title, hb, hx) in enumerate(panels):
        nb, nx = sum(hb), sum(hx)
        mb = sum(k * v for k, v in enumerate(hb)) / nb
        mx = sum(k * v for k, v in enumerate(hx)) / nx
        s += [f"$h{i} << EOD"] + [f"{k} {100 * hb[k] / nb:.6f} {100 * hx[k] / nx:.6f}"
                                  for k in range(len(hb))] + ["EOD"]
        s += [f"set title \"{title}\\nmean {mb:.2f} -> {mx:.2f} ({100 * (1 - mx / mb):.1f} % less)\"",
              f"plot $h{i} using 1:2 with boxes title 'baseline' lc rgb '#c0504d', "
              f"$h{i} using 1:3 with boxes title 'BinSparX' lc rgb '#4f81bd'"]
    s.append("unset multiplot")
    _run((f"{330 * len(panels)},380", "\n".join(s) + "\n"), png)


def reduction_vs_plus(points, png):
    """Partial-sum reduction of each binary layer against its fraction of
    +1 activations (and weights), with the paper's 43.1-49.8 % band."""
    rows = []
    for p in points:
        for m in p["layers"]:
            rows.append(f"{m['plus_input_fraction']:.6f} {100 * m['psum_reduction']:.4f} "
                        f"{m['plus_weight_fraction']:.6f} \"{p['net'].split('-')[0]} L{m['layer']}\"")
    s = ["set xlabel 'fraction of +1 activations'", "set ylabel 'mean partial-sum reduction (%)'",
         "set xrange [0:1]", "set yrange [0:100]", "set grid", "set key top left",
         "$r << EOD", *rows, "EOD",
         "set object 1 rect from 0,43.1 to 1,49.8 fc rgb '#dddddd' fs solid 0.5 behind",
         "plot $r using 1:2 with points pt 7 ps 1.5 title 'binary layer (Fashion-MNIST)', "
         "$r using 1:2:4 with labels offset 0,1 notitle, "
         "NaN with boxes fc rgb '#dddddd' fs solid 0.5 title 'paper: 43.1-49.8 % (CIFAR ResNet-18 / VGG-small)'"]
    _run(("800,550", "\n".join(s) + "\n"), png)
