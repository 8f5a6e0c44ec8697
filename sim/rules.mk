# Co-simulation (build/bsxsim-cosim), its tests and make run's demo. Included
# by the top Makefile (static timing and the latency study: scripts/rules.mk;
# waves: waves/rules.mk).
#
# build/bsxsim-cosim is a launcher (sim/cosim_launcher.cpp): each macro
# configuration is its own model binary, build/vl/NAME/bsxsim-cosim-model,
# built by sim/model.mk on first use. `make cosim` builds the launcher and
# the four default design points (baseline / binsparx x K = 8 / 64 on the
# default 64 x 64 array) through it, so make run and make test find them.

include sim/model.mk

COSIM          := $(BUILD)/bsxsim-cosim
COSIM_DEFAULTS := baseline:8 baseline:64 binsparx:8 binsparx:64
COSIM_STAMP    := $(VL_DIR)/defaults.stamp

$(COSIM_SHARED_OBJS) $(BUILD)/sim/cosim_launcher.o: | deps

$(COSIM): $(BUILD)/sim/cosim_launcher.o $(BUILD)/sim/cosim_options.o $(REF_LIB) $(MODEL_LIB)
	$(CXX) -pthread -o $@ $^ -lm

# The default models (each a no-op when up to date); rebuilt when anything
# they are made of changes.
$(COSIM_STAMP): $(COSIM) $(COSIM_SHARED_OBJS) $(COSIM_RTL) sim/cosim_model.cpp $(wildcard sim/*.h) \
                $(STA_SCRIPTS)
	@+set -e; for p in $(COSIM_DEFAULTS); do \
	  $(COSIM) --build-only --scheme $${p%%:*} --adcs $${p##*:}; done
	@touch $@

# The same four in the quick flavour (-O0, no STA; build/vl-quick/) for the
# RTL-change loop.
COSIM_QUICK_STAMP := $(BUILD)/vl-quick/defaults.stamp
$(COSIM_QUICK_STAMP): $(COSIM) $(COSIM_SHARED_OBJS) $(COSIM_RTL) sim/cosim_model.cpp $(wildcard sim/*.h)
	@+set -e; for p in $(COSIM_DEFAULTS); do \
	  BSX_COSIM_FLAVOUR=quick $(COSIM) --build-only --scheme $${p%%:*} --adcs $${p##*:}; done
	@touch $@

.PHONY: cosim test-cosim test-cosim-quick cosim-demo bench-cosim

cosim: $(COSIM_STAMP)

# Bit-exactness: >= 1000 random vectors per scheme x K x {ideal, SRAM, ReRAM},
# edge cases, layers larger than one array, bad command lines.
test-cosim: $(COSIM_STAMP) $(BSXSIM)
	COSIM=$(abspath $(COSIM)) BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) tb/test_cosim.py

TEST_TARGETS += test-cosim test-cosim-quick

# The quick check of the RTL-change loop (make check-rtl): ideal mode only,
# on the quick flavour of the four default models.
test-cosim-quick: $(COSIM_QUICK_STAMP) $(BSXSIM)
	BSX_COSIM_FLAVOUR=quick COSIM=$(abspath $(COSIM)) BSXSIM=$(abspath $(BSXSIM)) \
	  $(PYTHON) tb/test_cosim.py --quick

# The co-simulation's main job (make run): both schemes, 8 and 64 ADCs, on a
# built-in workload with an analog preset, then the latency table.
cosim-demo: $(COSIM_STAMP) $(STA_JSON)
	$(PYTHON) scripts/cosim_demo.py --cosim $(COSIM)
	$(PYTHON) scripts/latency.py --cosim $(COSIM) --bsxsim $(BSXSIM) --out $(BUILD)/latency --no-sweep
	@echo "waves: make waves; gtkwave waves/binsparx.fst waves/flip_path.gtkw"

# The same macro (BinSparX, K = 8) verilated without SystemC and driven by a
# bare C++ loop with ideal comparators: the speed reference for the cosim.
BARE_LOOP := $(VL_DIR)/bare/bench_bare_loop
$(BARE_LOOP): tb/bench_bare_loop.cpp $(COSIM_RTL) $(REF_LIB) $(MODEL_LIB) $(BSXSIM) | deps
	@rm -rf $(VL_DIR)/bare && mkdir -p $(VL_DIR)/bare
	$(VERILATOR) --cc --exe --build -j 2 --x-assign fast --x-initial fast \
	  --top-module bsx_macro --prefix Vbsx_macro_bare $(call rtl_gflags,--scheme binsparx --adcs 8) \
	  -MAKEFLAGS "$(VL_OPT)" -CFLAGS "-std=gnu++17 -I$(abspath models) -I$(abspath src) -I$(abspath sim) \
	    $$($(BSXSIM) config --scheme binsparx --adcs 8 --params | sed 's/[^ ]*/-DBSX_&/g')" \
	  -Mdir $(VL_DIR)/bare -o bench_bare_loop $(COSIM_RTL) $(abspath tb/bench_bare_loop.cpp) \
	  $(abspath $(REF_LIB)) $(abspath $(MODEL_LIB))

bench-cosim: $(COSIM_STAMP) $(BARE_LOOP)
	$(PYTHON) tb/bench_cosim.py --cosim $(COSIM) --bare $(BARE_LOOP)

BENCH_TARGETS += bench-cosim
