# Co-simulation, static timing and latency study (sim/, scripts/sta.py).
# Included by the top Makefile.

.PHONY: sta

# Minimum clock period and worst path of the peripherals, per scheme and K,
# from Yosys + OpenSTA on scripts/asap7_subset.lib (results in build/sta/).
sta: deps
	$(PYTHON) scripts/sta.py --out $(BUILD)/sta
