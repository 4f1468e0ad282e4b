"""The window offers the pinned-source models by purpose; waifu2x denoise levels are options."""

from __future__ import annotations

from upscaler.core.catalog import load_catalog
from upscaler.ui.model_chooser import names_for, purposes, variant_label, variants_of


def test_every_purpose_is_offered_with_its_models() -> None:
    catalog = load_catalog()
    assert purposes(catalog) == ["faithful", "restore", "generative", "drawings"]
    faithful = names_for(catalog, "faithful")
    assert faithful.index("UpNet2") < faithful.index("DAT-light")  # the default first
    assert names_for(catalog, "restore") == ["waifu2x-photo", "UpNet-Restore"]
    assert names_for(catalog, "generative") == ["Real-ESRGAN", "RealSR"]
    assert "Real-ESRGAN-anime" in names_for(catalog, "drawings")


def test_denoise_levels_are_the_variants_of_waifu2x_photo() -> None:
    catalog = load_catalog()
    options = variants_of(catalog, "waifu2x-photo", 2)
    assert [variant_label(m) for m in options] == [
        "no denoise", "denoise 0", "denoise 1", "denoise 2", "denoise 3"
    ]  # fmt: skip
    assert variants_of(catalog, "waifu2x-photo", 4) == []
