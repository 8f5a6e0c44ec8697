#!/usr/bin/env python3
"""The BNN sweep on GNU parallel: sharding and resuming change no result.

Why this file exists: a study is merged from independent shard jobs that may
run on other hosts or be interrupted (scripts/bnn_sweep.py,
scripts/bnn_merge.py). This test runs one small sweep (binary MLP, the first
60 test images, ideal and sram-m6-1ua, both schemes) three ways and checks
that the merged results, every field except times and solve counts (see
scripts/bnn/merge_lib.py), are identical:
  1. unsharded: one job per design point;
  2. sharded unevenly (shards of 25: 25 + 25 + 10 images);
  3. sharded in 10s with one job at a time, the whole sweep killed (SIGKILL
     to GNU parallel and every job) after 3 jobs finished, then the same
     command again: GNU parallel must resume, not rerun finished jobs, and
     the merge must equal 1.
It also checks that the merge refuses a sweep with a job output missing.

    BSXSIM=build/bsxsim [BNN_MODELS=scripts/bnn] tb/bnn/test_sweep.py
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from bnn import merge_lib  # noqa: E402

POINTS = "ideal:baseline:default,sram-m6-1ua:baseline:default," \
         "ideal:binsparx:default,sram-m6-1ua:binsparx:default"
IMAGES = 60


def sweep_cmd(bsxsim, out, shard, jobs):
    models = os.environ.get("BNN_MODELS", os.path.join(ROOT, "scripts", "bnn"))
    return ["/usr/bin/python3", os.path.join(ROOT, "scripts", "bnn_sweep.py"),
            "--points", POINTS, "--nets", "mlp-fmnist", "--images-mlp", str(IMAGES),
            "--shard-mlp", str(shard), "--jobs", str(jobs), "--bsxsim", bsxsim,
            "--models", models, "--out", out]


def merged(out):
    return [merge_lib.exact_view(p) for p in merge_lib.merge(merge_lib.read_jobs(out))]


def joblog_seqs(out):
    path = os.path.join(out, "joblog")
    if not os.path.exists(path):
        return []
    return [line.split("\t")[0] for line in open(path).read().splitlines()[1:]]


def kill_session(proc):
    """SIGKILL every process of the sweep's session (parallel puts each job
    in its own process group, but all stay in the session we started)."""
    sid = proc.pid
    ps = subprocess.run(["ps", "-eo", "pid=,sid="], stdout=subprocess.PIPE, text=True)
    for line in ps.stdout.splitlines():
        pid, s = (int(v) for v in line.split())
        if s == sid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    proc.wait()


def differences(a, b):
    """Where two merged sweeps differ (for the failure message)."""
    out = []
    for p, q in zip(a, b):
        for k in p:
            if k == "layers":
                for la, lb in zip(p[k], q[k]):
                    out += [f"{p['mode']}/{p['scheme']} layer {la['layer']} {f}: "
                            f"{str(la[f])[:60]} vs {str(lb[f])[:60]}" for f in la if la[f] != lb[f]]
            elif p[k] != q[k]:
                out.append(f"{p['mode']}/{p['scheme']} {k}: {str(p[k])[:60]} vs {str(q[k])[:60]}")
    return "; ".join(out[:6])


def check(cond, what):
    if not cond:
        sys.exit(f"FAIL: {what}")
    print(f"ok: {what}")


def main():
    bsxsim = os.path.abspath(os.environ.get("BSXSIM", os.path.join(ROOT, "build", "bsxsim")))
    with tempfile.TemporaryDirectory(prefix="bnn-sweep-") as tmp:
        one = os.path.join(tmp, "unsharded")
        subprocess.run(sweep_cmd(bsxsim, one, IMAGES, 2), check=True)
        ref = merged(one)
        check(len(ref) == 4 and all(p["images"] == IMAGES for p in ref),
              "unsharded sweep: 4 design points of 60 images")
        check(ref[0]["correct"] == ref[2]["correct"] and
              ref[0]["predictions"] == ref[2]["predictions"],
              "ideal baseline and ideal BinSparX predict the same classes")

        uneven = os.path.join(tmp, "uneven")
        subprocess.run(sweep_cmd(bsxsim, uneven, 25, 2), check=True)
        got = merged(uneven)
        check(got == ref, "shards of 25 merge to exactly the unsharded result"
              + ("" if got == ref else f" ({differences(ref, got)})"))

        killed = os.path.join(tmp, "killed")
        proc = subprocess.Popen(sweep_cmd(bsxsim, killed, 10, 1), start_new_session=True,
                                stdout=subprocess.DEVNULL)
        deadline = time.time() + 600
        while len(joblog_seqs(killed)) < 3 and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        kill_session(proc)
        done_before = joblog_seqs(killed)
        total = 4 * ((IMAGES + 9) // 10)
        check(3 <= len(done_before) < total,
              f"sweep killed after {len(done_before)} of {total} jobs")
        try:
            merge_lib.read_jobs(killed)
            check(False, "merge refuses an incomplete sweep")
        except merge_lib.MergeError as e:
            check("without a complete output" in str(e), f"merge refuses an incomplete sweep ({e})")
        subprocess.run(sweep_cmd(bsxsim, killed, 10, 2), check=True, stdout=subprocess.DEVNULL)
        seqs = joblog_seqs(killed)
        check(sorted(seqs, key=int) == [str(i) for i in range(1, total + 1)],
              "resumed sweep: every job exactly once in the joblog (finished jobs not rerun)")
        got = merged(killed)
        check(got == ref, "killed + resumed sweep merges to exactly the unsharded result"
              + ("" if got == ref else f" ({differences(ref, got)})"))
    print("PASS: sharded and resumed sweeps give the unsharded result")


if __name__ == "__main__":
    main()
