"""The .pb reader and the TensorFlow -> ONNX converter: exact operator semantics on small synthetic
graphs, and equivalence with OpenCV on every mirrored model (within 1 grey level)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.core.convert.tf_graph import TfGraph, TfNode, parse_graph, read_graph
from upscaler.core.convert.tf_to_onnx import UnsupportedGraph, convert_file, convert_graph
from upscaler.core.errors import ModelError
from upscaler.core.runtime.opencv import OpenCVBackend

ort = pytest.importorskip("onnxruntime")
onnx = pytest.importorskip("onnx")

MIRRORED = [
    f"{name}_x{scale}.pb"
    for name, scales in (
        ("ESPCN", (2, 3, 4)),
        ("FSRCNN", (2, 3, 4)),
        ("FSRCNN-small", (2, 3, 4)),
        ("LapSRN", (2, 4, 8)),
    )
    for scale in scales
]
TO_NCHW = TfNode("to_nchw/perm", "Const", [], {"value": np.array([0, 3, 1, 2], np.int32)})


def run_onnx(model, x: np.ndarray) -> list[np.ndarray]:
    session = ort.InferenceSession(model.onnx, providers=["CPUExecutionProvider"])
    return session.run(list(model.output_names), {model.input_name: x})


def placeholder(channels: int) -> TfNode:
    return TfNode("input", "Placeholder", [], {"dtype": 1, "shape": [-1, -1, -1, channels]})


def conv_reference(x_nhwc: np.ndarray, w: np.ndarray, stride: int) -> np.ndarray:
    """TensorFlow's SAME convolution written out with numpy (NHWC, HWIO)."""
    kh, kw = w.shape[:2]
    h, wd = x_nhwc.shape[1:3]
    oh, ow = -(-h // stride), -(-wd // stride)
    ph = max((oh - 1) * stride + kh - h, 0)
    pw = max((ow - 1) * stride + kw - wd, 0)
    xp = np.pad(x_nhwc, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
    out = np.zeros((x_nhwc.shape[0], oh, ow, w.shape[3]), np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, i : i + stride * oh : stride, j : j + stride * ow : stride, :]
            out += np.einsum("nhwc,co->nhwo", patch, w[i, j])
    return out


def test_depth_to_space_uses_tensorflow_order_dcr() -> None:
    graph = TfGraph(
        [
            placeholder(8),
            TfNode("d2s", "DepthToSpace", ["input"], {"block_size": 2, "data_format": "NHWC"}),
            TO_NCHW,
            TfNode("out", "Transpose", ["d2s", "to_nchw/perm"], {}),
        ]
    )
    model = convert_graph(graph)
    x = np.arange(2 * 3 * 8, dtype=np.float32).reshape(1, 2, 3, 8)  # NHWC
    # tf.nn.depth_to_space: out[h*b+i, w*b+j, c] = in[h, w, (i*b+j)*C_out + c]
    expected = x.reshape(1, 2, 3, 2, 2, 2).transpose(0, 1, 3, 2, 4, 5).reshape(1, 4, 6, 2)
    (got,) = run_onnx(model, np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    np.testing.assert_array_equal(got, expected.transpose(0, 3, 1, 2))


@pytest.mark.parametrize("stride", [1, 2])
def test_conv_bias_and_activations_match_numpy(stride: int) -> None:
    rng = np.random.default_rng(stride)
    w = rng.standard_normal((3, 5, 2, 4)).astype(np.float32)
    bias = rng.standard_normal(4).astype(np.float32)
    alpha = rng.standard_normal(4).astype(np.float32)
    conv_attrs = {"strides": [1, stride, stride, 1], "padding": "SAME", "data_format": "NHWC"}
    graph = TfGraph(
        [
            placeholder(2),
            TfNode("w", "Const", [], {"value": w}),
            TfNode("b", "Const", [], {"value": bias}),
            TfNode("alpha", "Const", [], {"value": alpha}),
            TfNode("half", "Const", [], {"value": np.array(0.5, np.float32)}),
            TfNode("conv", "Conv2D", ["input", "w"], conv_attrs),
            TfNode("biased", "BiasAdd", ["conv", "b"], {}),
            # FSRCNN's PReLU as the .pb graphs spell it: relu(x) + alpha * (x - |x|) * 0.5
            TfNode("abs", "Abs", ["biased"], {}),
            TfNode("neg_part", "Sub", ["biased", "abs"], {}),
            TfNode("scaled", "Mul", ["alpha", "neg_part"], {}),
            TfNode("halved", "Mul", ["scaled", "half"], {}),
            TfNode("relu", "Relu", ["biased"], {}),
            TfNode("prelu", "Add", ["relu", "halved"], {}),
            TfNode("tanh", "Tanh", ["prelu"], {}),
            TO_NCHW,
            TfNode("out", "Transpose", ["tanh", "to_nchw/perm"], {}),
        ]
    )
    model = convert_graph(graph)
    assert (model.input_name, model.output_names, model.channels) == ("input", ("out",), 2)
    assert onnx_ops(model) == Counter({"Conv": 1, "PRelu": 1, "Tanh": 1, "Identity": 1})
    onnx.checker.check_model(onnx.load_from_string(model.onnx))
    x = rng.standard_normal((2, 9, 11, 2)).astype(np.float32)
    y = conv_reference(x.astype(np.float64), w.astype(np.float64), stride) + bias
    expected = np.tanh(np.where(y > 0, y, alpha * y))
    (got,) = run_onnx(model, np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    assert got.shape == (2, 4, -(-9 // stride), -(-11 // stride))
    np.testing.assert_allclose(got, expected.transpose(0, 3, 1, 2), atol=1e-5)


def test_unsupported_operator_is_reported_by_node() -> None:
    graph = TfGraph(
        [placeholder(1), TfNode("sm", "Softmax", ["input"], {}), TfNode("out", "Relu", ["sm"])]
    )
    with pytest.raises(UnsupportedGraph, match=r"'sm' \(Softmax\): operator not supported"):
        convert_graph(graph)


def test_reader_rejects_a_file_that_is_not_a_graph(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pb"
    bad.write_bytes(b"\xff\xff\xff not a protobuf")
    with pytest.raises(ModelError) as info:
        read_graph(bad)
    assert info.value.path == bad
    with pytest.raises(ValueError):
        parse_graph(b"")


def _y_channel(path: Path, size: int) -> np.ndarray:
    bgr = cv2.imread(str(path))[:size, :size]
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2YCrCb)[:, :, 0].astype(np.float32) / 255.0


@pytest.mark.parametrize("filename", MIRRORED)
def test_converted_model_matches_opencv_on_the_pb(
    filename: str, shared_models_dir: Path, set5_dir: Path
) -> None:
    pb = shared_models_dir / filename
    model = convert_file(pb)
    graph_ops = read_graph(pb).ops()
    assert graph_ops <= {
        "Const",
        "Placeholder",
        "Conv2D",
        "BiasAdd",
        "Add",
        "Sub",
        "Mul",
        "Abs",
        "Relu",
        "Tanh",
        "DepthToSpace",
        "Transpose",
    }
    blob = _y_channel(set5_dir / "butterfly.png", 48)[None, None]
    # OpenCVBackend, not dnn_superres: that one registers a DCR-only layer for the whole process.
    reference = [OpenCVBackend(pb, (name,)).run(blob) for name in model.output_names]
    converted = run_onnx(model, blob)
    scale = int(filename.rsplit("_x", 1)[1][:-3])
    assert converted[0].shape == (1, 1, 48 * scale, 48 * scale)
    for ref, got in zip(reference, converted, strict=True):
        assert got.shape == ref.shape
        ref8 = np.clip(ref * 255.0, 0, 255).round()
        got8 = np.clip(got * 255.0, 0, 255).round()
        assert np.abs(ref8 - got8).max() <= 1


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_edsr_shaped_pb_converts_and_matches_opencv(scale: int, tmp_path: Path, set5_dir: Path):
    """The EDSR .pb graphs are not mirrored; a random-weight graph of the same layout stands in."""
    from tests.tiny_models import random_edsr

    pb = random_edsr(scale, features=8, blocks=2, seed=scale).save_pb(tmp_path / "edsr.pb")
    model = convert_file(pb)
    assert (model.channels, model.output_names) == (3, ("NCHW_output",))
    mean = np.array([103.1545782, 111.561547, 114.35629928], np.float32)
    bgr = cv2.imread(str(set5_dir / "head.png"))[:40, :36].astype(np.float32)
    blob = np.ascontiguousarray((bgr - mean).transpose(2, 0, 1)[None])
    (got,) = run_onnx(model, blob)
    want = OpenCVBackend(pb).run(blob)
    assert got.shape == want.shape == (1, 3, 40 * scale, 36 * scale)
    to8 = [np.clip(x[0].transpose(1, 2, 0) + mean, 0, 255).round() for x in (got, want)]
    assert np.abs(to8[0] - to8[1]).max() <= 1
    assert to8[1].std() > 5  # a real picture, not two runtimes agreeing on a flat one


def onnx_ops(model) -> Counter:
    return Counter(node.op_type for node in onnx.load_from_string(model.onnx).graph.node)


@pytest.mark.parametrize(
    ("filename", "fused", "count"),
    [("FSRCNN_x2.pb", "PRelu", 7), ("FSRCNN-small_x4.pb", "PRelu", 4),
     ("LapSRN_x2.pb", "LeakyRelu", 12)],
)  # fmt: skip
def test_activation_idioms_become_single_operators(
    filename: str, fused: str, count: int, shared_models_dir: Path
) -> None:
    ops = onnx_ops(convert_file(shared_models_dir / filename))
    assert ops[fused] == count
    assert not {"Abs", "Sub", "Mul", "Relu"} & set(ops)


def _leaky_graph(extra_output: bool) -> TfGraph:
    nodes = [
        placeholder(2),
        TfNode("minus", "Const", [], {"value": np.array(-1.0, np.float32)}),
        TfNode("c2", "Const", [], {"value": np.array(0.2, np.float32)}),
        TfNode("neg", "Mul", ["minus", "input"]),
        TfNode("relu_neg", "Relu", ["neg"]),
        TfNode("scaled", "Mul", ["c2", "relu_neg"]),
        TfNode("relu", "Relu", ["input"]),
        TfNode("leaky", "Sub", ["relu", "scaled"]),
        TO_NCHW,
        TfNode("out", "Transpose", ["leaky", "to_nchw/perm"]),
    ]
    if extra_output:  # a second consumer of an intermediate value forbids the rewrite
        nodes.append(TfNode("side", "Transpose", ["relu_neg", "to_nchw/perm"]))
    return TfGraph(nodes)


@pytest.mark.parametrize("extra_output", [False, True])
def test_leaky_relu_rewrite_is_exact_and_only_when_safe(extra_output: bool) -> None:
    model = convert_graph(_leaky_graph(extra_output))
    assert onnx_ops(model)["LeakyRelu"] == (0 if extra_output else 1)
    x = np.random.default_rng(3).standard_normal((1, 5, 7, 2)).astype(np.float32)
    got = run_onnx(model, np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    expected = np.where(x > 0, x, 0.2 * x).transpose(0, 3, 1, 2)
    np.testing.assert_allclose(got[0], expected, rtol=1e-6, atol=1e-7)
    if extra_output:
        np.testing.assert_allclose(got[1], np.maximum(-x, 0).transpose(0, 3, 1, 2))
