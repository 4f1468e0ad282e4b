"""Every mirrored model against OpenCV's own ``dnn_superres`` on Set5, whole and tiled.

Inputs are Set5 images shrunk by the model's scale (the low-resolution images super-resolution is
for), so every output is about the original size and the file stays fast.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.edges import with_edge_context
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler

MIRRORED = [
    f"{family}_x{scale}"
    for family, scales in [
        ("ESPCN", (2, 3, 4)),
        ("FSRCNN", (2, 3, 4)),
        ("FSRCNN-small", (2, 3, 4)),
        ("LapSRN", (2, 4, 8)),
    ]
    for scale in scales
]
IMAGES = ["butterfly.png", "woman.png"]  # the two smallest Set5 images (256x256, 228x344)


def low_res(path: Path, scale: int) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    height, width = image.shape[:2]
    return cv2.resize(image, (width // scale, height // scale), interpolation=cv2.INTER_AREA)


def max_diff(a: np.ndarray, b: np.ndarray) -> int:
    assert a.shape == b.shape and a.dtype == b.dtype
    return int(np.abs(a.astype(int) - b.astype(int)).max())


@pytest.fixture(scope="module", params=MIRRORED)
def reference(request, shared_models_dir: Path):
    """OpenCV's own dnn_superres for one mirrored model."""
    info = load_catalog().get(request.param)
    sr = cv2.dnn_superres.DnnSuperResImpl_create()
    sr.readModel(str(shared_models_dir / info.filename))
    sr.setModel(info.family, info.scale)
    return info, sr


@pytest.fixture(scope="module", params=["opencv", "onnxruntime"])
def pair(request, reference, shared_models_dir: Path):
    """(our Upscaler on one runtime, OpenCV's reference) for one mirrored model."""
    info, sr = reference
    return Upscaler(info, shared_models_dir / info.filename, runtime=request.param), sr


@pytest.mark.slow
@pytest.mark.parametrize("name", IMAGES)
def test_whole_image_equals_dnn_superres(pair, name: str, set5_dir: Path) -> None:
    up, reference = pair
    image = low_res(set5_dir / name, up.scale)
    out = up.upscale(image)
    assert len(up.plan(image.shape[1], image.shape[0])) == 1  # Auto: one tile at this size
    assert out.shape == (image.shape[0] * up.scale, image.shape[1] * up.scale, 3)
    assert max_diff(out, with_edge_context(reference.upsample, image, up.margin, up.scale)) <= 1


@pytest.mark.slow
def test_tiled_equals_whole_with_real_weights(pair, set5_dir: Path) -> None:
    up, _ = pair
    image = low_res(set5_dir / "woman.png", up.scale)
    tile = max(image.shape[:2]) // 2 - 3  # several tiles, none a divisor of the size
    assert len(up.plan(image.shape[1], image.shape[0], tile)) >= 4
    assert max_diff(up.upscale(image, tile=tile), up.upscale(image)) <= 1


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(1, 1), (3, 2), (2, 5)])
def test_tiny_inputs_give_exactly_scaled_outputs(pair, shape) -> None:
    up, _ = pair
    image = np.full((*shape, 3), 128, np.uint8)
    image[0, 0] = (10, 200, 60)
    out = up.upscale(image)
    assert out.shape == (shape[0] * up.scale, shape[1] * up.scale, 3)
