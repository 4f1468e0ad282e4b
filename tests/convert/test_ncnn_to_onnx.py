"""The ncnn -> ONNX converter against ncnn itself, layer by layer, on tiny models built here.

Each model is written in ncnn's format (``NcnnBuilder``), run by the ``ncnn`` package, converted,
and run by onnxruntime and OpenCV DNN: outputs must agree within 1e-5 (float32 rounding). Options
the converter does not handle must fail with a message naming the layer.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.convert.ncnn_models import NcnnBuilder, flagged, raw, run_ncnn
from upscaler.core.convert.ncnn_param import NcnnFormatError
from upscaler.core.convert.ncnn_to_onnx import (
    SUPPORTED_LAYERS,
    ConvertedNcnn,
    UnsupportedNcnn,
    _Converter,
    convert_files,
    convert_ncnn,
)
from upscaler.core.runtime.opencv import read_onnx

ort = pytest.importorskip("onnxruntime")
pytest.importorskip("ncnn")
onnx = pytest.importorskip("onnx")

TOLERANCE = 1e-5


def run_onnx(model: ConvertedNcnn, x: np.ndarray, runtime: str) -> np.ndarray:
    if runtime == "onnxruntime":
        session = ort.InferenceSession(model.onnx, providers=["CPUExecutionProvider"])
        return session.run([model.output_name], {model.input_name: x})[0]
    net = read_onnx(model.onnx)  # the program's DepthToSpace, not a DnnSuperResImpl's
    net.setInput(x)
    return net.forward(model.output_name)


def check(
    builder: NcnnBuilder,
    tmp_path: Path,
    side: int = 12,
    runtimes: tuple[str, ...] = ("onnxruntime", "opencv"),
) -> ConvertedNcnn:
    """Convert, validate the ONNX, and compare every runtime with ncnn on a random input."""
    param, weights = builder.save(tmp_path)
    model = convert_files(param, weights)
    onnx.checker.check_model(onnx.load_from_string(model.onnx), full_check=True)
    x = np.random.default_rng(1).random((1, builder.channels, side, side + 2), dtype=np.float32)
    expected = run_ncnn(param, weights, x, model.input_name, model.output_name)
    for runtime in runtimes:
        got = run_onnx(model, x, runtime)
        assert got.shape == expected.shape, runtime
        np.testing.assert_allclose(got, expected, atol=TOLERANCE, rtol=0, err_msg=runtime)
    return model


@pytest.mark.parametrize("fp16", [False, True])
@pytest.mark.parametrize(
    "params",
    [
        {},  # unpadded, like waifu2x
        {4: 1, 9: 1},  # padded, ReLU
        {4: 2, 15: 0, 14: 0, 16: 2, 9: 2, 10: (0.2,)},  # uneven pads, LeakyReLU 0.2
        {3: 2, 4: 1, 9: 4},  # stride 2, sigmoid
        {2: 2, 4: 2},  # dilation
        {1: 3, 11: 1, 4: 1, 14: 0},  # 3x1 kernel
    ],
)
def test_convolution(tmp_path: Path, params: dict, fp16: bool) -> None:
    b = NcnnBuilder(channels=3)
    x = b.conv("data", 3, 5, params=params, fp16=fp16)
    b.conv(x, 5, 2, 1, bias=False)
    check(b, tmp_path)


BOTH = ("onnxruntime", "opencv")


@pytest.mark.parametrize(
    ("params", "runtimes"),
    [
        ({3: 2, 4: 3}, BOTH),  # waifu2x's final layer: kernel 4, stride 2, pad 3
        ({3: 2}, BOTH),
        ({3: 2, 4: 1, 18: 1, 9: 2, 10: (0.1,)}, BOTH),  # output padding, LeakyReLU
        ({3: 2, 4: 0, 15: 2, 14: 2, 16: 0}, ("onnxruntime",)),  # uneven pads: not in OpenCV
    ],
)
def test_deconvolution(tmp_path: Path, params: dict, runtimes: tuple[str, ...]) -> None:
    b = NcnnBuilder(channels=3)
    b.conv("data", 3, 4, 4, params=params, deconv=True, fp16=True)
    check(b, tmp_path, runtimes=runtimes)


def test_squeeze_excitation_crop_and_eltwise_like_cunet(tmp_path: Path) -> None:
    """CUNet's block: global pooling, two fully connected layers, per-channel Scale by a blob,
    a stride-2 convolution and a deconvolution, Crop to the reference, Eltwise sum."""
    b = NcnnBuilder(channels=3)
    x = b.conv("data", 3, 4, params={9: 2, 10: (0.1,)})
    s1, s2 = b.layer("Split", [x], tops=2).split(",")
    d = b.conv(b.conv(s1, 4, 6, 2, params={3: 2, 9: 1}), 6, 6)
    p1, p2 = b.layer("Split", [d], tops=2).split(",")
    pooled = b.layer("Pooling", [p1], {0: 1, 4: 1})
    w1, w2 = np.random.default_rng(3).standard_normal((2, 6 * 3)).astype(np.float32)
    fc = b.layer(
        "InnerProduct", [pooled], {0: 3, 1: 1, 2: 18, 9: 1}, flagged(w1), raw([0.1, -0.2, 0.3])
    )
    gate = b.layer("InnerProduct", [fc], {0: 6, 1: 0, 2: 18, 9: 4}, flagged(w2, fp16=True))
    scaled = b.layer("Scale", [p2, gate], {0: -233})
    up = b.conv(scaled, 6, 4, 2, params={3: 2}, deconv=True)
    u1, u2 = b.layer("Split", [up], tops=2).split(",")  # ncnn: every blob is consumed once
    crop = b.layer("Crop", [s2, u1], {0: 2, 1: 2})
    b.layer("Eltwise", [crop, u2], {0: 1})
    model = check(b, tmp_path, side=16)
    geo = model.geometry
    assert (geo.scale, geo.border, geo.multiple, geo.remainder) == (1, 3, 2, 0)


@pytest.mark.parametrize(
    "params",
    [{0: 1}, {0: 1, 1: (0.2, 1.0)}, {0: 1, 1: (-1.5, 0.5)}, {0: 0}, {0: 2}],
)
def test_eltwise(tmp_path: Path, params: dict) -> None:
    b = NcnnBuilder(channels=2)
    a, c = b.layer("Split", ["data"], tops=2).split(",")
    y = b.conv(c, 2, 2, params={4: 1})
    b.layer("Eltwise", [y, a], params)
    check(b, tmp_path)


def test_eltwise_of_three_inputs(tmp_path: Path) -> None:
    b = NcnnBuilder(channels=2)
    a, c, d = b.layer("Split", ["data"], tops=3).split(",")
    y = b.conv(c, 2, 2, params={4: 1})
    b.layer("Eltwise", [y, a, d], {0: 1, 1: (1.0, 2.0, -0.5)})
    check(b, tmp_path)


@pytest.mark.parametrize("op", [0, 1, 2, 3, 4, 5])
def test_binary_op_of_two_blobs_and_with_a_scalar(tmp_path: Path, op: int) -> None:
    b = NcnnBuilder(channels=2)
    a, c = b.layer("Split", ["data"], tops=2).split(",")
    y = b.conv(c, 2, 2, params={4: 1, 9: 4})  # sigmoid: positive, so Div is well defined
    z = b.layer("BinaryOp", [a, y], {0: op})
    b.layer("BinaryOp", [z], {0: op, 1: 1, 2: 1.75})
    check(b, tmp_path)


@pytest.mark.parametrize(
    ("params", "runtimes"),
    [
        ({0: 1, 1: 2.0, 2: 2.0}, ("onnxruntime", "opencv")),  # RRDBNet's nearest x2
        ({0: 1, 1: 4.0, 2: 4.0}, ("onnxruntime", "opencv")),
        ({0: 2, 1: 2.0, 2: 2.0}, ("onnxruntime", "opencv")),
        ({0: 3, 1: 0.5, 2: 0.5}, ("onnxruntime",)),  # animevideov3 x2: OpenCV has no cubic
        ({0: 3, 1: 2.0, 2: 2.0}, ("onnxruntime",)),
    ],
)
def test_interp(tmp_path: Path, params: dict, runtimes: tuple[str, ...]) -> None:
    b = NcnnBuilder(channels=2)
    y = b.conv("data", 2, 3, params={4: 1})
    b.layer("Interp", [y], params)
    check(b, tmp_path, side=16, runtimes=runtimes)


def test_opencv_cannot_read_bicubic_resize(tmp_path: Path) -> None:
    """Recorded so the integration knows: animevideov3 x2/x3 run only in onnxruntime."""
    b = NcnnBuilder(channels=1)
    b.layer("Interp", [b.conv("data", 1, 1)], {0: 3, 1: 0.5, 2: 0.5})
    model = convert_files(*b.save(tmp_path))
    with pytest.raises(cv2.error):
        cv2.dnn.readNetFromONNX(np.frombuffer(model.onnx, np.uint8))


def test_pixel_shuffle_prelu_relu_concat_noop(tmp_path: Path) -> None:
    b = NcnnBuilder(channels=3)
    a, c = b.layer("Split", ["data"], tops=2).split(",")
    y = b.conv(c, 3, 12, params={4: 1})
    y = b.layer("PReLU", [y], {0: 12}, raw(np.linspace(-0.5, 0.5, 12)))
    y = b.layer("PixelShuffle", [y], {0: 2})
    y = b.layer("PReLU", [y], {0: 1}, raw([0.25]))
    up = b.layer("Interp", [a], {0: 1, 1: 2.0, 2: 2.0})
    y = b.layer("Concat", [y, up], {0: 0})
    y = b.layer("ReLU", [y], {0: 0.1})
    y = b.layer("Noop", [y])
    b.layer("ReLU", [y])
    check(b, tmp_path)


@pytest.mark.parametrize(
    ("layer", "params", "message"),
    [
        ("Convolution", {0: 2, 1: 3, 6: 18, 4: -233}, "automatic"),
        ("Convolution", {0: 2, 1: 3, 6: 18, 8: 1}, "int8"),
        ("Convolution", {0: 2, 1: 3, 6: 18, 9: 5}, "activation type 5"),
        ("Convolution", {0: 2, 1: 3, 6: 17}, "inconsistent weight size"),
        ("Convolution", {0: 2, 1: 3, 6: 18, 4: 1, 18: 1.0}, "padding with a value"),
        ("Pooling", {0: 0, 1: 2}, "only global pooling"),
        ("Interp", {0: 1, 3: 10, 4: 10}, "fixed size"),
        ("Eltwise", {0: 0, 1: (2.0, 1.0)}, "coefficients"),
        ("Concat", {0: 1}, "axis 1"),
        ("Sigmoid", {}, "layer type not supported"),
        ("ConvolutionDepthWise", {0: 2, 1: 3, 6: 18, 7: 2}, "layer type not supported"),
    ],
)
def test_unsupported_options_name_the_layer(layer: str, params: dict, message: str) -> None:
    b = NcnnBuilder(channels=2)
    if layer == "Eltwise":
        b.layer(layer, b.layer("Split", ["data"], tops=2).split(","), params)
    else:
        b.layer(layer, ["data"], params, flagged(np.zeros(18)))
    with pytest.raises(UnsupportedNcnn, match=f"cannot convert layer '{layer.lower()}.*{message}"):
        convert_ncnn(b.param_text(), bytes(b.weights))


def test_weights_too_short_or_too_long(tmp_path: Path) -> None:
    b = NcnnBuilder(channels=1)
    b.conv("data", 1, 1)
    text, weights = b.param_text(), bytes(b.weights)
    with pytest.raises(NcnnFormatError, match="ends early"):
        convert_ncnn(text, weights[:-1])
    with pytest.raises(NcnnFormatError, match="has 4 bytes more than the graph uses"):
        convert_ncnn(text, weights + bytes(4))
    param, path = b.save(tmp_path)
    path.write_bytes(weights[:-4])
    with pytest.raises(NcnnFormatError) as err:
        convert_files(param, path)
    assert str(param) in str(err.value)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("7767517\n1 1\nReLU r 0 1 y\n", "exactly one input"),
        ("7767517\n2 3\nInput i 0 1 x 2=1\nSplit s 1 2 x a b\n", "one output blob, found 2"),
        ("7767517\n2 2\nInput i 0 1 x 2=1\nReLU r 1 1 q y\n", "blob 'q' is used but never made"),
        (
            "7767517\n2 2\nInput i 0 1 x 2=1\nConvolution c 1 1 x y 0=1 1=200 6=40000\n",
            "sizes are irregular .*no input size up to 160 pixels",
        ),
        ("7767517\n2 2\nInput i 0 1 x 2=1\nPooling p 1 1 x y 0=1 4=1\n", "not an image"),
    ],
)
def test_graphs_that_cannot_run(source: str, message: str) -> None:
    with pytest.raises(UnsupportedNcnn, match=message):
        convert_ncnn(source, flagged(np.zeros(40000)))


def test_every_supported_layer_has_a_handler() -> None:
    converter = _Converter([], None)  # type: ignore[arg-type]
    assert set(converter.handlers) == SUPPORTED_LAYERS
