# Validation of the column solver against ngspice, and the solver-vs-ngspice
# benchmark. Included by the top Makefile.
#
#   make validate      every preset, 50 patterns each (full table, issue 2)
#   make test-ngspice  the ngspice output parser's guards (part of make test)

SPICE_SCRIPTS := scripts/spice_column.py scripts/column_patterns.py \
                 scripts/validate_ngspice.py
VALIDATE_ARGS  = --bsxsim $(abspath $(BSXSIM)) --ngspice $(NGSPICE)

.PHONY: test-ngspice

validate: deps $(BSXSIM) $(SPICE_SCRIPTS)
	$(PYTHON) scripts/validate_ngspice.py --presets all \
	  --patterns-per-preset 50 $(VALIDATE_ARGS)

test-ngspice: deps $(SPICE_SCRIPTS) tb/spice/test_spice_output.py
	NGSPICE=$(NGSPICE) $(PYTHON) tb/spice/test_spice_output.py

TEST_TARGETS += test-ngspice
