"""EXIF orientation and PNG chunk handling on raw bytes (what carries metadata between files)."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from tests import images
from upscaler.core.imageio import metadata as md
from upscaler.core.imageio.png_stream import write_png


def big_endian_exif(orientation: int, make: bytes = b"CameraCo\x00") -> bytes:
    """A hand-made Motorola-order EXIF: IFD0 with Make (offset value) and Orientation."""
    entries = struct.pack(">HHII", 0x010F, 2, len(make), 8 + 2 + 2 * 12 + 4)
    entries += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 2) + entries
    tiff += struct.pack(">I", 0) + make
    return b"Exif\x00\x00" + tiff


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_little_endian(orientation):
    exif = images.exif_bytes(orientation, make="X")
    assert md.exif_orientation(exif) == orientation
    reset = md.exif_with_orientation_reset(exif)
    assert len(reset) == len(exif)
    parsed = Image.Exif()
    parsed.load(reset)
    assert parsed[images.ORIENTATION] == 1
    assert parsed[images.MAKE] == "X"


def test_orientation_big_endian_changes_only_two_bytes():
    exif = big_endian_exif(6)
    assert md.exif_orientation(exif) == 6
    reset = md.exif_with_orientation_reset(exif)
    assert md.exif_orientation(reset) == 1
    changed = [i for i, (a, b) in enumerate(zip(exif, reset, strict=True)) if a != b]
    assert len(changed) == 1  # 0x0006 -> 0x0001: one byte differs
    parsed = Image.Exif()
    parsed.load(reset)
    assert parsed[images.MAKE] == "CameraCo"


@pytest.mark.parametrize(
    "blob",
    [None, b"", b"Exif\x00\x00", b"Exif\x00\x00II*\x00\xff\xff\xff\xff", b"not exif at all"],
)
def test_damaged_or_missing_exif_means_upright(blob):
    assert md.exif_orientation(blob) == 1
    if blob:
        assert md.exif_with_orientation_reset(blob) == blob


def test_exif_without_orientation_is_unchanged():
    exif = images.exif_bytes(None, make="NoOrientation")
    assert md.exif_orientation(exif) == 1
    assert md.exif_with_orientation_reset(exif) == exif


def test_normalize_exif_adds_the_prefix_once():
    tiff = images.exif_bytes(3)[6:]
    assert md.normalize_exif(tiff) == b"Exif\x00\x00" + tiff
    assert md.normalize_exif(b"Exif\x00\x00" + tiff) == b"Exif\x00\x00" + tiff
    assert md.normalize_exif(b"garbage") is None


def test_apply_orientation_matches_pillow_transpose():
    from PIL import ImageOps

    stored = images.gradient(5, 3)
    for orientation in range(1, 9):
        pil = images.to_pil(stored)
        exif = pil.getexif()
        exif[images.ORIENTATION] = orientation
        pil.info["exif"] = exif.tobytes()
        expected = images.from_pil(ImageOps.exif_transpose(pil))
        np.testing.assert_array_equal(md.apply_orientation(stored, orientation), expected)


def test_png_chunks_and_crc():
    png = images.pil_bytes(images.to_pil(images.noise(4, 4)), "PNG")
    kinds = [kind for kind, _ in md.png_chunks(png)]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    damaged = bytearray(png)
    damaged[40] ^= 0xFF  # inside the first IDAT: its CRC no longer matches
    with pytest.raises(ValueError, match="damaged"):
        list(md.png_chunks(bytes(damaged)))
    with pytest.raises(ValueError, match="cut short"):
        list(md.png_chunks(png[: len(png) // 2]))


def test_png_chunks_go_right_after_ihdr():
    icc = images.icc_profile()
    exif = images.exif_bytes(1, make="M")
    chunks = [(b"iCCP", md.iccp_payload(icc)), (b"eXIf", md.exif_tiff(exif))]
    out = io.BytesIO()
    write_png(out, images.noise(3, 3), level=6, chunks=chunks)
    data = out.getvalue()
    kinds = [kind for kind, _ in md.png_chunks(data)]
    assert kinds[:3] == [b"IHDR", b"iCCP", b"eXIf"]
    assert md.png_metadata(data) == (icc, exif)
    name, _, rest = md.iccp_payload(icc).partition(b"\x00")
    assert name == b"ICC profile" and rest[0] == 0 and zlib.decompress(rest[1:]) == icc


def test_icc_colour_space():
    assert md.icc_colour_space(images.icc_profile()) == "RGB"
    assert md.icc_colour_space(b"short") is None
    assert md.icc_colour_space(None) is None


def test_exif_text_tags_round_trip():
    exif = images.exif_bytes(6, make="Maker", model="Model")
    tags = md.exif_text_tags(exif)
    assert tags == {271: "Maker", 272: "Model"}
    rebuilt = Image.Exif()
    rebuilt.load(md.exif_from_text_tags(tags))
    assert rebuilt[images.MAKE] == "Maker" and rebuilt[images.ORIENTATION] == 1
    assert md.exif_text_tags(b"Exif\x00\x00II*\x00\xff\xff\xff\xff") == {}
