"""Each family's pre/post-processing, checked tile-level with transparent networks."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests import tiny_models
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.errors import ModelError
from upscaler.core.families import family_for, registered, run_checked, to_dtype
from upscaler.core.families.interpolation import InterpolationFamily
from upscaler.core.families.mean_rgb import MeanFamily
from upscaler.core.families.y_channel import YChannelFamily
from upscaler.core.imageops.resample import Interpolation
from upscaler.core.runtime.opencv import OpenCVBackend


def info(family: str, scale: int = 2) -> ModelInfo:
    return ModelInfo(id=f"{family}_x{scale}", name=family, family=family, scale=scale)


@pytest.fixture(scope="module")
def nearest_y(tmp_path_factory: pytest.TempPathFactory) -> OpenCVBackend:
    path = tmp_path_factory.mktemp("families") / "nearest_y_x2.onnx"
    return OpenCVBackend(tiny_models.nearest_y_model(path, 2))


KINDS = {
    "edsr": MeanFamily,
    "upnet": MeanFamily,
    "espcn": YChannelFamily,
    "fsrcnn": YChannelFamily,
    "lapsrn": YChannelFamily,
    "bicubic": InterpolationFamily,
    "lanczos": InterpolationFamily,
}


@pytest.mark.parametrize(("family", "kind"), KINDS.items())
def test_each_family_gets_its_processing(family, kind) -> None:
    assert type(family_for(info(family))) is kind


def test_every_catalog_model_has_processing() -> None:
    families = {m.family for m in load_catalog().all()}
    assert families >= {"edsr", "espcn", "fsrcnn", "lapsrn", "bicubic", "lanczos"}
    assert families <= set(registered())


def test_every_registered_family_has_its_key_and_measured_speeds() -> None:
    catalog = load_catalog()
    for key, family in registered().items():
        assert family.key == key
        models = [m for m in catalog.all() if m.family == key]
        # Every catalog model of the family has a measured speed: estimates are not guesses.
        assert {m.id for m in models} <= set(family.speeds), key
        for model in models:
            assert 0 < family.seconds_per_pixel(model.id) < 0.01


def test_a_family_declared_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import upscaler.core.families as families

    registered.cache_clear()
    monkeypatch.setattr(
        families.importlib,
        "import_module",
        lambda name: type(
            "M", (), {"FAMILY": MeanFamily("same", feature_bytes=1, upsample_bytes=1)}
        ),
    )
    try:
        with pytest.raises(RuntimeError, match="declared twice"):
            registered()
    finally:
        monkeypatch.undo()
        registered.cache_clear()


@pytest.mark.parametrize(
    ("family", "channels"),
    [("edsr", 3), ("upnet", 3), ("espcn", 1), ("fsrcnn", 1), ("lapsrn", 1), ("bicubic", None)],
)
def test_families_feed_the_documented_channel_count(family, channels) -> None:
    assert family_for(info(family)).channels == channels


def test_lapsrn_reads_the_output_of_its_scale_and_others_the_default() -> None:
    assert family_for(info("lapsrn", 8)).output_names(8) == ("NCHW_output_8x",)
    assert family_for(info("espcn", 3)).output_names(3) == ()


def test_lapsrn_output_is_found_only_where_the_graph_has_it(shared_models_dir: Path) -> None:
    four = OpenCVBackend(shared_models_dir / "LapSRN_x4.pb", ("NCHW_output_4x",))
    two = OpenCVBackend(shared_models_dir / "LapSRN_x2.pb", ("NCHW_output_2x",))
    assert four.output == "NCHW_output_4x"
    assert two.output is None  # LapSRN_x2 has a single, default output
    assert four.run(np.zeros((1, 1, 5, 6), np.float32)).shape == (1, 1, 20, 24)


@pytest.mark.parametrize("family", ["espcn", "fsrcnn", "lapsrn"])
def test_y_families_resize_chroma_like_dnn_superres(family) -> None:
    assert family_for(info(family)).chroma_interpolation is Interpolation.LINEAR


def test_to_dtype_rounds_half_to_even_and_clips() -> None:
    values = np.array([-3.0, 0.5, 1.5, 2.49, 254.5, 300.0])
    assert to_dtype(values, np.dtype(np.uint8)).tolist() == [0, 0, 2, 2, 254, 255]
    assert to_dtype(np.array([65535.7, 1.5]), np.dtype(np.uint16)).tolist() == [65535, 2]


def test_a_network_family_without_a_backend_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="needs a network file"):
        run_checked(None, np.zeros((1, 1, 2, 2), np.float32), 1, 2)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_y_family_upscales_luma_with_the_network_and_chroma_bilinearly(nearest_y, dtype) -> None:
    peak = np.iinfo(dtype).max
    rng = np.random.default_rng(3)
    image = rng.integers(0, peak + 1, (9, 11, 3), dtype=dtype)
    family = YChannelFamily("t", chroma_interpolation=Interpolation.LINEAR)
    out = family.process(image, nearest_y, 2)
    ycrcb = cv2.cvtColor(image, cv2.COLOR_BGR2YCrCb).astype(np.float64)
    luma = ycrcb[:, :, 0].repeat(2, 0).repeat(2, 1)
    chroma = cv2.resize(ycrcb[:, :, 1:], (22, 18), interpolation=cv2.INTER_LINEAR)
    merged = np.clip(np.rint(np.dstack([luma, chroma])), 0, peak).astype(dtype)
    expected = cv2.cvtColor(merged, cv2.COLOR_YCrCb2BGR)
    assert out.dtype == dtype and out.shape == (18, 22, 3)
    diff = np.abs(out.astype(int) - expected.astype(int))
    # Bilinear x2 chroma of integers lands on .5 ties; float32 vs float64 may round them apart by
    # one level, which YCrCb->BGR can turn into two. Cubic chroma or a Cr/Cb swap is far off.
    assert diff.max() <= 2 and diff.mean() < 0.15


def test_y_family_on_gray_runs_the_network_on_the_gray_values(nearest_y) -> None:
    gray = np.arange(0, 65535, 65535 // 30, dtype=np.uint16)[:30].reshape(5, 6)
    out = YChannelFamily("t").process(gray, nearest_y, 2)
    assert out.dtype == np.uint16
    assert np.array_equal(out, gray.repeat(2, 0).repeat(2, 1))


def test_mean_family_refuses_an_output_of_the_wrong_channel_count(nearest_y) -> None:
    """A 1-channel network given to the EDSR family fails clearly (here at the channel check)."""
    with pytest.raises(ModelError, match="expects 1-channel input but was given 3"):
        MeanFamily("t", feature_bytes=1, upsample_bytes=1).process(
            np.zeros((4, 4, 3), np.uint8), nearest_y, 2
        )


@pytest.mark.parametrize(
    ("interpolation", "flag"),
    [(Interpolation.CUBIC, cv2.INTER_CUBIC), (Interpolation.LANCZOS4, cv2.INTER_LANCZOS4)],
)
def test_interpolation_family_is_cv2_resize(interpolation, flag) -> None:
    image = np.random.default_rng(1).integers(0, 65536, (7, 5, 3), dtype=np.uint16)
    out = InterpolationFamily("t", interpolation).process(image, None, 3)
    assert np.array_equal(out, cv2.resize(image, (15, 21), interpolation=flag))


def test_lapsrn_needs_more_memory_per_pixel_at_higher_scales() -> None:
    lapsrn = family_for(info("lapsrn", 2))
    assert lapsrn.bytes_per_pixel(2) < lapsrn.bytes_per_pixel(4) < lapsrn.bytes_per_pixel(8)
