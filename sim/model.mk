# The co-simulation's build definitions, and the build of one configuration's
# model binary. Included by sim/rules.mk for the definitions (and the shared
# objects); run on its own by build/bsxsim-cosim on the first use of a
# configuration (sim/cosim_launcher.cpp):
#
#   make -f sim/model.mk BUILD=/abs/build NAME=binsparx_n64_m64_k8_b5_t2_s1_ow9 \
#        PARAMS="SCHEME=1 N=64 ..." build/vl/NAME/bsxsim-cosim-model build/vl/NAME/sta/sta.json
#
# NAME and PARAMS come from `bsxsim config` (src/rtl_config.c), never by hand.
# Per configuration, in build/vl/NAME/: obj/ (verilated bsx_macro, class
# Vbsx_macro), cosim_model.o (sim/cosim_model.cpp with the port widths),
# bsxsim-cosim-model (linked with the shared sim objects and the Verilator
# runtime, both compiled once) and sta/ (scripts/sta.py on this
# configuration; a failed STA is recorded there, not fatal).
#
# FLAVOUR=quick (the RTL-change loop, make check-rtl): the same model from
# the same sources, compiled at -O0 into build/vl-quick/NAME/, without static
# timing; a few seconds instead of about a minute. The full flavour (make
# test, make run, every study) is the -O2 model with its STA.
#
# The verilated C++ is compiled as one translation unit (VM_PARALLEL_BUILDS=0):
# every file Verilator writes includes the SystemC headers, which cost more
# than the design's own code to parse. Through ccache when it is installed
# (cache in build/ccache): an edit that leaves a configuration's verilated
# code unchanged (a touch, a block the configuration does not use) compiles
# nothing.

BUILD     ?= build
VERILATOR ?= verilator
PYTHON    ?= /usr/bin/python3
YOSYS     ?= yosys
STA       ?= sta

VL_DIR      := $(BUILD)/vl
FLAVOUR     ?= full
# Verilator's root, asked in the recipe (shell substitution), not when make
# parses: on a fresh machine Verilator is not installed yet at parse time.
VL_ROOT      = $$($(VERILATOR) --getenv VERILATOR_ROOT)
VL_OPT      := OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2
# ccache if installed (asked in the recipe: not installed yet at parse time
# on a fresh machine), else nothing
VL_CCACHE    = export CCACHE_DIR=$(abspath $(BUILD))/ccache OBJCACHE=$$(command -v ccache)
VL_RUNTIME  := $(addprefix $(VL_DIR)/runtime/,verilated.o verilated_fst_c.o verilated_threads.o)
COSIM_RTL   := $(sort $(wildcard rtl/bsx_*.sv))
COSIM_SHARED_OBJS := $(addprefix $(BUILD)/sim/,$(addsuffix .o,cosim_main cosim_job \
                     cosim_options cosim_report energy_report scoreboard tile_current_cache))
COSIM_C_LIBS := $(BUILD)/libbsx.a $(BUILD)/libbsxmodels.a
# static timing of the default design points (make sta, scripts/rules.mk)
STA_JSON     := $(BUILD)/sta/sta.json
STA_SCRIPTS  := scripts/sta.py scripts/liberty.py scripts/asap7_cells.py scripts/netlist_blocks.py \
                scripts/asap7_cells.csv scripts/asap7_flops.csv
SIM_CXXFLAGS = -std=gnu++17 -O2 -g -Wall -Wextra -Werror -MMD -MP -pthread \
               -DVM_SC=1 -DVM_TRACE=1 -DVM_TRACE_FST=1 -DVM_COVERAGE=0 -DVM_TRACE_VCD=0 \
               -Isim -Imodels -Isrc -isystem $(VL_ROOT)/include -isystem $(VL_ROOT)/include/vltstd

$(BUILD)/sim/%.o: sim/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(SIM_CXXFLAGS) -c $< -o $@

ifdef NAME
ifeq ($(FLAVOUR),quick)
MODEL_DIR := $(BUILD)/vl-quick/$(NAME)
MODEL_OPT := OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0
MODEL_CXXOPT := -O0
else ifeq ($(FLAVOUR),full)
MODEL_DIR := $(VL_DIR)/$(NAME)
MODEL_OPT := $(VL_OPT)
MODEL_CXXOPT :=
else
$(error FLAVOUR=$(FLAVOUR): full or quick)
endif
MODEL_OBJ := $(MODEL_DIR)/obj

.DELETE_ON_ERROR:

$(MODEL_OBJ)/Vbsx_macro__ALL.a: $(COSIM_RTL)
	@rm -rf $(MODEL_OBJ) && mkdir -p $(MODEL_OBJ)
	$(VERILATOR) --sc --pins-bv 2 --trace-fst --x-assign fast --x-initial fast \
	  --top-module bsx_macro --prefix Vbsx_macro $(addprefix -G,$(PARAMS)) \
	  -Mdir $(MODEL_OBJ) $(COSIM_RTL)
	$(VL_CCACHE); $(MAKE) -s -C $(MODEL_OBJ) -f Vbsx_macro.mk $(MODEL_OPT) VM_PARALLEL_BUILDS=0 \
	  Vbsx_macro__ALL.a

# The Verilator runtime, once for every model of either flavour, built with
# the full models' flags.
$(VL_RUNTIME) &: | $(MODEL_OBJ)/Vbsx_macro__ALL.a
	$(MAKE) -s -C $(MODEL_OBJ) -f Vbsx_macro.mk $(VL_OPT) \
	  verilated.o verilated_fst_c.o verilated_threads.o
	@mkdir -p $(VL_DIR)/runtime
	cp $(addprefix $(MODEL_OBJ)/,verilated.o verilated_fst_c.o verilated_threads.o) $(VL_DIR)/runtime/

$(MODEL_DIR)/cosim_model.o: sim/cosim_model.cpp $(MODEL_OBJ)/Vbsx_macro__ALL.a
	$(VL_CCACHE); $$OBJCACHE $(CXX) $(SIM_CXXFLAGS) $(MODEL_CXXOPT) -I$(MODEL_OBJ) $(foreach p,$(PARAMS),-DBSX_$(p)) \
	  -DBSX_PARAMS='"$(PARAMS)"' -c $< -o $@

$(MODEL_DIR)/bsxsim-cosim-model: $(MODEL_DIR)/cosim_model.o $(COSIM_SHARED_OBJS) \
                                 $(MODEL_OBJ)/Vbsx_macro__ALL.a $(VL_RUNTIME) $(COSIM_C_LIBS)
	$(CXX) -pthread -o $@ $^ -lsystemc -lz -latomic -lm

# Static timing of this configuration; a failure is written into sta.json
# (scripts/sta.py exits non-zero then, which does not stop the build).
$(MODEL_DIR)/sta/sta.json: $(COSIM_RTL) $(STA_SCRIPTS)
	-$(PYTHON) scripts/sta.py --yosys $(YOSYS) --sta $(STA) --out $(MODEL_DIR)/sta --case "$(NAME):$(PARAMS)"

-include $(MODEL_DIR)/cosim_model.d
endif
