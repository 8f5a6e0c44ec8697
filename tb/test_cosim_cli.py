#!/usr/bin/env python3
"""Hostile command lines and output paths of bsxsim-cosim (issue 8).

Why: the co-simulation must answer a bad command line the way bsxsim does
(one line on stderr, exit 2 for usage errors, no SystemC banner, no page of
usage), never overwrite an input, a non-regular or a read-only file with an
output, and report a full disk while writing the waves instead of leaving a
truncated trace with exit 0 (a small limit, and one that cuts a large trace
half-way), while a complete large trace reads back to its last cycle. Runs
build/bsxsim-cosim ($COSIM) without SYSTEMC_DISABLE_COPYRIGHT_MESSAGE in the
environment.

The clock is refused below a configuration's STA minimum period. No
configuration the co-simulation accepts has an STA minimum above the SAR bit
time (1000 ps), so that refusal is tested on a copy of the launcher in a
build tree of its own whose cached default model states a larger minimum in
its sta/sta.json (the file scripts/sta.py writes and the launcher reads).

  tb/test_cosim_cli.py      (make test-cosim-cli)
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import numpy as np

from pytb import COSIM, ROOT, Tally

# the banner must stay away without the variable that silences it
ENV = {k: v for k, v in os.environ.items() if k != "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE"}
tally = Tally("bsxsim-cosim command line", verbose=True)
check = tally.check


def run(args, cwd, shell_prefix="", timeout=None):
    """The co-simulation's result; with a timeout, a run still going then is
    killed with its whole process group (the model the launcher started
    included) and reported as exit code None."""
    cmd = [COSIM] + args
    if shell_prefix:
        cmd = ["sh", "-c", shell_prefix + " exec " + " ".join(f"'{a}'" for a in cmd)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=ENV, cwd=cwd, start_new_session=True) as p:
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            return subprocess.CompletedProcess(cmd, None, out, err + f"(killed after {timeout} s)")
    return subprocess.CompletedProcess(cmd, p.returncode, out, err)


def one_line(res, code, want):
    lines = res.stderr.splitlines()
    return (res.returncode == code and len(lines) == 1 and want in lines[0]
            and "SystemC" not in res.stderr + res.stdout and res.stdout == "")


def fake_sta_tree(tmp, min_ps):
    """A build tree beside the sources (tmp/rtl, sim, scripts link to the
    repository's) with copies of the launcher and of the default BinSparX
    K = 8 model, cached as up to date, whose sta/sta.json states min_ps.
    Returns (launcher, configuration name). Every build file is a new
    regular file here, so a launcher that wrongly rebuilt would write only
    into tmp."""
    res = subprocess.run([COSIM, "--build-only", "--scheme", "binsparx", "--adcs", "8"],
                         capture_output=True, text=True)
    name, model = res.stdout.split(": ")[0], res.stdout.split(": ")[1].split(",")[0]
    os.makedirs(tmp)
    for src in ("rtl", "sim", "scripts"):
        os.symlink(os.path.join(ROOT, src), os.path.join(tmp, src))
    build = os.path.join(tmp, "build")
    vl = os.path.join(build, "vl", name)
    # what every model links, as sim/model.mk names it
    shared = subprocess.run(["make", "-s", "-C", tmp, "-f", "sim/model.mk", "BUILD=" + build,
                             "--eval", "print-shared: ; @echo $(COSIM_SHARED_OBJS) $(VL_RUNTIME) "
                             "$(COSIM_C_LIBS)", "print-shared"],
                            capture_output=True, text=True, check=True).stdout.split()
    # in make's order: each file no older than what it is made from
    made = [os.path.join(vl, "obj", "Vbsx_macro__ALL.a")] + shared + [os.path.join(vl, "cosim_model.o")]
    for path in made:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "wb").close()
    shutil.copy(model, os.path.join(vl, "bsxsim-cosim-model"))
    launcher = os.path.join(build, "bsxsim-cosim")
    shutil.copy(COSIM, launcher)
    os.makedirs(os.path.join(vl, "sta"))
    with open(os.path.join(vl, "sta", "sta.json"), "w") as f:
        json.dump({"cases": [{"case": name, "min_period_ps": min_ps}]}, f, indent=1)
    return launcher, name


def sta_minimum_cases(tmp, base):
    """--clock-ps below the STA minimum is refused (exit 2, one line naming the
    configuration and the minimum, nothing run); at or above it the model runs
    at that clock; without --clock-ps the clock is the minimum rounded up to
    the 250 ps grid."""
    launcher, name = fake_sta_tree(os.path.join(tmp, "tree"), 4321.0)
    runs = {
        "--clock-ps 4000": (["--clock-ps", "4000"], 2, ""),
        "--clock-ps 4322": (["--clock-ps", "4322"], 0, "clock 4322 ps"),
        "no --clock-ps": ([], 0, "clock 4500 ps"),
    }
    for what, (clock, code, want) in runs.items():
        out = os.path.join(tmp, "sta_y.npy")
        res = subprocess.run([launcher] + base + ["--out", out] + clock, cwd=tmp,
                             capture_output=True, text=True, env=ENV)
        if code == 2:
            check(one_line(res, 2, f"--clock-ps 4000 is below the STA minimum period of {name}, "
                                   "4321 ps") and not os.path.exists(out),
                  f"STA minimum 4321 ps, {what}: refused in one line, exit 2, no output "
                  f"(got {res.returncode}, {res.stderr!r})")
        else:
            check(res.returncode == 0 and want in res.stdout and "building" not in res.stderr,
                  f"STA minimum 4321 ps, {what}: runs the cached model with '{want}' "
                  f"(got {res.returncode}, {res.stderr!r})")
        if os.path.exists(out):
            os.remove(out)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        np.save(os.path.join(tmp, "W.npy"), np.ones((64, 64), dtype=np.int8))
        np.save(os.path.join(tmp, "X.npy"), np.ones((64, 64), dtype=np.int8))
        os.mkfifo(os.path.join(tmp, "fifo"))
        base = ["--weights", "W.npy", "--inputs", "X.npy", "--scheme", "binsparx", "--ideal"]
        usage = {
            "--bogus last": (base + ["--out", "Y.npy", "--bogus"], "--bogus: unknown option"),
            "--bogus first": (["--bogus"] + base + ["--out", "Y.npy"], "--bogus: unknown option"),
            "--clock-ps 1": (base + ["--out", "Y.npy", "--clock-ps", "1"], "--clock-ps: '1'"),
            "--clock-ps 3": (base + ["--out", "Y.npy", "--clock-ps", "3"], "--clock-ps: '3'"),
            "empty --out": (base + ["--out", ""], "--out: empty file name"),
            "empty --trace": (base + ["--out", "Y.npy", "--trace", ""],
                              "--trace: empty file name"),
            "--out = --weights": (base + ["--out", "W.npy"], "same file as --weights"),
            "--trace = --inputs": (base + ["--out", "Y.npy", "--trace", "./X.npy"],
                                   "same file as --inputs"),
            "--trace = --out": (base + ["--out", "Y.npy", "--trace", "Y.npy"],
                                "--trace Y.npy is the same file as --out"),
            # two spellings of one new name (safe_file's bsx_check_distinct)
            "--trace = ./--out": (base + ["--out", "Y.npy", "--trace", "./Y.npy"],
                                  "--trace ./Y.npy is the same file as --out"),
            "--trace .vcd": (base + ["--out", "Y.npy", "--trace", "w.VCD"],
                             "fst2vcd NAME.fst > NAME.vcd"),
            # as bsxsim: an option given twice is refused, only --set repeats
            "--out twice": (base + ["--out", "Y.npy", "--out", "Z.npy"], "--out is given twice"),
            "--adcs twice": (base + ["--out", "Y.npy", "--adcs", "8", "--adcs", "64"],
                             "--adcs is given twice"),
            "--json twice": (base + ["--out", "Y.npy", "--json", "--json"],
                             "--json is given twice"),
        }
        for name, (args, want) in usage.items():
            res = run(args, tmp)
            check(one_line(res, 2, want), f"usage error {name}: exit 2, one line with "
                  f"'{want}', no banner (got {res.returncode}, {res.stderr!r})")
        check(not os.path.exists(os.path.join(tmp, "w.VCD")), "--trace .vcd: no trace written")
        # output folders are checked before the run: nothing is simulated
        for name, args in {"--out in no folder": base + ["--out", "nodir/Y.npy"],
                           "--trace in no folder": base + ["--out", "Y.npy", "--trace",
                                                           "nodir/t.fst"],
                           "--out below a file": base + ["--out", "W.npy/Y.npy"]}.items():
            res = run(args, tmp)
            check(one_line(res, 1, "cannot create a file in its folder"),
                  f"{name}: refused before the run, one line (got {res.returncode}, "
                  f"{res.stderr!r})")
            check(not os.path.exists(os.path.join(tmp, "Y.npy")), f"{name}: no output")
        for name, args in {"--out fifo": base + ["--out", "fifo"],
                           "--trace fifo": base + ["--out", "Y.npy", "--trace", "fifo"],
                           "--out folder": base + ["--out", "."]}.items():
            res = run(args, tmp)
            check(one_line(res, 1, "not a regular file"),
                  f"{name}: refused, one line (got {res.returncode}, {res.stderr!r})")
            check(not os.path.exists(os.path.join(tmp, "Y.npy")), f"{name}: no output")
        check(os.path.exists(os.path.join(tmp, "fifo")) and
              not os.path.isfile(os.path.join(tmp, "fifo")), "the FIFO is still a FIFO")
        # a full disk while writing the waves (a file size limit stands in; the
        # program itself must not die of SIGXFSZ)
        res = run(base + ["--out", "Y.npy", "--trace", "t.fst"], tmp, "ulimit -f 16;")
        check(res.returncode == 1 and "--trace t.fst:" in res.stderr,
              f"full disk under the trace: exit 1 naming --trace (got {res.returncode}, "
              f"{res.stderr!r})")
        left = sorted(os.listdir(tmp))
        check(left == ["W.npy", "X.npy", "fifo"], f"full disk: nothing left behind ({left})")
        # and a run that works writes both
        res = run(base + ["--out", "Y.npy", "--trace", "t.fst"], tmp)
        check(res.returncode == 0 and os.path.isfile(os.path.join(tmp, "t.fst"))
              and "SystemC" not in res.stdout + res.stderr, "a good run writes Y and the trace")
        # a clock the user gives reaches the model once (the launcher adds its own only
        # when none is given)
        res = run(base + ["--out", "Y2.npy", "--clock-ps", "2000"], tmp)
        check(res.returncode == 0 and "2000 ps" in res.stdout,
              f"--clock-ps 2000 runs at 2000 ps (got {res.returncode}, {res.stderr!r})")
        sta_minimum_cases(tmp, base)
        res = subprocess.run([COSIM] + base + ["--out", "Y3.npy"], cwd=tmp, capture_output=True,
                             text=True, env=dict(ENV, BSX_COSIM_FLAVOUR="fast"))
        check(one_line(res, 2, "BSX_COSIM_FLAVOUR='fast'"),
              f"BSX_COSIM_FLAVOUR=fast: refused in one line (got {res.returncode}, "
              f"{res.stderr!r})")
        read_only_outputs(tmp, base)
        outside_repository(tmp, base)
        large_trace(tmp)
    return tally.finish()


def outside_repository(tmp, base):
    """A launcher whose folder's parent holds no sim/model.mk (a build
    folder outside the repository, e.g. make BUILD=/tmp/x) is refused in one
    line that says where it looked, before anything is built or written."""
    launcher = os.path.join(tmp, "away", "build", "bsxsim-cosim")
    os.makedirs(os.path.dirname(launcher))
    shutil.copy(COSIM, launcher)
    out = os.path.join(tmp, "away_y.npy")
    res = subprocess.run([launcher] + base + ["--out", out], cwd=tmp, capture_output=True,
                         text=True, env=ENV)
    where = os.path.join(tmp, "away")
    check(one_line(res, 1, f"no sim/model.mk in {where}") and not os.path.exists(out)
          and not os.path.exists(os.path.join(where, "build", "vl")),
          f"launcher outside the repository: refused in one line naming {where}, nothing "
          f"built or written (got {res.returncode}, {res.stderr!r})")


def read_only_outputs(tmp, base):
    """An existing --out or --trace the user may not write (mode 0444; root
    passes access(W_OK), so the mode decides) is refused before the run and
    stays as it was, instead of being replaced by the rename."""
    for opt, name, args in [("--out", "ro.npy", base + ["--out", "ro.npy"]),
                            ("--trace", "ro.fst", base + ["--out", "Y3.npy", "--trace", "ro.fst"])]:
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write("precious\n")
        os.chmod(path, 0o444)
        res = run(args, tmp)
        with open(path) as f:
            kept = f.read() == "precious\n"
        check(one_line(res, 1, f"{opt} {name}: is read-only") and kept
              and os.stat(path).st_mode & 0o7777 == 0o444
              and not os.path.exists(os.path.join(tmp, "Y3.npy")),
              f"read-only {opt}: refused, one line, file kept (got {res.returncode}, "
              f"{res.stderr!r})")
        os.chmod(path, 0o644)
        os.remove(path)


def vcd_end_time(vcd_text):
    """(timescale in ps, last time stamp) of a VCD text."""
    scale = {"fs": 1e-3, "ps": 1.0, "ns": 1e3, "us": 1e6}
    words = vcd_text.split("$timescale", 1)[1].split("$end", 1)[0].split()
    unit = "".join(words)
    digits = unit.rstrip("fpnus")
    last = max(int(line[1:]) for line in vcd_text.splitlines()
               if line.startswith("#") and line[1:].isdigit())
    return int(digits) * scale[unit[len(digits):]], last


def large_trace(tmp):
    """A large trace (4,000 vectors, over 1 MiB): complete, it reads back
    (fst2vcd) to the run's last cycle; cut part-way by a file-size limit (a
    full disk stands in the same way), the run fails within the timeout
    naming --trace (the read-back check used to loop for ever on such a
    file, and then left its temporary), and the complete trace of the
    earlier run stays as it was."""
    np.save(os.path.join(tmp, "Xbig.npy"),
            np.where(np.random.default_rng(8).random((4000, 64)) < 0.5, -1, 1).astype(np.int8))
    args = ["--weights", "W.npy", "--inputs", "Xbig.npy", "--scheme", "binsparx", "--ideal",
            "--out", "Ybig.npy", "--trace", "big.fst"]
    res = run(args, tmp, timeout=300)
    path = os.path.join(tmp, "big.fst")
    check(res.returncode == 0 and os.path.isfile(path),
          f"large trace: the run works (got {res.returncode}, {res.stderr!r})")
    if res.returncode != 0:
        return
    size = os.path.getsize(path)
    cycles = clock = None
    for line in res.stdout.splitlines():
        words = line.split()
        if words[:1] == ["cycles"]:
            cycles = int(words[1])
        if "clock" in words and words[-1] == "ps":
            clock = int(words[-2])
    vcd = subprocess.run(["fst2vcd", path], capture_output=True, text=True)
    ok = vcd.returncode == 0 and cycles and clock
    if ok:
        unit, last = vcd_end_time(vcd.stdout)
        ok = abs(last * unit - cycles * clock) <= 2 * clock
    check(size > 1 << 20 and ok,
          f"large trace ({size} bytes) reads back to cycle {cycles} x {clock} ps "
          f"(fst2vcd exit {vcd.returncode}, {vcd.stderr[:200]!r})")
    with open(path, "rb") as f:
        before = f.read()
    # 512-byte blocks under sh: half the complete trace
    res = run(args, tmp, f"ulimit -f {size // 2 // 512};", timeout=120)
    with open(path, "rb") as f:
        kept = f.read() == before
    temps = [n for n in os.listdir(tmp) if n.startswith(".")]
    check(res.returncode == 1 and "--trace big.fst:" in res.stderr and len(res.stderr.splitlines()) == 1
          and kept and not temps,
          f"large trace cut at half its size: exit 1 naming --trace, old trace kept, no "
          f"temporary (got {res.returncode}, {res.stderr!r}, temporaries {temps})")


if __name__ == "__main__":
    sys.exit(main())
