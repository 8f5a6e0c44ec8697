#!/usr/bin/env python3
"""One job of a BNN sweep: `bsxsim bnn` on one image shard of one design point.

Why this file exists: GNU parallel runs each (network, design point, scheme,
ADC bits, image shard) as an independent job, locally or on a host of
--sshloginfile. The job prints one JSON line to stdout (parallel's --results
brings it back to the submitting host): the job's key, `bsxsim bnn --json`'s
report and the predicted class of every image of the shard. Paths are
absolute, so a remote host needs the built tree at the same path.

    sweep_job.py BSXSIM MODEL_DIR DATA NAME MODE SCHEME BITS OFFSET LIMIT THREADS

MODE is `ideal` or a preset name; BITS is `default` or the ADC resolution.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    if len(sys.argv) != 11:
        sys.exit("usage: sweep_job.py BSXSIM MODEL_DIR DATA NAME MODE SCHEME BITS "
                 "OFFSET LIMIT THREADS")
    bsxsim, model, data, name, mode, scheme, bits, offset, limit, threads = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="bnn-job-") as tmp:
        pred_path = os.path.join(tmp, "pred.npy")
        cmd = [bsxsim, "bnn", "--model", model, "--data", data, "--scheme", scheme,
               "--offset", offset, "--limit", limit, "--threads", threads,
               "--json", "--out", pred_path]
        cmd += ["--ideal"] if mode == "ideal" else ["--preset", mode]
        if bits != "default":
            cmd += ["--adc-bits", bits]
        run = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        if run.returncode != 0:
            sys.exit(f"sweep_job {name}: bsxsim bnn exited with {run.returncode}")
        result = json.loads(run.stdout)
        predictions = np.load(pred_path).astype(int).tolist()
    job = {"job": name, "net": os.path.basename(os.path.normpath(model)), "mode": mode,
           "scheme": scheme, "bits": bits, "offset": int(offset), "limit": int(limit),
           "result": result, "predictions": predictions}
    sys.stdout.write(json.dumps(job) + "\n")


if __name__ == "__main__":
    main()
