"""Switching activity of a co-simulation trace: toggles per traced signal
and chosen top-level signals sampled once per clock cycle (mid-cycle, at the
falling clock edge).

Why: the peripheral and array energy of docs/energy-area.md are toggle
counts times energies per toggle; the counts are measured here, in the FST
that `bsxsim-cosim --trace` writes (converted by GTKWave's fst2vcd).

  activity(path_to_fst_or_vcd, sample=names) -> Activity
Toggles count 0<->1 changes of every bit (x/z are not toggles); aliases
(one net traced under several names) are counted under each name.
"""
import subprocess


class Activity:
    def __init__(self):
        self.width = {}        # full signal name -> bits
        self.toggles = {}      # full signal name -> 0<->1 changes over all bits
        self.cycles = 0        # rising edges of the top clock
        self.samples = {}      # sampled name -> bit string (MSB first) of each cycle


def _bits(value, width):
    return value.rjust(width, "0" if value[0] in "01" else value[0])


def _changed(old, new):
    return sum(1 for a, b in zip(old, new) if a != b and a in "01" and b in "01")


def parse_vcd(lines, clock="clk_i", sample=()):
    """Activity of a VCD given as an iterable of lines. clock and the sampled
    signals are top-level names (the outermost scope that has them)."""
    act = Activity()
    names = {}                 # id code -> [full names]
    width = {}                 # id code -> bits
    scope = []
    clk_code = None
    sample_code = {}
    values = {}
    header = True
    for line in lines:
        if header:
            tok = line.split()
            if not tok:
                continue
            if tok[0] == "$scope":
                scope.append(tok[2])
            elif tok[0] == "$upscope":
                scope.pop()
            elif tok[0] == "$var":
                code, bits, name = tok[3], int(tok[2]), tok[4]
                full = ".".join(scope + [name])
                names.setdefault(code, []).append(full)
                width[code] = bits
                act.width[full] = bits
                act.toggles[full] = 0
                if name == clock and clk_code is None:
                    clk_code = code
                if name in sample and name not in sample_code:
                    sample_code[name] = code
            elif tok[0] == "$enddefinitions":
                header = False
                missing = [n for n in sample if n not in sample_code]
                if clk_code is None or missing:
                    raise ValueError(f"trace has no {clock if clk_code is None else missing[0]}")
                act.samples = {n: [] for n in sample}
            continue
        c = line[0] if line else ""
        if c in "01xzXZ":
            code, val = line[1:].strip(), c.lower()
        elif c in "bB":
            val, code = line[1:].split()
            val = val.lower()
        else:
            continue
        if code not in width:
            continue
        val = _bits(val, width[code])
        old = values.get(code)
        if old is not None:
            n = _changed(old, val)
            if n:
                for full in names[code]:
                    act.toggles[full] += n
        values[code] = val
        if code == clk_code:
            if old == "0" and val == "1":
                act.cycles += 1
            elif old == "1" and val == "0":
                for n, scode in sample_code.items():
                    act.samples[n].append(values.get(scode, "x" * width[scode]))
    return act


def activity(path, sample=()):
    """Activity of an .fst (through fst2vcd) or .vcd file."""
    if path.endswith(".vcd"):
        with open(path) as fh:
            return parse_vcd(fh, sample=sample)
    proc = subprocess.Popen(["fst2vcd", path], stdout=subprocess.PIPE, text=True)
    try:
        act = parse_vcd(proc.stdout, sample=sample)
    finally:
        proc.stdout.close()
        proc.wait()
    if proc.returncode != 0:
        raise ValueError(f"{path}: fst2vcd failed (status {proc.returncode})")
    return act
