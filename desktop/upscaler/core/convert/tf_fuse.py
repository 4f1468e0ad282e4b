"""Rewrite the activation idioms of the mirrored TensorFlow graphs into single operators.

TensorFlow 1 exports spelled PReLU and leaky ReLU out of primitive ops, so each activation is five
or six full passes over a feature map; FSRCNN's 12-channel layers are memory-bound, so those
passes cost more than the convolutions. The rewrites are exact algebra:

- FSRCNN: ``relu(x) + (alpha * (x - |x|)) * c``  ==  ``PReLU(x, slope = 2 * alpha * c)``
- LapSRN: ``relu(x) - c2 * relu(c1 * x)`` with ``c1 < 0``  ==  ``LeakyReLU(x, -c1 * c2)``

A match requires every intermediate node to feed only the pattern, so nothing else sees a removed
value; anything that does not match is left as it was.
"""

from __future__ import annotations

import numpy as np

from upscaler.core.convert.tf_graph import TfGraph, TfNode

#: Synthetic operators the converter understands (not TensorFlow op names).
PRELU, LEAKY_RELU = "_PRelu", "_LeakyRelu"


class _Matcher:
    def __init__(self, graph: TfGraph) -> None:
        self.by_name = graph.by_name
        self.uses: dict[str, int] = {}
        for node in graph.nodes:
            for name in node.data_inputs:
                self.uses[name] = self.uses.get(name, 0) + 1

    def node(self, name: str, op: str, *, private: bool = True) -> TfNode | None:
        """The node ``name`` if it is an ``op`` (used only once when ``private``)."""
        node = self.by_name.get(name)
        if node is None or node.op != op or (private and self.uses.get(name, 0) != 1):
            return None
        return node

    def const(self, name: str) -> np.ndarray | None:
        node = self.by_name.get(name)
        return np.asarray(node.attrs["value"]) if node is not None and node.op == "Const" else None

    def split_const(self, node: TfNode) -> tuple[np.ndarray, str] | None:
        """``(constant, other input)`` of a binary node with exactly one constant input."""
        a, b = node.data_inputs
        ca, cb = self.const(a), self.const(b)
        if ca is not None and cb is None:
            return ca, b
        if cb is not None and ca is None:
            return cb, a
        return None

    def relu_input(self, name: str) -> str | None:
        relu = self.node(name, "Relu")
        return relu.data_inputs[0] if relu is not None else None

    def prelu(self, add: TfNode) -> tuple[str, np.ndarray] | None:
        for relu_name, scaled_name in (add.data_inputs, add.data_inputs[::-1]):
            x = self.relu_input(relu_name)
            outer = self.node(scaled_name, "Mul")
            split = self.split_const(outer) if x and outer else None
            inner = self.node(split[1], "Mul") if split else None
            split_inner = self.split_const(inner) if inner else None
            sub = self.node(split_inner[1], "Sub") if split_inner else None
            if split is None or split_inner is None or sub is None or sub.data_inputs[0] != x:
                continue
            absolute = self.node(sub.data_inputs[1], "Abs")
            if absolute is None or absolute.data_inputs[0] != x:
                continue
            slope = 2.0 * split_inner[0].astype(np.float32) * split[0].astype(np.float32)
            if slope.ndim > 1 or split[0].size != 1:
                continue
            return x, slope.astype(np.float32)
        return None

    def leaky(self, sub: TfNode) -> tuple[str, float] | None:
        x = self.relu_input(sub.data_inputs[0])
        outer = self.node(sub.data_inputs[1], "Mul")
        split = self.split_const(outer) if x and outer else None
        inner_relu = self.relu_input(split[1]) if split else None
        negate = self.node(inner_relu, "Mul") if inner_relu else None
        split_neg = self.split_const(negate) if negate else None
        if split is None or split_neg is None or split_neg[1] != x or split[0].size != 1:
            return None
        c1, c2 = float(split_neg[0].reshape(-1)[0]), float(split[0].reshape(-1)[0])
        if split_neg[0].size != 1 or c1 >= 0:
            return None
        return x, -c1 * c2


def fuse_activations(graph: TfGraph) -> TfGraph:
    """The graph with each matched activation idiom replaced by one synthetic node."""
    match = _Matcher(graph)
    nodes: list[TfNode] = []
    for node in graph.nodes:
        if node.op in ("Add", "AddV2") and (found := match.prelu(node)):
            x, slope = found
            nodes.append(TfNode(f"{node.name}/slope", "Const", [], {"value": slope}))
            nodes.append(TfNode(node.name, PRELU, [x, f"{node.name}/slope"]))
        elif node.op == "Sub" and (leaky := match.leaky(node)):
            nodes.append(TfNode(node.name, LEAKY_RELU, [leaky[0]], {"alpha": leaky[1]}))
        else:
            nodes.append(node)
    return TfGraph(nodes)
