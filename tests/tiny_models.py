"""Tiny ONNX super-resolution networks built in the tests, with known or reference outputs.

The real EDSR weights are 38 MB and not mirrored; these networks have EDSR's architecture (conv
head, residual blocks scaled by 0.1, global skip, conv to ``3*s*s`` channels, depth-to-space) so
the EDSR/UpNet code path is exercised for real. :func:`known_edsr` has weights whose correct output
is known in closed form; :func:`random_edsr` has random weights and a pure-numpy forward pass to
compare against. Other engineers' tests (ONNX Runtime backend, store, CLI) may import these.

Pixel-shuffle order (docs/pitfalls.md #12): TensorFlow's ``depth_to_space`` is ONNX
``DepthToSpace`` mode ``DCR`` (channel index ``(i*s + j)*C + c``); PyTorch's ``PixelShuffle`` is
``CRD`` (``c*s*s + i*s + j``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# TensorFlow's GraphDef messages, declared by the project's own .pb reader (no TensorFlow needed).
from upscaler.core.convert.tf_graph import _MESSAGES as TF_MESSAGES

#: The DIV2K BGR mean as OpenCV's dnn_superres documents it; kept here, independent of the code
#: under test, so a wrong constant there fails the tests.
DIV2K_MEAN_BGR = np.array([103.1545782, 111.561547, 114.35629928])
#: ONNX opset the builders target (cv2.dnn 4.x and onnxruntime both read it).
OPSET = 13
INPUT, OUTPUT = "input", "output"


@dataclass
class TinyEDSR:
    """Weights of an EDSR-shaped network: ``save`` writes ONNX, ``forward`` runs it in numpy."""

    scale: int
    head: tuple[np.ndarray, np.ndarray]
    blocks: list[tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]]
    body_tail: tuple[np.ndarray, np.ndarray]
    upsample: tuple[np.ndarray, np.ndarray]
    mode: str = "DCR"
    in_channels: int = 3
    res_scale: float = 0.1

    @property
    def context(self) -> int:
        """Receptive radius in input pixels: one per 3x3 convolution on the path."""
        return 2 + 2 * len(self.blocks) + 1

    def forward(self, blob: np.ndarray) -> np.ndarray:
        """Reference forward pass (float64) of an ``1xCxHxW`` blob."""
        x = conv2d(blob.astype(np.float64), *self.head)
        skip = x
        for first, second in self.blocks:
            r = np.maximum(conv2d(x, *first), 0.0)
            x = x + self.res_scale * conv2d(r, *second)
        x = conv2d(x, *self.body_tail) + skip
        return depth_to_space(conv2d(x, *self.upsample), self.scale, self.mode)

    def save(self, path: Path) -> Path:
        """Write the network as an ONNX file with dynamic height and width."""
        nodes: list[onnx.NodeProto] = []
        inits: list[onnx.TensorProto] = []

        def conv(x: str, weights: tuple[np.ndarray, np.ndarray], name: str) -> str:
            w, b = weights
            inits.append(numpy_helper.from_array(w.astype(np.float32), f"{name}_w"))
            inits.append(numpy_helper.from_array(b.astype(np.float32), f"{name}_b"))
            pad = w.shape[2] // 2
            nodes.append(
                helper.make_node(
                    "Conv", [x, f"{name}_w", f"{name}_b"], [name], pads=[pad] * 4, name=name
                )
            )
            return name

        inits.append(numpy_helper.from_array(np.array(self.res_scale, np.float32), "res_scale"))
        x = conv(INPUT, self.head, "head")
        skip = x
        for n, (first, second) in enumerate(self.blocks):
            r = conv(x, first, f"b{n}_c1")
            nodes.append(helper.make_node("Relu", [r], [f"b{n}_relu"]))
            r = conv(f"b{n}_relu", second, f"b{n}_c2")
            nodes.append(helper.make_node("Mul", [r, "res_scale"], [f"b{n}_scaled"]))
            nodes.append(helper.make_node("Add", [x, f"b{n}_scaled"], [f"b{n}_out"]))
            x = f"b{n}_out"
        x = conv(x, self.body_tail, "body_tail")
        nodes.append(helper.make_node("Add", [x, skip], ["global_skip"]))
        x = conv("global_skip", self.upsample, "upsample")
        nodes.append(
            helper.make_node("DepthToSpace", [x], [OUTPUT], blocksize=self.scale, mode=self.mode)
        )
        save_graph(nodes, inits, self.in_channels, 3, path)
        return path

    def save_pb(self, path: Path) -> Path:
        """Write the network as a frozen TensorFlow graph laid out like the mirrored ``.pb`` files
        (NHWC Conv2D + Add bias, DepthToSpace, a final ``NCHW_output`` Transpose)."""
        if self.mode != "DCR":
            raise ValueError("TensorFlow's depth_to_space is DCR only")
        graph = TF_MESSAGES["GraphDef"]()

        def node(name: str, op: str, inputs: list[str], **attrs: object) -> str:
            n = graph.node.add(name=name, op=op)
            n.input.extend(inputs)
            for key, value in attrs.items():
                if isinstance(value, np.ndarray):
                    tensor = n.attr[key].tensor
                    tensor.dtype = 3 if value.dtype == np.int32 else 1
                    for size in value.shape:
                        tensor.tensor_shape.dim.add(size=size)
                    tensor.tensor_content = value.tobytes()
                elif isinstance(value, bytes):
                    n.attr[key].s = value
                elif isinstance(value, list):
                    n.attr[key].list.i.extend(value)
                elif key in ("T", "dtype"):
                    n.attr[key].type = value
                else:
                    n.attr[key].i = value
            return name

        def conv(x: str, weights: tuple[np.ndarray, np.ndarray], name: str) -> str:
            w, b = weights
            hwio = np.ascontiguousarray(w.transpose(2, 3, 1, 0), dtype=np.float32)
            node(f"{name}_w", "Const", [], dtype=1, value=hwio)
            node(f"{name}_b", "Const", [], dtype=1, value=b.astype(np.float32))
            node(
                name,
                "Conv2D",
                [x, f"{name}_w"],
                T=1,
                data_format=b"NHWC",
                strides=[1, 1, 1, 1],
                dilations=[1, 1, 1, 1],
                padding=b"SAME",
            )
            return node(f"{name}_add", "Add", [name, f"{name}_b"], T=1)

        node("IteratorGetNext", "Placeholder", [], dtype=1)
        node("res_scale", "Const", [], dtype=1, value=np.array(self.res_scale, np.float32))
        x = skip = conv("IteratorGetNext", self.head, "head")
        for n, (first, second) in enumerate(self.blocks):
            r = node(f"b{n}_relu", "Relu", [conv(x, first, f"b{n}_c1")], T=1)
            r = node(f"b{n}_mul", "Mul", [conv(r, second, f"b{n}_c2"), "res_scale"], T=1)
            x = node(f"b{n}_out", "Add", [x, r], T=1)
        x = node("global_skip", "Add", [conv(x, self.body_tail, "body_tail"), skip], T=1)
        x = conv(x, self.upsample, "upsample")
        x = node(
            "DepthToSpace", "DepthToSpace", [x], T=1, data_format=b"NHWC", block_size=self.scale
        )
        node("NCHW_output/perm", "Const", [], dtype=3, value=np.array([0, 3, 1, 2], np.int32))
        node("NCHW_output", "Transpose", [x, "NCHW_output/perm"], T=1, Tperm=3)
        path.write_bytes(graph.SerializeToString())
        return path


def save_graph(
    nodes: list[onnx.NodeProto],
    inits: list[onnx.TensorProto],
    in_channels: int,
    out_channels: int,
    path: Path,
) -> None:
    """Check and write a one-input, one-output image graph with dynamic spatial size."""
    graph = helper.make_graph(
        nodes,
        "tiny_sr",
        [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, [1, in_channels, "h", "w"])],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, [1, out_channels, "H", "W"])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Same-padded, stride-1 convolution (ONNX/PyTorch cross-correlation) of an NCHW batch."""
    k = w.shape[2]
    pad = k // 2
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    height, width = x.shape[2:]
    out = np.zeros((x.shape[0], w.shape[0], height, width))
    for dy in range(k):
        for dx in range(k):
            window = padded[:, :, dy : dy + height, dx : dx + width]
            out += np.einsum("nchw,oc->nohw", window, w[:, :, dy, dx])
    return out + b.reshape(1, -1, 1, 1)


def depth_to_space(x: np.ndarray, s: int, mode: str) -> np.ndarray:
    """ONNX DepthToSpace in numpy, straight from the operator's definition."""
    n, c, h, w = x.shape
    if mode == "DCR":
        y = x.reshape(n, s, s, c // (s * s), h, w).transpose(0, 3, 4, 1, 5, 2)
    else:
        y = x.reshape(n, c // (s * s), s, s, h, w).transpose(0, 1, 4, 2, 5, 3)
    return y.reshape(n, c // (s * s), h * s, w * s)


def shuffle_channel(c: int, i: int, j: int, s: int, channels: int, mode: str) -> int:
    """Which pre-shuffle channel becomes output channel ``c`` at sub-pixel ``(i, j)``."""
    return (i * s + j) * channels + c if mode == "DCR" else c * s * s + i * s + j


def known_offsets(scale: int) -> np.ndarray:
    """``s x s x 3`` grey-level offsets the known network adds: distinct per sub-pixel, channel."""
    count = scale * scale * 3
    return (np.arange(count, dtype=np.float64) - count // 2).reshape(scale, scale, 3)


def known_edsr(
    scale: int, *, features: int = 4, blocks: int = 2, mode: str = "DCR", seed: int = 0
) -> TinyEDSR:
    """An EDSR whose output is known in closed form (see :func:`known_edsr_output`).

    The head copies the 3 input channels into the first 3 features (the rest carry random noise
    the upsampling conv ignores). The first residual block turns feature ``c`` into
    ``min(f_c, 0)`` (ReLU, then -10 x 0.1), so the result depends on the mean actually subtracted;
    the other blocks have zero second convs. The body tail is the identity, so the global skip
    adds ``f_c`` again; the upsampling conv routes channel ``c`` to every sub-pixel with a bias
    distinct per sub-pixel and channel. A mean, channel-order or shuffle-order mistake therefore
    changes the output.
    """
    rng = np.random.default_rng(seed)
    head_w = np.zeros((features, 3, 3, 3))
    head_w[3:] = rng.normal(0, 0.1, (features - 3, 3, 3, 3))
    identity = np.zeros((features, features, 3, 3))
    for c in range(3):
        head_w[c, c, 1, 1] = 1.0
        identity[c, c, 1, 1] = 1.0
    body = []
    for n in range(blocks):
        first_w = rng.normal(0, 0.1, (features, features, 3, 3))
        second_w = np.zeros((features, features, 3, 3))
        if n == 0:
            first_w[:3] = identity[:3]
            second_w[:3] = -10.0 * identity[:3]
        body.append(((first_w, np.zeros(features)), (second_w, np.zeros(features))))
    all_identity = identity.copy()
    for c in range(3, features):
        all_identity[c, c, 1, 1] = 1.0
    up_w = np.zeros((3 * scale * scale, features, 3, 3))
    up_b = np.zeros(3 * scale * scale)
    offsets = known_offsets(scale)
    for i in range(scale):
        for j in range(scale):
            for c in range(3):
                k = shuffle_channel(c, i, j, scale, 3, mode)
                up_w[k, c, 1, 1] = 1.0
                up_b[k] = offsets[i, j, c]
    tail = (all_identity, np.zeros(features))
    return TinyEDSR(scale, (head_w, np.zeros(features)), body, tail, (up_w, up_b), mode)


def known_edsr_output(image: np.ndarray, scale: int) -> np.ndarray:
    """What :func:`known_edsr` must produce for a BGR ``image`` in 0..255 (float, unrounded).

    With ``f = x - mean``: ``(f + min(f, 0)) + offset + mean = x + min(x - mean, 0) + offset``.
    Inputs in 72..215 keep it within 0..255, so no clipping is involved.
    """
    pixels = image.astype(np.float64)
    values = pixels + np.minimum(pixels - DIV2K_MEAN_BGR, 0.0)
    nearest = np.repeat(np.repeat(values, scale, 0), scale, 1)
    height, width = image.shape[:2]
    return nearest + np.tile(known_offsets(scale), (height, width, 1))


def random_edsr(
    scale: int,
    *,
    features: int = 8,
    blocks: int = 2,
    mode: str = "DCR",
    seed: int = 0,
    in_channels: int = 3,
) -> TinyEDSR:
    """An EDSR with random weights sized so outputs stay in a useful range (about +-40 levels)."""
    rng = np.random.default_rng(seed)

    def conv(out_c: int, in_c: int, std: float) -> tuple[np.ndarray, np.ndarray]:
        return rng.normal(0, std, (out_c, in_c, 3, 3)), rng.normal(0, 1.0, out_c)

    blocks_w = [
        (conv(features, features, 0.2), conv(features, features, 0.2)) for _ in range(blocks)
    ]
    return TinyEDSR(
        scale,
        conv(features, in_channels, 0.2),
        blocks_w,
        conv(features, features, 0.1),
        conv(3 * scale * scale, features, 0.1),
        mode,
        in_channels,
    )


def tiny_y_model(path: Path, scale: int, *, seed: int = 0, features: int = 4) -> Path:
    """A minimal ESPCN-like Y-channel network (1 channel in, 1 out): conv, tanh, conv, shuffle."""
    rng = np.random.default_rng(seed)
    w1 = rng.normal(0, 0.3, (features, 1, 3, 3)).astype(np.float32)
    w2 = rng.normal(0, 0.1, (scale * scale, features, 3, 3)).astype(np.float32)
    inits = [
        numpy_helper.from_array(w1, "w1"),
        numpy_helper.from_array(np.zeros(features, np.float32), "b1"),
        numpy_helper.from_array(w2, "w2"),
        numpy_helper.from_array(np.full(scale * scale, 0.5, np.float32), "b2"),
    ]
    nodes = [
        helper.make_node("Conv", [INPUT, "w1", "b1"], ["c1"], pads=[1] * 4),
        helper.make_node("Tanh", ["c1"], ["t1"]),
        helper.make_node("Conv", ["t1", "w2", "b2"], ["c2"], pads=[1] * 4),
        helper.make_node("DepthToSpace", ["c2"], [OUTPUT], blocksize=scale, mode="DCR"),
    ]
    save_graph(nodes, inits, 1, 1, path)
    return path


def nearest_y_model(path: Path, scale: int) -> Path:
    """A Y-channel network whose output is the nearest-neighbour upscale of its input."""
    weights = np.zeros((scale * scale, 1, 1, 1), np.float32)
    weights[:, 0, 0, 0] = 1.0
    inits = [
        numpy_helper.from_array(weights, "w"),
        numpy_helper.from_array(np.zeros(scale * scale, np.float32), "b"),
    ]
    nodes = [
        helper.make_node("Conv", [INPUT, "w", "b"], ["c"]),
        helper.make_node("DepthToSpace", ["c"], [OUTPUT], blocksize=scale, mode="DCR"),
    ]
    save_graph(nodes, inits, 1, 1, path)
    return path
