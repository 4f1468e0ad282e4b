"""The catalog describes all 15 upstream networks exactly, and agrees with the mirrored files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from upscaler.core.catalog import load_catalog
from upscaler.core.errors import ModelError
from upscaler.core.hashing import digest_file
from upscaler.core.paths import project_models_dir

UPSTREAM = {
    "EDSR": ("Saafke/EDSR_Tensorflow", "06c7bd65b0305c2955328f8f2721ea86c341f660", "models"),
    "ESPCN": ("fannymonori/TF-ESPCN", "5c628eca82028161a53e1265cc3a5b571ab8625f", "export"),
    "FSRCNN": ("Saafke/FSRCNN_Tensorflow", "6a4812c4ef1c4f5947d79beafa32a05a6eb4a94d", "models"),
    "FSRCNN-small": (
        "Saafke/FSRCNN_Tensorflow",
        "6a4812c4ef1c4f5947d79beafa32a05a6eb4a94d",
        "models",
    ),
    "LapSRN": ("fannymonori/TF-LapSRN", "fc51c90af1b5801a357abc919160d7ff4f24b997", "export"),
}
SCALES = {"EDSR": [2, 3, 4], "ESPCN": [2, 3, 4], "FSRCNN": [2, 3, 4], "FSRCNN-small": [2, 3, 4],
          "LapSRN": [2, 4, 8]}  # fmt: skip
FAMILY = {"EDSR": "edsr", "ESPCN": "espcn", "FSRCNN": "fsrcnn", "FSRCNN-small": "fsrcnn",
          "LapSRN": "lapsrn"}  # fmt: skip


def _upstream():
    return [m for m in load_catalog().networks() if m.name in UPSTREAM]


def test_all_fifteen_upstream_networks_are_described() -> None:
    models = _upstream()
    assert len(models) == 15
    for name, scales in SCALES.items():
        assert sorted(m.scale for m in models if m.name == name) == scales


@pytest.mark.parametrize("info", _upstream(), ids=lambda m: m.id)
def test_entry_is_complete_and_pinned(info) -> None:
    repo, commit, folder = UPSTREAM[info.name]
    assert info.id == f"{info.name}_x{info.scale}"
    assert info.family == FAMILY[info.name]
    assert info.filename == f"{info.id}.pb"
    assert info.url == f"https://raw.githubusercontent.com/{repo}/{commit}/{folder}/{info.filename}"
    assert isinstance(info.size, int) and info.size > 0
    assert re.fullmatch(r"[0-9a-f]{40}", info.git_sha1 or "")
    if info.family == "edsr":
        assert info.sha256 is None  # upstream publishes only the blob SHA-1 for these
        assert info.size > 38_000_000 and info.speed == "slow"
    else:
        assert re.fullmatch(r"[0-9a-f]{64}", info.sha256 or "")
    assert info.license == "Apache-2.0"
    assert (project_models_dir() / info.license_file).is_file()
    assert not info.builtin and info.needs_file


def test_mirrored_files_match_catalog(shared_models_dir: Path) -> None:
    checked = []
    for info in _upstream():
        path = shared_models_dir / info.filename
        if not path.exists():
            assert info.family == "edsr", f"{path} missing from the mirror"
            continue
        digest = digest_file(path)
        assert (digest.size, digest.sha256, digest.git_sha1) == (
            info.size,
            info.sha256,
            info.git_sha1,
        ), info.id
        checked.append(info.id)
    assert len(checked) == 12


def test_baselines_and_defaults() -> None:
    catalog = load_catalog()
    for scale in catalog.scales():
        defaults = [m for m in catalog.for_scale(scale) if m.default]
        assert len(defaults) <= 1
        assert catalog.get("bicubic", scale).builtin
        assert not catalog.get("lanczos", scale).needs_file
    assert catalog.get("espcn", 3).id == "ESPCN_x3"
    assert catalog.get("fsrcnn-small_x4").id == "FSRCNN-small_x4"


def test_ambiguous_or_unknown_names() -> None:
    catalog = load_catalog()
    with pytest.raises(ModelError, match="^model ESPCN comes in several scales"):
        catalog.get("espcn")
    with pytest.raises(ModelError, match="^model LapSRN has no x3 version"):
        catalog.get("lapsrn", 3)
    with pytest.raises(ModelError, match=r"^unknown model 'waifu'; known models: .*\bESPCN\b"):
        catalog.get("waifu")


def test_scales_in_messages_are_listed_once() -> None:
    """A model with options (waifu2x-photo: plain and four denoise levels, all x2) names each
    scale once, not once per option ("it supports x2, x2, x2, x2, x2")."""
    catalog = load_catalog()
    with pytest.raises(ModelError) as wrong_scale:
        catalog.get("waifu2x-photo", 4)
    assert str(wrong_scale.value) == "model waifu2x-photo has no x4 version; it supports x2"
    with pytest.raises(ModelError) as wrong_id_scale:
        catalog.get("waifu2x-photo-denoise1_x2", 4)
    assert str(wrong_id_scale.value).endswith("; waifu2x-photo comes in x2")
    with pytest.raises(ModelError) as several:
        catalog.get("lapsrn", 3)
    assert str(several.value).endswith("it supports x2, x4, x8")


def test_every_model_has_a_known_purpose() -> None:
    from upscaler.core.catalog import PURPOSES

    for model in load_catalog().all():
        assert model.purpose in PURPOSES, model.id
        assert not (model.invents_detail and model.purpose == "faithful"), model.id


def test_an_unknown_purpose_is_a_catalog_error(tmp_path) -> None:
    import json

    from upscaler.core.catalog import load_catalog_file
    from upscaler.core.errors import ModelError

    path = tmp_path / "catalog.json"
    entry = {"id": "X_x2", "name": "X", "family": "upnet", "scale": 2, "purpose": "magic"}
    path.write_text(json.dumps({"models": [entry]}), encoding="utf-8")
    with pytest.raises(ModelError, match="unknown purpose 'magic'"):
        load_catalog_file(path)
