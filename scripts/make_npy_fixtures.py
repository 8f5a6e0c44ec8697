#!/usr/bin/env python3
"""Writes the .npy fixtures of tb/test_npy.c, which are also the fuzzer's seed
corpus, into tb/corpus/npy/ (committed; rerun this script to regenerate), or
into the directory given as the only argument (`make test` does that and
compares the files with the committed ones).

good-*.npy are written by NumPy itself, in every dtype and header version the
reader accepts; their +-1 pattern is pattern() below, recomputed by the test.
save-*.npy are what np.save writes for the arrays tb/test_npy.c writes with
bsx_npy_write_*; the test compares the bytes. bad-*.npy are files the reader
must reject: NumPy-written ones with the wrong dtype, shape, order or values,
and hand-damaged copies of a good file."""
import argparse
import io
import os
import struct
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tb",
                   "corpus", "npy")


def pattern(rows, cols):
    """+1 where (7 r + 3 c) mod 5 < 2, else -1 (same formula in the test)."""
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    return np.where((7 * r + 3 * c) % 5 < 2, 1, -1)


def saved(array, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, array)
    else:
        np.lib.format.write_array(buf, array, version=version)
    return buf.getvalue()


def with_header(dict_text, data, version=(1, 0)):
    """A .npy file with a hand-written header dict, padded as NumPy does."""
    pre = 10 if version[0] == 1 else 12
    body = dict_text.encode("latin1")
    pad = 64 - (pre + len(body) + 1) % 64
    header = body + b" " * pad + b"\n"
    size = struct.pack("<H" if version[0] == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes(version) + size + header + data


def good_files():
    p = pattern(3, 5)
    files = {
        "good-i1.npy": saved(p.astype(np.int8)),
        "good-i2.npy": saved(p.astype("<i2")),
        "good-i4.npy": saved(p.astype("<i4")),
        "good-i8.npy": saved(p.astype("<i8")),
        "good-f2.npy": saved(p.astype("<f2")),
        "good-f4.npy": saved(p.astype("<f4")),
        "good-f8.npy": saved(p.astype("<f8")),
        "good-i2-big.npy": saved(p.astype(">i2")),
        "good-f8-big.npy": saved(p.astype(">f8")),
        "good-v2.npy": saved(p.astype(np.int8), version=(2, 0)),
        "good-v3.npy": saved(p.astype(np.int8), version=(3, 0)),
        "good-1d.npy": saved(pattern(1, 7)[0].astype(np.int8)),
        "good-1x1.npy": saved(pattern(1, 1).astype(np.int8)),
        "good-64x64.npy": saved(pattern(64, 64).astype(np.int8)),
    }
    return files


def saved_by_writer():
    r, c = np.meshgrid(np.arange(4), np.arange(6), indexing="ij")
    i32 = (r * 1000003 - c * 77777 - 5).astype("<i4")
    return {
        "save-i4.npy": saved(i32),
        "save-pm1.npy": saved(pattern(5, 9).astype(np.int8)),
    }


def bad_files(good):
    p = pattern(3, 4)
    zero = p.astype(np.int8).copy()
    zero[1, 2] = 0
    two = p.astype("<i4").copy()
    two[2, 3] = 2
    nan = p.astype("<f4").copy()
    nan[0, 1] = np.nan
    half = p.astype("<f8").copy()
    half[2, 0] = 0.5
    i1 = good["good-i1.npy"]
    data = p.astype(np.int8).tobytes()
    return {
        "bad-bool.npy": saved(p > 0),
        "bad-uint8.npy": saved(np.ones((3, 4), np.uint8)),
        "bad-complex.npy": saved(p.astype(np.complex64)),
        "bad-unicode.npy": saved(np.array([["a", "b"]])),
        "bad-struct.npy": saved(np.zeros(3, dtype=[("a", "<i4"), ("b", "<f4")])),
        "bad-3d.npy": saved(np.ones((2, 3, 4), np.int8)),
        "bad-scalar.npy": saved(np.int8(1)),
        "bad-empty-rows.npy": saved(np.ones((0, 4), np.int8)),
        "bad-empty-1d.npy": saved(np.ones((0,), np.int8)),
        "bad-fortran.npy": saved(np.asfortranarray(p.astype(np.int8))),
        "bad-value-zero.npy": saved(zero),
        "bad-value-two.npy": saved(two),
        "bad-value-nan.npy": saved(nan),
        "bad-value-half.npy": saved(half),
        "bad-magic.npy": b"\x93NUMPZ" + i1[6:],
        "bad-short.npy": i1[:7],
        "bad-truncated-header.npy": i1[:50],
        "bad-truncated-data.npy": i1[:-1],
        "bad-trailing.npy": i1 + b"\x01",
        "bad-version.npy": i1[:6] + b"\x04\x00" + i1[8:],
        "bad-huge-header.npy": b"\x93NUMPY\x02\x00" + struct.pack("<I", 0xFFFFFFF0)
                               + i1[10:],
        "bad-no-newline.npy": i1[:127] + b" " + i1[128:],
        "bad-unterminated.npy": with_header(
            "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4), ", data),
        "bad-missing-key.npy": with_header(
            "{'descr': '|i1', 'shape': (3, 4), }", data),
        "bad-extra-key.npy": with_header(
            "{'descr': '|i1', 'fortran_order': False, 'shape': (3, 4), "
            "'order': 'C'}", data),
        "bad-native-order.npy": with_header(
            "{'descr': '|i4', 'fortran_order': False, 'shape': (3, 1), }",
            b"\x01\x00\x00\x00" * 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=OUT,
                        help="output directory (default: tb/corpus/npy)")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    good = good_files()
    files = {**good, **saved_by_writer(), **bad_files(good)}
    for name, content in sorted(files.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(content)
    print(f"wrote {len(files)} files to {os.path.normpath(out)} "
          f"(numpy {np.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
