# RTL of the macro's digital peripherals: lint and synthesis. Included by the
# top Makefile (the per-block benches: tb/rtl/rules.mk).
#
#   make lint      verilator --lint-only -Wall on every module and on the top
#                  for both schemes, K = 8 and K = 64
#   make synth     Yosys `synth -top bsx_macro` per scheme (the default
#                  configuration of `bsxsim config`): build/synth/
#                  bsx_macro_<scheme>.json, .log and .stat; fails on any warning

RTL_SRCS    := $(sort $(wildcard rtl/bsx_*.sv))
SYNTH_BUILD := $(BUILD)/synth

.PHONY: lint synth

# --------------------------------------------------------------------- lint
# Each block on its own (its default parameters), then the top per design
# point with every parameter from `bsxsim config`, then the bare top: its
# defaults must be bsxsim config's default macro. Last, the result width OW
# of C (bsx_rtl_min_out_bits) against bsx_post_process's check
# (tb/rtl/test_out_width.sh).
RTL_MODULES    := $(basename $(notdir $(RTL_SRCS)))
RTL_LINT_TOPS  := baseline:8 baseline:64 binsparx:8 binsparx:64
# the Verilog parameters of one configuration as -G flags: $(1) bsxsim config options
rtl_gflags = $$($(BSXSIM) config $(1) --params | sed 's/[^ ]*/-G&/g')

lint: $(BSXSIM) | deps
	@set -e; for m in $(filter-out bsx_macro,$(RTL_MODULES)); do \
	  echo "lint $$m"; \
	  $(VERILATOR) --lint-only -Wall --top-module $$m $(RTL_SRCS); done; \
	for p in $(RTL_LINT_TOPS); do s=$${p%%:*}; k=$${p##*:}; \
	  g="$(call rtl_gflags,--scheme $$s --adcs $$k)"; \
	  echo "lint bsx_macro $$g"; \
	  $(VERILATOR) --lint-only -Wall --top-module bsx_macro $$g $(RTL_SRCS); done; \
	echo "lint bsx_macro (its own defaults)"; \
	$(VERILATOR) --lint-only -Wall --top-module bsx_macro $(RTL_SRCS); \
	want="$$($(BSXSIM) config --params | tr ' ' '\n')"; \
	have="$$(sed -n 's/^  parameter int \([A-Z_]*\) *= *\([0-9][0-9]*\).*/\1=\2/p' rtl/bsx_macro.sv)"; \
	[ "$$want" = "$$have" ] || { echo "rtl/bsx_macro.sv: parameter defaults '$$(echo $$have)' differ from bsxsim config's '$$(echo $$want)' (src/macro_defaults.h)" >&2; exit 1; }; \
	sh tb/rtl/test_out_width.sh $(BSXSIM) $(VERILATOR) $(RTL_SRCS)

# -------------------------------------------------------------------- synth
SYNTH_SCHEMES := baseline binsparx

# Prints generic-gate cells per module (one instance each) and the total.
synth: $(SYNTH_SCHEMES:%=$(SYNTH_BUILD)/bsx_macro_%.stat)
	@for s in $(SYNTH_SCHEMES); do echo "== $$s (default configuration of bsxsim config; cells of one instance, design = all)"; \
	  awk '/^=== /{m=$$2; if (match(m, /bsx_[a-z_]+/)) m=substr(m, RSTART, RLENGTH)} \
	       /Number of cells/{printf "  %-22s %6d cells\n", m, $$4}' \
	      $(SYNTH_BUILD)/bsx_macro_$$s.stat; done

$(SYNTH_BUILD)/bsx_macro_%.stat: rtl/synth.tcl $(RTL_SRCS) $(BSXSIM) | deps
	@mkdir -p $(SYNTH_BUILD)
	PARAMS="$$($(BSXSIM) config --scheme $* --params)" OUT=$(SYNTH_BUILD)/bsx_macro_$* RTL="$(RTL_SRCS)" \
	  $(YOSYS) -q -l $(SYNTH_BUILD)/bsx_macro_$*.log -c rtl/synth.tcl
	@if grep -i "warning" $(SYNTH_BUILD)/bsx_macro_$*.log; then \
	  echo "synth: Yosys warnings for $* (above)" >&2; rm -f $@; exit 1; fi
	@sed -n '/Printing statistics/,$$p' $(SYNTH_BUILD)/bsx_macro_$*.log > $@.tmp && mv $@.tmp $@

TEST_TARGETS += lint synth
