#!/bin/sh
# Prints the -m flags for the batched column solver (models/column_batch.c):
# the widest SIMD set that both the compiler ($1, default gcc) and this
# machine's CPU support: AVX-512 (F + DQ, with FMA), else AVX2 (with FMA
# where the CPU has it), else nothing (the compiler's generic vectors, SSE2
# on x86-64). The Makefile builds the scalar chain engine with them too
# (models/madd.h). On AMD CPUs it adds -DBSX_TABLE_LOADS: the batch then
# reads the cell table with loads and in-register transposes instead of
# gathers, which are slow there (measured on Zen 4: README, "Performance";
# same numbers either way). Run by the Makefile at build time; `bsxsim
# --version` and `bsxsim vmm --json` (simd_path) say which path was built.
cc=${1:-gcc}
has_cpu() { grep -qw "$1" /proc/cpuinfo 2>/dev/null; }
compiles() { echo 'int main(void){return 0;}' | $cc "$@" -x c - -o /dev/null 2>/dev/null; }
table=
if grep -q '^vendor_id[[:space:]]*:[[:space:]]*AuthenticAMD' /proc/cpuinfo \
    2>/dev/null; then
    table=" -DBSX_TABLE_LOADS"
fi
if has_cpu avx512f && has_cpu avx512dq && has_cpu fma \
    && compiles -mavx512f -mavx512dq -mfma; then
    echo "-mavx512f -mavx512dq -mfma$table"
elif has_cpu avx512f && has_cpu avx512dq && compiles -mavx512f -mavx512dq; then
    echo "-mavx512f -mavx512dq$table"
elif has_cpu avx2 && has_cpu fma && compiles -mavx2 -mfma; then
    echo "-mavx2 -mfma$table"
elif has_cpu avx2 && compiles -mavx2; then
    echo "-mavx2$table"
fi
