"""DAT-light, waifu2x photo and RRDBNet (Real-ESRGAN, RealSR) as families of the engine.

Each runs its real weights on a small crop through :class:`Upscaler` and must give what the network
gives when fed by hand the way its upstream program feeds it (pre/post-processing, padding); tiles
must equal the whole picture where the family promises it (waifu2x exactly, RRDBNet's tile and
edge mechanics on a tiny deep network); DAT-light tiles on its 32-px window grid. That the
conversions match the original weights is checked in ``tests/convert`` (ncnn and PyTorch).
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.engine import Upscaler, auto_tile_for
from upscaler.core.errors import ModelError
from upscaler.core.families import family_for
from upscaler.core.families.rgb01 import Rgb01Family
from upscaler.core.runtime.base import ORT_FIRST
from upscaler.core.store import ModelStore
from upscaler.core.tiling import plan_tiles, split_span

ort = pytest.importorskip("onnxruntime")

NEW = ("dat", "waifu2x", "rrdbnet")


def _crop(set5_dir: Path, width: int, height: int, x: int = 100, y: int = 100) -> np.ndarray:
    image = cv2.imread(str(set5_dir / "butterfly.png"), cv2.IMREAD_COLOR)
    return np.ascontiguousarray(image[y : y + height, x : x + width])


def _path(info: ModelInfo) -> Path:
    """The model's file (a wheel model converted into the test's private cache)."""
    store = ModelStore()
    path = store.find(info)
    if path is None:
        problem = store.source_problem(info) if info.source else f"{info.filename} missing"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    return path


def _by_hand(path: Path, image: np.ndarray, pad: int, mode: str) -> np.ndarray:
    """The network fed as upstream feeds it: RGB 0..1 planes, ``pad`` pixels of ``mode`` edge,
    output clipped and rounded."""
    planes = image[:, :, ::-1].transpose(2, 0, 1).astype(np.float32) / 255.0
    if pad:
        planes = np.pad(planes, ((0, 0), (pad, pad), (pad, pad)), mode=mode)  # type: ignore[call-overload]
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    out = session.run(None, {name: np.ascontiguousarray(planes[np.newaxis])})[0][0]
    return np.rint(np.clip(out, 0, 1) * 255).astype(np.uint8).transpose(1, 2, 0)[:, :, ::-1]


# -- catalog --------------------------------------------------------------------------------------


def test_catalog_offers_each_model_only_at_the_scales_its_network_does() -> None:
    catalog = load_catalog()
    names = ("DAT-light", "waifu2x-photo", "Real-ESRGAN", "RealSR", "Real-ESRGAN-anime")
    scales = {name: sorted({m.scale for m in catalog.all() if m.name == name}) for name in names}
    assert scales == {
        "DAT-light": [2, 3, 4],
        "waifu2x-photo": [2],
        "Real-ESRGAN": [4],  # the x2/x3 files are the x4 network plus a downscale: not offered
        "RealSR": [4],
        "Real-ESRGAN-anime": [4],
    }
    with pytest.raises(ModelError, match="has no x2 version; it supports x4"):
        catalog.get("Real-ESRGAN", 2)


def test_purposes_and_generated_detail_are_stated() -> None:
    catalog = load_catalog()
    facts = {m.name: (m.purpose, m.invents_detail) for m in catalog.all() if m.family in NEW}
    assert facts == {
        "DAT-light": ("faithful", False),
        "waifu2x-photo": ("restore", False),
        "Real-ESRGAN": ("generative", True),
        "RealSR": ("generative", True),
        "Real-ESRGAN-anime": ("drawings", True),
    }


def test_upnet2_stays_the_default_and_dat_light_is_not_a_fallback_before_upnet() -> None:
    catalog = load_catalog()
    for scale in (2, 3, 4):
        assert catalog.default_for(scale).id == f"UpNet2_x{scale}"
        dat = catalog.get("DAT-light", scale)
        assert not dat.default and dat.rank > catalog.get("UpNet", scale).rank
    assert all(m.rank > 50 for m in catalog.all() if m.invents_detail)  # never a silent default


def test_waifu2x_denoise_levels_are_options_of_one_model() -> None:
    catalog = load_catalog()
    plain = catalog.get("waifu2x-photo")  # one scale: no --scale needed; the plain one first
    assert (plain.id, plain.denoise, plain.source) == (
        "waifu2x-photo_x2",
        None,
        "WAIFU2X_PHOTO_UP2X",
    )
    for level in range(4):
        chosen = catalog.with_denoise(plain, level)
        assert chosen.denoise == level and chosen.name == plain.name
        assert chosen.source == f"WAIFU2X_PHOTO_UP2X_DENOISE{level}X"
        assert chosen.variant == f"denoise {level}"
    with pytest.raises(ModelError, match="no denoise level 5; it offers 0, 1, 2, 3"):
        catalog.with_denoise(plain, 5)
    with pytest.raises(ModelError, match="has no denoise option"):
        catalog.with_denoise(catalog.get("DAT-light", 2), 1)


@pytest.mark.parametrize("key", NEW)
def test_each_family_states_its_facts(key: str) -> None:
    catalog = load_catalog()
    models = [m for m in catalog.all() if m.family == key]
    family = family_for(models[0])
    assert isinstance(family, Rgb01Family) and family.runtimes == ORT_FIRST
    for info in models:
        assert 0 < family.seconds_per_pixel(info.id) < 0.01
        assert family.margin(None, info.id) >= 8
        side = auto_tile_for(family, info.scale, family.margin(None, info.id), 4 * 1024**3)
        assert side % family.tile_multiple == 0 and side <= family.max_tile
        # the padded Auto tile fits the budget at the stated bytes per pixel
        padded = side + 2 * family.margin(None, info.id)
        assert padded * padded * family.bytes_per_pixel(info.scale) <= 4 * 1024**3


def test_rrdbnet_tiles_are_sized_by_its_memory_not_the_light_models() -> None:
    catalog = load_catalog()
    heavy, light = catalog.get("Real-ESRGAN", 4), catalog.get("UpNet2", 4)
    budget = 2 * 1024**3
    family = family_for(heavy)
    heavy_side = auto_tile_for(family, 4, 80, budget)
    assert heavy_side < auto_tile_for(family_for(light), 4, 13, budget)
    # The fed tile (with its context) at the measured bytes per pixel fits the budget.
    assert (heavy_side + 2 * 80) ** 2 * family.bytes_per_pixel(4) <= budget


# -- tiling on a grid, edge extension -------------------------------------------------------------


def test_tiles_on_a_grid_start_on_it() -> None:
    pieces = split_span(0, 300, 100, multiple=32)
    assert [p[0] % 32 for p in pieces] == [0] * len(pieces)
    assert sum(p[1] for p in pieces) == 300 and pieces[-1][0] + pieces[-1][1] == 300
    assert split_span(0, 300, 100) == [(0, 100), (100, 100), (200, 100)]
    tiles = plan_tiles(300, 70, 100, 64, multiple=32, edge=0)
    assert all(t.core.x % 32 == 0 and t.padded.x % 32 == 0 for t in tiles)
    assert all(t.border == (0, 0, 0, 0) for t in tiles)


def test_edge_extension_is_capped_alike_for_every_tile() -> None:
    tiles = plan_tiles(200, 40, 50, 80, edge=16)
    assert {t.border[0] for t in tiles} == {16} and {t.border[1] for t in tiles} == {16}
    assert tiles[0].border[2] == 16 and tiles[-1].border[3] == 16
    assert tiles[1].border[2] == 16  # reads from 50 - 80 < 0: the image's edge, then 16 px
    assert tiles[2].border[2] == 0  # reads from 100 - 80: all inside the picture


# -- the real weights through the engine -----------------------------------------------------------


def test_waifu2x_photo_is_upstream_exactly_and_tiles_equal_whole(set5_dir: Path) -> None:
    info = load_catalog().with_denoise(load_catalog().get("waifu2x-photo"), 1)
    path = _path(info)
    image = _crop(set5_dir, 60, 44)
    engine = Upscaler(info, path)
    assert engine.backend is not None and engine.backend.runtime == "onnxruntime"
    whole = engine.upscale(image)
    assert whole.shape == (88, 120, 3)
    # waifu2x-ncnn-vulkan: the picture padded by 7 repeated edge pixels, nothing else (within a
    # rounding step: 1/255 is applied as a multiplication here)
    assert np.abs(whole.astype(int) - _by_hand(path, image, 7, "edge")).max() <= 1
    tiled = engine.upscale(image, tile=16)
    assert len(engine.plan(60, 44, 16)) > 4
    assert np.array_equal(tiled, whole)
    other = Upscaler(
        load_catalog().get("waifu2x-photo"), _path(load_catalog().get("waifu2x-photo"))
    )
    assert not np.array_equal(other.upscale(image), whole)  # the denoise level is another model


def test_waifu2x_keeps_gray_and_16_bit(set5_dir: Path) -> None:
    info = load_catalog().get("waifu2x-photo")
    engine = Upscaler(info, _path(info))
    gray = cv2.cvtColor(_crop(set5_dir, 20, 16), cv2.COLOR_BGR2GRAY)
    assert engine.upscale(gray).shape == (32, 40)
    deep = _crop(set5_dir, 20, 16).astype(np.uint16) * 257
    out = engine.upscale(deep)
    assert out.dtype == np.uint16
    eight = engine.upscale(_crop(set5_dir, 20, 16)).astype(np.int32) * 257
    assert np.abs(out.astype(np.int32) - eight).max() <= 257  # 16-bit: not squeezed through 8


@pytest.mark.parametrize("scale", [2, 4])
def test_dat_light_runs_the_whole_picture_as_upstream(set5_dir: Path, scale: int) -> None:
    info = load_catalog().get("DAT-light", scale)
    path = _path(info)
    image = _crop(set5_dir, 40, 36)
    engine = Upscaler(info, path)
    out = engine.upscale(image)
    assert out.shape == (36 * scale, 40 * scale, 3)
    reference = _by_hand(path, image, 0, "edge")  # no padding: the graph pads to its windows
    assert np.abs(out.astype(int) - reference).max() <= 1


def test_dat_light_tiles_lie_on_its_window_grid_and_are_approximate(set5_dir: Path) -> None:
    info = load_catalog().get("DAT-light", 2)
    family = family_for(info)
    assert not family.tiles_exact and family.tile_multiple == 32
    engine = Upscaler(info, _path(info))
    assert engine.margin == 64
    tiles = engine.plan(150, 100, 50)
    assert len(tiles) > 1 and all(t.padded.x % 32 == 0 and t.padded.y % 32 == 0 for t in tiles)


def test_a_tiled_dat_light_run_says_it_is_approximate(set5_dir: Path) -> None:
    info = load_catalog().get("DAT-light", 2)
    engine = Upscaler(info, _path(info))
    assert engine.tiling_note(100, 80) is None  # one tile: exactly the untiled run
    note = engine.tiling_note(100, 80, tile=32)
    # 3 x 3 tiles: the cuts fall on the 32-px grid
    assert note is not None and "ran in 9 tiles" in note and "approximation" in note
    waifu2x = load_catalog().get("waifu2x-photo")
    assert Upscaler(waifu2x, _path(waifu2x)).tiling_note(100, 80, tile=32) is None  # exact


@pytest.mark.parametrize("name", ["Real-ESRGAN", "RealSR"])
def test_rrdbnet_runs_a_small_crop_as_upstream(set5_dir: Path, name: str) -> None:
    info = load_catalog().get(name)
    path = _path(info)
    image = _crop(set5_dir, 24, 20)
    engine = Upscaler(info, path)
    assert engine.margin == family_for(info).context(info.id)  # measured, not the graph's ~350
    out = engine.upscale(image)
    assert out.shape == (80, 96, 3)
    # the picture extended by 16 mirrored pixels (as the engine does for every run), cropped back
    extended = cv2.copyMakeBorder(image, 16, 16, 16, 16, cv2.BORDER_REFLECT)
    reference = _by_hand(path, extended, 0, "edge")[64:-64, 64:-64]
    assert np.abs(out.astype(int) - reference).max() <= 1


def _deep_network(path: Path, layers: int = 24) -> Path:
    """A zero-padded 3x3 stack (receptive field ``layers`` px, beyond the 16-px edge) then x4
    nearest: RRDBNet's geometry in miniature."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(3)
    nodes, inits, x = [], [], "input"
    for i in range(layers):
        w = rng.normal(0, 0.25, (3, 3, 3, 3)).astype(np.float32)
        w[:, :, 1, 1] += np.eye(3, dtype=np.float32)
        inits.append(numpy_helper.from_array(w, f"w{i}"))
        nodes.append(helper.make_node("Conv", [x, f"w{i}"], [f"c{i}"], pads=[1, 1, 1, 1]))
        nodes.append(helper.make_node("Tanh", [f"c{i}"], [f"t{i}"]))
        x = f"t{i}"
    inits.append(numpy_helper.from_array(np.array([1, 1, 4, 4], np.float32), "scales"))
    nodes.append(helper.make_node("Resize", [x, "", "scales"], ["output"], mode="nearest"))
    graph = helper.make_graph(
        nodes,
        "deep",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, None, None])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, None, None])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, path)
    return path


def test_rrdbnet_tiles_equal_whole_with_its_capped_edge(tmp_path: Path, set5_dir: Path) -> None:
    from upscaler.core.runtime.ort import OrtBackend

    info = ModelInfo(id="Real-ESRGAN_x4", name="Real-ESRGAN", family="rrdbnet", scale=4)
    backend = OrtBackend(_deep_network(tmp_path / "deep.onnx"))
    engine = Upscaler(info, backend=backend)
    assert engine.margin == 80 and family_for(info).edge_extension == 16
    image = _crop(set5_dir, 220, 30)
    whole = engine.upscale(image)
    tiles = engine.plan(220, 30, 48)
    assert len(tiles) == 5 and any(0 < t.border[2] < 80 for t in tiles)
    assert np.abs(engine.upscale(image, tile=48).astype(int) - whole).max() <= 1
    # the test can fail: with context below the network's reach, tiles differ
    engine.margin = 4
    assert np.abs(engine.upscale(image, tile=48).astype(int) - whole).max() > 1
