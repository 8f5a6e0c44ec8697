"""What the Python tests in tb/ share: where the programs under test are
($BSXSIM and $COSIM, set by make; the build tree's by default), how the
co-simulation is started, random +-1 operands, and the tally of checks that
ends every test with one PASS/FAIL line. A test that ran no check has not passed (a loop that
never ran must not read as PASS), as in the RTL benches' Tally."""
import os
import subprocess

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BSXSIM = os.environ.get("BSXSIM", os.path.join(ROOT, "build", "bsxsim"))
COSIM = os.environ.get("COSIM", os.path.join(ROOT, "build", "bsxsim-cosim"))
# bsxsim-cosim without SystemC's banner on stdout
COSIM_ENV = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")


def run_cosim(args, env=None, **kw):
    """bsxsim-cosim ARGS with stdout and stderr captured as text."""
    return subprocess.run([COSIM] + list(args), capture_output=True, text=True,
                          env=COSIM_ENV if env is None else env, **kw)


def pm1(rng, shape):
    """A random +-1 int8 array (weights or inputs) from NumPy Generator rng."""
    return rng.choice(np.array([-1, 1], dtype=np.int8), size=shape)


class Tally:
    """Counts checks; verbose: print every check, not only the failures."""

    def __init__(self, name, verbose=False):
        self.name, self.verbose = name, verbose
        self.checks, self.failures = 0, []

    def check(self, cond, what):
        self.checks += 1
        if not cond:
            self.failures.append(what)
        if self.verbose or not cond:
            print(("ok   " if cond else "FAIL ") + what)
        return cond

    def finish(self):
        """Prints the closing line; returns the exit status."""
        ok = self.checks > 0 and not self.failures
        why = "" if self.checks else " (no checks ran)"
        print(f"{'PASS' if ok else 'FAIL'}: {self.name}, {self.checks} checks, "
              f"{len(self.failures)} failures{why}")
        return 0 if ok else 1
