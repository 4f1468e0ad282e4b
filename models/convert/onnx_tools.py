"""Graph edits that make an exported ONNX model small without changing what it computes.

Used by the converters in this folder (conversion time only: needs the ``onnx`` package, which is
in the ``test`` extra, never a run-time dependency of the program).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def constants_to_initializers(model: onnx.ModelProto) -> None:
    """Turn ``Constant`` nodes holding a tensor into initializers (one place to edit them)."""
    graph = model.graph
    keep = []
    for node in graph.node:
        attrs = {a.name: a for a in node.attribute}
        if node.op_type == "Constant" and set(attrs) == {"value"}:
            tensor = numpy_helper.from_array(
                numpy_helper.to_array(attrs["value"].t), node.output[0]
            )
            graph.initializer.append(tensor)
        else:
            keep.append(node)
    del graph.node[:]
    graph.node.extend(keep)


def _rename_inputs(graph: onnx.GraphProto, renames: dict[str, str]) -> None:
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in renames:
                node.input[i] = renames[name]
    for out in graph.output:
        if out.name in renames:
            raise ValueError(f"cannot rename graph output {out.name}")


def dedupe_initializers(model: onnx.ModelProto, min_elements: int = 1024) -> int:
    """Share identical initializers (same type, shape and bytes) of at least ``min_elements``.

    Returns how many were removed. Small constants (axes, slice bounds, shapes) stay separate:
    OpenCV 4.x's importer fails on some graphs whose nodes share them (measured).
    """
    graph = model.graph
    seen: dict[tuple[int, tuple[int, ...], bytes], str] = {}
    renames: dict[str, str] = {}
    keep = []
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        key = (init.data_type, tuple(array.shape), array.tobytes())
        if array.size >= min_elements and key in seen:
            renames[init.name] = seen[key]
        else:
            seen.setdefault(key, init.name)
            keep.append(init)
    del graph.initializer[:]
    graph.initializer.extend(keep)
    _rename_inputs(graph, renames)
    return len(renames)


@dataclass(frozen=True)
class OuterTable:
    """A constant N x N table that is a function of ``u[i] - v[j]`` for two N-vectors.

    ``kind`` "index": the table is ``u[i] - v[j]`` as int64 (a gather index); "mask": it is
    ``-100 * min(1, (u[i] - v[j])**2)`` as float32 (an attention mask). ``value`` is the table as
    the exporter wrote it (any shape holding the N x N values in row-major order).
    """

    name: str
    value: np.ndarray
    u: np.ndarray
    v: np.ndarray
    kind: str

    def nodes(self, output: str) -> tuple[list[onnx.NodeProto], list[onnx.TensorProto]]:
        p = f"{self.name}/"
        inits = [
            numpy_helper.from_array(self.u.astype(np.float32).reshape(-1, 1), p + "u"),
            numpy_helper.from_array(self.v.astype(np.float32).reshape(1, -1), p + "v"),
            numpy_helper.from_array(np.array(self.value.shape, dtype=np.int64), p + "shape"),
        ]
        nodes = [helper.make_node("Sub", [p + "u", p + "v"], [p + "diff"])]
        if self.kind == "index":
            nodes.append(helper.make_node("Cast", [p + "diff"], [p + "int"], to=TensorProto.INT64))
            last = p + "int"
        elif self.kind == "mask":
            inits += [
                numpy_helper.from_array(np.array(1.0, dtype=np.float32), p + "one"),
                numpy_helper.from_array(np.array(-100.0, dtype=np.float32), p + "minus100"),
            ]
            nodes += [
                # Squared, not Abs: OpenCV's importer folds Mul but not Abs on constants.
                helper.make_node("Mul", [p + "diff", p + "diff"], [p + "square"]),
                helper.make_node("Min", [p + "square", p + "one"], [p + "differs"]),
                helper.make_node("Mul", [p + "differs", p + "minus100"], [p + "mask"]),
            ]
            last = p + "mask"
        else:
            raise ValueError(f"unknown table kind {self.kind!r}")
        nodes.append(helper.make_node("Reshape", [last, p + "shape"], [output]))
        return nodes, inits

    def matches(self, array: np.ndarray) -> bool:
        return (
            array.dtype == self.value.dtype
            and array.size == self.value.size
            and (np.array_equal(array.reshape(-1), self.value.reshape(-1)))
        )


def rebuild_tables(model: onnx.ModelProto, tables: Sequence[OuterTable]) -> dict[str, int]:
    """Replace every initializer equal to one of ``tables`` by a small subgraph computing it.

    Run after :func:`dedupe_initializers`, so each table is built once. Returns how many
    initializers each table replaced (0 or 1; the caller decides whether a miss is an error).
    """
    graph = model.graph
    counts = {t.name: 0 for t in tables}
    new_nodes: list[onnx.NodeProto] = []
    keep = []
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        table = next((t for t in tables if array.size >= 1024 and t.matches(array)), None)
        if table is None:
            keep.append(init)
            continue
        counts[table.name] += 1
        if counts[table.name] > 1:
            raise ValueError(f"table {table.name} appears twice: dedupe initializers first")
        nodes, inits = table.nodes(init.name)
        new_nodes += nodes
        keep += inits
    del graph.initializer[:]
    graph.initializer.extend(keep)
    existing = list(graph.node)
    del graph.node[:]
    graph.node.extend(new_nodes + existing)
    return counts


def fp16_storage(
    model: onnx.ModelProto, *, min_elements: int = 16, keep: Iterable[str] = ()
) -> int:
    """Store float32 initializers of at least ``min_elements`` as float16, cast back on load.

    Computation stays float32 (a ``Cast`` node restores each tensor under its old name), so
    only the weights are rounded. Returns the number of tensors converted.
    """
    graph = model.graph
    keep = set(keep)
    casts = []
    count = 0
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT or init.name in keep:
            continue
        array = numpy_helper.to_array(init)
        if array.size < min_elements:
            continue
        name = init.name
        init.CopyFrom(numpy_helper.from_array(array.astype(np.float16), name + "/fp16"))
        casts.append(helper.make_node("Cast", [name + "/fp16"], [name], to=TensorProto.FLOAT))
        count += 1
    existing = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + existing)
    return count


def shorten_names(model: onnx.ModelProto) -> None:
    """Drop node names and doc strings and number the intermediate values.

    The exporter's names ("/layers.0/blocks.6/attn/attns.1/Reshape_3_output_0") take more
    bytes than the weights in a graph of ~10,000 small nodes; initializer, input and output
    names (which say what the weights are) are kept.
    """
    graph = model.graph
    fixed = {i.name for i in graph.initializer} | {i.name for i in graph.input}
    fixed |= {o.name for o in graph.output}
    renames: dict[str, str] = {}
    for node in graph.node:
        node.name = ""
        node.doc_string = ""
        for i, name in enumerate(node.output):
            if name and name not in fixed:
                renames[name] = renames.get(name) or f"v{len(renames)}"
                node.output[i] = renames[name]
        for i, name in enumerate(node.input):
            if name in renames:
                node.input[i] = renames[name]
    del graph.value_info[:]
    graph.doc_string = ""


def static_input(model: onnx.ModelProto, height: int, width: int) -> onnx.ModelProto:
    """A copy whose input is declared 1x3xHxW: OpenCV DNN 4.x needs fixed shapes to import."""
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    dims = copy.graph.input[0].type.tensor_type.shape.dim
    for dim, value in zip(dims, (1, 3, height, width), strict=True):
        dim.Clear()
        dim.dim_value = value
    return copy
