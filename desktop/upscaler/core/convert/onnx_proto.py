"""Writing ONNX model files without the ``onnx`` package.

The converter only needs to *write* small inference graphs, and ``onnxruntime`` (the runtime
dependency) does not ship the ``onnx`` package; declaring the dozen ONNX messages needed here with
``descriptor_pb2`` (field numbers from onnx/onnx.proto) keeps ``onnx`` a test-only dependency and
the frozen build smaller. Tests validate the output with ``onnx.checker``.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from google.protobuf import descriptor_pb2

from upscaler.core.convert.proto_schema import add_field, message_classes

_F = descriptor_pb2.FieldDescriptorProto
_PACKAGE = "upscaler_onnx"

#: ONNX TensorProto.DataType values for the numpy types a converted graph holds.
ONNX_DTYPES: dict[np.dtype, int] = {
    np.dtype(np.float32): 1,
    np.dtype(np.uint8): 2,
    np.dtype(np.int8): 3,
    np.dtype(np.int32): 6,
    np.dtype(np.int64): 7,
    np.dtype(np.float16): 10,
}
FLOAT = 1


_add = functools.partial(add_field, _PACKAGE)


def _build() -> dict[str, Any]:
    fdp = descriptor_pb2.FileDescriptorProto(
        name="upscaler_onnx.proto", package=_PACKAGE, syntax="proto2"
    )
    m = fdp.message_type

    tensor = m.add(name="TensorProto")
    _add(tensor, "dims", 1, _F.TYPE_INT64, repeated=True)
    _add(tensor, "data_type", 2, _F.TYPE_INT32)
    _add(tensor, "name", 8, _F.TYPE_STRING)
    _add(tensor, "raw_data", 9, _F.TYPE_BYTES)

    attr = m.add(name="AttributeProto")
    _add(attr, "name", 1, _F.TYPE_STRING)
    _add(attr, "f", 2, _F.TYPE_FLOAT)
    _add(attr, "i", 3, _F.TYPE_INT64)
    _add(attr, "s", 4, _F.TYPE_BYTES)
    _add(attr, "t", 5, _F.TYPE_MESSAGE, type_name="TensorProto")
    _add(attr, "floats", 7, _F.TYPE_FLOAT, repeated=True)
    _add(attr, "ints", 8, _F.TYPE_INT64, repeated=True)
    _add(attr, "type", 20, _F.TYPE_INT32)

    node = m.add(name="NodeProto")
    _add(node, "input", 1, _F.TYPE_STRING, repeated=True)
    _add(node, "output", 2, _F.TYPE_STRING, repeated=True)
    _add(node, "name", 3, _F.TYPE_STRING)
    _add(node, "op_type", 4, _F.TYPE_STRING)
    _add(node, "attribute", 5, _F.TYPE_MESSAGE, repeated=True, type_name="AttributeProto")

    shape = m.add(name="TensorShapeProto")
    dim = shape.nested_type.add(name="Dimension")
    _add(dim, "dim_value", 1, _F.TYPE_INT64)
    _add(dim, "dim_param", 2, _F.TYPE_STRING)
    _add(shape, "dim", 1, _F.TYPE_MESSAGE, repeated=True, type_name="TensorShapeProto.Dimension")

    ttype = m.add(name="TypeProto")
    tt = ttype.nested_type.add(name="Tensor")
    _add(tt, "elem_type", 1, _F.TYPE_INT32)
    _add(tt, "shape", 2, _F.TYPE_MESSAGE, type_name="TensorShapeProto")
    _add(ttype, "tensor_type", 1, _F.TYPE_MESSAGE, type_name="TypeProto.Tensor")

    vi = m.add(name="ValueInfoProto")
    _add(vi, "name", 1, _F.TYPE_STRING)
    _add(vi, "type", 2, _F.TYPE_MESSAGE, type_name="TypeProto")

    graph = m.add(name="GraphProto")
    _add(graph, "node", 1, _F.TYPE_MESSAGE, repeated=True, type_name="NodeProto")
    _add(graph, "name", 2, _F.TYPE_STRING)
    _add(graph, "initializer", 5, _F.TYPE_MESSAGE, repeated=True, type_name="TensorProto")
    _add(graph, "input", 11, _F.TYPE_MESSAGE, repeated=True, type_name="ValueInfoProto")
    _add(graph, "output", 12, _F.TYPE_MESSAGE, repeated=True, type_name="ValueInfoProto")

    opset = m.add(name="OperatorSetIdProto")
    _add(opset, "domain", 1, _F.TYPE_STRING)
    _add(opset, "version", 2, _F.TYPE_INT64)

    model = m.add(name="ModelProto")
    _add(model, "ir_version", 1, _F.TYPE_INT64)
    _add(model, "producer_name", 2, _F.TYPE_STRING)
    _add(model, "producer_version", 3, _F.TYPE_STRING)
    _add(model, "graph", 7, _F.TYPE_MESSAGE, type_name="GraphProto")
    _add(model, "opset_import", 8, _F.TYPE_MESSAGE, repeated=True, type_name="OperatorSetIdProto")

    return message_classes(fdp, ("TensorProto", "NodeProto", "ValueInfoProto", "ModelProto"))


_M = _build()


def make_tensor(name: str, array: np.ndarray) -> Any:
    """An initializer holding ``array`` (little-endian raw bytes, as ONNX requires)."""
    arr = np.ascontiguousarray(array)
    t = _M["TensorProto"](name=name, data_type=ONNX_DTYPES[arr.dtype])
    t.dims.extend(int(d) for d in arr.shape)
    t.raw_data = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
    return t


def make_node(op_type: str, inputs: list[str], outputs: list[str], name: str, **attrs: Any) -> Any:
    """A node; attribute types follow the Python value (int, float, str, list of ints/floats)."""
    node = _M["NodeProto"](op_type=op_type, name=name)
    node.input.extend(inputs)
    node.output.extend(outputs)
    for key, value in sorted(attrs.items()):
        a = node.attribute.add(name=key)
        if isinstance(value, bool | int | np.integer):
            a.i, a.type = int(value), 2
        elif isinstance(value, float):
            a.f, a.type = value, 1
        elif isinstance(value, str):
            a.s, a.type = value.encode(), 3
        elif all(isinstance(v, int | np.integer) for v in value):
            a.ints.extend(int(v) for v in value)
            a.type = 7
        else:
            a.floats.extend(float(v) for v in value)
            a.type = 6
    return node


def make_value_info(name: str, dims: list[int | str | None], elem_type: int = FLOAT) -> Any:
    """A graph input/output; a str dim is symbolic, None is unknown."""
    vi = _M["ValueInfoProto"](name=name)
    tt = vi.type.tensor_type
    tt.elem_type = elem_type
    for d in dims:
        dim = tt.shape.dim.add()
        if isinstance(d, str):
            dim.dim_param = d
        elif d is not None:
            dim.dim_value = int(d)
    return vi


def make_model(
    nodes: list[Any],
    initializers: list[Any],
    inputs: list[Any],
    outputs: list[Any],
    *,
    opset: int = 13,
    ir_version: int = 7,
    graph_name: str = "graph",
) -> bytes:
    """Serialize a single-graph model in the default ONNX domain."""
    model = _M["ModelProto"](ir_version=ir_version, producer_name="upscaler")
    model.opset_import.add(domain="", version=opset)
    g = model.graph
    g.name = graph_name
    g.node.extend(nodes)
    g.initializer.extend(initializers)
    g.input.extend(inputs)
    g.output.extend(outputs)
    return model.SerializeToString()


def read_model(data: bytes) -> Any:
    """Parse a serialized ONNX model (the fields declared above; others are skipped)."""
    model = _M["ModelProto"]()
    model.ParseFromString(data)
    return model


def conv_kernels(data: bytes) -> list[tuple[int, int]]:
    """(input channels, kernel size) of every (transposed) convolution, in graph order.

    The engine derives its tile margin (receptive field) from this, as it does for cv2.dnn graphs.
    Channels are 0 when the weights are not a plain initializer.
    """
    model = read_model(data)
    dims = {t.name: list(t.dims) for t in model.graph.initializer}
    found = []
    for node in model.graph.node:
        if node.op_type not in ("Conv", "ConvTranspose") or len(node.input) < 2:
            continue
        attrs = {a.name: a for a in node.attribute}
        w = dims.get(node.input[1], [])
        group = attrs["group"].i if "group" in attrs else 1
        if "kernel_shape" in attrs:
            kernel = max(attrs["kernel_shape"].ints)
        elif len(w) == 4:
            kernel = max(w[2:])
        else:
            continue
        if "dilations" in attrs:
            kernel = (kernel - 1) * max(attrs["dilations"].ints) + 1
        if len(w) != 4:
            channels = 0
        elif node.op_type == "Conv":
            channels = w[1] * group
        else:
            channels = w[0]
        found.append((int(channels), int(kernel)))
    return found
