"""The issue's image cases end to end through ``upscaler-cli upscale`` (bicubic: fast and exact).

The "bicubic" model is ``cv2.resize(..., INTER_CUBIC)`` on every channel (alpha included), so the
expected output of each case is computed independently from the input with OpenCV.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

from tests import images
from tests.as_nobody import run_as_nobody
from upscaler.cli.main import main
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import write as imageio_write


def run(capsys, *argv: object) -> tuple[int, str]:
    """Exit code and everything printed (stdout + stderr), never a traceback."""
    code = main(["upscale", *map(str, argv)])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    return code, text


def bicubic(pixels: np.ndarray, scale: int = 2) -> np.ndarray:
    height, width = pixels.shape[:2]
    return cv2.resize(pixels, (width * scale, height * scale), interpolation=cv2.INTER_CUBIC)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def decoded_by_pillow(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return images.from_pil(ImageOps.exif_transpose(image).convert("RGB"))


X2 = ("--model", "bicubic", "--scale", "2")


# --- files that are not (good) images: one message each, nothing written -------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.png", b"", "the file is empty (0 bytes)"),
        ("random.png", bytes(range(256)) * 8, "not an image, or a format that is not supported"),
        ("huge.png", images.png_header_only(100_000, 100_000), "the image is 100000 x 100000"),
    ],
)
def test_bad_files_are_refused_with_their_message(tmp_path, capsys, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    code, text = run(capsys, path, *X2)
    assert code == 1
    assert f"error: {path}: {message}" in text
    assert files(tmp_path) == [name]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_to_60_percent(tmp_path, capsys, fmt):
    data = images.pil_bytes(images.to_pil(images.noise(120, 90)), fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(data[: int(len(data) * 0.6)])
    code, text = run(capsys, path, *X2)
    assert code == 1
    assert f"error: {path}: the image data is corrupt or truncated" in text
    assert files(tmp_path) == [path.name]


def test_a_folder_named_like_an_image_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "x.png"
    folder.mkdir()
    code, text = run(capsys, folder, *X2)
    assert code == 1
    assert f"error: {folder}: the folder contains no images" in text


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_unreadable_file(capsys):
    folder = Path(tempfile.mkdtemp(prefix="upscaler-cli-perm-"))
    try:
        folder.chmod(0o777)
        path = folder / "secret.png"
        images.to_pil(images.noise(4, 4)).save(path)
        path.chmod(0o000)
        if os.geteuid() == 0:
            code, text = _run_as_nobody([str(path), *X2])
        else:
            code, text = run(capsys, path, *X2)
        assert code == 1
        assert f"error: {path}: permission denied: cannot read the file" in text
        assert files(folder) == ["secret.png"]
    finally:
        shutil.rmtree(folder)


def _run_as_nobody(args: list[str]) -> tuple[int, str]:
    """``main(["upscale", *args])`` as nobody (the test runs as root); (exit code, output)."""

    def child() -> str:
        buffer, code = io.StringIO(), 99
        try:
            with redirect_stdout(buffer), redirect_stderr(buffer):
                code = main(["upscale", *args])
        except BaseException as err:  # the output so far, then what went wrong
            buffer.write(f"unexpected {type(err).__name__}: {err}")
        return f"{code}\n{buffer.getvalue()}"

    code, _, text = run_as_nobody(child).partition("\n")
    return int(code), text


# --- what the output must be ---------------------------------------------------------------------


def test_non_ascii_path_with_spaces(tmp_path, capsys):
    folder = tmp_path / "我的 图片"
    folder.mkdir()
    source = folder / "假期 照片.png"
    pixels = images.noise(7, 5)
    images.to_pil(pixels).save(source)
    code, text = run(capsys, source, *X2, "-o", folder / "放大 结果.png")
    assert code == 0, text
    out = cv2.imdecode(np.fromfile(folder / "放大 结果.png", np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(out, bicubic(pixels))


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (287, 289)])
def test_exact_output_size(tmp_path, capsys, width, height):
    source = tmp_path / "in.png"
    images.to_pil(images.noise(width, height)).save(source)
    code, text = run(capsys, source, "--model", "bicubic", "--scale", "3", "-o", tmp_path / "o.png")
    assert code == 0, text
    with Image.open(tmp_path / "o.png") as image:
        assert image.size == (3 * width, 3 * height)


def test_8bit_gray(tmp_path, capsys):
    pixels = images.gradient(9, 6, channels=1)
    source = tmp_path / "gray.png"
    images.to_pil(pixels).save(source)
    assert run(capsys, source, *X2, "-o", tmp_path / "o.png")[0] == 0
    with Image.open(tmp_path / "o.png") as image:
        assert image.mode == "L"
        np.testing.assert_array_equal(np.asarray(image), bicubic(pixels))


@pytest.mark.parametrize(("ext", "channels"), [(".png", 1), (".png", 3), (".tif", 1), (".tif", 3)])
def test_16bit_stays_16bit_with_its_low_byte(tmp_path, capsys, ext, channels):
    pixels = images.noise(10, 7, channels=channels, dtype=np.uint16, seed=5) | 0x0101
    source = tmp_path / f"deep{ext}"
    source.write_bytes(images.cv2_bytes(pixels, ext))
    target = tmp_path / f"out{ext}"
    assert run(capsys, source, *X2, "-o", target)[0] == 0
    out = cv2.imdecode(np.fromfile(target, np.uint8), cv2.IMREAD_UNCHANGED)
    assert out.dtype == np.uint16
    np.testing.assert_array_equal(out, bicubic(pixels))
    assert np.count_nonzero(out % 257)  # not 8-bit values stretched to 16 bits


def test_float_tiff_is_clipped_with_a_warning(tmp_path, capsys):
    values = np.linspace(-0.25, 1.25, 6 * 8 * 3, dtype=np.float32).reshape(6, 8, 3)
    source = tmp_path / "hdr.tif"
    source.write_bytes(images.cv2_bytes(values, ".tiff"))
    code, text = run(capsys, source, *X2, "-o", tmp_path / "o.tif")
    assert code == 0, text
    assert "warning: floating-point values range from -0.25 to 1.25; clipped to 0..1" in text
    out = cv2.imdecode(np.fromfile(tmp_path / "o.tif", np.uint8), cv2.IMREAD_UNCHANGED)
    expected = bicubic(np.round(np.clip(values, 0, 1) * 65535).astype(np.uint16))
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("ext", [".png", ".webp", ".tif"])
def test_gradient_alpha(tmp_path, capsys, ext):
    pixels = images.gradient(21, 13, channels=4)
    source = tmp_path / f"alpha{ext}"
    assert imageio_write.write_image(source, pixels) == []
    assert run(capsys, source, *X2, "-o", tmp_path / f"o{ext}")[0] == 0
    with Image.open(tmp_path / f"o{ext}") as image:
        out = images.from_pil(image.convert("RGBA"))
    np.testing.assert_array_equal(out, bicubic(pixels))


def test_binary_alpha_stays_binary(tmp_path, capsys):
    pixels = images.noise(16, 12, channels=4)
    pixels[..., 3] = 0
    pixels[3:9, 4:12, 3] = 255
    source = tmp_path / "cutout.png"
    images.to_pil(pixels).save(source)
    assert run(capsys, source, *X2, "-o", tmp_path / "o.png")[0] == 0
    with Image.open(tmp_path / "o.png") as image:
        alpha = np.asarray(image)[..., 3]
    assert set(np.unique(alpha).tolist()) == {0, 255}


def test_palette_with_trns(tmp_path, capsys):
    image = Image.new("P", (6, 4))
    image.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * (253 * 3))
    image.putdata([0, 1, 2, 1, 0, 2] * 4)
    source = tmp_path / "pal.png"
    image.save(source, transparency=bytes([0, 128, 255]))
    assert run(capsys, source, *X2, "-o", tmp_path / "o.png")[0] == 0
    with Image.open(source) as original:
        expected = bicubic(images.from_pil(original.convert("RGBA")))
    with Image.open(tmp_path / "o.png") as out:
        np.testing.assert_array_equal(images.from_pil(out.convert("RGBA")), expected)


def test_rgba_to_jpeg_needs_a_background(tmp_path, capsys):
    pixels = np.zeros((8, 8, 4), np.uint8)
    pixels[..., 2] = 200  # red, fully transparent on the left half
    pixels[:, 4:, 3] = 255
    source = tmp_path / "cut.png"
    images.to_pil(pixels).save(source)
    code, text = run(capsys, source, *X2, "--format", "jpg")
    target = tmp_path / "cut_x2_bicubic.jpg"
    assert code == 1
    assert f"error: {target}: the image has transparency, which JPEG cannot store" in text
    assert not target.exists()
    assert run(capsys, source, *X2, "--format", "jpg", "--background", "white")[0] == 0
    out = decoded_by_pillow(target)
    np.testing.assert_allclose(out[8, 1], [255, 255, 255], atol=3)  # background shows
    np.testing.assert_allclose(out[8, 14], [0, 0, 200], atol=3)  # opaque red kept


def test_lossless_webp_keeps_colour_under_transparent_pixels(tmp_path, capsys):
    pixels = images.noise(16, 10, channels=4, seed=2)
    pixels[..., 3] = 0  # invisible, but the colour is data (e.g. a texture or a mask)
    source = tmp_path / "hidden.webp"
    imageio_write.write_image(source, pixels)
    assert run(capsys, source, *X2)[0] == 0
    with Image.open(tmp_path / "hidden_x2_bicubic.webp") as image:
        out = images.from_pil(image.convert("RGBA"))
    np.testing.assert_array_equal(out, bicubic(pixels))


@pytest.mark.parametrize("orientation", range(2, 9))
def test_jpeg_exif_orientation(tmp_path, capsys, orientation):
    source = tmp_path / "phone.jpg"
    exif = images.exif_bytes(orientation, make="TestCam")
    images.to_pil(images.gradient(12, 7)).save(source, quality=100, exif=exif)
    target = tmp_path / "o.png"
    assert run(capsys, source, *X2, "-o", target)[0] == 0
    with Image.open(target) as out:
        np.testing.assert_array_equal(images.from_pil(out), bicubic(decoded_by_pillow(source)))
        assert out.getexif()[images.ORIENTATION] == 1
        assert out.getexif()[images.MAKE] == "TestCam"


def test_png_exif_orientation_6(tmp_path, capsys):
    stored = images.gradient(5, 3)
    source = tmp_path / "rot.png"
    png = images.pil_bytes(images.to_pil(stored), "PNG")
    source.write_bytes(images.png_with_exif_chunk(png, images.exif_bytes(6)))
    assert run(capsys, source, *X2, "-o", tmp_path / "o.png")[0] == 0
    with Image.open(tmp_path / "o.png") as out:
        assert out.size == (6, 10)
        assert out.getexif()[images.ORIENTATION] == 1
        np.testing.assert_array_equal(images.from_pil(out), bicubic(np.rot90(stored, -1)))


@pytest.mark.parametrize(
    ("fmt", "dtype"), [("JPEG", np.uint8), ("PNG", np.uint8), ("PNG", np.uint16)]
)
def test_adobe_rgb_profile_is_kept_byte_for_byte(tmp_path, capsys, fmt, dtype):
    icc = images.icc_profile()
    source = tmp_path / f"adobe.{fmt.lower()}"
    pixels = images.noise(8, 6, dtype=dtype)
    if dtype == np.uint8:
        images.to_pil(pixels).save(source, fmt, icc_profile=icc)
    else:
        png = images.cv2_bytes(pixels, ".png")
        iccp = images.chunk(b"iCCP", b"Adobe RGB\x00\x00" + __import__("zlib").compress(icc))
        source.write_bytes(png[:33] + iccp + png[33:])
    assert run(capsys, source, *X2)[0] == 0
    target = tmp_path / f"adobe_x2_bicubic.{fmt.lower()}"
    with Image.open(target) as out:
        assert out.info["icc_profile"] == icc
    if dtype == np.uint16:
        out = cv2.imdecode(np.fromfile(target, np.uint8), cv2.IMREAD_UNCHANGED)
        np.testing.assert_array_equal(out, bicubic(pixels))


def test_cmyk_jpeg(tmp_path, capsys):
    source = tmp_path / "print.jpg"
    Image.new("CMYK", (8, 8), (255, 0, 0, 0)).save(source, quality=100)  # cyan ink
    code, text = run(capsys, source, *X2)
    assert code == 0
    assert "warning: CMYK image converted to RGB" in text
    out = decoded_by_pillow(tmp_path / "print_x2_bicubic.jpg")
    assert out.shape == (16, 16, 3)
    np.testing.assert_allclose(out[8, 8], [255, 255, 0], atol=3)


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animated_uses_the_first_frame(tmp_path, capsys, fmt):
    frames = [Image.new("RGB", (6, 4), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    source = tmp_path / f"anim.{fmt.lower()}"
    extra = {"lossless": True} if fmt == "WEBP" else {}
    frames[0].save(source, fmt, save_all=True, append_images=frames[1:], duration=50, **extra)
    code, text = run(capsys, source, *X2, "-o", tmp_path / "o.png")
    assert code == 0
    assert "warning: the file has 3 frames; only the first is used" in text
    with Image.open(tmp_path / "o.png") as out:
        assert out.size == (12, 8)
        np.testing.assert_array_equal(
            np.asarray(out.convert("RGB")), np.full((8, 12, 3), (255, 0, 0))
        )


def test_webp_limit_is_refused_before_the_network_runs(tmp_path, capsys, monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("the network ran")

    monkeypatch.setattr(Upscaler, "upscale", must_not_run)
    source = tmp_path / "pano.png"
    images.to_pil(images.noise(4200, 8)).save(source)
    code, text = run(capsys, source, "--model", "bicubic", "--scale", "4", "--format", "webp")
    assert code == 1
    assert "WebP images can be at most 16383 pixels a side; the result would be 16800 x 32" in text
    assert files(tmp_path) == ["pano.png"]


def test_output_into_a_missing_folder_is_created(tmp_path, capsys):
    source = tmp_path / "in.png"
    images.to_pil(images.noise(3, 3)).save(source)
    target = tmp_path / "new" / "deeper" / "out.png"
    assert run(capsys, source, *X2, "-o", target)[0] == 0
    with Image.open(target) as out:
        assert out.size == (6, 6)


def test_write_failure_keeps_the_existing_output(tmp_path, capsys, monkeypatch):
    source = tmp_path / "in.png"
    images.to_pil(images.noise(3, 3)).save(source)
    target = tmp_path / "out.png"
    target.write_bytes(b"the previous result")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, text = run(capsys, source, *X2, "-o", target, "--overwrite")
    assert code == 1
    assert f"error: {target}: could not write the file (No space left on device)" in text
    assert target.read_bytes() == b"the previous result"
    assert files(tmp_path) == ["in.png", "out.png"]


def test_output_equal_to_input_is_refused(tmp_path, capsys):
    source = tmp_path / "in.png"
    images.to_pil(images.noise(3, 3)).save(source)
    before = source.read_bytes()
    code, text = run(capsys, source, *X2, "-o", source, "--overwrite")
    assert code == 1
    assert f"error: {source}: the output would replace the input image; refusing" in text
    assert source.read_bytes() == before
    assert files(tmp_path) == ["in.png"]


def test_exif_make_is_kept(tmp_path, capsys):
    source = tmp_path / "cam.jpg"
    images.to_pil(images.noise(6, 4)).save(source, exif=images.exif_bytes(1, make="TestCam"))
    assert run(capsys, source, *X2)[0] == 0
    exif = images.read_exif((tmp_path / "cam_x2_bicubic.jpg").read_bytes())
    assert exif[images.MAKE] == "TestCam"
