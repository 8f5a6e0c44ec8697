#!/usr/bin/env python3
"""Run a BNN study as independent jobs on GNU parallel, then merge it.

Why this file exists: the accuracy studies of README "Real networks" are
hundreds of `bsxsim bnn` runs (network x design point x scheme x ADC bits x
image shard). Each is one GNU parallel job (scripts/bnn/sweep_job.py), so a
sweep spreads over cores and hosts, and an interrupted sweep continues where
it stopped: the job log (--joblog) records finished jobs and --resume-failed
skips them (and retries failed ones); each job's JSON comes back through --results. scripts/bnn_merge.py then
turns the job outputs into the study's CSV/JSON and plots.

    bnn_sweep.py --study accuracy|adc-bits|psum --out build/study/NAME
                 [--images-vgg N] [--images-mlp N] [--shard-vgg S] [--shard-mlp S]
                 [--jobs J] [--sshloginfile FILE] [--threads T]

Several hosts: --sshloginfile FILE (GNU parallel's format, one `[N/]host`
per line, `:` for this machine). Every host needs the built tree (bsxsim,
scripts/, the model folders) and the data at the same absolute paths.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NETS = ("vgg-small-fmnist", "mlp-fmnist")
PRESETS = [f"{t}-{m}-{i}" for t in ("sram", "reram") for m in ("m3", "m4", "m6")
           for i in ("1ua", "2ua")]
SCHEMES = ("baseline", "binsparx")
TEST_IMAGES = 10000


def design_points(study):
    """(mode, scheme, bits) of a study."""
    if study == "accuracy":
        return [("ideal", s, "default") for s in SCHEMES] + \
               [(p, s, "default") for p in PRESETS for s in SCHEMES]
    if study == "adc-bits":
        return [(p, s, str(b)) for p in ("sram-m6-1ua", "reram-m6-1ua")
                for s in SCHEMES for b in range(4, 9)]
    if study == "psum":
        return [("ideal", "binsparx", "default")]
    raise ValueError(study)


def jobs(points, nets, images, shards):
    """One row per job: name, net, mode, scheme, bits, offset, limit."""
    rows = []
    for net in nets:
        for mode, scheme, bits in points:
            for offset in range(0, images[net], shards[net]):
                limit = min(shards[net], images[net] - offset)
                name = f"{net}__{mode}__{scheme}__{bits}__{offset:05d}-{offset + limit - 1:05d}"
                rows.append((name, net, mode, scheme, bits, str(offset), str(limit)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--study", choices=("accuracy", "adc-bits", "psum"))
    ap.add_argument("--points", help="instead of --study: MODE:SCHEME:BITS,... "
                    "(BITS a number or 'default')")
    ap.add_argument("--nets", default=",".join(NETS))
    ap.add_argument("--out", required=True, help="sweep folder (jobs, joblog, results)")
    ap.add_argument("--images-vgg", type=int, default=TEST_IMAGES)
    ap.add_argument("--images-mlp", type=int, default=TEST_IMAGES)
    ap.add_argument("--shard-vgg", type=int, default=50)
    ap.add_argument("--shard-mlp", type=int, default=500)
    ap.add_argument("--jobs", default="2", help="parallel -j (per host)")
    ap.add_argument("--threads", type=int, default=1, help="bsxsim --threads per job")
    ap.add_argument("--sshloginfile")
    ap.add_argument("--bsxsim", default=os.path.join(ROOT, "build", "bsxsim"))
    ap.add_argument("--models", default=os.path.join(HERE, "bnn"))
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--parallel", default="parallel")
    args = ap.parse_args()
    images = {"vgg-small-fmnist": args.images_vgg, "mlp-fmnist": args.images_mlp}
    shards = {"vgg-small-fmnist": args.shard_vgg, "mlp-fmnist": args.shard_mlp}
    for key, value in list(images.items()) + list(shards.items()):
        if not 1 <= value <= TEST_IMAGES:
            ap.error(f"images and shard sizes must be 1..{TEST_IMAGES} ({key}: {value})")

    if (args.study is None) == (args.points is None):
        ap.error("give one of --study and --points")
    nets = args.nets.split(",")
    if any(n not in NETS for n in nets):
        ap.error(f"--nets: choose from {','.join(NETS)}")
    if args.points:
        points = [tuple(p.split(":")) for p in args.points.split(",")]
        if any(len(p) != 3 or p[1] not in SCHEMES or
               not (p[2] == "default" or p[2].isdigit()) for p in points):
            ap.error("--points: each point is MODE:baseline|binsparx:BITS")
    else:
        points = design_points(args.study)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    table = jobs(points, nets, images, shards)
    jobs_path = os.path.join(out, "jobs.tsv")
    text = "".join("\t".join(r) + "\n" for r in table)
    if os.path.exists(jobs_path) and open(jobs_path).read() != text:
        sys.exit(f"bnn_sweep: {jobs_path}: an earlier sweep with other jobs is in this "
                 f"folder; remove the folder or choose another --out")
    with open(jobs_path + ".tmp", "w") as f:
        f.write(text)
    os.replace(jobs_path + ".tmp", jobs_path)

    job = os.path.join(HERE, "bnn", "sweep_job.py")
    cmd = [args.parallel, "--will-cite", "--colsep", "\t", "-j", args.jobs,
           "--joblog", os.path.join(out, "joblog"), "--resume-failed",
           "--results", os.path.join(out, "results", "{1}"),
           "--halt", "never"]
    if args.sshloginfile:
        cmd += ["--sshloginfile", args.sshloginfile]
    cmd += ["/usr/bin/python3", job, os.path.abspath(args.bsxsim),
            os.path.join(os.path.abspath(args.models), "{2}"), os.path.abspath(args.data),
            "{1}", "{3}", "{4}", "{5}", "{6}", "{7}", str(args.threads),
            "::::", jobs_path]
    print(f"bnn_sweep: {len(table)} jobs in {out} (joblog, results/)", flush=True)
    status = subprocess.run(cmd).returncode
    if status != 0:
        sys.exit(f"bnn_sweep: {status} job(s) failed (see {out}/joblog and "
                 f"results/*.err); the same command reruns them")


if __name__ == "__main__":
    main()
