"""Convert an ncnn ``.param``/``.bin`` pair to ONNX, without ncnn.

Why: the waifu2x, Real-ESRGAN and RealSR weights are published in ncnn's format only; as ONNX they
run in the program's two runtimes (onnxruntime, OpenCV DNN) with its tiling, progress and cancel.
Only the layers these networks use are handled, each with ncnn's exact semantics; anything else
raises :class:`UnsupportedNcnn` naming the layer.

Layout: ncnn blobs are ``CxHxW`` without a batch axis; the ONNX graph carries them as ``1xCxHxW``
(a per-channel vector after global pooling as ``1xCx1x1``, so fully connected layers become 1x1
convolutions). ONNX value names are the ncnn blob names, so the input and output keep theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from upscaler.core.convert import onnx_proto as op
from upscaler.core.convert.ncnn_param import (
    NcnnFormatError,
    NcnnLayer,
    NcnnWeights,
    parse_param,
)
from upscaler.core.convert.ncnn_shapes import (
    Geometry,
    Shape,
    ShapeError,
    axis_params,
    geometry,
    infer_shapes,
)
from upscaler.core.messages import text

#: Bump when the converter's output changes, so cached conversions are redone.
CONVERTER_VERSION = 1

#: ONNX Resize modes for ncnn Interp ``resize_type`` (1 nearest, 2 bilinear, 3 bicubic).
_RESIZE: dict[int, dict[str, object]] = {
    1: {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"},
    2: {"mode": "linear", "coordinate_transformation_mode": "half_pixel"},
    3: {"mode": "cubic", "coordinate_transformation_mode": "half_pixel", "cubic_coeff_a": -0.75},
}
_BINARY = {0: "Add", 1: "Sub", 2: "Mul", 3: "Div", 4: "Max", 5: "Min"}
_ELTWISE = {0: "Mul", 1: "Add", 2: "Max"}
_LARGE = 1 << 30  # a Slice end meaning "to the end"
#: Every layer type the converter handles (the ones the pinned models use, and no more).
SUPPORTED_LAYERS = frozenset(
    {
        "Input", "Split", "Noop", "Convolution", "Deconvolution", "InnerProduct", "Pooling",
        "ReLU", "PReLU", "Eltwise", "BinaryOp", "Scale", "Crop", "Concat", "Interp",
        "PixelShuffle",
    }
)  # fmt: skip


class UnsupportedNcnn(NcnnFormatError):
    """The model uses a layer or an option the converter does not handle."""


@dataclass(frozen=True)
class ConvertedNcnn:
    """A serialized ONNX model (NCHW float32 in and out) and the network's geometry."""

    onnx: bytes
    input_name: str
    output_name: str
    geometry: Geometry


class _Converter:
    def __init__(self, layers: list[NcnnLayer], weights: NcnnWeights) -> None:
        self.layers = layers
        self.weights = weights
        self.nodes: list = []
        self.inits: list = []
        self.alias: dict[str, str] = {}  # ncnn blob -> ONNX value (Split, Noop)
        self.vectors: set[str] = set()  # blobs holding a pooled per-channel vector
        self._geometry: Geometry | None = None
        self.handlers: dict[str, Callable[[NcnnLayer], None]] = {
            "Input": lambda layer: None,
            "Split": self.split,
            "Noop": self.split,
            "Convolution": self.convolution,
            "Deconvolution": self.deconvolution,
            "InnerProduct": self.inner_product,
            "Pooling": self.pooling,
            "ReLU": self.relu,
            "PReLU": self.prelu,
            "Eltwise": self.eltwise,
            "BinaryOp": self.binary_op,
            "Scale": self.scale,
            "Crop": self.crop,
            "Concat": self.concat,
            "Interp": self.interp,
            "PixelShuffle": self.pixel_shuffle,
        }

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def fail(layer: NcnnLayer, why: str) -> UnsupportedNcnn:
        return UnsupportedNcnn(
            text(
                "cannot convert layer {name!r} ({type}): {why}",
                name=layer.name,
                type=layer.type,
                why=why,
            )
        )

    def value(self, blob: str) -> str:
        return self.alias.get(blob, blob)

    def ins(self, layer: NcnnLayer, count: int | None = None) -> list[str]:
        if count is not None and len(layer.bottoms) != count:
            raise self.fail(layer, f"expected {count} inputs, got {len(layer.bottoms)}")
        return [self.value(b) for b in layer.bottoms]

    def const(self, array: np.ndarray, hint: str) -> str:
        name = f"{hint}/const{len(self.inits)}"
        self.inits.append(op.make_tensor(name, np.ascontiguousarray(array)))
        return name

    def emit(self, op_type: str, inputs: list[str], output: str, **attrs: object) -> None:
        self.nodes.append(op.make_node(op_type, inputs, [output], f"{output}/{op_type}", **attrs))

    def require(self, layer: NcnnLayer, ok: bool, why: str) -> None:
        if not ok:
            raise self.fail(layer, why)

    def activation(self, layer: NcnnLayer, source: str) -> None:
        """A fused activation (key 9, its parameters in array key 10) writing the layer's top."""
        kind, args, top = layer.int(9), layer.array(10), layer.tops[0]
        if kind == 0:
            self.emit("Identity", [source], top)
        elif kind == 1:
            self.emit("Relu", [source], top)
        elif kind == 2:
            self.emit("LeakyRelu", [source], top, alpha=args[0] if args else 0.0)
        elif kind == 4:
            self.emit("Sigmoid", [source], top)
        else:
            raise self.fail(layer, f"activation type {kind} not supported")

    # -- layers --------------------------------------------------------------------------------
    def split(self, layer: NcnnLayer) -> None:
        (source,) = self.ins(layer, 1)
        for top in layer.tops:
            self.alias[top] = source

    def _conv_like(self, layer: NcnnLayer, transposed: bool) -> None:
        (x,) = self.ins(layer, 1)
        out = layer.int(0)
        kh, dh, sh, top, bottom = axis_params(layer, "h")
        kw, dw, sw, left, right = axis_params(layer, "w")
        self.require(layer, min(top, bottom, left, right) >= 0, "automatic ('same') padding")
        self.require(layer, layer.int(8) == 0, "int8 quantised weights")
        self.require(layer, layer.int(19) == 0, "weights given as an input")
        size = layer.int(6)
        channels = size // (out * kh * kw) if out * kh * kw else 0
        self.require(
            layer, channels * out * kh * kw == size and size > 0, "inconsistent weight size"
        )
        w = self.weights.flagged(size, f"layer {layer.name} weights")
        attrs: dict[str, object] = {
            "kernel_shape": [kh, kw],
            "strides": [sh, sw],
            "dilations": [dh, dw],
            "pads": [top, left, bottom, right],
        }
        if transposed:
            self.require(layer, layer.int(20) == 0 and layer.int(21) == 0, "fixed output size")
            extra_w = layer.int(18)
            attrs["output_padding"] = [layer.int(19, extra_w), extra_w]
            # ncnn stores out x in x kh x kw; ONNX ConvTranspose wants in x out x kh x kw.
            weight = w.reshape(out, channels, kh, kw).transpose(1, 0, 2, 3)
        else:
            self.require(layer, layer.float(18) == 0.0, "padding with a value other than 0")
            weight = w.reshape(out, channels, kh, kw)
        inputs = [x, self.const(weight, layer.name)]
        if layer.int(5):
            inputs.append(self.const(self.weights.raw(out, f"layer {layer.name} bias"), layer.name))
        pre = f"{layer.tops[0]}/pre"
        self.emit("ConvTranspose" if transposed else "Conv", inputs, pre, **attrs)
        self.activation(layer, pre)

    def convolution(self, layer: NcnnLayer) -> None:
        self._conv_like(layer, transposed=False)

    def deconvolution(self, layer: NcnnLayer) -> None:
        self._conv_like(layer, transposed=True)

    def inner_product(self, layer: NcnnLayer) -> None:
        """On a pooled ``1xCx1x1`` vector a fully connected layer is a 1x1 convolution."""
        (x,) = self.ins(layer, 1)
        self.require(layer, layer.bottoms[0] in self.vectors, "input is not a pooled vector")
        self.require(layer, layer.int(8) == 0, "int8 quantised weights")
        out, size = layer.int(0), layer.int(2)
        self.require(layer, out > 0 and size % out == 0, "inconsistent weight size")
        w = self.weights.flagged(size, f"layer {layer.name} weights").reshape(out, -1, 1, 1)
        inputs = [x, self.const(w, layer.name)]
        if layer.int(1):
            inputs.append(self.const(self.weights.raw(out, f"layer {layer.name} bias"), layer.name))
        pre = f"{layer.tops[0]}/pre"
        self.emit("Conv", inputs, pre, kernel_shape=[1, 1])
        self.activation(layer, pre)
        self.vectors.add(layer.tops[0])

    def pooling(self, layer: NcnnLayer) -> None:
        (x,) = self.ins(layer, 1)
        kind = layer.int(0)
        self.require(layer, layer.int(4) == 1, "only global pooling is supported")
        self.require(layer, kind in (0, 1), f"pooling type {kind}")
        self.emit("GlobalMaxPool" if kind == 0 else "GlobalAveragePool", [x], layer.tops[0])
        self.vectors.add(layer.tops[0])

    def relu(self, layer: NcnnLayer) -> None:
        (x,) = self.ins(layer, 1)
        slope = layer.float(0)
        if slope:
            self.emit("LeakyRelu", [x], layer.tops[0], alpha=slope)
        else:
            self.emit("Relu", [x], layer.tops[0])

    def prelu(self, layer: NcnnLayer) -> None:
        (x,) = self.ins(layer, 1)
        count = layer.int(0, 1)
        slope = self.weights.raw(count, f"layer {layer.name} slopes")
        shape = (count, 1, 1) if count > 1 else (1,)
        self.emit("PRelu", [x, self.const(slope.reshape(shape), layer.name)], layer.tops[0])

    def eltwise(self, layer: NcnnLayer) -> None:
        inputs = self.ins(layer)
        kind, coeffs = layer.int(0, 1), layer.array(1)
        self.require(layer, kind in _ELTWISE and len(inputs) >= 2, f"operation {kind}")
        if coeffs and coeffs != (1.0,) * len(coeffs):
            self.require(layer, kind == 1 and len(coeffs) == len(inputs), "coefficients")
            scaled = []
            for i, (name, c) in enumerate(zip(inputs, coeffs, strict=True)):
                if c == 1.0:
                    scaled.append(name)
                    continue
                target = f"{layer.tops[0]}/coeff{i}"
                self.emit("Mul", [name, self.const(np.array(c, np.float32), layer.name)], target)
                scaled.append(target)
            inputs = scaled
        onnx_op = _ELTWISE[kind]
        acc = inputs[0]
        for i, name in enumerate(inputs[1:], start=1):
            target = layer.tops[0] if i == len(inputs) - 1 else f"{layer.tops[0]}/acc{i}"
            self.emit(onnx_op, [acc, name], target)
            acc = target

    def binary_op(self, layer: NcnnLayer) -> None:
        kind = layer.int(0)
        self.require(layer, kind in _BINARY, f"operation {kind}")
        if layer.int(1):  # with_scalar: b is parameter 2
            (a,) = self.ins(layer, 1)
            b = self.const(np.array(layer.float(2), np.float32), layer.name)
        else:
            a, b = self.ins(layer, 2)
        self.emit(_BINARY[kind], [a, b], layer.tops[0])

    def scale(self, layer: NcnnLayer) -> None:
        """Only the two-input form (``scale_data_size=-233``: per-channel factors from a blob)."""
        self.require(layer, layer.int(0) == -233 and layer.int(1) == 0, "stored scale factors")
        x, factors = self.ins(layer, 2)
        self.emit("Mul", [x, factors], layer.tops[0])

    def crop(self, layer: NcnnLayer) -> None:
        """Crop to the size of a reference blob at offsets (woffset, hoffset): a static slice.

        The distance from the reference's far edge to the blob's is constant for the sizes
        that pass the network exactly (checked on two of them), so the slice needs no shapes.
        """
        x, _ = self.ins(layer, 2)
        self.require(layer, layer.int(2) == 0 and layer.int(13) == 0, "channel or depth offset")
        starts, ends = [layer.int(1), layer.int(0)], []
        for axis in (0, 1):
            gaps = set()
            for shapes in self.probe_shapes():
                blob, ref = shapes[layer.bottoms[0]], shapes[layer.bottoms[1]]
                sizes = [(blob.h, ref.h), (blob.w, ref.w)][axis]
                gaps.add((sizes[0] or 0) - (sizes[1] or 0) - starts[axis])
            self.require(layer, len(gaps) == 1 and min(gaps) >= 0, "the crop depends on the size")
            gap = gaps.pop()
            ends.append(-gap if gap else _LARGE)
        inputs = [
            x,
            self.const(np.array(starts, np.int64), layer.name),
            self.const(np.array(ends, np.int64), layer.name),
            self.const(np.array([2, 3], np.int64), layer.name),
        ]
        self.emit("Slice", inputs, layer.tops[0])

    def concat(self, layer: NcnnLayer) -> None:
        axis = layer.int(0)
        self.require(layer, axis in (0, -3), f"axis {axis} (only channels)")
        self.emit("Concat", self.ins(layer), layer.tops[0], axis=1)

    def interp(self, layer: NcnnLayer) -> None:
        (x,) = self.ins(layer, 1)
        kind = layer.int(0)
        self.require(layer, kind in _RESIZE, f"resize type {kind}")
        self.require(layer, not any(layer.int(k) for k in (3, 4, 5, 6)), "fixed size or corners")
        scales = np.array([1, 1, layer.float(1, 1.0), layer.float(2, 1.0)], np.float32)
        inputs = [x, "", self.const(scales, layer.name)]
        self.emit("Resize", inputs, layer.tops[0], **_RESIZE[kind])

    def pixel_shuffle(self, layer: NcnnLayer) -> None:
        (x,) = self.ins(layer, 1)
        mode = "CRD" if layer.int(1) == 0 else "DCR"  # ncnn 0 = PyTorch's order
        self.emit("DepthToSpace", [x], layer.tops[0], blocksize=layer.int(0), mode=mode)

    # -- whole graph ---------------------------------------------------------------------------
    def run(self) -> ConvertedNcnn:
        input_name, output_name = graph_ends(self.layers)
        for layer in self.layers:
            self.handlers[layer.type](layer)
        geo = self.geometry()
        if self.weights.remaining:
            raise NcnnFormatError(
                text(
                    "the weights file has {count} bytes more than the graph uses",
                    count=self.weights.remaining,
                )
            )
        if self.value(output_name) != output_name:
            self.emit("Identity", [self.value(output_name)], output_name)
        data = op.make_model(
            self.nodes,
            self.inits,
            [op.make_value_info(input_name, [1, geo.input_channels, "H", "W"])],
            [op.make_value_info(output_name, [1, geo.output_channels, None, None])],
        )
        return ConvertedNcnn(data, input_name, output_name, geo)

    def geometry(self) -> Geometry:
        if self._geometry is None:
            self._geometry = graph_geometry(self.layers)
        return self._geometry

    def probe_shapes(self) -> list[dict[str, Shape]]:
        """Blob shapes at the two smallest exact input sides from 64 up."""
        geo = self.geometry()
        first = geo.fit(64)
        return [infer_shapes(self.layers, side, side) for side in (first, first + geo.multiple)]


def graph_ends(layers: list[NcnnLayer]) -> tuple[str, str]:
    """The input and output blob names; UnsupportedNcnn for a graph this converter cannot take."""
    for layer in layers:
        if layer.type not in SUPPORTED_LAYERS:
            raise _Converter.fail(layer, "layer type not supported")
    consumed = {b for layer in layers for b in layer.bottoms}
    missing = sorted(consumed - {t for layer in layers for t in layer.tops})
    if missing:
        raise UnsupportedNcnn(text("blob {name!r} is used but never made", name=missing[0]))
    inputs = [layer for layer in layers if layer.type == "Input"]
    if len(inputs) != 1 or len(inputs[0].tops) != 1:
        raise UnsupportedNcnn(text("expected exactly one input"))
    outputs = [t for layer in layers for t in layer.tops if t not in consumed]
    if len(outputs) != 1:
        raise UnsupportedNcnn(text("expected one output blob, found {count}", count=len(outputs)))
    return inputs[0].tops[0], outputs[0]


def graph_geometry(layers: list[NcnnLayer]) -> Geometry:
    """The network's geometry from the graph alone (no weights); UnsupportedNcnn if irregular."""
    _, output = graph_ends(layers)
    try:
        return geometry(layers, output)
    except ShapeError as err:
        raise UnsupportedNcnn(
            text("the network's sizes are irregular ({why})", why=str(err))
        ) from err
    except (ValueError, KeyError) as err:  # a layer with the wrong number of inputs
        raise UnsupportedNcnn(text("the graph is malformed ({why})", why=str(err))) from err


def convert_ncnn(param_text: str, weights: bytes) -> ConvertedNcnn:
    """Convert a ``.param`` text and its ``.bin`` bytes; UnsupportedNcnn / NcnnFormatError."""
    return _Converter(parse_param(param_text), NcnnWeights(weights)).run()


def convert_files(param: Path, weights: Path) -> ConvertedNcnn:
    """:func:`convert_ncnn` of two files; errors name the ``.param`` file."""
    try:
        return convert_ncnn(param.read_text(encoding="utf-8"), weights.read_bytes())
    except NcnnFormatError as err:
        raise type(err)(err.message, param) from err
    except (OSError, UnicodeDecodeError) as err:
        raise NcnnFormatError(
            text("cannot read the model file ({reason})", reason=str(err)), param
        ) from err
