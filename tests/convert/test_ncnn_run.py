"""The standalone tiled runner on tiny converted models: edge padding of unpadded networks, exact
tile sizes for stride-2 networks, tiled == whole, colour order, progress and cancel."""

from __future__ import annotations

import functools
import threading

import numpy as np
import pytest

from tests.convert.ncnn_models import NcnnBuilder, flagged, raw
from upscaler.core.convert.ncnn_run import (
    RUNTIMES,
    Network,
    from_planes,
    open_network,
    plan,
    to_planes,
    upscale,
)
from upscaler.core.convert.ncnn_to_onnx import ConvertedNcnn, convert_ncnn
from upscaler.core.errors import Cancelled, UnsupportedImageError

pytest.importorskip("onnxruntime")


@functools.cache
def tiny(*, stride_two: bool = False) -> ConvertedNcnn:
    """waifu2x-like: unpadded 3x3 convolutions and a x2 deconvolution cropped to its complete
    outputs (border 3); with ``stride_two`` also a stride-2 convolution and a second x2
    deconvolution (input sides must then be even)."""
    b = NcnnBuilder(channels=3, rng=np.random.default_rng(5))
    x = b.conv("data", 3, 6, params={9: 2, 10: (0.1,)})
    if stride_two:
        x = b.conv(x, 6, 6, 2, params={3: 2, 9: 1})
        x = b.conv(x, 6, 6, 2, params={3: 2}, deconv=True)
    x = b.conv(x, 6, 4)
    b.conv(x, 4, 3, 4, params={3: 2, 4: 3}, deconv=True)
    return convert_ncnn(b.param_text(), bytes(b.weights))


@functools.cache
def tiny_network(stride_two: bool) -> Network:
    return open_network(tiny(stride_two=stride_two).onnx)


def photo(height: int, width: int, dtype: type = np.uint8) -> np.ndarray:
    rng = np.random.default_rng(height * 1000 + width)
    peak = np.iinfo(dtype).max
    return rng.integers(0, peak + 1, (height, width, 3), dtype=np.int64).astype(dtype)


def test_geometry_of_the_tiny_models() -> None:
    geo = tiny().geometry
    assert (geo.scale, geo.border, geo.multiple, geo.remainder) == (2, 3, 1, 0)
    geo = tiny(stride_two=True).geometry
    assert (geo.scale, geo.border, geo.multiple, geo.remainder) == (2, 3, 2, 0)


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_whole_image_is_the_network_on_the_edge_padded_image(runtime: str) -> None:
    model = tiny()
    network = open_network(model.onnx, runtime)
    image = photo(9, 13)
    got = upscale(image, network, model.geometry, tile=100)
    padded = np.pad(to_planes(image), ((0, 0), (3, 3), (3, 3)), mode="edge")
    expected = from_planes(network(padded[np.newaxis])[0], np.uint8)
    assert got.shape == (18, 26, 3)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("stride_two", [False, True])
@pytest.mark.parametrize(("height", "width"), [(17, 23), (16, 9), (1, 5), (2, 2)])
@pytest.mark.parametrize("tile", [1, 4, 7, 64])
def test_tiled_equals_whole(stride_two: bool, height: int, width: int, tile: int) -> None:
    """Exact for networks whose receptive field is their border, odd sizes included."""
    model = tiny(stride_two=stride_two)
    network = tiny_network(stride_two)
    image = photo(height, width)
    whole = upscale(image, network, model.geometry, tile=1000)
    tiled = upscale(image, network, model.geometry, tile=tile)
    assert tiled.shape == (2 * height, 2 * width, 3)
    np.testing.assert_array_equal(tiled, whole)


def test_tiles_are_exact_sizes() -> None:
    geo = tiny(stride_two=True).geometry
    for t in plan(31, 17, geo, tile=9, context=3):
        for side in (t.core.width, t.core.height, t.padded.width, t.padded.height):
            assert side % 2 == 0
        assert (t.padded.width + 2 * int(geo.border)) % geo.multiple == geo.remainder


def test_colour_order_is_rgb_inside_the_network() -> None:
    """A network keeping only its first channel must keep the image's red (BGR index 2)."""
    b = NcnnBuilder(channels=3)
    keep_first = np.zeros((3, 3), np.float32)
    keep_first[0, 0] = 1.0
    b.layer("Convolution", ["data"], {0: 3, 1: 1, 5: 0, 6: 9}, flagged(keep_first))
    model = convert_ncnn(b.param_text(), bytes(b.weights))
    image = photo(4, 5)
    got = upscale(image, open_network(model.onnx), model.geometry)
    np.testing.assert_array_equal(got[:, :, 2], image[:, :, 2])
    assert not got[:, :, :2].any()


def test_sixteen_bit_images_keep_their_precision() -> None:
    b = NcnnBuilder(channels=3)
    b.layer("Convolution", ["data"], {0: 3, 1: 1, 5: 1, 6: 9}, flagged(np.eye(3)), raw(np.zeros(3)))
    model = convert_ncnn(b.param_text(), bytes(b.weights))
    image = photo(3, 4, np.uint16)
    got = upscale(image, open_network(model.onnx), model.geometry)
    assert got.dtype == np.uint16
    np.testing.assert_array_equal(got, image)


def test_output_is_clipped() -> None:
    b = NcnnBuilder(channels=3)
    b.layer(
        "Convolution", ["data"], {0: 3, 1: 1, 5: 1, 6: 9}, flagged(np.eye(3) * 3), raw([-3, 0, 0])
    )
    model = convert_ncnn(b.param_text(), bytes(b.weights))
    got = upscale(np.full((2, 2, 3), 200, np.uint8), open_network(model.onnx), model.geometry)
    assert (got[:, :, 0] == 255).all() and (got[:, :, 2] == 0).all()


def test_progress_and_cancel() -> None:
    model = tiny()
    network = open_network(model.onnx)
    seen: list[tuple[int, int]] = []
    upscale(
        photo(10, 10), network, model.geometry, tile=5, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    cancel = threading.Event()

    def stop_after_first(done: int, total: int) -> None:
        cancel.set()

    with pytest.raises(Cancelled):
        upscale(
            photo(10, 10), network, model.geometry, tile=5, progress=stop_after_first, cancel=cancel
        )


@pytest.mark.parametrize(
    "image",
    [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 4), np.uint8), np.zeros((4, 4, 3), np.float32)],
)
def test_unsupported_images_are_refused_clearly(image: np.ndarray) -> None:
    model = tiny()
    with pytest.raises(UnsupportedImageError, match="expected an 8- or 16-bit colour image"):
        upscale(image, open_network(model.onnx), model.geometry)


def test_unknown_runtime() -> None:
    with pytest.raises(ValueError, match="unknown runtime"):
        open_network(tiny().onnx, "tensorflow")
