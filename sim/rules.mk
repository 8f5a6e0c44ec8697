# Co-simulation (build/bsxsim-cosim), its tests, static timing, latency study
# and waves. Included by the top Makefile.
#
# Four verilated models of rtl/bsx_macro.v (N = M = 64): baseline / binsparx
# x K = 8 / 64 ADCs, each a library with its own class prefix
# (Vbsx_macro_<scheme>_k<K>), linked with one copy of the Verilator runtime
# into the single SystemC program.

VL_DIR        := $(BUILD)/vl
COSIM         := $(BUILD)/bsxsim-cosim
COSIM_MODELS  := baseline_k8 baseline_k64 binsparx_k8 binsparx_k64
COSIM_RTL     := $(sort $(wildcard rtl/bsx_*.v))
# Verilator's root, asked in the recipe (shell substitution), not when make
# parses: on a fresh machine Verilator is not installed yet at parse time.
VL_ROOT        = $$($(VERILATOR) --getenv VERILATOR_ROOT)
VL_OPT        := OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2
VL_RUNTIME    := $(addprefix $(VL_DIR)/runtime/,verilated.o verilated_fst_c.o verilated_threads.o)
SIM_SRCS      := $(filter-out sim/bench_%.cpp,$(wildcard sim/*.cpp))
SIM_OBJS      := $(SIM_SRCS:sim/%.cpp=$(BUILD)/sim/%.o)
SIM_CXXFLAGS   = -std=gnu++17 -O2 -g -Wall -Wextra -Werror -MMD -MP -pthread \
                 -DVM_SC=1 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_COVERAGE=0 -DVM_TRACE_VCD=0 \
                 -Isim -Imodels -Isrc -isystem $(VL_ROOT)/include -isystem $(VL_ROOT)/include/vltstd \
                 $(addprefix -I$(VL_DIR)/,$(COSIM_MODELS))

vl_scheme = $(if $(findstring binsparx,$(1)),1,0)
vl_adcs   = $(lastword $(subst _k, ,$(1)))

# One verilated model: $(1) = baseline_k8 ...
define VL_MODEL
$(VL_DIR)/$(1)/Vbsx_macro_$(1)__ALL.a: $(COSIM_RTL) | deps
	@rm -rf $(VL_DIR)/$(1) && mkdir -p $(VL_DIR)/$(1)
	$(VERILATOR) --sc --pins-bv 2 --trace-fst --x-assign fast --x-initial fast \
	  --top-module bsx_macro --prefix Vbsx_macro_$(1) \
	  -GSCHEME=$(call vl_scheme,$(1)) -GN=64 -GM=64 -GK=$(call vl_adcs,$(1)) -GOW=10 \
	  -Mdir $(VL_DIR)/$(1) $(COSIM_RTL)
	+$(MAKE) -s -C $(VL_DIR)/$(1) -f Vbsx_macro_$(1).mk $(VL_OPT) Vbsx_macro_$(1)__ALL.a
$(VL_DIR)/$(1)/Vbsx_macro_$(1).h: $(VL_DIR)/$(1)/Vbsx_macro_$(1)__ALL.a
endef
$(foreach m,$(COSIM_MODELS),$(eval $(call VL_MODEL,$(m))))

VL_LIBS    := $(foreach m,$(COSIM_MODELS),$(VL_DIR)/$(m)/Vbsx_macro_$(m)__ALL.a)
VL_HEADERS := $(foreach m,$(COSIM_MODELS),$(VL_DIR)/$(m)/Vbsx_macro_$(m).h)

# The Verilator runtime, once per program, built with the models' flags.
$(VL_RUNTIME) &: $(VL_DIR)/baseline_k8/Vbsx_macro_baseline_k8__ALL.a
	+$(MAKE) -s -C $(VL_DIR)/baseline_k8 -f Vbsx_macro_baseline_k8.mk $(VL_OPT) \
	  verilated.o verilated_fst_c.o verilated_threads.o
	@mkdir -p $(VL_DIR)/runtime
	cp $(addprefix $(VL_DIR)/baseline_k8/,verilated.o verilated_fst_c.o verilated_threads.o) $(VL_DIR)/runtime/

$(BUILD)/sim/%.o: sim/%.cpp $(VL_HEADERS) | deps
	@mkdir -p $(dir $@)
	$(CXX) $(SIM_CXXFLAGS) -c $< -o $@

$(COSIM): $(SIM_OBJS) $(VL_LIBS) $(VL_RUNTIME) $(REF_LIB) $(MODEL_LIB)
	$(CXX) -pthread -o $@ $(SIM_OBJS) $(VL_LIBS) $(VL_RUNTIME) $(REF_LIB) $(MODEL_LIB) \
	  -lsystemc -lz -latomic -lm

.PHONY: cosim sta test-cosim test-cosim-quick cosim-demo bench-cosim

cosim: $(COSIM)

# Minimum clock period and worst path of the peripherals, per scheme and K,
# from Yosys + OpenSTA on the ASAP7 liberty scripts/liberty.py writes from
# scripts/asap7_cells.csv and asap7_flops.csv (results in build/sta/).
STA_JSON := $(BUILD)/sta/sta.json
STA_SCRIPTS := scripts/sta.py scripts/liberty.py scripts/asap7_cells.py scripts/netlist_blocks.py \
               scripts/asap7_cells.csv scripts/asap7_flops.csv
$(STA_JSON): $(COSIM_RTL) $(STA_SCRIPTS) | deps
	$(PYTHON) scripts/sta.py --out $(BUILD)/sta

sta: deps
	$(PYTHON) scripts/sta.py --out $(BUILD)/sta

# Bit-exactness: >= 1000 random vectors per scheme x K x {ideal, SRAM, ReRAM},
# edge cases, layers larger than one array, bad command lines.
test-cosim: $(COSIM) $(BSXSIM)
	COSIM=$(abspath $(COSIM)) BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) sim/test_cosim.py

TEST_TARGETS += test-cosim

# The quick check of the RTL-change loop (make check-rtl): ideal mode only.
test-cosim-quick: $(COSIM) $(BSXSIM)
	COSIM=$(abspath $(COSIM)) BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) sim/test_cosim.py --quick

# Baseline vs BinSparX, 8 vs 64 ADCs: cycles, ns, change, critical paths.
latency: $(COSIM) $(STA_JSON)
	$(PYTHON) scripts/latency.py --cosim $(COSIM) --sta $(STA_JSON) --out $(BUILD)/latency

# A short BinSparX run showing an activation flip, a column flip, both and
# a clip (waves/binsparx.fst), the same inputs on the baseline with 64 ADCs
# (waves/baseline.fst), and a screenshot of the first in GTKWave (xvfb) in
# build/waves/. Tracked files are left alone: `make waves-screenshot`
# copies the screenshot over the README's waves/screenshot.png.
WAVES_RUN = $(COSIM) --weights $(BUILD)/waves/w.npy --inputs $(BUILD)/waves/x.npy --ideal
waves: $(COSIM)
	$(PYTHON) sim/wave_inputs.py $(BUILD)/waves
	$(WAVES_RUN) --out $(BUILD)/waves/y.npy --scheme binsparx --adcs 8 --trace waves/binsparx.fst
	$(WAVES_RUN) --out $(BUILD)/waves/yb.npy --scheme baseline --adcs 64 --trace waves/baseline.fst
	xvfb-run -a -s "-screen 0 1600x900x24" sh sim/screenshot.sh waves/binsparx.fst \
	  waves/flip_path.gtkw $(BUILD)/waves/screenshot.png
	@echo "view: gtkwave waves/binsparx.fst waves/flip_path.gtkw   (or waves/adc_bank.gtkw)"
	@echo "      gtkwave waves/baseline.fst waves/baseline.gtkw"
	@echo "screenshot: $(BUILD)/waves/screenshot.png (make waves-screenshot puts it in the README)"

.PHONY: waves-screenshot
waves-screenshot: waves
	cp $(BUILD)/waves/screenshot.png waves/screenshot.png

# The co-simulation's main job (make run): both schemes, 8 and 64 ADCs, on a
# built-in workload with an analog preset, then the latency table.
cosim-demo: $(COSIM) $(STA_JSON)
	$(PYTHON) sim/cosim_demo.py --cosim $(COSIM)
	$(PYTHON) scripts/latency.py --cosim $(COSIM) --sta $(STA_JSON) --out $(BUILD)/latency
	@echo "waves: make waves; gtkwave waves/binsparx.fst waves/flip_path.gtkw"

# The same macro (BinSparX, K = 8) verilated without SystemC and driven by a
# bare C++ loop with ideal comparators: the speed reference for the cosim.
BARE_LOOP := $(VL_DIR)/bare/bench_bare_loop
$(BARE_LOOP): sim/bench_bare_loop.cpp $(COSIM_RTL) $(REF_LIB) $(MODEL_LIB) | deps
	@rm -rf $(VL_DIR)/bare && mkdir -p $(VL_DIR)/bare
	$(VERILATOR) --cc --exe --build -j 2 --x-assign fast --x-initial fast \
	  --top-module bsx_macro --prefix Vbsx_macro_bare -GSCHEME=1 -GN=64 -GM=64 -GK=8 -GOW=10 \
	  -MAKEFLAGS "$(VL_OPT)" -CFLAGS "-std=gnu++17 -I$(abspath models) -I$(abspath src)" \
	  -Mdir $(VL_DIR)/bare -o bench_bare_loop $(COSIM_RTL) $(abspath sim/bench_bare_loop.cpp) \
	  $(abspath $(REF_LIB)) $(abspath $(MODEL_LIB))

bench-cosim: $(COSIM) $(BARE_LOOP)
	$(PYTHON) sim/bench_cosim.py --cosim $(COSIM) --bare $(BARE_LOOP)

BENCH_TARGETS += bench-cosim
