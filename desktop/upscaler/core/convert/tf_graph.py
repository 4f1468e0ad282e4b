"""A minimal reader for TensorFlow ``GraphDef`` files (frozen ``.pb`` graphs), without TensorFlow.

Only the messages a frozen inference graph needs are declared (GraphDef, NodeDef, AttrValue,
TensorProto, TensorShapeProto), built at import time with ``descriptor_pb2`` from the field numbers
of TensorFlow's public ``.proto`` files; ``protobuf`` (installed with ``onnx``) parses them. Unknown
fields (function libraries, debug info) are skipped by protobuf, so newer graphs still load.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from google.protobuf import descriptor_pb2

from upscaler.core.convert.proto_schema import add_field, message_classes
from upscaler.core.errors import ModelError
from upscaler.core.messages import text

_F = descriptor_pb2.FieldDescriptorProto
_PACKAGE = "upscaler_tf"

#: TensorFlow DataType enum values this reader can turn into numpy arrays.
_DTYPES: dict[int, np.dtype] = {
    1: np.dtype(np.float32),
    2: np.dtype(np.float64),
    3: np.dtype(np.int32),
    4: np.dtype(np.uint8),
    6: np.dtype(np.int8),
    9: np.dtype(np.int64),
    10: np.dtype(np.bool_),
    11: np.dtype(np.uint8),  # quint8
    19: np.dtype(np.float16),
}


_field = functools.partial(add_field, _PACKAGE)


def _build_messages() -> dict[str, Any]:
    """Declare the subset of tensorflow/core/framework/*.proto that frozen graphs use."""
    fdp = descriptor_pb2.FileDescriptorProto(
        name="upscaler_tf_graph.proto", package=_PACKAGE, syntax="proto3"
    )

    shape = fdp.message_type.add(name="TensorShapeProto")
    dim = shape.nested_type.add(name="Dim")
    _field(dim, "size", 1, _F.TYPE_INT64)
    _field(dim, "name", 2, _F.TYPE_STRING)
    _field(shape, "dim", 2, _F.TYPE_MESSAGE, repeated=True, type_name="TensorShapeProto.Dim")
    _field(shape, "unknown_rank", 3, _F.TYPE_BOOL)

    tensor = fdp.message_type.add(name="TensorProto")
    _field(tensor, "dtype", 1, _F.TYPE_INT32)
    _field(tensor, "tensor_shape", 2, _F.TYPE_MESSAGE, type_name="TensorShapeProto")
    _field(tensor, "tensor_content", 4, _F.TYPE_BYTES)
    _field(tensor, "float_val", 5, _F.TYPE_FLOAT, repeated=True)
    _field(tensor, "double_val", 6, _F.TYPE_DOUBLE, repeated=True)
    _field(tensor, "int_val", 7, _F.TYPE_INT32, repeated=True)
    _field(tensor, "int64_val", 10, _F.TYPE_INT64, repeated=True)
    _field(tensor, "bool_val", 11, _F.TYPE_BOOL, repeated=True)
    _field(tensor, "half_val", 13, _F.TYPE_INT32, repeated=True)

    attr = fdp.message_type.add(name="AttrValue")
    lst = attr.nested_type.add(name="ListValue")
    _field(lst, "s", 2, _F.TYPE_BYTES, repeated=True)
    _field(lst, "i", 3, _F.TYPE_INT64, repeated=True)
    _field(lst, "f", 4, _F.TYPE_FLOAT, repeated=True)
    _field(lst, "b", 5, _F.TYPE_BOOL, repeated=True)
    _field(lst, "type", 6, _F.TYPE_INT32, repeated=True)
    _field(lst, "shape", 7, _F.TYPE_MESSAGE, repeated=True, type_name="TensorShapeProto")
    _field(lst, "tensor", 8, _F.TYPE_MESSAGE, repeated=True, type_name="TensorProto")
    attr.oneof_decl.add(name="value")
    _field(attr, "list", 1, _F.TYPE_MESSAGE, type_name="AttrValue.ListValue", oneof=0)
    _field(attr, "s", 2, _F.TYPE_BYTES, oneof=0)
    _field(attr, "i", 3, _F.TYPE_INT64, oneof=0)
    _field(attr, "f", 4, _F.TYPE_FLOAT, oneof=0)
    _field(attr, "b", 5, _F.TYPE_BOOL, oneof=0)
    _field(attr, "type", 6, _F.TYPE_INT32, oneof=0)
    _field(attr, "shape", 7, _F.TYPE_MESSAGE, type_name="TensorShapeProto", oneof=0)
    _field(attr, "tensor", 8, _F.TYPE_MESSAGE, type_name="TensorProto", oneof=0)

    node = fdp.message_type.add(name="NodeDef")
    entry = node.nested_type.add(name="AttrEntry")
    entry.options.map_entry = True
    _field(entry, "key", 1, _F.TYPE_STRING)
    _field(entry, "value", 2, _F.TYPE_MESSAGE, type_name="AttrValue")
    _field(node, "name", 1, _F.TYPE_STRING)
    _field(node, "op", 2, _F.TYPE_STRING)
    _field(node, "input", 3, _F.TYPE_STRING, repeated=True)
    _field(node, "device", 4, _F.TYPE_STRING)
    _field(node, "attr", 5, _F.TYPE_MESSAGE, repeated=True, type_name="NodeDef.AttrEntry")

    graph = fdp.message_type.add(name="GraphDef")
    _field(graph, "node", 1, _F.TYPE_MESSAGE, repeated=True, type_name="NodeDef")

    return message_classes(fdp, ("GraphDef", "TensorProto"))


_MESSAGES = _build_messages()


@dataclass
class TfNode:
    """One graph node with its attributes decoded to plain Python values."""

    name: str
    op: str
    inputs: list[str]
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def data_inputs(self) -> list[str]:
        """Inputs without control dependencies (``^name``) and without the ``:0`` suffix."""
        return [_strip_port(i) for i in self.inputs if not i.startswith("^")]


@dataclass
class TfGraph:
    """A frozen graph: nodes in file order, looked up by name."""

    nodes: list[TfNode]

    def __post_init__(self) -> None:
        self.by_name = {n.name: n for n in self.nodes}

    def ops(self) -> set[str]:
        return {n.op for n in self.nodes}


def _strip_port(name: str) -> str:
    base, sep, port = name.rpartition(":")
    return base if sep and port == "0" else name


def tensor_to_array(tensor: Any) -> np.ndarray:
    """Decode a TensorProto (raw ``tensor_content`` or the typed ``*_val`` lists, with splat)."""
    dtype = _DTYPES.get(tensor.dtype)
    if dtype is None:
        raise ValueError(f"unsupported tensor dtype {tensor.dtype}")
    shape = tuple(int(d.size) for d in tensor.tensor_shape.dim)
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if tensor.tensor_content:
        return np.frombuffer(tensor.tensor_content, dtype=dtype).reshape(shape).copy()
    if dtype == np.float16:
        values = np.array(tensor.half_val, dtype=np.uint16).view(np.float16)
    elif dtype == np.float32:
        values = np.array(tensor.float_val, dtype=dtype)
    elif dtype == np.float64:
        values = np.array(tensor.double_val, dtype=dtype)
    elif dtype == np.int64:
        values = np.array(tensor.int64_val, dtype=dtype)
    elif dtype == np.bool_:
        values = np.array(tensor.bool_val, dtype=dtype)
    else:
        values = np.array(tensor.int_val, dtype=dtype)
    if values.size == count:
        return values.reshape(shape)
    if values.size == 1 or (values.size == 0 and count == 0):
        # TensorFlow stores a constant-filled tensor as one value ("splat").
        return np.full(shape, values[0] if values.size else 0, dtype=dtype)
    if values.size < count and values.size > 0:
        # The remaining elements repeat the last one (TensorFlow's convention).
        out = np.empty(count, dtype=dtype)
        out[: values.size] = values
        out[values.size :] = values[-1]
        return out.reshape(shape)
    raise ValueError(f"tensor has {values.size} values for shape {shape}")


def _attr_value(value: Any) -> Any:
    kind = value.WhichOneof("value")
    if kind is None:
        return None
    if kind == "s":
        return value.s.decode("utf-8", "replace")
    if kind == "tensor":
        return tensor_to_array(value.tensor)
    if kind == "shape":
        return [int(d.size) for d in value.shape.dim]
    if kind == "list":
        lst = value.list
        if lst.s:
            return [s.decode("utf-8", "replace") for s in lst.s]
        for name in ("i", "f", "b", "type"):
            items = getattr(lst, name)
            if items:
                return list(items)
        return []
    return getattr(value, kind)


def parse_graph(data: bytes) -> TfGraph:
    """Parse serialized GraphDef bytes; raises ValueError if they are not a GraphDef."""
    graph = _MESSAGES["GraphDef"]()
    try:
        graph.ParseFromString(data)
    except Exception as err:  # protobuf raises its own DecodeError type
        raise ValueError(f"not a TensorFlow graph: {err}") from err
    nodes = []
    for n in graph.node:
        attrs = {key: _attr_value(val) for key, val in n.attr.items()}
        nodes.append(TfNode(name=n.name, op=n.op, inputs=list(n.input), attrs=attrs))
    if not nodes or any(not n.name or not n.op for n in nodes):
        raise ValueError("not a TensorFlow graph: no named nodes")
    return TfGraph(nodes)


def read_graph(path: Path) -> TfGraph:
    """Read a frozen ``.pb`` graph; ModelError names the file when it cannot be read or parsed."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ModelError(
            text("cannot read the model file ({reason})", reason=str(err.strerror or err)), path
        ) from err
    try:
        return parse_graph(data)
    except ValueError as err:
        raise ModelError(str(err), path) from err
