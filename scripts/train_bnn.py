#!/usr/bin/env python3
"""Train one of the study's binary networks on Fashion-MNIST (CPU, PyTorch).

Why this file exists: the real-workload study (README "Real networks") needs
trained BNNs; this script makes them reproducible from Debian packages only
(python3-torch, dataset-fashion-mnist). Fixed seed, one thread, Adam with a
cosine schedule, no augmentation. It writes a PyTorch checkpoint and a log;
scripts/export_bnn.py turns the checkpoint into docs/bnn-format.md.

    /usr/bin/python3 scripts/train_bnn.py --net vgg-small-fmnist \
        --epochs 6 --out build/bnn/vgg-small-fmnist
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bnn import nets  # noqa: E402


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            pred = model(x[i:i + batch]).argmax(1)
            correct += int((pred == y[i:i + batch]).sum())
    return correct / x.shape[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--net", required=True, choices=sorted(nets.NETWORKS))
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=nets.FMNIST_DIR)
    ap.add_argument("--out", required=True, help="folder for checkpoint.pt and train.log")
    args = ap.parse_args()
    if args.epochs < 1 or args.batch < 1 or not args.lr > 0:
        ap.error("--epochs, --batch and --lr must be positive")

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "train.log")
    log = open(log_path + ".tmp", "w")

    def say(line):
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    train_img, train_lbl = nets.load_split(args.data, "train")
    test_img, test_lbl = nets.load_split(args.data, "t10k")
    x_train, x_test = nets.normalise(train_img), nets.normalise(test_img)
    y_train = torch.from_numpy(train_lbl.astype(np.int64))
    y_test = torch.from_numpy(test_lbl.astype(np.int64))

    model = nets.NETWORKS[args.net]()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps_per_epoch = (x_train.shape[0] + args.batch - 1) // args.batch
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.epochs * steps_per_epoch)
    say(f"net {args.net} seed {args.seed} epochs {args.epochs} batch {args.batch} "
        f"lr {args.lr} Adam+cosine torch {torch.__version__} threads {torch.get_num_threads()}")
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(x_train.shape[0])
        total_loss = 0.0
        for i in range(0, x_train.shape[0], args.batch):
            idx = perm[i:i + args.batch]
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total_loss += float(loss) * idx.numel()
        acc = accuracy(model, x_test, y_test)
        say(f"epoch {epoch + 1} loss {total_loss / x_train.shape[0]:.4f} "
            f"test_acc {100 * acc:.2f} % time {time.time() - t0:.0f} s")
    say(f"final binarized test accuracy {100 * acc:.2f} % ({round(acc * 10000)}/10000), "
        f"training time {time.time() - start:.0f} s")
    torch.save({"net": args.net, "seed": args.seed, "state_dict": model.state_dict(),
                "test_accuracy": acc}, os.path.join(args.out, "checkpoint.pt"))
    log.close()
    os.replace(log_path + ".tmp", log_path)


if __name__ == "__main__":
    main()
