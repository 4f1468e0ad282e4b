"""UpNet: a small EDSR-style network sized for CPU inference through OpenCV's DNN module.

The network works in the EDSR convention the engine already speaks (BGR, 0..255, DIV2K mean
subtracted, output mean-subtracted too), so one code path runs EDSR and UpNet. A learnable linear
"skip" branch starts as exact bicubic interpolation (written as a polyphase convolution followed by
the same pixel shuffle), so training begins at bicubic quality and only has to learn the residual;
that is what makes training on two CPU cores feasible.
"""

from __future__ import annotations

import math

import torch
from data import DIV2K_BGR_MEAN  # the EDSR input convention, re-exported for the exporters
from torch import nn

__all__ = ["DIV2K_BGR_MEAN", "UpNet", "build", "folded_copy"]

SKIP_KERNEL = 5


def _keys_cubic(x: float, a: float = -0.5) -> float:
    """Keys' cubic convolution kernel (Pillow's bicubic uses a = -0.5)."""
    x = abs(x)
    if x <= 1:
        return (a + 2) * x**3 - (a + 3) * x**2 + 1
    if x < 2:
        return a * x**3 - 5 * a * x**2 + 8 * a * x - 4 * a
    return 0.0


def bicubic_polyphase_weight(scale: int, kernel: int = SKIP_KERNEL) -> torch.Tensor:
    """Conv weights that, followed by PixelShuffle(scale), equal bicubic upscaling of 3 channels.

    Output channel ``c*s*s + ay*s + ax`` holds the sub-pixel (ay, ax) of colour c (PixelShuffle's
    CRD order). Output pixel ``s*i + a`` samples the input at ``i + (a + 0.5)/s - 0.5``.
    """
    half = kernel // 2
    taps = torch.zeros(scale, kernel, dtype=torch.float64)
    for a in range(scale):
        d = (a + 0.5) / scale - 0.5
        for k in range(kernel):
            taps[a, k] = _keys_cubic((k - half) - d)
        taps[a] /= taps[a].sum()
    weight = torch.zeros(3 * scale * scale, 3, kernel, kernel, dtype=torch.float64)
    for c in range(3):
        for ay in range(scale):
            for ax in range(scale):
                weight[c * scale * scale + ay * scale + ax, c] = torch.outer(taps[ay], taps[ax])
    return weight.float()


class ResBlock(nn.Module):
    """EDSR residual block: conv-ReLU-conv, no batch norm, scaled residual."""

    def __init__(self, channels: int, res_scale: float = 1.0) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.act = nn.ReLU(inplace=True)
        self.res_scale = res_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv2(self.act(self.conv1(x))) * self.res_scale


class UpNetBody(nn.Module):
    """The scale-independent feature extractor (shared across scales during training)."""

    def __init__(self, channels: int, blocks: int) -> None:
        super().__init__()
        self.head = nn.Conv2d(3, channels, 3, padding=1)
        self.blocks = nn.Sequential(*[ResBlock(channels) for _ in range(blocks)])
        self.body_end = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.head(x)
        return h + self.body_end(self.blocks(h))


class UpNetTail(nn.Module):
    """Scale-specific upsampler: residual conv + learnable bicubic skip, then pixel shuffle."""

    def __init__(self, channels: int, scale: int) -> None:
        super().__init__()
        self.scale = scale
        self.tail = nn.Conv2d(channels, 3 * scale * scale, 3, padding=1)
        self.skip = nn.Conv2d(3, 3 * scale * scale, SKIP_KERNEL, padding=SKIP_KERNEL // 2)
        with torch.no_grad():
            self.skip.weight.copy_(bicubic_polyphase_weight(scale))
            self.skip.bias.zero_()
            # Start the residual branch at zero so step 0 is exactly bicubic.
            self.tail.weight.zero_()
            self.tail.bias.zero_()
        self.shuffle = nn.PixelShuffle(scale)

    def forward(self, x: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        return self.shuffle(self.skip(x) + self.tail(features))


class UpNet(nn.Module):
    """One scale's network. Input/output: BGR NCHW, 0..255 minus the DIV2K mean.

    ``body`` works on inputs divided by 255 (better-conditioned training); the residual output is
    multiplied by 255 back. ``fold_scaling`` removes both multiplications for export.
    """

    def __init__(self, body: UpNetBody, tail: UpNetTail, input_scale: float = 1 / 255) -> None:
        super().__init__()
        self.body = body
        self.up = tail
        self.scale = tail.scale
        self.input_scale = input_scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.input_scale == 1.0:
            return self.up(x, self.body(x))
        features = self.body(x * self.input_scale)
        return self.up.shuffle(self.up.skip(x) + self.up.tail(features) / self.input_scale)


def build(scale: int, channels: int, blocks: int) -> UpNet:
    return UpNet(UpNetBody(channels, blocks), UpNetTail(channels, scale))


def folded_copy(model: UpNet) -> UpNet:
    """An equivalent network without the internal 1/255 scaling, for export.

    Scaling the input by k before the head conv equals multiplying the head weights by k; the
    body is otherwise linear in where it starts only through the head, and ReLU blocks see the same
    values. Dividing the residual output by k equals dividing the tail weights and bias by k.
    """
    channels = model.body.head.out_channels
    blocks = len(model.body.blocks)
    out = build(model.scale, channels, blocks)
    out.load_state_dict(model.state_dict())
    k = model.input_scale
    with torch.no_grad():
        # head(k*x) = W(k*x) + b: the same features only if every later layer is fed identically;
        # since the features are not rescaled, only the head's weights change.
        out.body.head.weight.mul_(k)
        out.up.tail.weight.div_(k)
        out.up.tail.bias.div_(k)
    out.input_scale = 1.0
    return out


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def flops_per_input_pixel(scale: int, channels: int, blocks: int) -> int:
    """Multiply-adds x2 of all convolutions per low-resolution input pixel."""

    def conv(cin: int, cout: int, k: int) -> int:
        return 2 * cin * cout * k * k

    total = conv(3, channels, 3) + conv(channels, channels, 3) * (2 * blocks + 1)
    total += conv(channels, 3 * scale * scale, 3) + conv(3, 3 * scale * scale, SKIP_KERNEL)
    return total


def receptive_radius(blocks: int) -> int:
    """Input pixels each side that influence one output pixel (for tiling overlap)."""
    return max(1 + 2 * blocks + 1 + 1, math.ceil(SKIP_KERNEL / 2))
