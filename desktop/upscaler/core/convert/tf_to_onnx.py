"""Convert the catalog's frozen TensorFlow super-resolution graphs to ONNX, without TensorFlow.

Why: onnxruntime runs these networks 1.3-3.7x faster than OpenCV's TensorFlow importer, and
OpenCV 5 cannot read ``.pb`` at all. Only the operators these graphs use are supported; anything
else raises :class:`UnsupportedGraph` and the caller keeps running the ``.pb`` in OpenCV.

Layout: TensorFlow graphs are NHWC, ONNX convolutions are NCHW. Every 4-D activation is kept in
NCHW inside the ONNX graph (no transposes around each convolution); constants that broadcast
against an activation are permuted to match. The converted model takes and returns NCHW tensors,
exactly the blobs ``cv2.dnn`` takes and returns for the same ``.pb``, so the engine's pre- and
post-processing are shared by both backends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from upscaler.core.convert import onnx_proto as op
from upscaler.core.convert.tf_fuse import LEAKY_RELU, PRELU, fuse_activations
from upscaler.core.convert.tf_graph import TfGraph, TfNode, read_graph
from upscaler.core.errors import ModelError
from upscaler.core.messages import text

#: Bump when the converter's output changes, so cached conversions are redone.
CONVERTER_VERSION = 2

_NHWC_TO_NCHW = (0, 3, 1, 2)
_STORED_FROM_LOGICAL = np.argsort(_NHWC_TO_NCHW)  # logical axis of each stored axis
_UNARY = {"Abs": "Abs", "Relu": "Relu", "Tanh": "Tanh", "Sigmoid": "Sigmoid", "Neg": "Neg"}
_BINARY = {"Add": "Add", "AddV2": "Add", "BiasAdd": "Add", "Sub": "Sub", "Mul": "Mul"}
_FOLD: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "Add": np.add,
    "Sub": np.subtract,
    "Mul": np.multiply,
}


class UnsupportedGraph(ModelError):
    """The graph uses something the converter does not handle; run it in OpenCV instead."""


@dataclass(frozen=True)
class ConvertedModel:
    """A serialized ONNX model with NCHW input and outputs named as in the TensorFlow graph."""

    onnx: bytes
    input_name: str
    output_names: tuple[str, ...]
    channels: int


@dataclass
class _Value:
    """A TensorFlow tensor during conversion: an ONNX value name or a numpy constant.

    ``nchw`` marks a 4-D activation that TensorFlow sees as NHWC but ONNX stores as NCHW.
    """

    name: str | None = None
    const: np.ndarray | None = None
    nchw: bool = False

    @property
    def ref(self) -> str:
        """The ONNX value name of an activation (a folded constant has none)."""
        if self.name is None:
            raise ValueError("a constant has no ONNX value name")
        return self.name


class _Converter:
    def __init__(self, graph: TfGraph) -> None:
        consumed = {name for n in graph.nodes for name in n.data_inputs}
        # Outputs come from the graph as written: fusing leaves dead ends that are not outputs.
        self.outputs = [n.name for n in graph.nodes if n.name not in consumed and n.op != "Const"]
        self.graph = fuse_activations(graph)
        self.values: dict[str, _Value] = {}
        self.nodes: list = []
        self.inits: list = []
        self.conv_without_bias: dict[str, tuple[Any, int]] = {}
        self.uses = self._count_uses()

    def _count_uses(self) -> dict[str, int]:
        uses: dict[str, int] = {}
        for node in self.graph.nodes:
            for name in node.data_inputs:
                uses[name] = uses.get(name, 0) + 1
        return uses

    # -- helpers -------------------------------------------------------------------------------
    def fail(self, node: TfNode, why: str) -> UnsupportedGraph:
        return UnsupportedGraph(
            text("cannot convert node {name!r} ({op}): {why}", name=node.name, op=node.op, why=why)
        )

    def const(self, array: np.ndarray, hint: str) -> str:
        name = f"{hint}__const{len(self.inits)}"
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        self.inits.append(op.make_tensor(name, array))
        return name

    def emit(self, op_type: str, inputs: list[str], name: str, **attrs: object) -> object:
        node = op.make_node(op_type, inputs, [name], name, **attrs)
        self.nodes.append(node)
        return node

    def inputs(self, node: TfNode, count: int) -> list[_Value]:
        names = node.data_inputs
        if len(names) != count:
            raise self.fail(node, f"expected {count} inputs, got {len(names)}")
        return [self.values[n] for n in names]

    @staticmethod
    def as_layout(array: np.ndarray, nchw: bool) -> np.ndarray:
        """A constant ready to broadcast against an activation stored NCHW."""
        if not nchw or array.ndim == 0:
            return array
        if array.ndim > 4:
            raise ValueError("constant of rank > 4")
        full = array.reshape((1,) * (4 - array.ndim) + array.shape)
        return full.transpose(_NHWC_TO_NCHW)

    # -- topological order ---------------------------------------------------------------------
    def order(self, outputs: list[str]) -> list[TfNode]:
        seen: set[str] = set()
        ordered: list[TfNode] = []
        stack: list[tuple[str, bool]] = [(o, False) for o in reversed(outputs)]
        while stack:
            name, expanded = stack.pop()
            if expanded:
                ordered.append(self.graph.by_name[name])
                continue
            if name in seen:
                continue
            if name not in self.graph.by_name:
                raise UnsupportedGraph(
                    text("the graph refers to a missing node {name!r}", name=name)
                )
            seen.add(name)
            stack.append((name, True))
            for dep in reversed(self.graph.by_name[name].data_inputs):
                if dep not in seen:
                    stack.append((dep, False))
        return ordered

    # -- operators -----------------------------------------------------------------------------
    def convert_node(self, node: TfNode) -> _Value:
        kind = node.op
        if kind == "Const":
            return _Value(const=np.asarray(node.attrs["value"]))
        if kind == "Placeholder":
            if node.attrs.get("dtype", 1) != 1:
                raise self.fail(node, "only float32 inputs are supported")
            return _Value(name=node.name, nchw=True)
        if kind in ("Identity", "StopGradient"):
            return self.inputs(node, 1)[0]
        if kind == "Conv2D":
            return self.conv(node)
        if kind in _BINARY:
            return self.binary(node, _BINARY[kind])
        if kind in _UNARY:
            (x,) = self.inputs(node, 1)
            if x.const is not None:
                raise self.fail(node, "constant input")
            self.emit(_UNARY[kind], [x.ref], node.name)
            return _Value(name=node.name, nchw=x.nchw)
        if kind == PRELU:
            x, slope = self.inputs(node, 2)
            if x.const is not None or slope.const is None:
                raise self.fail(node, "expects an activation and constant slopes")
            slope_name = self.const(self.as_layout(slope.const, x.nchw), node.name)
            self.emit("PRelu", [x.ref, slope_name], node.name)
            return _Value(name=node.name, nchw=x.nchw)
        if kind == LEAKY_RELU:
            (x,) = self.inputs(node, 1)
            self.emit("LeakyRelu", [x.ref], node.name, alpha=float(node.attrs["alpha"]))
            return _Value(name=node.name, nchw=x.nchw)
        if kind == "DepthToSpace":
            (x,) = self.inputs(node, 1)
            if node.attrs.get("data_format", "NHWC") != "NHWC" or not x.nchw:
                raise self.fail(node, "only NHWC activations are supported")
            # TensorFlow's depth_to_space ordering is ONNX DCR (PyTorch's PixelShuffle is CRD).
            self.emit("DepthToSpace", [x.ref], node.name, blocksize=node.attrs["block_size"])
            return _Value(name=node.name, nchw=True)
        if kind == "Transpose":
            return self.transpose(node)
        raise self.fail(node, "operator not supported")

    def conv(self, node: TfNode) -> _Value:
        x, w = self.inputs(node, 2)
        attrs = node.attrs
        if w.const is None or x.const is not None or not x.nchw:
            raise self.fail(node, "expects an activation and constant weights")
        if attrs.get("data_format", "NHWC") != "NHWC":
            raise self.fail(node, "only NHWC convolutions are supported")
        strides = list(attrs.get("strides", [1, 1, 1, 1]))
        dilations = list(attrs.get("dilations", [1, 1, 1, 1]))
        if strides[0] != 1 or strides[3] != 1 or dilations[0] != 1 or dilations[3] != 1:
            raise self.fail(node, "stride or dilation over batch/channels")
        kh, kw, _, cout = w.const.shape
        kwargs: dict[str, object] = {
            "kernel_shape": [kh, kw],
            "strides": strides[1:3],
            "dilations": dilations[1:3],
        }
        padding = attrs.get("padding", "VALID")
        if padding == "SAME":
            if strides[1:3] == [1, 1]:
                th, tw = (kh - 1) * dilations[1], (kw - 1) * dilations[2]
                kwargs["pads"] = [th // 2, tw // 2, th - th // 2, tw - tw // 2]
            else:
                kwargs["auto_pad"] = "SAME_UPPER"  # TensorFlow puts the odd pixel at the end
        elif padding != "VALID":
            raise self.fail(node, f"padding {padding} not supported")
        weights = np.ascontiguousarray(w.const.astype(np.float32).transpose(3, 2, 0, 1))
        conv = self.emit("Conv", [x.ref, self.const(weights, node.name)], node.name, **kwargs)
        if self.uses.get(node.name, 0) == 1:
            self.conv_without_bias[node.name] = (conv, cout)
        return _Value(name=node.name, nchw=True)

    def binary(self, node: TfNode, onnx_op: str) -> _Value:
        a, b = self.inputs(node, 2)
        if a.const is not None and b.const is not None:
            return _Value(const=_FOLD[onnx_op](a.const, b.const))
        if onnx_op == "Add" and self.fold_bias(node, a, b):
            return a if b.const is not None else b
        operands = []
        for v, other in ((a, b), (b, a)):
            if v.const is not None:
                operands.append(self.const(self.as_layout(v.const, other.nchw), node.name))
            else:
                operands.append(v.ref)
        if a.const is None and b.const is None and a.nchw != b.nchw:
            raise self.fail(node, "operands in different layouts")
        self.emit(onnx_op, operands, node.name)
        return _Value(name=node.name, nchw=a.nchw if a.const is None else b.nchw)

    def fold_bias(self, node: TfNode, a: _Value, b: _Value) -> bool:
        """Fold ``conv + per-channel constant`` into the convolution's bias."""
        x, c = (a, b) if b.const is not None else (b, a)
        if c.const is None or x.name not in self.conv_without_bias:
            return False
        conv, cout = self.conv_without_bias[x.name]
        bias = c.const.astype(np.float32).reshape(-1)
        if bias.size == 1:
            bias = np.full(cout, bias[0], dtype=np.float32)
        leading = c.const.shape[:-1]
        if bias.size != cout or any(d != 1 for d in leading):
            return False
        del self.conv_without_bias[x.name]
        conv.input.append(self.const(bias, node.name))
        return True

    def transpose(self, node: TfNode) -> _Value:
        x, perm = self.inputs(node, 2)
        if perm.const is None or x.const is not None:
            raise self.fail(node, "expects an activation and a constant permutation")
        p = [int(i) for i in perm.const]
        if x.nchw:
            if len(p) != 4:
                raise self.fail(node, "rank mismatch")
            p = [int(_STORED_FROM_LOGICAL[i]) for i in p]
        if p == list(range(len(p))):
            return _Value(name=x.name, nchw=False)
        self.emit("Transpose", [x.ref], node.name, perm=p)
        return _Value(name=node.name, nchw=False)

    # -- whole graph ---------------------------------------------------------------------------
    def run(self) -> ConvertedModel:
        outputs = self.outputs
        placeholders = [n for n in self.graph.nodes if n.op == "Placeholder"]
        if len(placeholders) != 1 or not outputs:
            raise UnsupportedGraph(text("expected one input and at least one output"))
        for node in self.order(outputs):
            try:
                self.values[node.name] = self.convert_node(node)
            except (KeyError, ValueError, TypeError) as err:
                raise self.fail(node, str(err)) from err
        input_name = placeholders[0].name
        out_infos = []
        for name in outputs:
            value = self.values[name]
            if value.name is None or value.name == input_name:
                raise UnsupportedGraph(
                    text("output {name!r} is not computed by the network", name=name)
                )
            if value.name != name:
                self.emit("Identity", [value.name], name)
            out_infos.append(op.make_value_info(name, ["N", None, None, None]))
        channels = self._input_channels(placeholders[0])
        data = op.make_model(
            self.nodes,
            self.inits,
            [op.make_value_info(input_name, ["N", channels, "H", "W"])],
            out_infos,
        )
        return ConvertedModel(data, input_name, tuple(outputs), channels)

    def _input_channels(self, placeholder: TfNode) -> int:
        shape = placeholder.attrs.get("shape")
        if shape and len(shape) == 4 and shape[3] > 0:
            return int(shape[3])
        for node in self.graph.nodes:
            if node.op == "Conv2D" and node.data_inputs[0] == placeholder.name:
                return int(self.graph.by_name[node.data_inputs[1]].attrs["value"].shape[2])
        raise UnsupportedGraph(text("cannot tell how many channels the input has"))


def convert_graph(graph: TfGraph) -> ConvertedModel:
    """Convert a parsed frozen graph; raises UnsupportedGraph for anything not handled."""
    return _Converter(graph).run()


def convert_file(path: Path) -> ConvertedModel:
    """Convert a ``.pb`` file; errors name the file."""
    try:
        return convert_graph(read_graph(path))
    except UnsupportedGraph as err:
        raise UnsupportedGraph(err.message, path) from err
