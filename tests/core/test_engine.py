"""The Upscaler: input checks, layouts and depths, tiling, progress, cancellation, previews."""

from __future__ import annotations

import os
import threading
import tracemalloc
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests import tiny_models
from tests.edges import with_edge_context
from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Region, Upscaler, check_image
from upscaler.core.errors import (
    Cancelled,
    ModelError,
    ResourceError,
    UnsupportedImageError,
    UpscalerError,
)
from upscaler.core.families.base import MAX_AUTO_TILE
from upscaler.core.runtime.opencv import OpenCVBackend
from upscaler.core.tile_size import MIN_AUTO_TILE

#: These tests pin OpenCV's runtime: they check the engine and OpenCV's backend, whichever runtime
#: "auto" would pick on this machine (the reference tests cover both runtimes).
OPENCV = "opencv"


def model(family: str, scale: int, name: str | None = None) -> ModelInfo:
    return ModelInfo(id=f"{family}_x{scale}", name=name or family, family=family, scale=scale)


def max_diff(a: np.ndarray, b: np.ndarray) -> int:
    assert a.shape == b.shape and a.dtype == b.dtype
    return int(np.abs(a.astype(np.int64) - b.astype(np.int64)).max())


def photo(height: int, width: int, channels: int = 3, seed: int = 0) -> np.ndarray:
    """Smooth colour content with edges: random noise blurred, so networks see structure."""
    rng = np.random.default_rng(seed)
    noise = rng.integers(0, 256, (height, width, channels), dtype=np.uint8)
    smooth = cv2.GaussianBlur(noise, (0, 0), 1.5).reshape(height, width, channels)
    return np.ascontiguousarray(smooth if channels > 1 else smooth[:, :, 0])


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiny_models")
    for s in (2, 3):
        tiny_models.random_edsr(s, blocks=3, seed=s).save(folder / f"edsr_x{s}.onnx")
        tiny_models.random_edsr(s, mode="CRD", seed=10 + s).save(folder / f"upnet_x{s}.onnx")
        tiny_models.tiny_y_model(folder / f"y_x{s}.onnx", s, seed=s)
    return folder


@pytest.fixture(scope="session")
def espcn2(shared_models_dir: Path) -> Upscaler:
    return Upscaler(model("espcn", 2, "ESPCN"), shared_models_dir / "ESPCN_x2.pb", runtime=OPENCV)


@pytest.fixture(scope="session")
def edsr2(tiny_dir: Path) -> Upscaler:
    return Upscaler(model("edsr", 2, "EDSR"), tiny_dir / "edsr_x2.onnx", runtime=OPENCV)


# --- input validation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (np.zeros((4, 4), np.float32), "pixel type float32"),
        (np.zeros((4, 4, 3), np.int16), "pixel type int16"),
        (np.zeros((4, 4), bool), "pixel type bool"),
        (np.zeros((4, 4, 1), np.uint8), r"layout \(4, 4, 1\)"),
        (np.zeros((4, 4, 2), np.uint8), r"layout \(4, 4, 2\)"),
        (np.zeros((4, 4, 5), np.uint16), r"layout \(4, 4, 5\)"),
        (np.zeros((1, 4, 4, 3), np.uint8), "layout"),
        (np.zeros(16, np.uint8), "layout"),
        (np.zeros((0, 5, 3), np.uint8), "empty"),
        ([[1, 2], [3, 4]], "expected an image array, got list"),
    ],
)
def test_unsupported_arrays_are_refused_with_a_clear_message(image, message) -> None:
    with pytest.raises(UnsupportedImageError, match=message) as info:
        check_image(image)
    assert isinstance(info.value, UpscalerError)


def test_upscale_checks_its_input_before_running(espcn2: Upscaler) -> None:
    with pytest.raises(UnsupportedImageError, match="layout"):
        espcn2.upscale(np.zeros((8, 8, 2), np.uint8))


# --- baselines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "flag"), [("bicubic", cv2.INTER_CUBIC), ("lanczos", cv2.INTER_LANCZOS4)]
)
@pytest.mark.parametrize("shape", [(1, 1), (2, 3, 3), (41, 37, 3), (29, 31)])
@pytest.mark.parametrize("tile", [None, 7])
def test_baselines_equal_cv2_resize_exactly_tiled_or_not(family, flag, shape, tile) -> None:
    image = photo(*shape)
    up = Upscaler(model(family, 3))
    expected = cv2.resize(image, (shape[1] * 3, shape[0] * 3), interpolation=flag)
    assert max_diff(up.upscale(image, tile=tile), expected) == 0


def test_a_network_family_without_a_file_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="needs its file"):
        Upscaler(model("espcn", 2, "ESPCN"))


def test_an_unknown_family_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="unknown family 'srgan'"):
        Upscaler(model("srgan", 4))


# --- model files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("garbage.pb", b"this is not a network", "cannot be loaded"),
        ("garbage.onnx", b"\x08\x07" + b"\xff" * 50, "cannot be loaded"),
        ("weights.txt", b"1 2 3", "unsupported model file type '.txt'"),
    ],
)
def test_a_model_that_cannot_be_loaded_names_the_file(tmp_path, name, data, message) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ModelError, match=message) as info:
        Upscaler(model("espcn", 2, "ESPCN"), path, runtime=OPENCV)
    assert str(path) in str(info.value)


def test_a_truncated_model_names_the_file(tmp_path, tiny_dir: Path) -> None:
    path = tmp_path / "cut.onnx"
    path.write_bytes((tiny_dir / "edsr_x2.onnx").read_bytes()[:300])
    with pytest.raises(ModelError, match="cannot be loaded") as info:
        Upscaler(model("edsr", 2, "EDSR"), path, runtime=OPENCV)
    assert str(path) in str(info.value)


def test_a_missing_model_names_the_file(tmp_path) -> None:
    path = tmp_path / "ESPCN_x2.pb"
    with pytest.raises(ModelError, match="does not exist") as info:
        Upscaler(model("espcn", 2, "ESPCN"), path, runtime=OPENCV)
    assert str(path) in str(info.value)


def test_a_three_channel_model_is_refused_for_a_y_channel_family(tiny_dir: Path) -> None:
    with pytest.raises(ModelError, match="takes 3-channel input") as info:
        Upscaler(model("espcn", 2, "ESPCN"), tiny_dir / "edsr_x2.onnx", runtime=OPENCV)
    assert "edsr_x2.onnx" in str(info.value)


def test_a_one_channel_model_is_refused_for_the_edsr_family(tiny_dir: Path) -> None:
    with pytest.raises(ModelError, match="takes 1-channel input"):
        Upscaler(model("edsr", 2, "EDSR"), tiny_dir / "y_x2.onnx", runtime=OPENCV)


def test_a_one_channel_blob_is_refused_by_a_three_channel_model(tiny_dir: Path) -> None:
    """Pitfall 4: cv2.dnn would run it and return a tinted image; the backend must refuse."""
    backend = OpenCVBackend(tiny_dir / "edsr_x2.onnx")
    assert backend.input_channels == 3
    with pytest.raises(ModelError, match="expects 3-channel input but was given 1"):
        backend.run(np.zeros((1, 1, 8, 8), np.float32))
    assert backend.run(np.zeros((1, 3, 8, 8), np.float32)).shape == (1, 3, 16, 16)


def test_a_model_of_another_scale_is_a_model_error(tiny_dir: Path) -> None:
    up = Upscaler(model("espcn", 3, "ESPCN"), tiny_dir / "y_x2.onnx", runtime=OPENCV)
    fed = (8 + 2 * up.margin, 10 + 2 * up.margin)  # the image and its edge context
    expected = rf"expected \(1, 1, {fed[0] * 3}, {fed[1] * 3}\)"
    with pytest.raises(ModelError, match=expected) as info:
        up.upscale(photo(8, 10, 1))
    assert "y_x2.onnx" in str(info.value)


def test_loading_a_model_lets_inference_use_every_core(tiny_dir: Path) -> None:
    cv2.setNumThreads(1)
    Upscaler(model("edsr", 2, "EDSR"), tiny_dir / "edsr_x2.onnx", runtime=OPENCV)
    assert cv2.getNumThreads() == (os.cpu_count() or 1)


def test_context_is_read_from_the_graph(tiny_dir: Path) -> None:
    """Three residual blocks: head + 6 + body tail + upsampling conv, one pixel each."""
    up = Upscaler(model("edsr", 2, "EDSR"), tiny_dir / "edsr_x2.onnx", runtime=OPENCV)
    assert up.backend.context == tiny_models.random_edsr(2, blocks=3).context == 9
    assert up.margin == 9


# --- sizes, layouts, depths -----------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (3, 2), (287, 289), (64, 1)])
def test_output_is_exactly_scale_times_the_input(shape, espcn2: Upscaler, edsr2: Upscaler) -> None:
    image = photo(*shape, 3)
    assert espcn2.upscale(image).shape == (shape[0] * 2, shape[1] * 2, 3)
    if shape[0] * shape[1] < 1000:  # the random EDSR is slower; small sizes are the risky ones
        assert edsr2.upscale(image).shape == (shape[0] * 2, shape[1] * 2, 3)


def test_gray_stays_gray_and_matches_dnn_superres(espcn2: Upscaler, shared_models_dir) -> None:
    gray = photo(30, 40, 1)
    reference = cv2.dnn_superres.DnnSuperResImpl_create()
    reference.readModel(str(shared_models_dir / "ESPCN_x2.pb"))
    reference.setModel("espcn", 2)
    out = espcn2.upscale(gray, tile=16)
    assert out.shape == (60, 80)
    expected = with_edge_context(reference.upsample, gray, espcn2.margin, 2)
    assert max_diff(out, expected) <= 1


def test_gray_stays_gray_through_a_colour_network(edsr2: Upscaler) -> None:
    gray = photo(20, 30, 1)
    out = edsr2.upscale(gray)
    via_colour = cv2.cvtColor(
        edsr2.upscale(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)), cv2.COLOR_BGR2GRAY
    )
    assert out.shape == (40, 60)
    assert max_diff(out, via_colour) <= 1


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_gray_with_alpha_stays_gray_through_a_colour_network(edsr2: Upscaler, dtype) -> None:
    """A gray+alpha PNG is read as BGRA with three equal channels: the result is gray too (as
    plain gray's is), not tinted by a colour network, and the same as gray's with its alpha."""
    scale = 257 if dtype == np.uint16 else 1
    gray = photo(20, 30, 1).astype(dtype) * scale
    alpha = np.tile(np.linspace(0, np.iinfo(dtype).max, 30).astype(dtype), (20, 1))
    out = edsr2.upscale(np.dstack([gray, gray, gray, alpha]), tile=12)
    assert out.shape == (40, 60, 4)
    assert max_diff(out[:, :, 0], out[:, :, 1]) == 0 and max_diff(out[:, :, 1], out[:, :, 2]) == 0
    assert max_diff(out[:, :, 0], edsr2.upscale(gray, tile=12)) == 0


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_alpha_is_upscaled_separately_with_cubic(espcn2: Upscaler, dtype) -> None:
    colour = photo(25, 33, 3).astype(dtype) * (257 if dtype == np.uint16 else 1)
    ramp = np.linspace(0, np.iinfo(dtype).max, 33).astype(dtype)
    alpha = np.tile(ramp, (25, 1))
    alpha[5:20, 8:30] = np.iinfo(dtype).max  # hard edges: cubic overshoots, so clipping matters
    out = espcn2.upscale(np.dstack([colour, alpha]), tile=10)
    assert out.shape == (50, 66, 4) and out.dtype == dtype
    assert max_diff(out[:, :, :3], espcn2.upscale(colour)) <= 1
    assert max_diff(out[:, :, 3], cv2.resize(alpha, (66, 50), interpolation=cv2.INTER_CUBIC)) == 0


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_binary_alpha_stays_binary_with_a_smooth_edge(espcn2: Upscaler, dtype) -> None:
    opaque = np.iinfo(dtype).max
    colour = photo(25, 33, 3).astype(dtype)
    alpha = np.zeros((25, 33), dtype)
    alpha[5:20, 8:30] = opaque
    alpha[12, 3] = opaque  # a lone pixel must survive too
    out = espcn2.upscale(np.dstack([colour, alpha]), tile=10)[:, :, 3]
    cubic = cv2.resize(alpha, (66, 50), interpolation=cv2.INTER_CUBIC)
    assert set(np.unique(out).tolist()) == {0, opaque}
    np.testing.assert_array_equal(out == opaque, cubic > opaque // 2)


def test_sixteen_bit_input_keeps_its_low_byte(espcn2: Upscaler) -> None:
    ramp = np.linspace(0, 65535, 64 * 48).astype(np.uint16).reshape(48, 64)
    image = np.dstack([ramp, ramp[::-1], ramp.T.reshape(48, 64)])
    out = espcn2.upscale(image)
    assert out.dtype == np.uint16 and out.shape == (96, 128, 3)
    assert np.count_nonzero(out % 257) > out.size // 2
    eight = espcn2.upscale((image // 257).astype(np.uint8)).astype(float)
    # the 8-bit path rounds YCrCb to 8 bits on the way in and out (as dnn_superres does):
    # 3.28 levels at most here
    assert np.abs(out / 257.0 - eight).max() <= 3.5


# --- tiling ---------------------------------------------------------------------------------


def _tiled_vs_whole(up: Upscaler, image: np.ndarray, tile: int) -> int:
    whole = up.upscale(image, tile=max(image.shape[:2]))
    assert len(up.plan(image.shape[1], image.shape[0], tile)) > 1
    return max_diff(up.upscale(image, tile=tile), whole)


@pytest.mark.parametrize("name", ["edsr_x2", "edsr_x3", "upnet_x2", "y_x3"])
def test_tiled_equals_whole_for_tiny_networks(tiny_dir: Path, name: str) -> None:
    family = {"edsr": "edsr", "upnet": "upnet", "y": "fsrcnn"}[name.split("_")[0]]
    up = Upscaler(model(family, int(name[-1])), tiny_dir / f"{name}.onnx", runtime=OPENCV)
    assert _tiled_vs_whole(up, photo(37, 45, 3), 16) <= 1
    assert _tiled_vs_whole(up, photo(23, 30, 4), 9) <= 1


@pytest.mark.parametrize(("shape", "tile"), [((1, 1), 1), ((3, 2), 1), ((287, 289), 64)])
def test_tiled_equals_whole_at_awkward_sizes(espcn2: Upscaler, shape, tile) -> None:
    image = photo(*shape, 3)
    tiled = espcn2.upscale(image, tile=tile)
    assert tiled.shape == (shape[0] * 2, shape[1] * 2, 3)
    assert max_diff(tiled, espcn2.upscale(image, tile=max(shape))) <= 1


@pytest.mark.slow
def test_full_depth_edsr_margin_covers_its_receptive_field(tmp_path) -> None:
    """32 residual blocks as in EDSR: the margin read from the graph is its 67-pixel radius, and
    tiles stitched with it match the whole image."""
    path = tiny_models.random_edsr(3, features=6, blocks=32, seed=5).save(tmp_path / "deep.onnx")
    up = Upscaler(model("edsr", 3, "EDSR"), path, runtime=OPENCV)
    assert up.margin == 67
    image = photo(150, 170, 3)
    assert _tiled_vs_whole(up, image, 48) <= 1


def test_a_margin_smaller_than_the_receptive_field_leaves_seams(tiny_dir: Path) -> None:
    """The tiled-equals-whole check can fail: it catches a margin that is too small."""
    up = Upscaler(model("edsr", 2, "EDSR"), tiny_dir / "edsr_x2.onnx", runtime=OPENCV)
    up.margin = 2
    assert _tiled_vs_whole(up, photo(37, 45, 3), 16) > 1


def test_progress_reports_every_tile_in_order(espcn2: Upscaler) -> None:
    calls: list[tuple[int, int]] = []
    espcn2.upscale(photo(50, 70), tile=20, progress=lambda d, t: calls.append((d, t)))
    total = len(espcn2.plan(70, 50, 20))
    assert total == 12
    assert calls == [(n, total) for n in range(1, total + 1)]


def test_on_tile_delivers_final_pixels_covering_the_output_once(espcn2: Upscaler) -> None:
    image = np.dstack([photo(45, 61, 3), photo(45, 61, 1, seed=3)]).astype(np.uint16) * 250
    seen = np.zeros((90, 122), int)
    tiles: list[tuple[Region, np.ndarray]] = []

    def on_tile(region: Region, pixels: np.ndarray) -> None:
        seen[region.slices()] += 1
        tiles.append((region, pixels))

    out = espcn2.upscale(image, tile=16, on_tile=on_tile)
    assert np.array_equal(seen, np.ones_like(seen))
    for region, pixels in tiles:
        assert pixels.dtype == np.uint16 and pixels.shape == (region.height, region.width, 4)
        assert np.array_equal(pixels, out[region.slices()])


def test_a_cancel_before_the_run_stops_it_at_once(espcn2: Upscaler) -> None:
    cancel = threading.Event()
    cancel.set()
    calls: list[int] = []
    with pytest.raises(Cancelled):
        espcn2.upscale(photo(40, 40), tile=10, cancel=cancel, progress=lambda d, t: calls.append(d))
    assert calls == []


def test_a_cancel_during_the_run_stops_before_the_next_tile(espcn2: Upscaler) -> None:
    cancel = threading.Event()
    done: list[int] = []

    def progress(d: int, total: int) -> None:
        done.append(d)
        if d == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        espcn2.upscale(photo(40, 40), tile=10, cancel=cancel, progress=progress)
    assert done == [1, 2]


def test_a_cancel_during_the_last_tile_still_gives_no_output(espcn2: Upscaler) -> None:
    cancel = threading.Event()

    def progress(d: int, total: int) -> None:
        if d == total:
            cancel.set()

    with pytest.raises(Cancelled):
        espcn2.upscale(photo(40, 40), tile=20, cancel=cancel, progress=progress)


def test_an_output_too_big_for_memory_is_a_resource_error() -> None:
    huge = np.broadcast_to(np.zeros(1, np.uint8), (300_000, 300_000))  # a view: no memory
    with pytest.raises(ResourceError, match="not enough memory for the 2400000x2400000 result"):
        Upscaler(model("bicubic", 8)).upscale(huge)


def test_an_unknown_runtime_is_a_model_error(tiny_dir: Path) -> None:
    with pytest.raises(ModelError, match="unknown inference runtime 'tpu'"):
        Upscaler(model("edsr", 2, "EDSR"), tiny_dir / "edsr_x2.onnx", runtime="tpu")


def test_an_invalid_tile_size_is_refused(espcn2: Upscaler) -> None:
    with pytest.raises(UnsupportedImageError, match="tile size"):
        espcn2.upscale(photo(8, 8), tile=0)


def test_auto_tiles_are_bounded_and_grow_with_the_budget(tiny_dir: Path) -> None:
    path = tiny_dir / "edsr_x2.onnx"
    small = Upscaler(model("edsr", 2, "EDSR"), path, memory_budget=256 * 1024**2, runtime=OPENCV)
    large = Upscaler(model("edsr", 2, "EDSR"), path, memory_budget=2 * 1024**3, runtime=OPENCV)
    assert MIN_AUTO_TILE <= small.auto_tile() < large.auto_tile() <= MAX_AUTO_TILE
    padded = large.auto_tile() + 2 * large.margin
    assert padded**2 * large.family.bytes_per_pixel(2) <= 2 * 1024**3
    tiles = large.plan(3000, 2000)
    assert max(max(t.core.width, t.core.height) for t in tiles) <= large.auto_tile()


@pytest.mark.slow
def test_memory_is_bounded_by_the_tile_not_the_image(espcn2: Upscaler) -> None:
    """No whole-image float copies: beyond the output, numpy allocates only per-tile buffers."""
    image = photo(900, 900, 3)
    tracemalloc.start()
    try:
        out = espcn2.upscale(image, tile=64)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    whole_float_plane = out.shape[0] * out.shape[1] * 4  # one float32 channel of the output
    assert peak - out.nbytes < whole_float_plane // 3


# --- previews -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "region",
    [Region(13, 7, 20, 11), Region(0, 0, 5, 5), Region(40, 30, 10, 10), Region(25, 2, 1, 1)],
)
def test_a_preview_region_equals_the_same_region_of_a_full_run(
    region: Region, espcn2: Upscaler, edsr2: Upscaler
) -> None:
    image = photo(40, 50, 3)
    for up in (espcn2, edsr2, Upscaler(model("lanczos", 2))):
        full = up.upscale(image, tile=16)
        preview = up.upscale_region(image, region)
        assert max_diff(preview, full[region.scaled(2).slices()]) <= 1


def test_a_preview_region_outside_the_image_is_refused(espcn2: Upscaler) -> None:
    with pytest.raises(UnsupportedImageError, match="not inside the 50x40 image"):
        espcn2.upscale_region(photo(40, 50), Region(45, 0, 10, 10))


def test_a_worker_thread_gets_the_same_pixels(espcn2: Upscaler) -> None:
    """The GUI runs the engine on a worker thread; the DepthToSpace layer is Python code that
    cv2.dnn calls back into from there."""
    image = photo(30, 40)
    result: dict[str, np.ndarray] = {}
    worker = threading.Thread(target=lambda: result.update(out=espcn2.upscale(image, tile=16)))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert np.array_equal(result["out"], espcn2.upscale(image, tile=16))
