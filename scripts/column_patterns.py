"""Named (wl, w) patterns of one column for the ngspice validation and bench.

Why this exists: the validation must cover the corners where a column solver
goes wrong (every cell ON, every cell OFF, a lone ON cell at either end of the
line, alternating cells) and random mixes at several densities; the bench
needs reproducible random patterns. Bit strings list row 1 (driver end)
first, as `bsxsim column --patterns` reads them.
"""

import random

DENSITIES = (0.5, 0.25, 0.75, 0.1, 0.9, 0.05, 1.0)


def _bits(predicate, rows):
    return "".join("1" if predicate(i) else "0" for i in range(rows))


def corner_patterns(rows):
    """[(name, wl, w)]: the structured cases, each a distinct corner."""
    ones, zeros = "1" * rows, "0" * rows
    odd = _bits(lambda i: i % 2 == 0, rows)   # rows 1, 3, 5, ...
    even = _bits(lambda i: i % 2 == 1, rows)  # rows 2, 4, 6, ...
    first = _bits(lambda i: i == 0, rows)
    last = _bits(lambda i: i == rows - 1, rows)
    middle = _bits(lambda i: i == rows // 2, rows)
    return [
        ("all-ones", ones, ones),
        ("all-zeros", zeros, zeros),
        ("one-on-row1", first, first),
        ("one-on-rowN", last, last),
        ("checker-both", odd, odd),          # ON cells at odd rows
        ("wl-on-w-off", ones, zeros),        # every cell HRS / OFF, lines on
        ("one-on-middle", middle, middle),
        ("wl-off-w-on", zeros, ones),
        ("checker-wl", odd, ones),           # ON cells at odd rows
        ("checker-w", ones, even),           # ON cells at even rows
        ("checker-anti", odd, even),         # no ON cell, half the lines on
        ("all-but-row1", _bits(lambda i: i != 0, rows), ones),
        ("all-but-rowN", _bits(lambda i: i != rows - 1, rows), ones),
    ]


def random_patterns(rows, count, seed):
    """[(name, wl, w)]: count patterns, wl and w each drawn with a density
    cycling through DENSITIES (independently), reproducible from seed."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        d_wl = DENSITIES[k % len(DENSITIES)]
        d_w = DENSITIES[(k // len(DENSITIES) + k) % len(DENSITIES)]
        wl = _bits(lambda i: rng.random() < d_wl, rows)
        w = _bits(lambda i: rng.random() < d_w, rows)
        out.append(("random-%d(wl%.2f,w%.2f)" % (k, d_wl, d_w), wl, w))
    return out


def validation_patterns(rows, count, seed):
    """count patterns: corners first (in the order above, most telling
    first), then random ones; at least a third random (up to two) so that a
    short run still mixes states."""
    corners = corner_patterns(rows)
    n_random = max(count - len(corners), min(2, count // 3))
    return corners[:count - n_random] + random_patterns(rows, n_random, seed)
