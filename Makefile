# BinSparX macro simulator: top-level build.
#
# C code: models/*.c form libbsxmodels.a, src/*.c the reference library
# libbsx.a (what sim/ links too), and src/cli/*.c the `bsxsim` command line
# on top of both (libbsx.a carries no command-line code). Every
# tb/test_*.c is a Check test program linked against sanitized (ASan+UBSan)
# builds of both libraries and the shared harness tb/tb_*.c; every
# tb/bench_*.c a benchmark against the optimized ones. RTL, co-simulation and study rules live in the rules.mk of
# their folders and add themselves to TEST_TARGETS / BENCH_TARGETS.

# Installing and building are two steps. A plain `make GOAL` runs
# scripts/install-deps.sh first and then re-invokes make with BSX_DEPS_READY=1,
# so that no variable below (pkg-config, verilator --getenv, ...) is evaluated
# before the Debian packages exist: the first `make run` or `make test` on a
# fresh Debian 12 works (make fresh-check proves it). Goals that need no tools
# (clean, fresh-check) skip the installer. `make BSX_DEPS_READY=1 GOAL` skips
# it too, for machines set up by hand.
BSX_NO_DEPS_GOALS := clean fresh-check
BSX_GOALS := $(or $(MAKECMDGOALS),all)

BSX_TOOL_GOALS := $(filter-out $(BSX_NO_DEPS_GOALS),$(BSX_GOALS))
ifeq ($(BSX_DEPS_READY),)
ifneq ($(BSX_TOOL_GOALS),)
BSX_INSTALL_FIRST := yes
endif
endif

ifdef BSX_INSTALL_FIRST
.PHONY: $(BSX_GOALS) bsx-install-then-build
$(BSX_GOALS): bsx-install-then-build ; @:
bsx-install-then-build:
	@bash scripts/install-deps.sh
	@$(MAKE) --no-print-directory BSX_DEPS_READY=1 $(MAKECMDGOALS)
else
CC        ?= gcc
CXX       ?= g++
PYTHON    ?= /usr/bin/python3
VERILATOR ?= verilator
YOSYS     ?= yosys
STA       ?= sta
NGSPICE   ?= ngspice

BUILD := build
ASAN  := $(BUILD)/asan

WARN      := -Wall -Wextra -Werror
CPPFLAGS  := -Imodels -Isrc -D_POSIX_C_SOURCE=200809L
# No fused multiply-add contraction anywhere: the batched column solver
# must round exactly as the scalar one, whatever -m flags a file gets.
CFLAGS    := -std=c11 $(WARN) -O2 -g -pthread -MMD -MP -ffp-contract=off
SANFLAGS  := -std=c11 $(WARN) -O1 -g -pthread -MMD -MP -ffp-contract=off \
             -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=all
# Asked in the recipe (shell substitution), not when make parses: on a fresh
# machine the installer has not run yet at parse time.
CHECK_LIBS = $$(pkg-config --libs check)
LDLIBS    := -ljansson -lz -lm -pthread

MODEL_SRCS := $(wildcard models/*.c)
LIB_SRCS   := $(wildcard src/*.c)
CLI_SRCS   := $(wildcard src/cli/*.c)
TEST_SRCS  := $(wildcard tb/test_*.c)
TB_UTIL_SRCS := $(wildcard tb/tb_*.c)
BENCH_SRCS := $(wildcard tb/bench_*.c)

MODEL_OBJS      := $(MODEL_SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS        := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MODEL_ASAN_OBJS := $(MODEL_SRCS:%.c=$(ASAN)/%.o)
LIB_ASAN_OBJS   := $(LIB_SRCS:%.c=$(ASAN)/%.o)
CLI_OBJS        := $(CLI_SRCS:%.c=$(BUILD)/%.o)
CLI_ASAN_OBJS   := $(CLI_SRCS:%.c=$(ASAN)/%.o)
TB_UTIL_OBJS    := $(TB_UTIL_SRCS:%.c=$(ASAN)/%.o)
TEST_BINS       := $(TEST_SRCS:tb/%.c=$(ASAN)/%)
BENCH_BINS      := $(BENCH_SRCS:tb/%.c=$(BUILD)/%)

# SIMD set of the batched column solver, chosen at build time from what the
# compiler and this CPU support (override: make BATCH_SIMD=-mavx2, or empty
# for the generic path). Its vector types are wider than some paths'
# registers; all its functions are file-local, so GCC's note that passing
# them would change the ABI does not apply (-Wno-psabi).
# The scalar chain engine is built with the same flags: the solver's
# multiply-adds (models/madd.h) are then fused there exactly where they are
# in the batch, which stays bit-identical to it. Only these two: the device
# models' libm-heavy code ran 6x slower under ASan with AVX-512 flags.
BATCH_SIMD ?= $(shell sh scripts/simd_flags.sh $(CC))
SOLVER_OBJS := models/column_batch.o models/column_chain.o
$(addprefix $(BUILD)/,$(SOLVER_OBJS)): CFLAGS += $(BATCH_SIMD)
$(addprefix $(ASAN)/,$(SOLVER_OBJS)): SANFLAGS += $(BATCH_SIMD)
# The flags the solver was last built with: a make with other BATCH_SIMD
# rebuilds it (the file changes only when they do).
BATCH_SIMD_STAMP := $(BUILD)/batch-simd.flags
$(BATCH_SIMD_STAMP): FORCE
	@mkdir -p $(dir $@)
	@echo '$(BATCH_SIMD)' | cmp -s - $@ || echo '$(BATCH_SIMD)' > $@
.PHONY: FORCE
FORCE:
$(addprefix $(BUILD)/,$(SOLVER_OBJS)) $(addprefix $(ASAN)/,$(SOLVER_OBJS)): $(BATCH_SIMD_STAMP)
$(BUILD)/models/column_batch.o: CFLAGS += -Wno-psabi
$(ASAN)/models/column_batch.o: SANFLAGS += -Wno-psabi

MODEL_LIB := $(BUILD)/libbsxmodels.a
REF_LIB   := $(BUILD)/libbsx.a
BSXSIM    := $(BUILD)/bsxsim
BSXSIM_ASAN := $(ASAN)/bsxsim

TEST_TARGETS  :=
BENCH_TARGETS :=

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all deps run deviation test test-c bench lint synth waves latency validate clean fresh-check

all: $(BSXSIM)

# Installed by the outer make (above) before this part is read.
deps:

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(ASAN)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SANFLAGS) -c $< -o $@

$(MODEL_LIB): $(MODEL_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(REF_LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BSXSIM): $(CLI_OBJS) $(REF_LIB) $(MODEL_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The program itself under ASan+UBSan: the CLI tests (hostile input) run it.
$(BSXSIM_ASAN): $(CLI_ASAN_OBJS) $(LIB_ASAN_OBJS) $(MODEL_ASAN_OBJS)
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(ASAN)/test_%: $(ASAN)/tb/test_%.o $(TB_UTIL_OBJS) $(LIB_ASAN_OBJS) $(MODEL_ASAN_OBJS)
	$(CC) $(SANFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/bench_%: $(BUILD)/tb/bench_%.o $(REF_LIB) $(MODEL_LIB)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Check tests under AddressSanitizer + UndefinedBehaviorSanitizer; the CLI
# tests run the sanitized bsxsim too. Each program prints Check's summary
# line; any failure stops the run.
test-c: $(TEST_BINS) $(BSXSIM_ASAN)
	@set -e; for t in $(abspath $(TEST_BINS)); do echo "== $${t#$(CURDIR)/}"; \
	  BSXSIM=$(abspath $(BSXSIM_ASAN)) $$t; done

TEST_TARGETS += test-c

-include $(wildcard models/rules.mk src/rules.mk tb/rules.mk rtl/rules.mk tb/rtl/rules.mk \
  sim/rules.mk scripts/rules.mk scripts/bnn/rules.mk waves/rules.mk)

test: deps all $(TEST_TARGETS)

bench: deps $(BENCH_BINS) $(BENCH_TARGETS)
	@set -e; for b in $(abspath $(BENCH_BINS)); do echo "== $${b#$(CURDIR)/}"; $$b; done

# The main job: co-simulate baseline and BinSparX with 8 and 64 ADCs on the
# built-in workload (bit-exactness and the latency table; sim/rules.mk).
run: deps all cosim-demo

# The current-deviation study of docs/design.md section 3 on the default preset.
deviation: deps all
	$(BSXSIM) study deviation --preset sram-m6-1ua --samples 1000 --out $(BUILD)/deviation-sram-m6-1ua

clean:
	rm -rf $(BUILD) obj_dir

# The README's quick start, first try, on clean Debian 12 roots (debootstrap;
# root and network needed; not part of make test). See scripts/fresh-machine.sh.
fresh-check:
	bash scripts/fresh-machine.sh

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

endif
