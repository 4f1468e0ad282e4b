"""An EDSR-shaped ONNX network with random weights, for benchmarks and tests.

The real EDSR weights (38 MB per scale) are not mirrored and must never be committed, yet EDSR is
the slowest model the program runs; speed depends only on the architecture, so benchmarks and
tests build the same graph with random weights: a 3x3 head convolution, residual blocks
(conv, ReLU, conv, scaled by 0.1, added back), a body convolution with a global skip, then a
convolution to ``3*s*s`` channels and depth-to-space (TensorFlow order, ONNX DCR).
"""

from __future__ import annotations

import numpy as np

from upscaler.core.convert import onnx_proto as op

#: The published EDSR: 32 residual blocks of 256 channels.
EDSR_BLOCKS, EDSR_CHANNELS = 32, 256


def build_edsr_onnx(
    blocks: int = EDSR_BLOCKS,
    channels: int = EDSR_CHANNELS,
    scale: int = 3,
    *,
    seed: int = 0,
    output_name: str = "output",
) -> bytes:
    """Serialized ONNX model: NCHW BGR-minus-mean in, NCHW out (``scale`` times larger)."""
    rng = np.random.default_rng(seed)
    nodes: list = []
    inits: list = []

    def conv(x: str, cin: int, cout: int, name: str) -> str:
        # He-style scale keeps activations bounded through the residual stack.
        w = (rng.standard_normal((cout, cin, 3, 3)) * (1.0 / (9 * cin)) ** 0.5).astype(np.float32)
        b = (rng.standard_normal(cout) * 0.01).astype(np.float32)
        inits.extend([op.make_tensor(f"{name}.w", w), op.make_tensor(f"{name}.b", b)])
        nodes.append(
            op.make_node(
                "Conv",
                [x, f"{name}.w", f"{name}.b"],
                [name],
                name,
                kernel_shape=[3, 3],
                pads=[1, 1, 1, 1],
            )
        )
        return name

    def node(op_type: str, inputs: list[str], name: str, **attrs: object) -> str:
        nodes.append(op.make_node(op_type, inputs, [name], name, **attrs))
        return name

    inits.append(op.make_tensor("res_scale", np.array(0.1, np.float32)))
    head = conv("input", 3, channels, "head")
    x = head
    for i in range(blocks):
        y = conv(x, channels, channels, f"block{i}.conv1")
        y = node("Relu", [y], f"block{i}.relu")
        y = conv(y, channels, channels, f"block{i}.conv2")
        y = node("Mul", [y, "res_scale"], f"block{i}.scale")
        x = node("Add", [x, y], f"block{i}.add")
    x = conv(x, channels, channels, "body")
    x = node("Add", [x, head], "skip")
    x = conv(x, channels, 3 * scale * scale, "upsample")
    node("DepthToSpace", [x], output_name, blocksize=scale, mode="DCR")
    return op.make_model(
        nodes,
        inits,
        [op.make_value_info("input", ["N", 3, "H", "W"])],
        [op.make_value_info(output_name, ["N", 3, None, None])],
    )
