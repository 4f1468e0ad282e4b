"""Reading: each way a file can fail has its own message; each kind of image keeps its meaning."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from tests import images
from tests.as_nobody import run_as_nobody
from upscaler.core.errors import ImageReadError
from upscaler.core.imageio import probe_image, read_image


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def read_error(path: Path, **kwargs) -> str:
    with pytest.raises(ImageReadError) as info:
        read_image(path, **kwargs)
    assert info.value.path == path
    return str(info.value)


# --- failures ------------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    path = tmp_path / "nothing here.png"
    assert read_error(path) == f"{path}: the file does not exist"


def test_empty_file(tmp_path):
    path = write(tmp_path / "empty.png", b"")
    assert read_error(path) == f"{path}: the file is empty (0 bytes)"


def test_folder_named_like_an_image(tmp_path):
    path = tmp_path / "x.png"
    path.mkdir()
    assert read_error(path) == f"{path}: is a folder, not an image file"


def test_random_bytes_named_png(tmp_path):
    data = np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    path = write(tmp_path / "random.png", data)
    assert read_error(path) == (
        f"{path}: not an image, or a format that is not supported "
        "(supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    )


def test_known_but_unsupported_format(tmp_path):
    path = write(tmp_path / "a.ico", images.pil_bytes(images.to_pil(images.noise(16, 16)), "ICO"))
    assert read_error(path) == (
        f"{path}: ICO images are not supported (supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    )


TRUNCATABLE = {
    "8-bit.png": lambda a: images.pil_bytes(images.to_pil(a), "PNG"),
    "16-bit.png": lambda a: images.cv2_bytes(a.astype(np.uint16) * 257, ".png"),
    "photo.jpg": lambda a: images.pil_bytes(images.to_pil(a), "JPEG", quality=90),
    "lossless.webp": lambda a: images.pil_bytes(images.to_pil(a), "WEBP", lossless=True),
    "lossy.webp": lambda a: images.pil_bytes(images.to_pil(a), "WEBP", quality=80),
    "8-bit.tif": lambda a: images.pil_bytes(images.to_pil(a), "TIFF"),
    "deflate.tif": lambda a: images.pil_bytes(
        images.to_pil(a), "TIFF", compression="tiff_adobe_deflate"
    ),
    "16-bit.tif": lambda a: images.cv2_bytes(a.astype(np.uint16) * 257, ".tiff"),
    "a.gif": lambda a: images.pil_bytes(images.to_pil(a), "GIF"),
    "a.bmp": lambda a: images.pil_bytes(images.to_pil(a), "BMP"),
}


@pytest.mark.parametrize("fraction", [0.6, 0.999])
@pytest.mark.parametrize("name", sorted(TRUNCATABLE))
def test_truncated_file_is_an_error(tmp_path, capfd, name, fraction):
    data = TRUNCATABLE[name](images.noise(96, 80))
    path = write(tmp_path / name, data[: int(len(data) * fraction)])
    message = read_error(path)
    assert message.startswith(f"{path}: the image data is corrupt or truncated")
    assert not message.endswith("(0)")
    captured = capfd.readouterr()  # the decoders' own logging is silenced: we report once
    assert captured.out == "" and captured.err == ""


def test_huge_header_is_refused_before_decoding(tmp_path):
    path = write(tmp_path / "huge.png", images.png_header_only(100_000, 100_000))
    assert read_error(path) == (
        f"{path}: the image is 100000 x 100000 pixels (10000.0 megapixels), "
        "more than the limit of 200.0 megapixels"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads VmHWM in /proc")
def test_huge_header_keeps_memory_small(tmp_path):
    """In a fresh process, refusing a 30 GB image must not allocate anything like it."""
    path = write(tmp_path / "huge.png", images.png_header_only(100_000, 100_000))
    script = textwrap.dedent(
        f"""
        import sys
        from upscaler.core.errors import ImageReadError
        from upscaler.core.imageio import read_image

        def peak_kib():  # VmHWM belongs to this process image (ru_maxrss survives exec)
            for line in open("/proc/self/status"):
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])

        before = peak_kib()
        try:
            read_image({str(path)!r})
        except ImageReadError:
            pass
        else:
            sys.exit("not refused")
        print(peak_kib() - before)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    grown_kib = int(result.stdout)
    assert grown_kib < 20 * 1024


def test_lower_limit_names_both_numbers(tmp_path):
    path = tmp_path / "a.png"
    images.to_pil(images.noise(300, 200)).save(path)
    assert read_error(path, max_pixels=50_000) == (
        f"{path}: the image is 300 x 200 pixels (0.1 megapixels), more than the limit of "
        "0.1 megapixels"
    )
    assert read_image(path, max_pixels=60_000).pixels.shape == (200, 300, 3)


def _unreadable_message_as_nobody(path: Path) -> str:
    """Read ``path`` as nobody (the test runs as root); return the error text."""

    def child() -> str:
        try:
            read_image(path)
        except ImageReadError as err:
            return str(err)
        return "read succeeded"

    return run_as_nobody(child)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_unreadable_file():
    folder = Path(tempfile.mkdtemp(prefix="upscaler-perm-"))
    try:
        folder.chmod(0o755)
        path = folder / "secret.png"
        images.to_pil(images.noise(4, 4)).save(path)
        path.chmod(0o000)
        as_root = os.geteuid() == 0
        message = _unreadable_message_as_nobody(path) if as_root else read_error(path)
        assert message == f"{path}: permission denied: cannot read the file"
    finally:
        shutil.rmtree(folder)


# --- what the pixels must be ----------------------------------------------------------------------


def test_non_ascii_path_with_spaces(tmp_path):
    folder = tmp_path / "我的 图片 文件夹"
    folder.mkdir()
    path = folder / "假期 照片 ü.png"
    pixels = images.noise(5, 4)
    images.to_pil(pixels).save(path)
    loaded = read_image(path)
    assert loaded.path == path
    np.testing.assert_array_equal(loaded.pixels, pixels)


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (287, 289)])
@pytest.mark.parametrize("ext", [".png", ".jpg", ".webp", ".tif", ".bmp"])
def test_exact_size(tmp_path, width, height, ext):
    path = tmp_path / f"a{ext}"
    images.to_pil(images.noise(width, height)).save(path)
    loaded = read_image(path)
    assert loaded.pixels.shape == (height, width, 3)
    assert loaded.pixels.dtype == np.uint8
    assert (loaded.width, loaded.height) == (width, height)


def test_8bit_gray_stays_gray(tmp_path):
    pixels = images.gradient(7, 5, channels=1)
    path = tmp_path / "gray.png"
    images.to_pil(pixels).save(path)
    loaded = read_image(path)
    assert loaded.pixels.dtype == np.uint8 and loaded.bit_depth == 8
    np.testing.assert_array_equal(loaded.pixels, pixels)


def test_16bit_gray_png(tmp_path):
    pixels = images.noise(9, 6, channels=1, dtype=np.uint16)
    path = write(tmp_path / "gray16.png", images.cv2_bytes(pixels, ".png"))
    loaded = read_image(path)
    assert loaded.bit_depth == 16
    assert loaded.pixels.dtype == np.uint16
    np.testing.assert_array_equal(loaded.pixels, pixels)


def test_16bit_rgb_png_keeps_its_low_byte(tmp_path):
    pixels = images.noise(11, 7, channels=3, dtype=np.uint16, seed=3) | 0x0101
    path = write(tmp_path / "rgb16.png", images.cv2_bytes(pixels, ".png"))
    loaded = read_image(path)
    assert loaded.pixels.dtype == np.uint16
    np.testing.assert_array_equal(loaded.pixels, pixels)
    assert np.all(loaded.pixels & 0xFF)  # the low byte was not thrown away


@pytest.mark.parametrize("channels", [1, 3, 4])
def test_16bit_tiff(tmp_path, channels):
    pixels = images.noise(10, 8, channels=channels, dtype=np.uint16, seed=channels)
    path = write(tmp_path / "deep.tif", images.cv2_bytes(pixels, ".tiff"))
    loaded = read_image(path)
    assert (loaded.format, loaded.bit_depth) == ("TIFF", 16)
    np.testing.assert_array_equal(loaded.pixels, pixels)


@pytest.mark.parametrize("channels", [1, 3])
def test_float_tiff_is_clipped_with_a_warning(tmp_path, channels):
    shape = (6, 5) if channels == 1 else (6, 5, channels)
    values = np.linspace(-0.5, 1.5, int(np.prod(shape)), dtype=np.float32).reshape(shape)
    path = write(tmp_path / "hdr.tif", images.cv2_bytes(values, ".tiff"))
    loaded = read_image(path)
    expected = np.round(np.clip(values, 0, 1) * 65535).astype(np.uint16)
    assert loaded.pixels.dtype == np.uint16
    np.testing.assert_array_equal(loaded.pixels, expected)
    assert loaded.warnings == [
        "floating-point values range from -0.5 to 1.5; clipped to 0..1 and stored as 16-bit"
    ]


def test_rgba_gradient_alpha(tmp_path):
    pixels = images.gradient(31, 17, channels=4)
    path = tmp_path / "alpha.png"
    images.to_pil(pixels).save(path)
    loaded = read_image(path)
    assert loaded.has_alpha and loaded.is_transparent
    np.testing.assert_array_equal(loaded.pixels, pixels)


def test_palette_with_trns(tmp_path):
    palette_image = Image.new("P", (4, 2))
    palette_image.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * (253 * 3))
    palette_image.putdata([0, 1, 2, 0, 2, 1, 0, 1])
    path = tmp_path / "pal.png"
    palette_image.save(path, transparency=bytes([0, 128, 255]))
    loaded = read_image(path)
    bgra = {0: (0, 0, 255, 0), 1: (0, 255, 0, 128), 2: (255, 0, 0, 255)}
    expected = np.array([bgra[i] for i in [0, 1, 2, 0, 2, 1, 0, 1]], np.uint8).reshape(2, 4, 4)
    np.testing.assert_array_equal(loaded.pixels, expected)


def test_palette_without_transparency_is_bgr(tmp_path):
    image = Image.new("P", (2, 1))
    image.putpalette([10, 20, 30, 40, 50, 60] + [0] * (254 * 3))
    image.putdata([1, 0])
    path = tmp_path / "pal.gif"
    image.save(path)
    np.testing.assert_array_equal(
        read_image(path).pixels, np.array([[[60, 50, 40], [30, 20, 10]]], np.uint8)
    )


def test_gray_with_trns_gets_alpha(tmp_path):
    gray = np.array([[0, 100, 200]], np.uint8)
    path = tmp_path / "gray_trns.png"
    Image.fromarray(gray, "L").save(path, transparency=100)
    expected = np.array([[[0, 0, 0, 255], [100, 100, 100, 0], [200, 200, 200, 255]]], np.uint8)
    np.testing.assert_array_equal(read_image(path).pixels, expected)


def _png16(width: int, height: int, colour_type: int, samples: np.ndarray, *extra: bytes):
    """A 16-bit PNG written by hand (Pillow cannot write these layouts)."""
    import struct
    import zlib

    rows = samples.astype(">u2").reshape(height, -1)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    body = images.chunk(b"IHDR", ihdr) + b"".join(extra)
    body += images.chunk(b"IDAT", zlib.compress(raw)) + images.chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_16bit_gray_alpha_png(tmp_path):
    gray = np.array([[1000, 2000, 65535], [5, 6, 7]], np.uint16)
    alpha = np.array([[0, 30000, 65535], [100, 200, 300]], np.uint16)
    path = write(tmp_path / "la16.png", _png16(3, 2, 4, np.dstack([gray, alpha])))
    loaded = read_image(path)
    np.testing.assert_array_equal(loaded.pixels, np.dstack([gray, gray, gray, alpha]))


def test_16bit_gray_with_trns_gets_alpha(tmp_path):
    gray = np.array([[1000, 2000, 3000]], np.uint16)
    trns = images.chunk(b"tRNS", (2000).to_bytes(2, "big"))
    path = write(tmp_path / "g16t.png", _png16(3, 1, 0, gray, trns))
    expected = np.array([[[1000] * 3 + [65535], [2000] * 3 + [0], [3000] * 3 + [65535]]])
    np.testing.assert_array_equal(read_image(path).pixels, expected.astype(np.uint16))


def test_16bit_rgb_with_trns_gets_alpha(tmp_path):
    rgb = np.array([[[1, 2, 3], [4, 5, 6]]], np.uint16)
    trns = images.chunk(b"tRNS", b"\x00\x04\x00\x05\x00\x06")
    path = write(tmp_path / "c16t.png", _png16(2, 1, 2, rgb, trns))
    expected = np.array([[[3, 2, 1, 65535], [6, 5, 4, 0]]], np.uint16)  # BGRA
    np.testing.assert_array_equal(read_image(path).pixels, expected)


def test_cmyk_jpeg_becomes_bgr(tmp_path):
    cmyk = Image.new("CMYK", (8, 8), (255, 0, 0, 0))  # pure cyan ink
    cmyk.paste((0, 0, 0, 255), (0, 4, 8, 8))  # black ink below
    path = tmp_path / "print.jpg"
    cmyk.save(path, quality=100)
    loaded = read_image(path)
    assert loaded.pixels.shape == (8, 8, 3)
    np.testing.assert_allclose(loaded.pixels[1, 1], [255, 255, 0], atol=3)  # cyan in BGR
    np.testing.assert_allclose(loaded.pixels[6, 6], [0, 0, 0], atol=3)
    assert loaded.warnings == [
        "CMYK image converted to RGB (no usable CMYK profile: colours are approximate)"
    ]


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animated_uses_first_frame_with_a_warning(tmp_path, fmt):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = [Image.new("RGB", (6, 4), c) for c in colours]
    path = tmp_path / f"anim.{fmt.lower()}"
    extra = {"lossless": True} if fmt == "WEBP" else {}
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=100, **extra)
    loaded = read_image(path)
    assert loaded.warnings == ["the file has 3 frames; only the first is used"]
    np.testing.assert_array_equal(loaded.pixels, np.full((4, 6, 3), (0, 0, 255), np.uint8))


def test_multipage_tiff_uses_first_page(tmp_path):
    pages = [Image.new("L", (3, 2), v) for v in (10, 20)]
    path = tmp_path / "pages.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:])
    loaded = read_image(path)
    assert loaded.warnings == ["the file has 2 pages; only the first is used"]
    np.testing.assert_array_equal(loaded.pixels, np.full((2, 3), 10, np.uint8))


# --- orientation and metadata --------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_jpeg_exif_orientation_is_applied_and_reset(tmp_path, orientation):
    stored = images.to_pil(images.gradient(12, 7))
    path = tmp_path / "phone.jpg"
    stored.save(path, quality=100, exif=images.exif_bytes(orientation, make="TestCam"))
    with Image.open(path) as original:  # Pillow's own transpose is the independent reference
        expected = images.from_pil(ImageOps.exif_transpose(original))
    loaded = read_image(path)
    np.testing.assert_array_equal(loaded.pixels, expected)
    assert loaded.pixels.shape[:2] == ((12, 7) if orientation >= 5 else (7, 12))
    exif = Image.Exif()
    exif.load(loaded.exif)
    assert exif[images.ORIENTATION] == 1
    assert exif[images.MAKE] == "TestCam"


def test_png_exif_orientation_6(tmp_path):
    stored = images.gradient(5, 3)
    data = images.png_with_exif_chunk(
        images.pil_bytes(images.to_pil(stored), "PNG"), images.exif_bytes(6)
    )
    path = write(tmp_path / "rotated.png", data)
    loaded = read_image(path)
    np.testing.assert_array_equal(loaded.pixels, np.rot90(stored, -1))
    assert probe_image(path).orientation == 6
    assert (probe_image(path).width, probe_image(path).height) == (3, 5)


#: What each Orientation value means (the EXIF/TIFF table), stored pixels -> displayed pixels.
DISPLAYED = {
    1: lambda a: a,
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.T,
    6: lambda a: np.rot90(a, -1),
    7: lambda a: np.rot90(a, -1)[::-1],
    8: lambda a: np.rot90(a, 1),
}


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_tiff_orientation_tag(tmp_path, orientation, dtype):
    import tifffile

    stored = images.gradient(5, 3, channels=1, dtype=dtype)
    path = tmp_path / "o.tif"
    tag = [(274, "H", 1, orientation, True)]
    tifffile.imwrite(path, stored, photometric="minisblack", extratags=tag)
    np.testing.assert_array_equal(read_image(path).pixels, DISPLAYED[orientation](stored))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "TIFF"])
def test_icc_profile_is_read_byte_for_byte(tmp_path, fmt):
    icc = images.icc_profile()
    path = tmp_path / f"adobe.{fmt.lower()}"
    images.to_pil(images.noise(6, 5)).save(path, fmt, icc_profile=icc)
    assert read_image(path).icc_profile == icc


def test_16bit_png_with_icc(tmp_path):
    icc = images.icc_profile()
    pixels = images.noise(6, 5, dtype=np.uint16)
    png = images.cv2_bytes(pixels, ".png")
    iccp = images.chunk(b"iCCP", b"Adobe\x00\x00" + __import__("zlib").compress(icc))
    path = write(tmp_path / "deep_icc.png", png[:33] + iccp + png[33:])
    loaded = read_image(path)
    assert loaded.icc_profile == icc
    np.testing.assert_array_equal(loaded.pixels, pixels)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("gray.png", lambda: images.to_pil(images.gradient(4, 3, channels=1))),
        ("rgb.jpg", lambda: images.to_pil(images.gradient(4, 3))),
        ("rgba.webp", lambda: images.to_pil(images.gradient(4, 3, channels=4))),
        ("cmyk.jpg", lambda: Image.new("CMYK", (4, 3))),
        ("gray.tif", lambda: images.to_pil(images.gradient(4, 3, channels=1))),
        ("rgba.tif", lambda: images.to_pil(images.gradient(4, 3, channels=4))),
        ("cmyk.tif", lambda: Image.new("CMYK", (4, 3))),
        ("la.png", lambda: Image.new("LA", (4, 3))),
    ],
)
def test_probe_channels_match_what_reading_returns(tmp_path, name, make):
    path = tmp_path / name
    make().save(path)
    loaded = read_image(path)
    assert probe_image(path).channels == loaded.channels


@pytest.mark.parametrize("ext", [".png", ".tif"])
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_probe_channels_16bit(tmp_path, ext, channels):
    path = write(
        tmp_path / f"deep{ext}", images.cv2_bytes(images.noise(4, 3, channels, np.uint16), ext)
    )
    assert probe_image(path).channels == read_image(path).channels == channels


def test_probe_channels_palette_with_trns(tmp_path):
    image = Image.new("P", (2, 2))
    image.save(tmp_path / "p.png", transparency=0)
    image.save(tmp_path / "q.png")
    assert probe_image(tmp_path / "p.png").channels == 4
    assert probe_image(tmp_path / "q.png").channels == 3


def test_probe_does_not_decode(tmp_path):
    data = images.pil_bytes(images.to_pil(images.noise(64, 48)), "JPEG")
    path = write(tmp_path / "cut.jpg", data[: len(data) // 2])  # decoding would fail
    probe = probe_image(path)
    assert (probe.format, probe.width, probe.height, probe.frames) == ("JPEG", 64, 48, 1)


def test_jpeg_pixels_match_pillow_decoder(tmp_path):
    """JPEG decoding is Pillow's (no OpenCV grey-bottom surprises): the same pixels exactly."""
    path = tmp_path / "a.jpg"
    images.to_pil(images.noise(33, 21)).save(path, quality=80)
    with Image.open(path) as reference:
        expected = images.from_pil(reference.convert("RGB"))
    np.testing.assert_array_equal(read_image(path).pixels, expected)


def test_bmp_and_gif_read(tmp_path):
    pixels = images.noise(5, 3)
    images.to_pil(pixels).save(tmp_path / "a.bmp")
    np.testing.assert_array_equal(read_image(tmp_path / "a.bmp").pixels, pixels)
    buf = io.BytesIO()
    Image.new("L", (2, 2), 77).save(buf, "GIF")
    gif = write(tmp_path / "a.gif", buf.getvalue())
    assert read_image(gif).pixels[0, 0].tolist() == [77, 77, 77]


def test_a_truncated_jpeg_says_so_in_its_own_words(tmp_path) -> None:
    """Pillow's "image file is truncated (19 bytes not processed)" counts what its last read
    left, not what is missing, and stays English in the Chinese window."""
    data = TRUNCATABLE["photo.jpg"](images.noise(96, 80))
    path = write(tmp_path / "cut.jpg", data[: int(len(data) * 0.6)])
    message = read_error(path)
    assert message == (
        f"{path}: the image data is corrupt or truncated (the file ends too early: an "
        "interrupted download or copy?)"
    )


def _heif_box(brand: bytes) -> bytes:
    """The start of an ISO-BMFF (HEIF/AVIF) file: its ftyp box, then nothing Pillow reads."""
    return b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00mif1" + brand + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "brand", "fmt"),
    [
        ("IMG_0001.HEIC", b"heic", "HEIC"),
        ("photo.jpg", b"heic", "HEIC"),
        ("a.heif", b"mif1", "HEIF"),
    ],
)
def test_a_heif_photo_is_named_not_called_not_an_image(tmp_path, name, brand, fmt):
    """iPhones write HEIC (and sharing tools sometimes keep .jpg on it): the refusal names it."""
    path = write(tmp_path / name, _heif_box(brand))
    assert read_error(path) == (
        f"{path}: {fmt} images are not supported (supported: PNG, JPEG, WEBP, TIFF, BMP, GIF)"
    )


def _jpeg_with_broken_exif() -> bytes:
    """A JPEG whose EXIF block points its first IFD past the end (a damaged camera file)."""
    import struct

    jpeg = images.pil_bytes(images.to_pil(images.noise(24, 16)), "JPEG")
    payload = b"Exif\x00\x00II*\x00" + struct.pack("<I", 0xFFFFFF00) + b"\x00" * 20
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


@pytest.mark.parametrize("suffix", [".jpg", ".tif", ".png"])
def test_a_broken_exif_block_prints_no_pillow_warning(tmp_path, suffix):
    """Pillow's "UserWarning: Corrupt EXIF data" (with its own file and line) must not reach
    the terminal, neither when reading nor when writing the result (TIFF parses the EXIF)."""
    import warnings

    from upscaler.core.imageio import write_image

    path = write(tmp_path / "camera.jpg", _jpeg_with_broken_exif())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        image = read_image(path)
        write_image(tmp_path / f"out{suffix}", image.pixels, source=image)
    assert [str(w.message) for w in caught] == []
    assert image.pixels.shape == (16, 24, 3)


_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:Rating="4">'
    b"<dc:subject><rdf:Bag><rdf:li>holiday</rdf:li></rdf:Bag></dc:subject>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
#: What a phone writes by itself (an Ultra HDR gain map, a motion photo): no one's work.
_CAMERA_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description hdrgm:Version="1.0" '
    b'GCamera:MotionPhoto="1"/></rdf:RDF></x:xmpmeta>'
)
_XMP_FORMATS = {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".tif": "TIFF"}


def _encoded(name: str, *, xmp: bytes | None) -> bytes:
    picture = images.to_pil(images.noise(8, 6))
    fmt = _XMP_FORMATS[Path(name).suffix]
    if xmp is None:
        return images.pil_bytes(picture, fmt)
    if fmt == "PNG":
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        return images.pil_bytes(picture, fmt, pnginfo=info)
    if fmt == "TIFF":
        return images.pil_bytes(picture, fmt, tiffinfo={700: xmp})
    return images.pil_bytes(picture, fmt, xmp=xmp)


@pytest.mark.parametrize("name", ["lightroom.jpg", "a.png", "a.webp", "a.tif"])
def test_xmp_metadata_that_is_not_carried_is_said(tmp_path, name):
    """Lightroom and phones keep ratings, keywords and edits in XMP, which the writer does not
    carry: reading such a file says so instead of losing it silently."""
    path = write(tmp_path / name, _encoded(name, xmp=_XMP))
    assert read_image(path).warnings == [
        "the file's XMP metadata (ratings, keywords, edit settings) is not carried over"
    ]
    plain = write(tmp_path / f"plain-{name}", _encoded(name, xmp=None))
    assert read_image(plain).warnings == []
    # A phone's own XMP (most Android photos carry a gain map's) is no one's work: no warning.
    camera = write(tmp_path / f"camera-{name}", _encoded(name, xmp=_CAMERA_XMP))
    assert read_image(camera).warnings == []
