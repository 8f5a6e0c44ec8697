#!/bin/sh
# The result width OW is stated once in C (bsx_rtl_min_out_bits,
# src/rtl_config.c: every flow's OW comes from `bsxsim config`) and once in
# the RTL (bsx_post_process's elaboration check). This checks that the two
# agree: for N and B on both sides of max(3N, 4(2^B - 1) + N), the C minimum
# elaborates and one bit less is refused by the RTL.
#
#   tb/rtl/test_out_width.sh BSXSIM VERILATOR RTL_FILES...     (make lint)
set -u
bsxsim=$1 verilator=$2
shift 2
checks=0 failures=0
for nb in 4:1 4:2 4:3 13:2 13:3 13:4 64:4 64:5 64:6 64:7 512:8 512:9 512:10; do
  n=${nb%%:*} b=${nb##*:}
  ow=$("$bsxsim" config --rows "$n" --adc-bits "$b" --tree-stages 0 --params 2>/dev/null |
       tr ' ' '\n' | sed -n 's/^OW=//p')
  if [ -z "$ow" ]; then
    echo "  N $n B $b: bsxsim config gave no OW"; failures=$((failures + 1)); continue
  fi
  for w in "$ow" $((ow - 1)); do
    checks=$((checks + 1))
    if "$verilator" --lint-only -Wall --top-module bsx_post_process \
         -GN="$n" -GB="$b" -GOW="$w" "$@" > /dev/null 2>&1; then got=accepted; else got=refused; fi
    want=accepted; [ "$w" -lt "$ow" ] && want=refused
    if [ "$got" != "$want" ]; then
      echo "  N $n B $b: OW = $w $got by bsx_post_process, want $want (C minimum $ow)"
      failures=$((failures + 1))
    fi
  done
done
verdict=FAIL
if [ "$failures" -eq 0 ] && [ "$checks" -gt 0 ]; then verdict=PASS; fi
echo "test_out_width: $checks checks, $failures failed: $verdict"
[ "$verdict" = PASS ]
