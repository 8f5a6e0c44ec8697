# Co-simulation (build/bsxsim-cosim), its tests, static timing, latency study
# and waves. Included by the top Makefile.
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

.PHONY: cosim sta test-cosim test-cosim-quick cosim-demo bench-cosim

cosim: $(COSIM_STAMP)

# Minimum clock period and worst path of the peripherals, per scheme and K,
# from Yosys + OpenSTA on the ASAP7 liberty scripts/liberty.py writes from
# scripts/asap7_cells.csv and asap7_flops.csv (results in build/sta/).
STA_JSON := $(BUILD)/sta/sta.json
$(STA_JSON): $(COSIM_RTL) $(STA_SCRIPTS) $(BSXSIM) | deps
	$(PYTHON) scripts/sta.py --yosys $(YOSYS) --sta $(STA) --out $(BUILD)/sta

sta: $(BSXSIM) | deps
	$(PYTHON) scripts/sta.py --yosys $(YOSYS) --sta $(STA) --out $(BUILD)/sta

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

# Baseline vs BinSparX on a list of configurations (scripts/latency.py
# --config specs, e.g. make latency LATENCY_CONFIGS="adcs=8 rows=128,adcs=16";
# default the paper's 8 and 64 ADCs) and the sweep of K = 4..64 for N = 64
# and 128: table, build/latency/sweep.{csv,png}. Each new configuration is
# built on first use (about a minute each; 20 for the whole sweep).
LATENCY_CONFIGS ?=
latency: $(COSIM_STAMP)
	$(PYTHON) scripts/latency.py --cosim $(COSIM) --bsxsim $(BSXSIM) --out $(BUILD)/latency \
	  $(addprefix --config ,$(LATENCY_CONFIGS))

# A short BinSparX run showing an activation flip, a column flip, both and
# a clip (waves/binsparx.fst), the same inputs on the baseline with 64 ADCs
# (waves/baseline.fst), and a screenshot of the first in GTKWave (xvfb) in
# build/waves/. Tracked files are left alone: `make waves-screenshot`
# copies the screenshot over the README's waves/screenshot.png.
WAVES_RUN = $(COSIM) --weights $(BUILD)/waves/w.npy --inputs $(BUILD)/waves/x.npy --ideal
waves: $(COSIM_STAMP)
	$(PYTHON) scripts/wave_inputs.py $(BUILD)/waves
	$(WAVES_RUN) --out $(BUILD)/waves/y.npy --scheme binsparx --adcs 8 --trace waves/binsparx.fst
	$(WAVES_RUN) --out $(BUILD)/waves/yb.npy --scheme baseline --adcs 64 --trace waves/baseline.fst
	xvfb-run -a -s "-screen 0 1600x900x24" sh scripts/screenshot.sh waves/binsparx.fst \
	  waves/flip_path.gtkw $(BUILD)/waves/screenshot.png
	@echo "view: gtkwave waves/binsparx.fst waves/flip_path.gtkw   (or waves/adc_bank.gtkw)"
	@echo "      gtkwave waves/baseline.fst waves/baseline.gtkw"
	@echo "screenshot: $(BUILD)/waves/screenshot.png (make waves-screenshot puts it in the README)"

.PHONY: waves-screenshot
waves-screenshot: waves
	cp $(BUILD)/waves/screenshot.png waves/screenshot.png

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
