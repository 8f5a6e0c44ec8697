# Validation of the column solver against ngspice, and the solver-vs-ngspice
# benchmark. Included by the top Makefile.
#
#   make validate    every preset, 50 patterns each (full table, issue 2)

SPICE_SCRIPTS := scripts/spice_column.py scripts/column_patterns.py \
                 scripts/validate_ngspice.py
VALIDATE_ARGS  = --bsxsim $(abspath $(BSXSIM)) --ngspice $(NGSPICE)

validate: deps $(BSXSIM) $(SPICE_SCRIPTS)
	$(PYTHON) scripts/validate_ngspice.py --presets all \
	  --patterns-per-preset 50 $(VALIDATE_ARGS)
