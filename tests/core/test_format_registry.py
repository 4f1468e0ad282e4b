"""The format registry (core/imageio/formats.py) is the one place that knows each format: every
table the program uses derives from it, and each record's claims hold for the real encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.images import icc_profile
from upscaler.core import pipeline
from upscaler.core.errors import ImageWriteError
from upscaler.core.imageio import (
    EXTENSIONS,
    FORMAT_CHOICES,
    FORMATS,
    IMAGE_SUFFIXES,
    NO_ALPHA,
    READ_FORMATS,
    WRITE_FORMATS,
    LoadedImage,
    WriteOptions,
    check_output_size,
    decode_bytes,
    encode_image,
    format_named,
    get_format,
    output_format,
)
from upscaler.core.imageio import encode as encode_module

WRITABLE = [f for f in FORMATS if f.writable]


def test_every_writable_format_has_an_encoder() -> None:
    assert set(encode_module._ENCODERS) == set(WRITE_FORMATS)


def test_tables_derive_from_the_records() -> None:
    assert READ_FORMATS == ("PNG", "JPEG", "WEBP", "TIFF", "BMP", "GIF")
    assert WRITE_FORMATS == ("PNG", "JPEG", "WEBP", "TIFF", "BMP")
    assert NO_ALPHA == ("JPEG", "BMP")
    assert EXTENSIONS[".jfif"] == "JPEG" and ".gif" not in EXTENSIONS
    assert IMAGE_SUFFIXES[".gif"] == "GIF"
    assert set(FORMAT_CHOICES) == {"png", "jpg", "jpeg", "webp", "tif", "tiff"}
    for f in FORMATS:
        assert f.extension == f.extensions[0] and all(e == e.lower() for e in f.extensions)


@pytest.mark.parametrize("fmt", WRITABLE, ids=lambda f: f.name)
def test_each_written_extension_reads_back_as_its_format(fmt, tmp_path: Path) -> None:
    """A result named with the format's extension is written in that format."""
    assert output_format(tmp_path / f"a{fmt.extension}") == fmt.name
    named = pipeline.default_output_name(Path("a.gif"), _model(), fmt.name)
    assert named.endswith(fmt.extension)


@pytest.mark.parametrize("fmt", WRITABLE, ids=lambda f: f.name)
def test_alpha_and_depth_claims_hold_for_the_encoder(fmt) -> None:
    """``alpha`` and ``deep`` say what a round trip through the real encoder keeps."""
    pixels = np.zeros((8, 8, 4), np.uint16)
    pixels[..., :3] = 40000
    pixels[..., 3] = 65535
    pixels[:4, :, 3] = 0  # real transparency
    options = WriteOptions(background=(255, 255, 255))
    data, warnings = encode_image(pixels, fmt.name, options=options)
    back = decode_bytes(data).pixels
    assert (back.dtype == np.uint16) == fmt.deep
    assert (back.ndim == 3 and back.shape[2] == 4) == fmt.alpha
    assert any("8 bits" in w for w in warnings) != fmt.deep


@pytest.mark.parametrize("fmt", WRITABLE, ids=lambda f: f.name)
def test_metadata_claims_hold_for_the_encoder(fmt) -> None:
    """``icc`` says whether the profile is kept; a format that drops metadata says so."""
    source = LoadedImage(np.zeros((4, 4, 3), np.uint8), None, fmt.name, icc_profile(), None, 8)
    data, warnings = encode_image(source.pixels, fmt.name, source=source)
    kept = decode_bytes(data).icc_profile is not None
    assert kept == fmt.icc
    assert any("colour profile or EXIF" in w for w in warnings) != fmt.icc


def test_the_largest_side_is_the_records() -> None:
    limited = [f for f in WRITABLE if f.max_side < 2**31 - 1]
    assert {f.name for f in limited} >= {"JPEG", "WEBP"}
    for f in limited:
        check_output_size(f.name, f.max_side, 1)
        with pytest.raises(ImageWriteError, match=str(f.max_side)):
            check_output_size(f.name, f.max_side + 1, 1)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("jpg", "JPEG"), ("JPEG", "JPEG"), (".tif", "TIFF"), ("TIF", "TIFF"), ("bmp", "BMP")],
)
def test_a_format_as_people_name_it(name: str, expected: str) -> None:
    found = format_named(name)
    assert found is not None and found.name == expected


def test_pillow_names_map_to_the_record() -> None:
    assert get_format("MPO").name == "JPEG"
    with pytest.raises(KeyError):
        get_format("PCX")


def test_messages_list_the_offered_formats() -> None:
    with pytest.raises(pipeline.PlanError) as caught:
        pipeline.parse_format("gif")
    assert str(caught.value).endswith("choose one of png, jpg, webp, tiff")


def test_dialog_filters_come_from_the_records() -> None:
    pytest.importorskip("PySide6")
    from upscaler.ui.dialogs import SAVE_FILTERS

    assert SAVE_FILTERS[0] == "PNG (*.png)"
    assert get_format("JPEG").dialog_filter in SAVE_FILTERS
    assert len(SAVE_FILTERS) == len(WRITE_FORMATS)


def _model():
    from upscaler.core.catalog import load_catalog

    return load_catalog().get("bicubic", 2)
