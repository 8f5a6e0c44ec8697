"""Merging of BNN sweep job outputs (scripts/bnn/sweep_job.py) into one
result per design point.

Why this file exists: a design point's images are split into shards that
run as separate jobs, possibly on other hosts; the study must not depend on
how it was cut. Everything is merged from integer counts (correct images,
partial-sum histograms, clipped codes, error sums, solves), and every mean,
fraction and interval is recomputed from the merged counts, so a sharded
sweep gives exactly the numbers of an unsharded one (tested by
tb/bnn/test_sweep.py). Times and the work counters `solves` and
`solver_iterations` are summed but depend on the cut: bsxsim serves a word-
line pattern it already solved in the same batch from its solve cache, so
the number of solves depends on which images share a batch (the results do
not).
"""
import json
import math
import os

Z95 = 1.959963984540054
SUMMED = ("vmms", "array_vmms", "conversions", "clipped_codes", "overflow_codes",
          "mismatches", "solves", "solver_iterations")
TIMES = ("seconds", "vmm_seconds", "psum_seconds", "solver_seconds")


class MergeError(Exception):
    pass


def wilson(k, n):
    """95 % Wilson score interval of k successes in n trials."""
    p, z2n = k / n, Z95 * Z95 / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n)
    return centre - half, centre + half


def read_jobs(folder):
    """The sweep's job table and each job's parsed output, in table order."""
    path = os.path.join(folder, "jobs.tsv")
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        raise MergeError(f"{path}: {e.strerror}")
    out, missing = [], []
    for line in lines:
        name = line.split("\t")[0]
        rpath = os.path.join(folder, "results", name)
        try:
            with open(rpath) as f:
                job = json.loads(f.read())
        except (OSError, ValueError):
            missing.append(name)
            continue
        if job.get("job") != name:
            raise MergeError(f"{rpath}: output of job {job.get('job')!r}, expected {name!r}")
        out.append(job)
    if missing:
        raise MergeError(f"{folder}: {len(missing)} job(s) without a complete output "
                         f"(first: {missing[0]}); rerun the sweep, it resumes")
    return out


def _ints_from_layer(layer):
    """Integer sums behind one job's per-layer means."""
    outputs = layer["vmms"] * layer["cols"]
    return {
        "plus_inputs": round(layer["plus_input_fraction"] * layer["vmms"] * layer["rows"]),
        "sum_abs_error": round(layer["mean_abs_error"] * outputs),
        "sum_sq_error": round(layer["rms_error"] ** 2 * outputs),
    }


def hist_mean(hist):
    n = sum(hist)
    return sum(i * h for i, h in enumerate(hist)) / n if n else 0.0


def merge_point(shards):
    """One design point from its shard jobs (any order)."""
    shards = sorted(shards, key=lambda j: j["offset"])
    first = shards[0]
    expect = first["offset"]
    for j in shards:
        r = j["result"]
        if r["first"] != expect:
            raise MergeError(f"job {j['job']}: images from {r['first']}, expected {expect} "
                             f"(shards overlap or leave a gap)")
        expect += r["images"]
    images = sum(j["result"]["images"] for j in shards)
    correct = sum(j["result"]["correct"] for j in shards)
    lo, hi = wilson(correct, images)
    res0 = first["result"]
    point = {"net": first["net"], "mode": first["mode"], "scheme": first["scheme"],
             "adc_bits": res0["adc_bits"], "first": first["offset"], "images": images,
             "correct": correct, "accuracy": correct / images, "accuracy_lo": lo,
             "accuracy_hi": hi, "shards": len(shards),
             "predictions": [p for j in shards for p in j["predictions"]],
             "seconds": sum(j["result"]["seconds"] for j in shards)}
    point["images_per_s"] = images / point["seconds"] if point["seconds"] > 0 else 0.0
    layers = []
    for li, l0 in enumerate(res0["layers"]):
        per = [j["result"]["layers"][li] for j in shards]
        m = {k: l0[k] for k in ("layer", "kind", "rows", "cols", "row_tiles", "col_tiles",
                                "plus_weight_fraction")}
        for k in SUMMED:
            m[k] = sum(p[k] for p in per)
        for k in TIMES:
            m[k] = sum(p[k] for p in per)
        ints = [_ints_from_layer(p) for p in per]
        for k in ("plus_inputs", "sum_abs_error", "sum_sq_error"):
            m[k] = sum(i[k] for i in ints)
        m["max_abs_error"] = max(p["max_abs_error"] for p in per)
        for s in ("baseline", "binsparx"):
            h = [sum(col) for col in zip(*(p[f"psum_hist_{s}"] for p in per))]
            m[f"psum_hist_{s}"] = h
            m[f"mean_psum_{s}"] = hist_mean(h)
        outputs = m["vmms"] * m["cols"]
        m["plus_input_fraction"] = m["plus_inputs"] / (m["vmms"] * m["rows"])
        m["mean_abs_error"] = m["sum_abs_error"] / outputs
        m["rms_error"] = math.sqrt(m["sum_sq_error"] / outputs)
        base = m["mean_psum_baseline"]
        m["psum_reduction"] = 1 - m["mean_psum_binsparx"] / base if base > 0 else 0.0
        layers.append(m)
    point["layers"] = layers
    point["solver_seconds"] = sum(m["solver_seconds"] for m in layers)
    return point


def merge(jobs):
    """Design points keyed (net, mode, scheme, bits), in first-seen order."""
    groups = {}
    for j in jobs:
        groups.setdefault((j["net"], j["mode"], j["scheme"], j["bits"]), []).append(j)
    return [merge_point(g) for g in groups.values()]


def exact_view(point):
    """The fields that must not depend on sharding (times, shard count and
    the solve-cache-dependent work counters left out)."""
    skip = set(TIMES) | {"images_per_s", "seconds", "shards", "solver_seconds",
                         "solves", "solver_iterations"}
    view = {k: v for k, v in point.items() if k not in skip and k != "layers"}
    view["layers"] = [{k: v for k, v in m.items() if k not in skip} for m in point["layers"]]
    return view
