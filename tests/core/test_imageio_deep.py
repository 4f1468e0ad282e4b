"""16-bit PNG and TIFF through FFmpeg: every value as OpenCV's libpng/libtiff read it."""

from __future__ import annotations

import io
import struct
import zlib

import cv2
import numpy as np
import pytest

from tests import images
from upscaler.core.errors import ImageReadError
from upscaler.core.imageio.read import decode_bytes


def deep(width: int, height: int, channels: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 65536, (height, width, channels)).astype(np.uint16).squeeze()


def png16(pixels: np.ndarray, colour_type: int, extra: bytes = b"") -> bytes:
    """A 16-bit PNG written by hand (for layouts OpenCV cannot write), one filter per row."""
    height, width = pixels.shape[:2]
    rows = pixels.reshape(height, -1).astype(">u2")
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + images.chunk(b"IHDR", header)
        + extra
        + images.chunk(b"IDAT", zlib.compress(raw))
        + images.chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("channels", [1, 3, 4])
@pytest.mark.parametrize("size", [(1, 1), (37, 23), (300, 7)])
def test_png_equals_opencv(channels, size) -> None:
    pixels = deep(*size, channels)
    data = images.cv2_bytes(pixels, ".png")  # libpng chooses its filters: all five get used
    expected = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    loaded = decode_bytes(data)
    assert loaded.bit_depth == 16
    np.testing.assert_array_equal(loaded.pixels, expected)


@pytest.mark.parametrize("compression", [1, 5, 8, 32773])  # none, LZW, Deflate, PackBits
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_tiff_compressions_equal_opencv(compression, channels) -> None:
    pixels = deep(29, 17, channels, seed=compression)
    ok, encoded = cv2.imencode(".tiff", pixels, [cv2.IMWRITE_TIFF_COMPRESSION, compression])
    assert ok
    expected = cv2.imdecode(encoded, cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(decode_bytes(encoded.tobytes()).pixels, expected)


def test_planar_tiff_comes_back_in_bgr_order() -> None:
    import tifffile

    rgb = deep(13, 11, 3)
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, rgb.transpose(2, 0, 1), photometric="rgb", planarconfig="separate")
    np.testing.assert_array_equal(decode_bytes(buffer.getvalue()).pixels, rgb[:, :, ::-1])


def test_gray_with_alpha_becomes_bgra() -> None:
    gray_alpha = deep(9, 5, 2)
    loaded = decode_bytes(png16(gray_alpha, colour_type=4))
    gray, alpha = gray_alpha[:, :, 0], gray_alpha[:, :, 1]
    np.testing.assert_array_equal(loaded.pixels, np.dstack([gray, gray, gray, alpha]))


def test_rgb_colour_key_becomes_alpha() -> None:
    rgb = deep(6, 4, 3)
    key = rgb[2, 3].copy()
    transparent = images.chunk(b"tRNS", key.astype(">u2").tobytes())
    loaded = decode_bytes(png16(rgb, colour_type=2, extra=transparent))
    assert loaded.pixels.shape == (4, 6, 4)
    np.testing.assert_array_equal(loaded.pixels[:, :, :3], rgb[:, :, ::-1])
    hidden = (rgb == key).all(axis=2)
    np.testing.assert_array_equal(loaded.pixels[:, :, 3], np.where(hidden, 0, 65535))


def test_damaged_data_is_named_not_raised_raw(tmp_path) -> None:
    data = bytearray(images.cv2_bytes(deep(40, 30, 3), ".png"))
    start = data.index(b"IDAT") + 8
    data[start : start + 40] = bytes(40)  # the chunk is whole, its deflate stream is not
    with pytest.raises(ImageReadError, match="corrupt"):
        decode_bytes(bytes(data), tmp_path / "broken.png")


def tiff(pixels: np.ndarray, **options) -> bytes:
    import tifffile

    buffer = io.BytesIO()
    tifffile.imwrite(buffer, pixels, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [None, "zlib"])
def test_tiled_tiff_is_read_by_tifffile(compression) -> None:
    """FFmpeg garbles tiled TIFF: these must not reach it."""
    rgb = deep(64, 48, 3)
    data = tiff(rgb, tile=(16, 16), photometric="rgb", compression=compression)
    np.testing.assert_array_equal(decode_bytes(data).pixels, rgb[:, :, ::-1])


def test_tiled_lzw_tiff_is_refused_by_name() -> None:
    import tifffile

    data = bytearray(tiff(deep(32, 32, 3), tile=(16, 16), photometric="rgb"))
    with tifffile.TiffFile(io.BytesIO(bytes(data))) as tif:
        value_at = tif.pages.first.tags[259].offset + 8  # classic TIFF: the value is inline
    data[value_at : value_at + 2] = struct.pack("<H", 5)  # LZW: refused before any decoding
    with pytest.raises(ImageReadError, match="LZW compression in tiles are not supported"):
        decode_bytes(bytes(data))


def test_strips_in_an_unread_compression_are_not_called_tiles() -> None:
    import tifffile

    data = bytearray(tiff(deep(32, 32, 3), photometric="rgb"))
    with tifffile.TiffFile(io.BytesIO(bytes(data))) as tif:
        assert not tif.pages.first.is_tiled
        value_at = tif.pages.first.tags[259].offset + 8
    data[value_at : value_at + 2] = struct.pack("<H", 7)  # JPEG: neither tifffile nor FFmpeg
    with pytest.raises(ImageReadError) as caught:
        decode_bytes(bytes(data))
    assert "JPEG compression are not supported" in str(caught.value)
    assert "tiles" not in str(caught.value)


def test_tiled_packbits_tiff_equals_opencv() -> None:
    """tifffile decodes PackBits tiles alone (OpenCV's libtiff read them; FFmpeg garbles tiles)."""
    import tifffile

    rgb = deep(40, 36, 3)  # tiles of 16: the last column and row are partial

    def literal_runs(raw: bytes) -> bytes:  # PackBits: a count byte n-1, then n bytes
        return b"".join(
            bytes([len(raw[i : i + 128]) - 1]) + raw[i : i + 128] for i in range(0, len(raw), 128)
        )

    padded = np.zeros((48, 48, 3), np.uint16)
    padded[:36, :40] = rgb
    encoded = (
        literal_runs(np.ascontiguousarray(padded[y : y + 16, x : x + 16]).tobytes())
        for y in range(0, 48, 16)
        for x in range(0, 48, 16)
    )
    buffer = io.BytesIO()  # tifffile has no PackBits encoder: the tiles go in as they are, ...
    tifffile.imwrite(
        buffer,
        encoded,
        shape=rgb.shape,
        dtype=rgb.dtype,
        tile=(16, 16),
        photometric="rgb",
        compression="zlib",
    )
    data = bytearray(buffer.getvalue())
    with tifffile.TiffFile(io.BytesIO(bytes(data))) as tif:
        value_at = tif.pages.first.tags[259].offset + 8
    data[value_at : value_at + 2] = struct.pack("<H", 32773)  # ... and are named PackBits
    expected = cv2.imdecode(np.frombuffer(bytes(data), np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(expected, rgb[:, :, ::-1])
    np.testing.assert_array_equal(decode_bytes(bytes(data)).pixels, expected)


def test_min_is_white_gray_is_turned_round() -> None:
    gray = deep(7, 5, 1)
    loaded = decode_bytes(tiff(gray, photometric="miniswhite"))
    np.testing.assert_array_equal(loaded.pixels, 65535 - gray)


@pytest.mark.parametrize(
    ("pixels", "options", "message"),
    [
        (deep(6, 4, 4), {"photometric": "separated"}, "CMYK TIFF pictures with more than 8"),
        (
            deep(6, 4, 3),
            {"photometric": "minisblack", "planarconfig": "contig"},
            "with 3 samples per pixel",
        ),
        (np.ones((4, 6, 3), np.uint32), {"photometric": "rgb"}, "uint32 samples are not"),
    ],
)
def test_what_is_not_read_is_named(pixels, options, message) -> None:
    with pytest.raises(ImageReadError, match=message):
        decode_bytes(tiff(pixels, **options))


def test_half_float_tiff_becomes_16_bit() -> None:
    values = np.linspace(0, 1, 4 * 6 * 3, dtype=np.float16).reshape(4, 6, 3)
    loaded = decode_bytes(tiff(values, photometric="rgb"))
    expected = np.round(values.astype(np.float32) * 65535).astype(np.uint16)[:, :, ::-1]
    np.testing.assert_array_equal(loaded.pixels, expected)


def adam7(pixels: np.ndarray, colour_type: int) -> bytes:
    """An interlaced 16-bit PNG: the seven Adam7 passes, each row unfiltered."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2)]
    passes.append((0, 1, 1, 2))
    raw = b""
    for x0, y0, dx, dy in passes:
        part = pixels[y0::dy, x0::dx]
        if part.size:
            rows = part.reshape(part.shape[0], -1).astype(">u2")
            raw += b"".join(b"\x00" + row.tobytes() for row in rows)
    height, width = pixels.shape[:2]
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 1)
    return (
        b"\x89PNG\r\n\x1a\n"
        + images.chunk(b"IHDR", header)
        + images.chunk(b"IDAT", zlib.compress(raw))
        + images.chunk(b"IEND", b"")
    )


def test_interlaced_png_is_read_whole() -> None:
    rgb = deep(13, 11, 3)
    np.testing.assert_array_equal(decode_bytes(adam7(rgb, 2)).pixels, rgb[:, :, ::-1])


def patched(data: bytes, tag: int, value: int) -> bytes:
    """``data`` with one inline SHORT tag of its first page set to ``value``."""
    import tifffile

    with tifffile.TiffFile(io.BytesIO(data)) as tif:
        value_at = tif.pages.first.tags[tag].offset + 8  # classic TIFF: the value is inline
    out = bytearray(data)
    out[value_at : value_at + 2] = struct.pack("<H", value)
    return bytes(out)


def test_ten_to_fourteen_bit_lzw_tiff_is_refused_by_name() -> None:
    """Packed 12-bit samples in LZW: ``packed_bits`` reads only uncompressed and Deflate strips,
    tifffile needs imagecodecs, FFmpeg refuses them."""
    data = patched(tiff(deep(8, 6, 1), photometric="minisblack"), 258, 12)
    data = patched(data, 259, 5)
    with pytest.raises(ImageReadError, match="12 bits per sample are not supported"):
        decode_bytes(data)


def test_the_floating_point_predictor_goes_to_ffmpeg(monkeypatch) -> None:
    from upscaler.core.imageio import deep_tiff

    values = deep(8, 6, 1)
    # tifffile writes the floating-point predictor only with imagecodecs: a horizontal one,
    # relabelled (the data never reaches a decoder here)
    written = tiff(values, photometric="minisblack", compression="zlib", predictor=2)
    data = patched(written, 317, 3)
    sent: list[str] = []
    monkeypatch.setattr(deep_tiff, "decode_deep", lambda _d, kind: sent.append(kind) or values)
    assert deep_tiff.decode_tiff(data) is values
    assert sent == ["tiff"]


def packed_tiff(values: np.ndarray, bits: int, *, planar: bool = False, deflate: bool = False):
    """A TIFF of ``bits``-bit samples in two strips, written by hand (tifffile writes them only
    with imagecodecs): rows byte-aligned, most significant bit first."""
    height, width = values.shape[:2]
    samples = 1 if values.ndim == 2 else values.shape[2]
    planes = [values[:, :, s] for s in range(samples)] if planar else [values]
    strips = []
    for plane in planes:
        rows = plane.reshape(height, -1).astype(np.uint32)
        bitrows = (rows[:, :, None] >> np.arange(bits - 1, -1, -1)) & 1
        packed = np.packbits(bitrows.reshape(height, -1).astype(np.uint8), axis=1)
        for top in (0, (height + 1) // 2):
            part = packed[top : top + (height + 1) // 2].tobytes()
            strips.append(zlib.compress(part) if deflate else part)
    data_start = 8
    offsets = np.cumsum([data_start] + [len(s) for s in strips])[:-1]
    ifd_at = int(offsets[-1]) + len(strips[-1])
    ifd_at += ifd_at % 2
    count = len(strips)
    tail_at = ifd_at + 2 + 11 * 12 + 4
    bits_at, offsets_at, counts_at = (
        tail_at,
        tail_at + 2 * samples,
        tail_at + 2 * samples + 4 * count,
    )

    def entry(tag: int, kind: int, n: int, value: int) -> bytes:
        packed_value = (
            struct.pack("<H", value) + b"\0\0" if kind == 3 and n == 1 else struct.pack("<I", value)
        )
        return struct.pack("<HHI", tag, kind, n) + packed_value

    photometric = 2 if samples >= 3 else 1
    entries = [
        entry(256, 4, 1, width),
        entry(257, 4, 1, height),
        entry(258, 3, samples, bits if samples == 1 else bits_at),
        entry(259, 3, 1, 8 if deflate else 1),
        entry(262, 3, 1, photometric),
        entry(273, 4, count, offsets_at if count > 1 else int(offsets[0])),
        entry(277, 3, 1, samples),
        entry(278, 4, 1, (height + 1) // 2),
        entry(279, 4, count, counts_at if count > 1 else len(strips[0])),
        entry(284, 3, 1, 2 if planar else 1),
        entry(339, 3, 1, 1),
    ]
    out = bytearray(b"II*\0" + struct.pack("<I", ifd_at))
    out += b"".join(strips)
    out += b"\0" * (ifd_at - len(out))
    out += struct.pack("<H", len(entries)) + b"".join(entries) + struct.pack("<I", 0)
    out += struct.pack(f"<{samples}H", *([bits] * samples))
    out += struct.pack(f"<{count}I", *map(int, offsets))
    out += struct.pack(f"<{count}I", *(len(s) for s in strips))
    return bytes(out)


@pytest.mark.parametrize(
    ("bits", "samples", "planar", "deflate"),
    [(12, 1, False, False), (10, 3, False, True), (14, 3, True, False), (12, 4, False, False)],
)
def test_ten_to_fourteen_bit_strips_are_widened_to_16_bits(bits, samples, planar, deflate):
    shape = (9, 7) if samples == 1 else (9, 7, samples)
    values = np.random.default_rng(bits).integers(0, 1 << bits, shape).astype(np.uint16)
    values.flat[0], values.flat[1] = 0, (1 << bits) - 1  # black and white stay so
    loaded = decode_bytes(packed_tiff(values, bits, planar=planar, deflate=deflate))
    wide = (values << (16 - bits)) | (values >> (2 * bits - 16))
    assert wide.flat[0] == 0 and wide.flat[1] == 65535
    if samples >= 3:
        wide = np.concatenate([wide[:, :, 2::-1], wide[:, :, 3:]], axis=2)
    np.testing.assert_array_equal(loaded.pixels, wide)
