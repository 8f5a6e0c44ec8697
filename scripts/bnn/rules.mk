# Real binary networks through the macro (README "Real networks"): training,
# export, the studies on GNU parallel and their tests. Included by the
# top Makefile.
#
#   make study-accuracy [FULL=1]  both networks, ideal + 12 presets x {baseline,
#                                 binsparx}: build/study/accuracy.{csv,json,png}
#   make study-adc-bits [FULL=1]  accuracy vs ADC bits 4..8 at sram-m6-1ua and
#                                 reram-m6-1ua: build/study/adc-bits.*
#   make study-psum               partial sums of every binary layer on the whole
#                                 test set: build/study/psum.csv, psum-NET.png,
#                                 psum-reduction.png
#   make test-bnn-equiv           ideal bsxsim bnn == PyTorch on all 10,000 test
#                                 images, both networks and schemes (make test)
#   make test-bnn-sweep           sharded / killed + resumed sweep == unsharded
#                                 (make test)
#   make train-bnn                retrain and re-export both networks (CPU, ~30 min
#                                 of one core on an idle machine)
#
# Sweep options: BNN_NETS (default both networks), JOBS (parallel jobs per host, default 2), SSHLOGINFILE (GNU
# parallel --sshloginfile; every host needs this built tree at the same path),
# BNN_IMAGES_VGG / BNN_IMAGES_MLP (default subset, sized in README "Real
# networks" for 30 minutes on 2 cores), FULL=1 (all 10,000 test images). An
# interrupted study resumes where it stopped when rerun with the same options.

BNN_NETS       ?= vgg-small-fmnist mlp-fmnist
BNN_IMAGES_VGG ?= 80
BNN_IMAGES_MLP ?= 1000
JOBS           ?= 2
STUDY          := $(BUILD)/study
BNN_SWEEP_OPTS  = --jobs $(JOBS) --bsxsim $(abspath $(BSXSIM)) \
                  $(if $(SSHLOGINFILE),--sshloginfile $(abspath $(SSHLOGINFILE)))
BNN_SUBSET      = $(if $(FULL),--images-vgg 10000 --images-mlp 10000 --shard-vgg 250 \
                  --shard-mlp 2500,--images-vgg $(BNN_IMAGES_VGG) \
                  --images-mlp $(BNN_IMAGES_MLP) --shard-vgg 50 --shard-mlp 500)
BNN_TAG         = $(if $(FULL),full,n$(BNN_IMAGES_VGG)-$(BNN_IMAGES_MLP))

.PHONY: study-accuracy study-adc-bits study-psum test-bnn-equiv test-bnn-sweep train-bnn

# One sweep folder per network (so one network's sweep can run, resume or
# grow on its own); the merge reads them all.
study-accuracy study-adc-bits study-psum: study-%: deps $(BSXSIM)
	@set -e; for n in $(BNN_NETS); do \
	  $(PYTHON) scripts/bnn_sweep.py --study $* --nets $$n \
	    $(if $(filter psum,$*),--shard-vgg 2500 --shard-mlp 10000,$(BNN_SUBSET)) \
	    $(BNN_SWEEP_OPTS) --out $(STUDY)/sweep-$*-$(if $(filter psum,$*),full,$(BNN_TAG))/$$n; \
	done
	$(PYTHON) scripts/bnn_merge.py --study $* --out $(STUDY)/$* --sweep \
	  $(addprefix $(STUDY)/sweep-$*-$(if $(filter psum,$*),full,$(BNN_TAG))/,$(BNN_NETS))

test-bnn-equiv: deps $(BSXSIM)
	BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) tb/bnn/test_equivalence.py --threads 2

test-bnn-sweep: deps $(BSXSIM)
	BSXSIM=$(abspath $(BSXSIM)) $(PYTHON) tb/bnn/test_sweep.py

train-bnn: deps
	@set -e; for net in vgg-small-fmnist:5 mlp-fmnist:3; do \
	  n=$${net%%:*}; e=$${net##*:}; \
	  nice $(PYTHON) scripts/train_bnn.py --net $$n --epochs $$e --seed 1 --out $(BUILD)/bnn/$$n; \
	  $(PYTHON) scripts/export_bnn.py --checkpoint $(BUILD)/bnn/$$n/checkpoint.pt \
	    --train-log $(BUILD)/bnn/$$n/train.log --out scripts/bnn/$$n; done

TEST_TARGETS += test-bnn-equiv test-bnn-sweep
