# `bsxsim bnn` tests (included by the top Makefile): the NumPy known-answer
# test, per-layer statistics, hostile model/data input, and one real layer of
# one real image through the RTL co-simulation (tb/test_bnn.py). The Check
# part (tb/test_bnn.c) runs with test-c.

.PHONY: test-bnn

test-bnn: $(BSXSIM) $(BUILD)/bsxsim-cosim | deps
	BSXSIM=$(abspath $(BSXSIM)) COSIM=$(abspath $(BUILD)/bsxsim-cosim) \
	  $(PYTHON) tb/test_bnn.py

TEST_TARGETS += test-bnn

# Images per second of every trained network (scripts/bnn/*), ideal and
# analog (sram-m6-1ua), 1 and 2 threads, with the array model's share of the
# time and the full-sweep estimate (scripts/bench_bnn.py).
.PHONY: bench-bnn

bench-bnn: $(BSXSIM) | deps
	$(PYTHON) scripts/bench_bnn.py --bsxsim $(abspath $(BSXSIM))

BENCH_TARGETS += bench-bnn
