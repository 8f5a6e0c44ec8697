# Validation of the column solver against ngspice, and the solver-vs-ngspice
# benchmark. Included by the top Makefile.
#
#   make validate      every preset, 50 patterns each (full table, issue 2)
#   make test-ngspice  every preset, 8 patterns each, and the guards of the
#                      ngspice output parser (part of make test)
#   make bench-solver  C solves/s vs ngspice OP solves/s (part of make bench)

SPICE_SCRIPTS := scripts/spice_column.py scripts/column_patterns.py \
                 scripts/validate_ngspice.py
VALIDATE_ARGS  = --bsxsim $(abspath $(BSXSIM)) --ngspice $(NGSPICE)

.PHONY: test-ngspice bench-solver

validate: deps $(BSXSIM) $(SPICE_SCRIPTS)
	$(PYTHON) scripts/validate_ngspice.py --presets all \
	  --patterns-per-preset 50 $(VALIDATE_ARGS)

test-ngspice: deps $(BSXSIM) $(SPICE_SCRIPTS) tb/spice/test_spice_output.py
	NGSPICE=$(NGSPICE) $(PYTHON) tb/spice/test_spice_output.py
	$(PYTHON) scripts/validate_ngspice.py --quick $(VALIDATE_ARGS)

bench-solver: deps $(BSXSIM) $(BUILD)/bench_column $(SPICE_SCRIPTS) \
              scripts/bench_solver.py
	$(PYTHON) scripts/bench_solver.py --bench $(BUILD)/bench_column \
	  $(VALIDATE_ARGS)

TEST_TARGETS  += test-ngspice
BENCH_TARGETS += bench-solver
