"""The two binary networks of the real-workload study, and Fashion-MNIST.

Why this file exists: training (train_bnn.py) and export (export_bnn.py)
must agree on one definition of each network and on how a raw image enters
it. Every module here maps one-to-one onto a layer kind of docs/bnn-format.md
so the exporter can walk an nn.Sequential without knowing the network.

Binary semantics are the macro's: sign(0) = +1, binary 3x3 convolutions pad
with -1 (a word line that stays off), binary layers carry no bias, max-pool
acts on the integer pre-activations. Gradients pass the sign by the
straight-through estimator (clipped to |x| <= 1).
"""
import gzip
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FMNIST_DIR = "/usr/share/datasets/fashion-mnist"
# Training-set statistics of Fashion-MNIST pixels scaled to [0, 1].
PIXEL_SCALE = 1.0 / 255.0
PIXEL_MEAN = 0.2860
PIXEL_STD = 0.3530


def read_idx(path):
    """One gzip IDX file (images uint8 N x 28 x 28 or labels uint8 N)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {body.size} bytes, header says {dims}")
    return body.reshape(dims)


def load_split(directory, split):
    """Images (uint8 N x 28 x 28) and labels of split 'train' or 't10k'."""
    images = read_idx(os.path.join(directory, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, f"{split}-labels-idx1-ubyte.gz"))
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{directory}: {split} images and labels differ in count")
    return images, labels


def normalise(pixels_u8):
    """Raw pixels -> network input, float32, exactly as the manifest states:
    (p * scale - mean) / std, N x 1 x 28 x 28."""
    x = torch.from_numpy(np.array(pixels_u8, copy=True)).to(torch.float32)
    x = (x * torch.tensor(PIXEL_SCALE, dtype=torch.float32)
         - torch.tensor(PIXEL_MEAN, dtype=torch.float32)) \
        / torch.tensor(PIXEL_STD, dtype=torch.float32)
    return x.unsqueeze(1)


class SignSTE(torch.autograd.Function):
    """+1 where x >= 0, else -1; gradient passed where |x| <= 1."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).to(x.dtype) * 2 - 1

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x.abs() <= 1).to(grad.dtype)


def sign_ste(x):
    return SignSTE.apply(x)


class Sign(nn.Module):
    """Layer kind `sign` (binarises the network input of the MLP)."""

    def forward(self, x):
        return sign_ste(x)


class BinaryConv2d(nn.Conv2d):
    """Layer kind `conv2d`, binary: sign(weight), input padded with -1."""

    def __init__(self, in_channels, out_channels):
        super().__init__(in_channels, out_channels, 3, padding=0, bias=False)

    def forward(self, x):
        x = F.pad(x, (1, 1, 1, 1), value=-1.0)
        return F.conv2d(x, sign_ste(self.weight))


class BinaryLinear(nn.Linear):
    """Layer kind `linear`, binary: sign(weight), no bias."""

    def __init__(self, in_features, out_features):
        super().__init__(in_features, out_features, bias=False)

    def forward(self, x):
        return F.linear(x, sign_ste(self.weight))


class BNSign(nn.Module):
    """Layer kind `bn_sign`: batch norm followed by sign.

    In training it is BatchNorm + sign_ste. Once `fold()` has run (export),
    eval mode decides exactly as the exported layer does:
    +1 iff direction * (x - threshold) >= 0, compared in float64.
    """

    def __init__(self, features, dims):
        super().__init__()
        self.bn = nn.BatchNorm2d(features) if dims == 2 else nn.BatchNorm1d(features)
        self.register_buffer("threshold", None, persistent=False)
        self.register_buffer("direction", None, persistent=False)

    def set_fold(self, threshold, direction):
        self.threshold = torch.from_numpy(threshold)
        self.direction = torch.from_numpy(direction.astype(np.float64))

    def forward(self, x):
        if self.training or self.threshold is None:
            return sign_ste(self.bn(x))
        shape = (1, -1) + (1,) * (x.dim() - 2)
        t = self.threshold.view(shape)
        d = self.direction.view(shape)
        decide = d * (x.to(torch.float64) - t) >= 0
        return torch.where(decide, 1.0, -1.0).to(x.dtype)


def vgg_small():
    """VGG-small-style conv BNN for 1 x 28 x 28.

    Full-precision first conv (1->64) and last linear; binary 64->64 and
    64->128 3x3 convolutions (576 rows each) and a binary 6272->256 linear
    (98 row tiles). The first pool sits before the binary layers so the
    macro sees 14 x 14 and 7 x 7 maps (simulation cost, see README)."""
    return nn.Sequential(
        nn.Conv2d(1, 64, 3, padding=1),
        nn.MaxPool2d(2),
        BNSign(64, 2),
        BinaryConv2d(64, 64),
        nn.MaxPool2d(2),
        BNSign(64, 2),
        BinaryConv2d(64, 128),
        BNSign(128, 2),
        nn.Flatten(),
        BinaryLinear(128 * 7 * 7, 256),
        BNSign(256, 1),
        nn.Linear(256, 10),
    )


def mlp():
    """Binary MLP 784-512-512-10: input binarised by sign after
    normalisation, two binary linear layers, full-precision classifier."""
    return nn.Sequential(
        nn.Flatten(),
        Sign(),
        BinaryLinear(784, 512),
        BNSign(512, 1),
        BinaryLinear(512, 512),
        BNSign(512, 1),
        nn.Linear(512, 10),
    )


NETWORKS = {"vgg-small-fmnist": vgg_small, "mlp-fmnist": mlp}
