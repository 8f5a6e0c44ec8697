# Validation of the column solver against ngspice, the solver-vs-ngspice
# benchmark, static timing, the latency study and the energy/area study.
# Included by the top Makefile after sim/rules.mk (COSIM_STAMP, STA_JSON).
#
#   make sta           Yosys + OpenSTA on the default design points (build/sta/)
#   make latency       baseline vs BinSparX per configuration and the K sweep
#   make validate      every preset, 50 patterns each; every preset with the
#                      sink at the driver end (20 patterns each); every
#                      preset at 256 rows (10 patterns each)
#   make test-ngspice  every preset, 8 patterns each; two presets with a
#                      same-end sink of zero resistance; the guards of the
#                      ngspice output parser (part of make test)
#   make bench-solver  C solves/s vs ngspice OP solves/s (part of make bench)
#   make test-energy   energy and area models against hand-computed cases,
#                      through bsxsim-cosim too (part of make test)
#   make study-overhead  the paper's Table I measured: energy, latency, area
#                      (OVERHEAD_FLAGS: more options of scripts/study_overhead.py)
#                      (build/overhead/overhead.{json,png}; docs/energy-area.md)
#   make check-activity  the logic-activity estimate of the energy model
#                      against a gate-level replay (Icarus) of the same runs

SPICE_SCRIPTS := scripts/spice_column.py scripts/column_patterns.py \
                 scripts/validate_ngspice.py
VALIDATE       = $(PYTHON) scripts/validate_ngspice.py \
                 --bsxsim $(abspath $(BSXSIM)) --ngspice $(NGSPICE)

.PHONY: test-ngspice bench-solver

validate: deps $(BSXSIM) $(SPICE_SCRIPTS)
	$(VALIDATE) --presets all --patterns-per-preset 50
	$(VALIDATE) --presets all --patterns-per-preset 20 --set sink_same_end=1
	$(VALIDATE) --presets all --patterns-per-preset 10 --rows 256

test-ngspice: deps $(BSXSIM) $(SPICE_SCRIPTS) tb/spice/test_spice_output.py
	NGSPICE=$(NGSPICE) $(PYTHON) tb/spice/test_spice_output.py
	$(VALIDATE) --quick
	$(VALIDATE) --quick --presets sram-m6-1ua,reram-m6-1ua \
	  --set sink_same_end=1 --set r_sink=0

bench-solver: deps $(BSXSIM) $(BUILD)/bench_column $(SPICE_SCRIPTS) \
              scripts/bench_solver.py
	$(PYTHON) scripts/bench_solver.py --bench $(BUILD)/bench_column \
	  --bsxsim $(abspath $(BSXSIM)) --ngspice $(NGSPICE)

TEST_TARGETS  += test-ngspice
BENCH_TARGETS += bench-solver

ENERGY_SCRIPTS := scripts/energy_digital.py scripts/energy_model.py scripts/vcd_activity.py \
                  scripts/case_cost.py scripts/study_overhead.py scripts/study_bnn_energy.py \
                  $(STA_SCRIPTS)

.PHONY: test-energy study-overhead study-bnn-energy check-activity

test-energy: deps $(COSIM_STAMP) $(BSXSIM) $(ENERGY_SCRIPTS) tb/test_energy.py
	COSIM=$(abspath $(COSIM)) BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) tb/test_energy.py

study-overhead: deps $(COSIM_STAMP) $(STA_JSON) $(ENERGY_SCRIPTS)
	$(PYTHON) scripts/study_overhead.py --cosim $(COSIM) --sta $(BUILD)/sta --out $(BUILD)/overhead \
	  $(OVERHEAD_FLAGS)

# Energy per inference of the trained BNNs (scripts/bnn/*): the overhead
# study's per-VMM energy measured on their own binary layers.
study-bnn-energy: deps $(COSIM_STAMP) $(BSXSIM) $(STA_JSON) $(ENERGY_SCRIPTS)
	$(PYTHON) scripts/study_bnn_energy.py --bsxsim $(BSXSIM) --cosim $(COSIM) --sta $(BUILD)/sta \
	  --out $(BUILD)/study/bnn-energy $(BNN_ENERGY_FLAGS)

ACTIVITY_DIR   := $(BUILD)/activity
ACTIVITY_CASES := binsparx:8 baseline:64
check-activity: deps $(COSIM_STAMP) $(STA_JSON) $(ENERGY_SCRIPTS) scripts/gate_activity.py
	@mkdir -p $(ACTIVITY_DIR)
	$(PYTHON) scripts/random_layer.py --rows 64 --cols 64 --batch 32 --seed 3 --out $(ACTIVITY_DIR)/rand
	@set -e; for c in $(ACTIVITY_CASES); do s=$${c%%:*}; k=$${c##*:}; n=$${s}_k$$k; \
	  echo "== $$n (sram-m3-1ua, 32 random vectors)"; \
	  SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 $(COSIM) --weights $(ACTIVITY_DIR)/rand_W.npy \
	    --inputs $(ACTIVITY_DIR)/rand_X.npy --out $(ACTIVITY_DIR)/$$n.npy --scheme $$s --adcs $$k \
	    --preset sram-m3-1ua --trace $(ACTIVITY_DIR)/$$n.fst > /dev/null; \
	  $(PYTHON) scripts/gate_activity.py --trace $(ACTIVITY_DIR)/$$n.fst \
	    --netlist $(BUILD)/sta/$$n.v --hier $(BUILD)/sta/$$n.json --work $(ACTIVITY_DIR)/$$n; done

TEST_TARGETS += test-energy

.PHONY: sta latency

# Minimum clock period and worst path of the peripherals, per scheme and K,
# from Yosys + OpenSTA on the ASAP7 liberty scripts/liberty.py writes from
# scripts/asap7_cells.csv and asap7_flops.csv (results in build/sta/).
$(STA_JSON): $(COSIM_RTL) $(STA_SCRIPTS) $(BSXSIM) | deps
	$(PYTHON) scripts/sta.py --yosys $(YOSYS) --sta $(STA) --out $(BUILD)/sta

sta: $(BSXSIM) | deps
	$(PYTHON) scripts/sta.py --yosys $(YOSYS) --sta $(STA) --out $(BUILD)/sta

# Baseline vs BinSparX on a list of configurations (scripts/latency.py
# --config specs, e.g. make latency LATENCY_CONFIGS="adcs=8 rows=128,adcs=16";
# default the paper's 8 and 64 ADCs) and the sweep of K = 4..64 for N = 64
# and 128: table, build/latency/sweep.{csv,png}. Each new configuration is
# built on first use (about a minute each; 20 for the whole sweep).
LATENCY_CONFIGS ?=
latency: $(COSIM_STAMP)
	$(PYTHON) scripts/latency.py --cosim $(COSIM) --bsxsim $(BSXSIM) --out $(BUILD)/latency \
	  $(addprefix --config ,$(LATENCY_CONFIGS))
