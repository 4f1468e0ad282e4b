"""Blob shapes of an ncnn graph for a given input size, and the network's geometry from them.

Why: the facts a tiled runner needs (scale, how many border pixels an unpadded network eats, which
input sizes pass through stride-2 layers exactly) follow from the layer parameters alone, so they
are computed here instead of being copied by hand into a model table. The converter also needs the
shapes to turn ncnn's "crop to the size of that blob" into a static ONNX slice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from upscaler.core.convert.ncnn_param import NcnnLayer

#: Input sides probed to find the geometry (CUNet needs about 60 pixels before anything passes),
#: and how many more after the first exact one (enough to see a period of 4 repeat).
PROBE_SIDES = range(1, 161)
PROBE_AFTER_FIRST = 24


class ShapeError(ValueError):
    """This input size does not pass through the network exactly (too small, odd at a stride)."""


@dataclass(frozen=True)
class Shape:
    """A blob: channels and spatial size; ``h``/``w`` are None for a per-channel vector."""

    c: int
    h: int | None
    w: int | None

    @property
    def spatial(self) -> bool:
        return self.h is not None


@dataclass(frozen=True)
class Geometry:
    """How output size follows input size: ``out = scale * (in - 2 * border)`` on both axes.

    ``border`` input pixels on every side are consumed by unpadded convolutions (waifu2x pads the
    image by that much first); an input side is exact only when ``side % multiple == remainder``.
    Super-resolution networks have a whole ``scale`` and ``border``; the converter also takes
    others (a stride-2 layer alone has scale 1/2), which :attr:`whole` tells apart.
    """

    scale: Fraction
    border: Fraction
    multiple: int
    remainder: int
    input_channels: int
    output_channels: int

    @property
    def whole(self) -> bool:
        """Scale and border are whole numbers of pixels (what a tiled runner needs)."""
        return self.scale.denominator == 1 and self.border.denominator == 1 and self.border >= 0

    def fit(self, side: int) -> int:
        """The smallest exact input side (border included) >= ``side``."""
        return side + (self.remainder - side) % self.multiple


def axis_params(layer: NcnnLayer, axis: str) -> tuple[int, int, int, int, int]:
    """(kernel, dilation, stride, pad before, pad after) of a (de)convolution along ``h``/``w``.

    ncnn keys: 1/11 kernel, 2/12 dilation, 3/13 stride, 4/14 pad left/top, 15/16 pad right/bottom;
    an ``h`` value defaults to its ``w`` value and pad right/bottom to pad left/top.
    """
    kernel, dilation, stride, pad_left = (
        layer.int(k, d) for k, d in ((1, 0), (2, 1), (3, 1), (4, 0))
    )
    if axis == "w":
        return kernel, dilation, stride, pad_left, layer.int(15, pad_left)
    pad_top = layer.int(14, pad_left)
    return (
        layer.int(11, kernel),
        layer.int(12, dilation),
        layer.int(13, stride),
        pad_top,
        layer.int(16, pad_top),
    )


def _conv_side(layer: NcnnLayer, axis: str, side: int) -> int:
    kernel, dilation, stride, before, after = axis_params(layer, axis)
    span = side + before + after - dilation * (kernel - 1) - 1
    if span < 0 or span % stride:
        raise ShapeError(f"{layer.name}: {axis} {side} does not fit the convolution exactly")
    return span // stride + 1


def _deconv_side(layer: NcnnLayer, axis: str, side: int) -> int:
    kernel, dilation, stride, before, after = axis_params(layer, axis)
    extra = layer.int(18, 0) if axis == "w" else layer.int(19, layer.int(18, 0))
    out = (side - 1) * stride + dilation * (kernel - 1) + 1 - before - after + extra
    if out <= 0:
        raise ShapeError(f"{layer.name}: {axis} {side} is too small")
    return out


def _same(layer: NcnnLayer, shapes: list[Shape]) -> None:
    spatial = {(s.h, s.w) for s in shapes if s.spatial}
    if len(spatial) > 1:
        raise ShapeError(f"{layer.name}: inputs of different sizes {sorted(spatial)}")


def _layer_shape(layer: NcnnLayer, ins: list[Shape]) -> Shape:
    kind = layer.type
    if kind in ("Convolution", "Deconvolution"):
        (x,) = ins
        if not x.spatial:
            raise ShapeError(f"{layer.name}: convolution of a vector")
        side = _conv_side if kind == "Convolution" else _deconv_side
        return Shape(layer.int(0), side(layer, "h", x.h or 0), side(layer, "w", x.w or 0))
    if kind == "Pooling":
        return Shape(ins[0].c, None, None)
    if kind == "InnerProduct":
        return Shape(layer.int(0), None, None)
    if kind == "Crop":
        x, ref = ins
        if (x.h or 0) < (ref.h or 0) + layer.int(1) or (x.w or 0) < (ref.w or 0) + layer.int(0):
            raise ShapeError(f"{layer.name}: the reference is larger than the blob")
        return Shape(x.c, ref.h, ref.w)
    if kind == "Concat":
        _same(layer, ins)
        return Shape(sum(s.c for s in ins), ins[0].h, ins[0].w)
    if kind in ("Eltwise", "BinaryOp", "Scale"):
        _same(layer, ins)
        return next((s for s in ins if s.spatial), ins[0])
    if kind == "Interp":
        (x,) = ins
        hs, ws = layer.float(1, 1.0), layer.float(2, 1.0)
        h, w = (x.h or 0) * hs, (x.w or 0) * ws
        if h != int(h) or w != int(w):
            raise ShapeError(f"{layer.name}: {x.h}x{x.w} does not resize to whole pixels")
        return Shape(x.c, int(h), int(w))
    if kind == "PixelShuffle":
        (x,) = ins
        r = layer.int(0, 1)
        return Shape(x.c // (r * r), (x.h or 0) * r, (x.w or 0) * r)
    return ins[0]  # element-wise layers, Split, Noop


def input_channels(layers: list[NcnnLayer]) -> int:
    """The Input layer's channels, or (when it does not say) the first convolution's."""
    (inp,) = [layer for layer in layers if layer.type == "Input"]
    if inp.int(2):
        return inp.int(2)
    names = set(inp.tops)
    for layer in layers:
        if not names.intersection(layer.bottoms):
            continue
        if layer.type == "Split":
            names.update(layer.tops)
        elif layer.type == "Convolution":
            h_kernel, _, _, _, _ = axis_params(layer, "h")
            w_kernel, _, _, _, _ = axis_params(layer, "w")
            return layer.int(6) // (layer.int(0) * h_kernel * w_kernel)
    raise ShapeError("cannot tell how many channels the input has")


def infer_shapes(layers: list[NcnnLayer], h: int, w: int) -> dict[str, Shape]:
    """Every blob's shape for an ``h x w`` input; ShapeError if that size is not exact."""
    shapes: dict[str, Shape] = {}
    channels = input_channels(layers)
    for layer in layers:
        if layer.type == "Input":
            shape = Shape(channels, h, w)
        else:
            shape = _layer_shape(layer, [shapes[b] for b in layer.bottoms])
        if shape.spatial and ((shape.h or 0) <= 0 or (shape.w or 0) <= 0):
            raise ShapeError(f"{layer.name}: empty output")
        for top in layer.tops:
            shapes[top] = shape
    return shapes


def geometry(layers: list[NcnnLayer], output: str) -> Geometry:
    """Probe square inputs of :data:`PROBE_SIDES` and describe the sizes that pass exactly.

    Raises ShapeError when the exact sizes do not follow one ``scale * (in - 2 * border)`` rule
    (or the output is not square).
    """
    results: dict[int, tuple[int, int, int]] = {}
    for side in PROBE_SIDES:
        if results and side > min(results) + PROBE_AFTER_FIRST:
            break
        try:
            shapes = infer_shapes(layers, side, side)
        except ShapeError:
            continue
        out = shapes[output]
        if not out.spatial:
            raise ShapeError("the output is a vector, not an image")
        results[side] = (out.h or 0, out.w or 0, out.c)
    if len(results) < 2:
        raise ShapeError("no input size up to 160 pixels passes through the network")
    sides = sorted(results)
    multiple = math.gcd(*(b - a for a, b in zip(sides, sides[1:], strict=False)))
    first, second = sides[0], sides[1]
    if any(h != w for h, w, _ in results.values()):
        raise ShapeError("the output is not square for a square input")
    scale = Fraction(results[second][0] - results[first][0], second - first)
    trim = scale * first - results[first][0]
    for side in range(first, sides[-1] + 1, multiple):
        if side not in results or results[side][0] != scale * side - trim:
            raise ShapeError(f"input side {side} breaks the rule found on smaller sizes")
    return Geometry(
        scale,
        trim / (2 * scale),
        multiple,
        first % multiple,
        input_channels(layers),
        results[first][2],
    )
