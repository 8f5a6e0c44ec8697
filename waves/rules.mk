# Waveforms of the co-simulation (waves/*.fst, ignored) and the screenshot of
# the README. Included by the top Makefile after sim/rules.mk (COSIM_STAMP,
# COSIM).

.PHONY: waves waves-screenshot

# A short BinSparX run showing an activation flip, a column flip, both and
# a clip (waves/binsparx.fst), the same inputs on the baseline with 64 ADCs
# (waves/baseline.fst), and a screenshot of the first in GTKWave (xvfb) in
# build/waves/. Tracked files are left alone: `make waves-screenshot`
# copies the screenshot over the README's waves/screenshot.png.
WAVES_RUN = $(COSIM) --weights $(BUILD)/waves/w.npy --inputs $(BUILD)/waves/x.npy --ideal
waves: $(COSIM_STAMP)
	$(PYTHON) scripts/wave_inputs.py $(BUILD)/waves
	$(WAVES_RUN) --out $(BUILD)/waves/y.npy --scheme binsparx --adcs 8 --trace waves/binsparx.fst
	$(WAVES_RUN) --out $(BUILD)/waves/yb.npy --scheme baseline --adcs 64 --trace waves/baseline.fst
	xvfb-run -a -s "-screen 0 1600x900x24" sh scripts/screenshot.sh waves/binsparx.fst \
	  waves/flip_path.gtkw $(BUILD)/waves/screenshot.png
	@echo "view: gtkwave waves/binsparx.fst waves/flip_path.gtkw   (or waves/adc_bank.gtkw)"
	@echo "      gtkwave waves/baseline.fst waves/baseline.gtkw"
	@echo "screenshot: $(BUILD)/waves/screenshot.png (make waves-screenshot puts it in the README)"

waves-screenshot: waves
	cp $(BUILD)/waves/screenshot.png waves/screenshot.png
