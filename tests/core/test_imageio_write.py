"""Writing: metadata carried byte for byte, depth and alpha kept, and no file ever damaged."""

from __future__ import annotations

import io
import os
import time

import numpy as np
import pytest
from PIL import Image

from tests import images
from upscaler.core.errors import ImageWriteError
from upscaler.core.imageio import (
    LoadedImage,
    WriteOptions,
    check_output_size,
    read_image,
    write_image,
)
from upscaler.core.imageio import encode as imageio_encode


def loaded(pixels, *, icc=None, exif=None, path=None, fmt="PNG") -> LoadedImage:
    depth = 16 if pixels.dtype == np.uint16 else 8
    return LoadedImage(pixels, path, fmt, icc, exif, depth, [])


def write_error(path, pixels, **kwargs) -> str:
    with pytest.raises(ImageWriteError) as info:
        write_image(path, pixels, **kwargs)
    return str(info.value)


def folder_listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- depth, alpha, sizes -------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".png", ".tif"])
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_16bit_round_trip_is_exact(tmp_path, ext, channels):
    pixels = images.noise(13, 9, channels=channels, dtype=np.uint16, seed=channels) | 0x0101
    path = tmp_path / f"deep{ext}"
    assert write_image(path, pixels) == []
    back = read_image(path)
    assert back.bit_depth == 16
    np.testing.assert_array_equal(back.pixels, pixels)


@pytest.mark.parametrize("ext", [".png", ".webp", ".tif"])
def test_gradient_alpha_round_trip_is_exact(tmp_path, ext):
    pixels = images.gradient(40, 23, channels=4)
    path = tmp_path / f"alpha{ext}"
    write_image(path, pixels)
    np.testing.assert_array_equal(read_image(path).pixels, pixels)


@pytest.mark.parametrize("ext", [".png", ".webp", ".tif"])
def test_binary_alpha_stays_binary(tmp_path, ext):
    pixels = images.noise(16, 12, channels=4)
    pixels[..., 3] = np.where(images.noise(16, 12, channels=1, seed=9) > 127, 255, 0)
    path = tmp_path / f"cutout{ext}"
    write_image(path, pixels)
    alpha = read_image(path).pixels[..., 3]
    assert set(np.unique(alpha).tolist()) == {0, 255}
    np.testing.assert_array_equal(alpha, pixels[..., 3])


def test_lossless_webp_keeps_colour_under_transparent_pixels(tmp_path):
    pixels = images.noise(20, 10, channels=4, seed=4)
    pixels[:, :10, 3] = 0  # left half fully transparent, colour still meaningful
    path = tmp_path / "hidden.webp"
    write_image(path, pixels)
    with Image.open(path) as image:  # independent check of the file itself
        rgba = np.asarray(image.convert("RGBA"))
    np.testing.assert_array_equal(rgba[:, :10, :3], pixels[:, :10, 2::-1])
    np.testing.assert_array_equal(read_image(path).pixels, pixels)


@pytest.mark.parametrize(("width", "height"), [(1, 1), (3, 2), (287, 289)])
@pytest.mark.parametrize("ext", [".png", ".jpg", ".webp", ".tif", ".bmp"])
def test_exact_output_size(tmp_path, ext, width, height):
    path = tmp_path / f"out{ext}"
    write_image(path, images.noise(width, height))
    with Image.open(path) as image:
        assert image.size == (width, height)


@pytest.mark.parametrize("ext", [".jpg", ".webp", ".bmp"])
def test_8bit_formats_warn_when_16bit_is_reduced(tmp_path, ext):
    pixels = images.gradient(9, 4, dtype=np.uint16)
    name = {".jpg": "JPEG", ".webp": "WebP", ".bmp": "BMP"}[ext]
    path = tmp_path / f"out{ext}"
    assert write_image(path, pixels) == [
        f"{name} stores 8 bits per channel: the 16-bit result was reduced to 8"
    ]
    back = read_image(path).pixels
    assert back.dtype == np.uint8
    expected = np.round(pixels / 257.0)
    assert np.abs(back.astype(int) - expected).max() <= (0 if ext != ".jpg" else 8)


def test_gray_jpeg_stays_gray(tmp_path):
    pixels = images.gradient(8, 8, channels=1)
    write_image(tmp_path / "g.jpg", pixels)
    with Image.open(tmp_path / "g.jpg") as image:
        assert image.mode == "L"


# --- JPEG and transparency -----------------------------------------------------------------------


def test_rgba_to_jpeg_is_refused_without_a_background(tmp_path):
    path = tmp_path / "out.jpg"
    message = write_error(path, images.gradient(8, 8, channels=4))
    assert message == (
        f"{path}: the image has transparency, which JPEG cannot store; save as PNG, WebP or "
        "TIFF, or choose a background colour to flatten it onto"
    )
    assert not path.exists()


def test_rgba_to_jpeg_is_flattened_onto_the_chosen_background(tmp_path):
    pixels = np.zeros((8, 8, 4), np.uint8)
    pixels[..., :3] = (0, 0, 200)  # BGR red
    pixels[:, :4, 3] = 0  # transparent: background shows
    pixels[:, 4:, 3] = 255  # opaque: red shows
    path = tmp_path / "flat.jpg"
    write_image(path, pixels, options=WriteOptions(background=(0, 255, 0)))
    back = read_image(path).pixels
    np.testing.assert_allclose(back[4, 1], [0, 255, 0], atol=2)
    np.testing.assert_allclose(back[4, 6], [0, 0, 200], atol=2)


def test_half_transparent_pixels_blend_with_the_background():
    pixels = np.zeros((4, 4, 4), np.uint8)
    pixels[..., 3] = 128  # black at 128/255 over white
    flat = imageio_encode._flatten(pixels, (255, 255, 255))
    assert flat.shape == (4, 4, 3)
    assert np.unique(flat).tolist() == [127]


def test_opaque_rgba_to_jpeg_is_written(tmp_path):
    pixels = images.noise(6, 6, channels=4)
    pixels[..., 3] = 255
    path = tmp_path / "opaque.jpg"
    assert write_image(path, pixels) == []
    assert read_image(path).pixels.shape == (6, 6, 3)


def test_jpeg_settings_default_to_quality_95_and_444(tmp_path):
    path = tmp_path / "q.jpg"
    write_image(path, images.noise(32, 32))
    with Image.open(path) as image:
        from PIL import JpegImagePlugin

        assert JpegImagePlugin.get_sampling(image) == 0  # 4:4:4
        quant = image.quantization
    reference = io.BytesIO()
    images.to_pil(images.noise(32, 32)).save(reference, "JPEG", quality=95, subsampling=0)
    with Image.open(reference) as ref:
        assert quant == ref.quantization


def test_jpeg_options_are_honoured(tmp_path):
    path = tmp_path / "q.jpg"
    write_image(
        path, images.noise(32, 32), options=WriteOptions(jpeg_quality=60, jpeg_subsampling="4:2:0")
    )
    with Image.open(path) as image:
        from PIL import JpegImagePlugin

        assert JpegImagePlugin.get_sampling(image) == 2  # 4:2:0


# --- metadata ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".png", ".jpg", ".webp", ".tif"])
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_icc_profile_is_embedded_byte_for_byte(tmp_path, ext, dtype):
    icc = images.icc_profile()
    path = tmp_path / f"adobe{ext}"
    write_image(path, images.noise(9, 7, dtype=dtype), source=loaded(images.noise(1, 1), icc=icc))
    with Image.open(path) as image:  # Pillow, not our reader, says what is in the file
        assert image.info["icc_profile"] == icc
    assert read_image(path).icc_profile == icc


@pytest.mark.parametrize("ext", [".png", ".jpg", ".webp"])
def test_exif_make_is_kept_and_orientation_is_1(tmp_path, ext):
    exif = images.exif_bytes(1, make="TestCam", model="Model Z")
    path = tmp_path / f"cam{ext}"
    write_image(path, images.noise(5, 4), source=loaded(images.noise(1, 1), exif=exif))
    tags = images.read_exif(path.read_bytes())
    assert tags[images.MAKE] == "TestCam"
    assert tags[images.MODEL] == "Model Z"
    assert tags[images.ORIENTATION] == 1


def test_oversized_exif_is_left_out_of_jpeg_with_a_warning(tmp_path):
    exif = Image.Exif()
    exif[images.MAKE] = "TestCam"
    exif[0x010E] = "x" * 70_000  # ImageDescription: too big for one JPEG APP1 segment
    blob = exif.tobytes()
    path = tmp_path / "big_exif.jpg"
    warnings = write_image(path, images.noise(4, 4), source=loaded(images.noise(1, 1), exif=blob))
    assert warnings == [
        f"the EXIF block ({len(blob)} bytes) is larger than JPEG can hold (65533); it was left out"
    ]
    assert read_image(path).exif is None
    write_image(
        tmp_path / "big_exif.png", images.noise(4, 4), source=loaded(images.noise(1, 1), exif=blob)
    )
    assert images.read_exif((tmp_path / "big_exif.png").read_bytes())[images.MAKE] == "TestCam"


def test_exif_make_is_kept_in_16bit_png_and_tiff(tmp_path):
    exif = images.exif_bytes(1, make="TestCam")
    for ext in (".png", ".tif"):
        path = tmp_path / f"deep{ext}"
        pixels = images.noise(5, 4, dtype=np.uint16)
        write_image(path, pixels, source=loaded(pixels, exif=exif))
        assert images.read_exif(path.read_bytes())[images.MAKE] == "TestCam"


def test_rotated_phone_jpeg_end_to_end(tmp_path):
    """Orientation 6 in, upright pixels and Orientation 1 out: no double rotation in viewers."""
    stored = images.gradient(12, 7)
    src = tmp_path / "phone.jpg"
    images.to_pil(stored).save(src, quality=100, exif=images.exif_bytes(6, make="Phone"))
    source = read_image(src)
    out = tmp_path / "out.png"
    write_image(out, source.pixels, source=source)
    with Image.open(out) as image:
        assert image.size == (7, 12)
        assert image.getexif()[images.ORIENTATION] == 1
        assert image.getexif()[images.MAKE] == "Phone"


def test_gray_profile_is_not_put_on_colour_output(tmp_path):
    from PIL import ImageCms

    gray_icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()  # not RGB
    path = tmp_path / "x.png"
    warnings = write_image(
        path, images.noise(3, 3), source=loaded(images.noise(1, 1), icc=gray_icc)
    )
    assert warnings == ["the colour profile does not match the output's channels; it was left out"]
    with Image.open(path) as image:
        assert "icc_profile" not in image.info


def test_gray_to_webp_drops_a_gray_profile(tmp_path):
    from PIL import ImageCms

    gray_icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    gray_icc = gray_icc[:16] + b"GRAY" + gray_icc[20:]  # a profile for gray data
    pixels = images.gradient(6, 4, channels=1)
    path = tmp_path / "g.webp"
    warnings = write_image(path, pixels, source=loaded(pixels, icc=gray_icc))
    assert warnings == ["the colour profile does not match the output's channels; it was left out"]
    back = read_image(path)
    assert back.icc_profile is None
    np.testing.assert_array_equal(back.pixels, np.dstack([pixels] * 3))
    write_image(tmp_path / "g.png", pixels, source=loaded(pixels, icc=gray_icc))
    assert read_image(tmp_path / "g.png").icc_profile == gray_icc  # gray PNG keeps it


def test_bmp_warns_about_lost_metadata(tmp_path):
    source = loaded(images.noise(1, 1), icc=images.icc_profile())
    assert write_image(tmp_path / "a.bmp", images.noise(3, 3), source=source) == [
        "BMP cannot store the colour profile or EXIF; they were left out"
    ]


# --- limits checked before running ---------------------------------------------------------------


def test_webp_limit_is_checked_up_front():
    with pytest.raises(ImageWriteError) as info:
        check_output_size("big.webp", 4200 * 4, 3000 * 4)
    assert str(info.value) == (
        "big.webp: WebP images can be at most 16383 pixels a side; the result would be "
        "16800 x 12000. Choose PNG or TIFF, or a smaller scale"
    )


def test_jpeg_limit_and_format_names():
    check_output_size("JPEG", 65500, 10)
    check_output_size("out.webp", 16383, 16383)
    with pytest.raises(ImageWriteError, match="JPEG images can be at most 65500 pixels a side"):
        check_output_size("JPEG", 65501, 10)
    check_output_size("PNG", 100_000, 10)


def test_transparency_for_jpeg_is_checked_up_front():
    with pytest.raises(ImageWriteError, match="which JPEG cannot store"):
        check_output_size("a.jpg", 10, 10, transparent=True)
    check_output_size("a.jpg", 10, 10, transparent=True, options=WriteOptions(background=(0, 0, 0)))
    check_output_size("a.png", 10, 10, transparent=True)


def test_explicit_format_overrides_extension(tmp_path):
    path = tmp_path / "noext"
    write_image(path, images.noise(4, 4), options=WriteOptions(format="jpg"))
    with Image.open(path) as image:
        assert image.format == "JPEG"


def test_unknown_extension(tmp_path):
    path = tmp_path / "a.xyz"
    message = write_error(path, images.noise(2, 2))
    assert message.startswith(f"{path}: cannot tell the output format from the extension '.xyz'")


# --- never damage a file -------------------------------------------------------------------------


def test_output_into_a_missing_folder_is_refused(tmp_path):
    path = tmp_path / "no such folder" / "out.png"
    assert write_error(path, images.noise(2, 2)) == (
        f"{path}: the folder {path.parent} does not exist"
    )
    assert not path.parent.exists()


def test_existing_file_needs_overwrite(tmp_path):
    path = tmp_path / "out.png"
    path.write_bytes(b"previous")
    message = write_error(path, images.noise(2, 2))
    assert message == f"{path}: already exists (allow overwriting to replace it)"
    assert path.read_bytes() == b"previous"
    write_image(path, images.noise(2, 2), overwrite=True)
    assert read_image(path).pixels.shape == (2, 2, 3)


def test_output_equal_to_input_is_refused_even_with_overwrite(tmp_path):
    src = tmp_path / "photo.png"
    images.to_pil(images.noise(4, 4)).save(src)
    before = src.read_bytes()
    source = read_image(src)
    message = write_error(
        tmp_path / "." / "photo.png", source.pixels, source=source, overwrite=True
    )
    assert (
        message == f"{tmp_path / 'photo.png'}: is the input image; choose another output file name"
    )
    assert src.read_bytes() == before


def test_encoder_failure_leaves_the_existing_file_intact(tmp_path):
    path = tmp_path / "out.jpg"
    path.write_bytes(b"the previous result")
    bad = WriteOptions(jpeg_subsampling="4:1:1")
    message = write_error(path, images.noise(8, 8), options=bad, overwrite=True)
    assert message == f"{path}: could not encode as JPEG (unknown chroma subsampling '4:1:1')"
    assert path.read_bytes() == b"the previous result"
    assert folder_listing(tmp_path) == ["out.jpg"]


def test_failure_while_writing_leaves_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "out.png"
    path.write_bytes(b"the previous result")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    message = write_error(path, images.noise(8, 8), overwrite=True)
    assert message == f"{path}: could not write the file (No space left on device)"
    assert path.read_bytes() == b"the previous result"
    assert folder_listing(tmp_path) == ["out.png"]


def test_temp_files_of_a_killed_write_are_cleaned_up(tmp_path):
    path = tmp_path / "out.png"
    stale = tmp_path / ".out.png.0badc0de.part"  # left by a write that was killed
    recent = tmp_path / ".out.png.1234abcd.part"  # another write may still be using it
    foreign = tmp_path / ".out.png.nothexx.part"  # same shape, not a name we make
    for leftover in (stale, recent, foreign):
        leftover.write_bytes(b"half a file")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    write_image(path, images.noise(2, 2))
    assert folder_listing(tmp_path) == sorted(
        [".out.png.1234abcd.part", ".out.png.nothexx.part", "out.png"]
    )


def test_replace_keeps_the_previous_permissions(tmp_path):
    path = tmp_path / "out.png"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_image(path, images.noise(2, 2), overwrite=True)
    assert path.stat().st_mode & 0o777 == 0o640


def test_new_file_is_not_private(tmp_path):
    path = tmp_path / "new.png"
    old = os.umask(0o022)
    try:
        write_image(path, images.noise(2, 2))
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_non_ascii_output_path(tmp_path):
    folder = tmp_path / "输出 文件夹"
    folder.mkdir()
    path = folder / "放大 结果.png"
    pixels = images.noise(3, 5)
    write_image(path, pixels)
    np.testing.assert_array_equal(read_image(path).pixels, pixels)


def test_bad_pixels_are_refused(tmp_path):
    path = tmp_path / "a.png"
    message = write_error(path, np.zeros((2, 2, 3), np.float32))
    assert message == f"{path}: cannot write float32 pixels (need uint8 or uint16)"
    message = write_error(path, np.zeros((2, 2, 5), np.uint8))
    assert message == f"{path}: cannot write pixels of shape (2, 2, 5)"
    assert not path.exists()
