# The per-block Verilator benches of the RTL (tb/rtl/*.cpp against the C++
# models of block_models.h) and the RTL-change loop. Included by the top
# Makefile after rtl/rules.mk (RTL_SRCS, RTL_MODULES).
#
#   make test-rtl                   every block bench (and Tally's own test)
#   make check-rtl-block BLOCK=B    the benches that compile rtl/bsx_B.sv
#   make check-rtl BLOCK=B          the same, then the quick co-simulation check

RTL_BUILD   := $(BUILD)/rtl
RTL_TB_DIR  := tb/rtl
RTL_TB_COMMON := $(abspath $(RTL_TB_DIR)/tally.cpp)
RTL_TB_DEPS := $(wildcard $(RTL_TB_DIR)/*.h) $(RTL_TB_DIR)/tally.cpp
# the shared SAR decision rule, linked into the benches as compiled C
RTL_ADC_OBJ := $(BUILD)/models/adc.o

# Benches are small models: a single compile job, light optimisation, the
# verilated code as one translation unit, through ccache when installed (as
# the co-simulation models, sim/model.mk).
RTL_VFLAGS := --cc --exe --build -j 1 -Wall --x-assign fast --x-initial fast \
              -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O1 OPT_GLOBAL=-O1 VM_PARALLEL_BUILDS=0"

.PHONY: test-rtl

# -------------------------------------------------------------- block benches
# $(1) bench name, $(2) top module, $(3) parameters "P=V ..." (Verilog -G and
# C++ -DP_ defines), $(4) bench source in tb/rtl/, $(5) the RTL blocks the
# bench compiles (rtl/bsx_BLOCK.sv; "all" for every file), $(6) extra SystemVerilog
# in tb/rtl/. A bench is rebuilt only when one of its own files changes; a
# block missing from $(5) fails the Verilator build, so the lists stay true.
rtl_files = $(if $(filter all,$(1)),$(RTL_SRCS),$(patsubst %,rtl/bsx_%.sv,$(1)))
define rtl_bench
RTL_BENCHES += $(RTL_BUILD)/$(1)/V$(2)
RTL_BENCH_NAMES += $(1)
RTL_BENCH_BIN_$(1) := $(RTL_BUILD)/$(1)/V$(2)
RTL_BENCH_BLOCKS_$(1) := $(if $(filter all,$(5)),$(RTL_MODULES:bsx_%=%),$(5))
$(RTL_BUILD)/$(1)/V$(2): $(call rtl_files,$(5)) $(RTL_TB_DIR)/$(4) $(addprefix $(RTL_TB_DIR)/,$(6)) $(RTL_TB_DEPS) $(RTL_ADC_OBJ) | deps
	@mkdir -p $(RTL_BUILD)/$(1)
	$$(VL_CCACHE); $(VERILATOR) $(RTL_VFLAGS) --top-module $(2) $(addprefix -G,$(3)) \
	  -CFLAGS "-std=gnu++17 -I$(abspath $(RTL_TB_DIR)) -I$(abspath models) $(addprefix -DP_,$(3)) -DP_LABEL='\"$(1)\"'" \
	  -Mdir $(RTL_BUILD)/$(1) -o V$(2) $(call rtl_files,$(5)) $(addprefix $(RTL_TB_DIR)/,$(6)) \
	  $(abspath $(RTL_TB_DIR)/$(4)) $(RTL_TB_COMMON) $(abspath $(RTL_ADC_OBJ)) > $(RTL_BUILD)/$(1)/build.log 2>&1 \
	  || { cat $(RTL_BUILD)/$(1)/build.log; exit 1; }
endef

RTL_BENCHES :=
RTL_BENCH_NAMES :=
$(eval $(call rtl_bench,tree_n16_s0,bsx_adder_tree,N=16 STAGES=0,tb_adder_tree.cpp,adder_tree))
$(eval $(call rtl_bench,tree_n16_s3,bsx_adder_tree,N=16 STAGES=3,tb_adder_tree.cpp,adder_tree))
$(eval $(call rtl_bench,tree_n13_s1,bsx_adder_tree,N=13 STAGES=1,tb_adder_tree.cpp,adder_tree))
$(eval $(call rtl_bench,flip_n16,tb_flip_blocks,N=16,tb_flip_blocks.cpp,half_compare row_flip row_mask sum_select,tb_flip_blocks.sv))
$(eval $(call rtl_bench,config_m12,bsx_column_config,N=16 M=12 WITH_FLIP=1,tb_column_config.cpp,column_config))
$(eval $(call rtl_bench,config_noflip,bsx_column_config,N=16 M=8 WITH_FLIP=0,tb_column_config.cpp,column_config))
$(eval $(call rtl_bench,sar_b5,bsx_sar_ctrl,B=5,tb_sar_ctrl.cpp,sar_ctrl))
$(eval $(call rtl_bench,sar_b6,bsx_sar_ctrl,B=6,tb_sar_ctrl.cpp,sar_ctrl))
$(eval $(call rtl_bench,bank_m64_k8,bsx_adc_bank,M=64 K=8 B=5,tb_adc_bank.cpp,adc_bank sar_ctrl))
$(eval $(call rtl_bench,bank_m12_k3,bsx_adc_bank,M=12 K=3 B=4,tb_adc_bank.cpp,adc_bank sar_ctrl))
$(eval $(call rtl_bench,post_n16_b5,tb_post_chain,N=16 B=5 OW=9,tb_post_process.cpp,post_offset post_process,tb_post_chain.sv))
$(eval $(call rtl_bench,post_n13_b3,tb_post_chain,N=13 B=3 OW=7,tb_post_process.cpp,post_offset post_process,tb_post_chain.sv))
# the default design points (TREE_STAGES = 2, SETTLE = 1) at K = 8; other
# pipeline depths and settle times at K = 64
MACRO_P = N=64 M=64
$(eval $(call rtl_bench,macro_base_k8,bsx_macro,SCHEME=0 K=8 B=6 OW=10 TREE_STAGES=2 SETTLE=1 $(MACRO_P),tb_macro.cpp,all))
$(eval $(call rtl_bench,macro_bsx_k8,bsx_macro,SCHEME=1 K=8 B=5 OW=9 TREE_STAGES=2 SETTLE=1 $(MACRO_P),tb_macro.cpp,all))
$(eval $(call rtl_bench,macro_base_k64,bsx_macro,SCHEME=0 K=64 B=6 OW=10 TREE_STAGES=0 SETTLE=0 $(MACRO_P),tb_macro.cpp,all))
$(eval $(call rtl_bench,macro_bsx_k64,bsx_macro,SCHEME=1 K=64 B=5 OW=9 TREE_STAGES=5 SETTLE=3 $(MACRO_P),tb_macro.cpp,all))

# Tally itself: a bench with no checks must not pass.
RTL_TALLY_TEST := $(RTL_BUILD)/test_tally

$(RTL_TALLY_TEST): $(RTL_TB_DIR)/test_tally.cpp $(RTL_TB_DEPS)
	@mkdir -p $(dir $@)
	$(CXX) -std=gnu++17 -Wall -Wextra -Werror -I$(RTL_TB_DIR) -o $@ $< $(RTL_TB_COMMON)

test-rtl: $(RTL_TALLY_TEST) $(RTL_BENCHES)
	@set -e; for b in $(abspath $(RTL_TALLY_TEST) $(RTL_BENCHES)); do $$b; done

# ------------------------------------------------------------ RTL-change loop
# make check-rtl BLOCK=adder_tree   after editing rtl/bsx_adder_tree.sv: the
# benches that compile that block (the macro benches for BLOCK=macro and for
# blocks that only they cover, e.g. post_lane),
# then the quick co-simulation check (tb/test_cosim.py --quick: ideal mode,
# both schemes, K = 8 and 64, 1000 vectors each, bad command lines).
CHECK_RTL_OWN     = $(strip $(foreach b,$(filter-out macro_%,$(RTL_BENCH_NAMES)),$(if \
                      $(filter $(BLOCK),$(RTL_BENCH_BLOCKS_$(b))),$(b))))
CHECK_RTL_BENCHES = $(or $(CHECK_RTL_OWN),$(if $(filter $(BLOCK),$(RTL_MODULES:bsx_%=%)),$(filter \
                      macro_%,$(RTL_BENCH_NAMES))))
.PHONY: check-rtl check-rtl-block
check-rtl: check-rtl-block test-cosim-quick

check-rtl-block: $(foreach b,$(CHECK_RTL_BENCHES),$(RTL_BENCH_BIN_$(b)))
	@if [ -z "$(BLOCK)" ] || [ -z "$(CHECK_RTL_BENCHES)" ]; then \
	  echo "check-rtl: BLOCK='$(BLOCK)': give the changed block, one of: $(RTL_MODULES:bsx_%=%)" >&2; exit 2; fi
	@set -e; for b in $(foreach b,$(CHECK_RTL_BENCHES),$(RTL_BENCH_BIN_$(b))); do $$b; done

TEST_TARGETS += test-rtl
