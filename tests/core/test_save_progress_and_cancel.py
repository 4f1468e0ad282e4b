"""Saving reports its progress and stops when cancelled, writing nothing; or it finishes.

Found by a user: Ctrl+C while a large PNG was encoded (14 s at compression 9) was ignored until
the encoder ended, then the complete file was written *and* the run reported as interrupted; the
progress bar sat at 100% all that time.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from tests import images
from upscaler.core.errors import Cancelled
from upscaler.core.imageio import WriteOptions, png_stream, read_image, write_image
from upscaler.core.imageio.write import atomic_write


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("channels", "dtype"),
    [(1, np.uint8), (3, np.uint8), (4, np.uint8), (1, np.uint16), (3, np.uint16), (4, np.uint16)],
)
@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_streamed_png_holds_exactly_the_pixels(
    tmp_path: Path, channels: int, dtype, level: int
) -> None:
    pixels = images.gradient(53, 37, channels, dtype)
    pixels[10:20] = images.noise(53, 10, channels, dtype, seed=1)  # every filter gets used
    target = tmp_path / "out.png"
    write_image(target, pixels, options=WriteOptions(png_compress_level=level))
    decoded = cv2.imdecode(np.fromfile(target, np.uint8), cv2.IMREAD_UNCHANGED)
    np.testing.assert_array_equal(decoded, pixels)
    with Image.open(target) as image:  # a second, independent decoder
        image.load()
        assert image.size == (53, 37)


def test_png_size_is_close_to_libpngs(tmp_path: Path) -> None:
    photo = cv2.resize(images.noise(40, 30, seed=2), (400, 300), interpolation=cv2.INTER_CUBIC)
    target = tmp_path / "out.png"
    write_image(target, photo)
    ok, libpng = cv2.imencode(".png", photo, [cv2.IMWRITE_PNG_COMPRESSION, 6])
    assert ok and 0.9 < target.stat().st_size / len(libpng) < 1.1


def test_png_progress_follows_the_rows(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(png_stream, "BAND_BYTES", 60 * 3 * 10)  # ten rows a band
    seen: list[tuple[int, int]] = []
    write_image(
        tmp_path / "out.png", images.noise(60, 45), progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(10, 45), (20, 45), (30, 45), (40, 45), (45, 45)]


def test_a_cancel_during_png_encoding_stops_at_the_next_band(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(png_stream, "BAND_BYTES", 60 * 3 * 10)
    (tmp_path / "out.png").write_bytes(b"an earlier result")
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        cancel.set()  # what Ctrl+C or the Cancel button does, from another thread

    with pytest.raises(Cancelled):
        write_image(
            tmp_path / "out.png",
            images.noise(60, 45),
            overwrite=True,
            progress=progress,
            cancel=cancel,
        )
    assert seen == [10]  # the first band only
    assert _listing(tmp_path) == ["out.png"]  # no temporary file left
    assert (tmp_path / "out.png").read_bytes() == b"an earlier result"


@pytest.mark.parametrize("suffix", [".jpg", ".tiff", ".bmp", ".webp"])
def test_a_cancel_during_other_encoders_writes_nothing(tmp_path: Path, suffix: str) -> None:
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        cancel.set()

    with pytest.raises(Cancelled):
        write_image(
            tmp_path / f"out{suffix}", images.noise(64, 48), progress=progress, cancel=cancel
        )
    assert seen == [(0, 0)]  # under way, without a measure
    assert _listing(tmp_path) == []


def test_a_cancel_after_encoding_before_the_rename_writes_nothing(tmp_path: Path) -> None:
    cancel = threading.Event()

    def fill(handle) -> None:
        handle.write(b"complete file")
        cancel.set()

    with pytest.raises(Cancelled):
        atomic_write(tmp_path / "out.png", fill, cancel=cancel)
    assert _listing(tmp_path) == []


def test_without_a_cancel_every_format_is_written(tmp_path: Path) -> None:
    pixels = images.gradient(32, 24)
    for suffix in (".png", ".jpg", ".tiff", ".bmp", ".webp"):
        write_image(tmp_path / f"out{suffix}", pixels, cancel=threading.Event())
        assert read_image(tmp_path / f"out{suffix}").pixels.shape == (24, 32, 3)
