"""A flat single-colour image stays flat up to its corners, for every model family.

Found by a user: red (255, 0, 0) came out about (210, 23, 14) at the corners at x4. The networks
pad their convolutions with zeros, which at the image's edge means black (Y families) or the
training mean (EDSR/UpNet); the engine now gives border tiles mirrored image context instead.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import tiny_models
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.store import ModelStore

CATALOG = load_catalog()
RED_BGR = (0, 0, 255)
#: Families whose weights come from the mirrored models folder (or are built in: UpNet).
FILE_FAMILIES = ["ESPCN", "FSRCNN", "FSRCNN-small", "LapSRN", "UpNet"]


def flat(height: int = 24, width: int = 34, colour=RED_BGR, channels: int = 3) -> np.ndarray:
    image = np.empty((height, width, 3), np.uint8)
    image[:] = colour
    return image[..., 0] if channels == 1 else image


def border_drift(out: np.ndarray, period: int = 1) -> int:
    """Largest difference of any pixel (the border included) from the middle one, or from the
    middle one at the same sub-pixel position for a network whose output repeats every
    ``period`` pixels (random weights make each sub-pixel of the pixel shuffle different)."""
    height, width = out.shape[:2]
    top, left = height // 2 // period * period, width // 2 // period * period
    block = out[top : top + period, left : left + period].astype(int)
    reps = (-(-height // period), -(-width // period)) + (1,) * (out.ndim - 2)
    expected = np.tile(block, reps)[:height, :width]
    return int(np.abs(out.astype(int) - expected).max())


def _models(shared_models_dir: Path) -> list[tuple[ModelInfo, Path | None]]:
    store = ModelStore(shared_models_dir)
    found = []
    for name in FILE_FAMILIES:
        for scale in (2, 3, 4):
            try:
                info = CATALOG.get(name, scale)
            except Exception:  # noqa: BLE001 - LapSRN has no x3
                continue
            path = store.find(info)
            assert path is not None, f"{info.id} is missing"
            found.append((info, path))
    return found


@pytest.mark.parametrize("tile", [None, 8])  # one tile; several, each touching some edge
def test_every_network_family_keeps_a_flat_image_flat(shared_models_dir: Path, tile) -> None:
    drifts = {}
    for info, path in _models(shared_models_dir):
        out = Upscaler(info, path).upscale(flat(), tile=tile)
        drifts[info.id] = border_drift(out)
    assert len(drifts) == 14
    assert max(drifts.values()) <= 2, drifts


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_an_edsr_network_keeps_a_flat_image_flat(tmp_path: Path, scale: int) -> None:
    """Random weights: any position-dependence of the output can only come from the edges."""
    net = tiny_models.random_edsr(scale, seed=scale).save(tmp_path / "edsr.onnx")
    info = ModelInfo(id=f"tiny_x{scale}", name="tiny", family="edsr", scale=scale)
    for image in (flat(), flat(colour=(40, 200, 90)), flat(channels=1)):
        out = Upscaler(info, net, runtime="opencv").upscale(image)
        assert border_drift(out, period=scale) <= 1


@pytest.mark.parametrize("name", ["bicubic", "lanczos"])
@pytest.mark.parametrize("scale", [2, 3, 4])
def test_baselines_keep_a_flat_image_flat(name: str, scale: int) -> None:
    out = Upscaler(CATALOG.get(name, scale)).upscale(flat(), tile=7)
    assert border_drift(out) == 0


def test_sixteen_bit_and_alpha_stay_flat_too(shared_models_dir: Path) -> None:
    info = CATALOG.get("UpNet", 4)
    image = np.empty((20, 22, 4), np.uint16)
    image[:] = (0, 0, 65535, 65535)
    out = Upscaler(info, ModelStore(shared_models_dir).find(info)).upscale(image)
    assert border_drift(out) <= 2 * 257
