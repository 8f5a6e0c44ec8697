# Fuzzing of the .npy reader with libFuzzer (clang; Debian packages clang and
# libclang-rt-14-dev), and the check that its NumPy-written fixtures are
# reproducible. Included by the top Makefile.
#
#   make test-fuzz-npy   short deterministic run, part of `make test`
#   make fuzz-npy        longer campaign (FUZZ_SECONDS), new inputs kept in
#                        build/fuzz/npy-new; fold the useful ones into the
#                        seed corpus with the -merge=1 command it prints.
#
# Seed corpus tb/corpus/npy/: the named NumPy-written fixtures of
# scripts/make_npy_fixtures.py (good-*, bad-*, save-*) plus the inputs with
# new coverage that fuzz campaigns found (named by their SHA-1).

FUZZ_CC      ?= clang
FUZZ_RUNS    ?= 500000
FUZZ_SECONDS ?= 300
FUZZ_FLAGS   := -std=c11 $(WARN) -O1 -g \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_NPY     := $(BUILD)/fuzz/fuzz_npy
FUZZ_NPY_SRCS := tb/fuzz_npy.c src/npy.c src/npy_header.c models/safe_file.c
FUZZ_NPY_ARGS := -dict=tb/fuzz_npy.dict -max_len=4096 -print_final_stats=1 \
                 -artifact_prefix=$(BUILD)/fuzz/

.PHONY: test-fuzz-npy fuzz-npy test-npy-fixtures

$(FUZZ_NPY): $(FUZZ_NPY_SRCS) src/npy.h src/npy_header.h models/bsx_status.h models/safe_file.h | deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $(FUZZ_NPY_SRCS) -lm

# The first corpus directory is scratch (libFuzzer writes new inputs there);
# the committed seeds are only read. The log goes to a file: its statistics
# are printed on success, its tail (with the crash and the saved input) on
# failure.
test-fuzz-npy: $(FUZZ_NPY)
	@rm -rf $(BUILD)/fuzz/npy-test && mkdir -p $(BUILD)/fuzz/npy-test
	@echo "== $(FUZZ_NPY) -runs=$(FUZZ_RUNS) (log $(BUILD)/fuzz/npy-test.log)"
	@if $(FUZZ_NPY) $(FUZZ_NPY_ARGS) -seed=1 -runs=$(FUZZ_RUNS) \
	    $(BUILD)/fuzz/npy-test tb/corpus/npy > $(BUILD)/fuzz/npy-test.log 2>&1; \
	then grep -E '^(#[0-9]+.*(INITED|DONE)|Done|stat::)' $(BUILD)/fuzz/npy-test.log; \
	else tail -n 40 $(BUILD)/fuzz/npy-test.log; exit 1; fi

fuzz-npy: $(FUZZ_NPY)
	@mkdir -p $(BUILD)/fuzz/npy-new
	$(FUZZ_NPY) $(FUZZ_NPY_ARGS) -max_total_time=$(FUZZ_SECONDS) \
	  $(BUILD)/fuzz/npy-new tb/corpus/npy
	@echo "merge new coverage into the seeds with:"
	@echo "  $(FUZZ_NPY) -merge=1 tb/corpus/npy $(BUILD)/fuzz/npy-new"

# The committed fixtures are exactly what the installed NumPy writes.
test-npy-fixtures: | deps
	@rm -rf $(BUILD)/npy-fixtures
	$(PYTHON) scripts/make_npy_fixtures.py $(BUILD)/npy-fixtures
	@for f in $(BUILD)/npy-fixtures/*.npy; do \
	  cmp "$$f" "tb/corpus/npy/$${f##*/}" || exit 1; done

TEST_TARGETS += test-fuzz-npy test-npy-fixtures

# The batched column solver against the scalar one on 10^6 column solves
# (every preset, random and structured patterns; bit-identical currents),
# the long form of test_column_batch in make test.
.PHONY: test-batch-full
test-batch-full: $(ASAN)/test_column_batch
	BSX_BATCH_SOLVES=83456 $(abspath $(ASAN)/test_column_batch)

# The batch's other way of reading the cell table (models/column_batch.c,
# patch_row: by gathers where this build reads by loads and transposes, and
# the other way round) against the scalar solver: test_column_batch linked
# with column_batch.c built that way, so that make test covers both on any
# AVX2 or AVX-512 machine, whichever scripts/simd_flags.sh picks.
ifneq ($(filter -mavx2 -mavx512f,$(BATCH_SIMD)),)
TABLE_OTHER_FLAGS := $(strip $(if $(filter -DBSX_TABLE_LOADS,$(BATCH_SIMD)),\
  $(filter-out -DBSX_TABLE_LOADS,$(BATCH_SIMD)),$(BATCH_SIMD) -DBSX_TABLE_LOADS))
TABLE_OTHER := $(ASAN)/table-other
$(TABLE_OTHER)/column_batch.o: models/column_batch.c $(BATCH_SIMD_STAMP) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(SANFLAGS) $(TABLE_OTHER_FLAGS) -Wno-psabi -c $< -o $@
$(TABLE_OTHER)/test_column_batch: $(ASAN)/tb/test_column_batch.o $(TB_UTIL_OBJS) \
    $(LIB_ASAN_OBJS) $(TABLE_OTHER)/column_batch.o \
    $(filter-out $(ASAN)/models/column_batch.o,$(MODEL_ASAN_OBJS))
	$(CC) $(SANFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS)

.PHONY: test-batch-table-other
test-batch-table-other: $(TABLE_OTHER)/test_column_batch
	@echo "== $< ($(TABLE_OTHER_FLAGS))"
	$(abspath $<)

TEST_TARGETS += test-batch-table-other
endif

# Hostile command lines and output paths of bsxsim-cosim (usage errors,
# outputs equal to inputs or not regular files, a full disk under the trace).
.PHONY: test-cosim-cli

# Needs the default models built (the stamp of sim/rules.mk, COSIM_STAMP,
# not yet defined when this file is read), so no run here says "building".
test-cosim-cli: $(BUILD)/vl/defaults.stamp | deps
	COSIM=$(abspath $(BUILD)/bsxsim-cosim) $(PYTHON) tb/test_cosim_cli.py

TEST_TARGETS += test-cosim-cli

# Each committed GTKWave view (waves/*.gtkw) has unique row labels and only
# signals that exist in traces of the design points it is for.
.PHONY: test-waves
test-waves: $(BUILD)/vl/defaults.stamp | deps
	COSIM=$(abspath $(BUILD)/bsxsim-cosim) $(PYTHON) tb/test_waves.py

TEST_TARGETS += test-waves

# The latency study with its energy and area on the default models only
# (K = 8 and 64 at N = 64, 8 vectors; nothing new is built): cycles, the
# turn to slower, energy and area equal to their parts, CSV and PNG.
.PHONY: test-latency
test-latency: $(BUILD)/vl/defaults.stamp $(BSXSIM) | deps
	COSIM=$(abspath $(BUILD)/bsxsim-cosim) BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) tb/test_latency.py

TEST_TARGETS += test-latency

# The co-simulation's scoreboard against an emulated RTL side (no SystemC,
# no Verilator): it passes a faithful analog array and catches one whose
# model is wrong, word for word (it shares no state with the array). C++
# under ASan+UBSan, linked like the Check tests.
.PHONY: test-scoreboard
SCOREBOARD_TEST := $(ASAN)/test_scoreboard
SCOREBOARD_TEST_SRCS := tb/test_scoreboard.cpp sim/scoreboard.cpp sim/cosim_job.cpp \
                        sim/cosim_options.cpp sim/tile_current_cache.cpp
$(SCOREBOARD_TEST): $(SCOREBOARD_TEST_SRCS) $(wildcard sim/*.h) $(TB_UTIL_OBJS) $(LIB_ASAN_OBJS) \
                    $(MODEL_ASAN_OBJS) | deps
	$(CXX) -std=gnu++17 $(WARN) -O1 -g -pthread -fsanitize=address,undefined \
	  -fno-omit-frame-pointer -fno-sanitize-recover=all -Imodels -Isrc -Isim -Itb -o $@ \
	  $(SCOREBOARD_TEST_SRCS) $(TB_UTIL_OBJS) $(LIB_ASAN_OBJS) $(MODEL_ASAN_OBJS) \
	  $(CHECK_LIBS) $(LDLIBS)

test-scoreboard: $(SCOREBOARD_TEST)
	$(abspath $(SCOREBOARD_TEST))

TEST_TARGETS += test-scoreboard
