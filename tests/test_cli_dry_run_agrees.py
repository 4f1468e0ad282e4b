"""``--dry-run`` and the real run make the same decision from one function (``check_job``).

Found by a user: a real 20000x20000 PNG passed the dry run ("7.1 GB, 1.5 h") but the real run
refused it (200-megapixel limit); a header claiming 100000x100000 got a 518 GB estimate and advice
that could not help.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import images
from upscaler.cli.main import main
from upscaler.core import estimate as estimate_mod
from upscaler.core import pipeline
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler

BICUBIC2 = load_catalog().get("bicubic", 2)


def _both(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[str, str, int, int]:
    """stderr of the dry run and of the real run (without the real run's count line)."""
    dry = main(["upscale", *map(str, argv), "--dry-run"])
    dry_err = capsys.readouterr().err
    real = main(["upscale", *map(str, argv)])
    real_err = capsys.readouterr().err
    return dry_err, "".join(real_err.splitlines(keepends=True)[:-1]), dry, real


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [(20_000, 20_000, "400.0"), (100_000, 100_000, "10000.0"), (200_000, 1_001, "200.2")],
)
def test_an_image_over_the_pixel_limit_is_refused_by_both_with_one_message(
    tmp_path: Path, capsys, width: int, height: int, megapixels: str
) -> None:
    source = tmp_path / "big.png"
    source.write_bytes(images.png_header_only(width, height))
    dry_err, real_err, dry, real = _both(capsys, source, "--model", "bicubic")
    expected = (
        f"error: {source}: the image is {width} x {height} pixels ({megapixels} megapixels), "
        "more than the limit of 200.0 megapixels\n"
    )
    assert (dry_err, real_err, dry, real) == (expected, expected, 1, 1)
    assert "memory" not in dry_err  # no estimate, no advice that cannot help


def test_memory_refusal_is_the_same_in_both(tmp_path: Path, capsys, monkeypatch) -> None:
    source = images.save(tmp_path / "a.png", images.noise(300, 200))
    monkeypatch.setattr(estimate_mod, "available_memory", lambda: 256 * 1024**2 + 1024**2)
    dry_err, real_err, dry, real = _both(capsys, source, "--model", "bicubic")
    assert "this run needs about" in dry_err
    assert (dry_err, dry) == (real_err, real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]


def test_transparency_for_jpeg_is_refused_by_both(tmp_path: Path, capsys) -> None:
    pixels = images.noise(20, 10, 4)
    pixels[0, 0, 3] = 0
    source = images.save(tmp_path / "cut.png", pixels)
    dry_err, real_err, dry, real = _both(capsys, source, "--model", "bicubic", "--format", "jpg")
    assert "transparen" in dry_err
    assert (dry_err, dry) == (real_err, real)


def test_real_run_decides_from_the_header_before_decoding(tmp_path: Path, monkeypatch) -> None:
    """The same header decision serves both; the real run then decodes only what passed it."""
    source = tmp_path / "big.png"
    source.write_bytes(images.png_header_only(30_000, 30_000))
    decoded: list[Path] = []
    real_decode = pipeline.decode_bytes

    def decode(data: bytes, path: Path | None = None, **kwargs: object):
        decoded.append(Path(str(path)))
        return real_decode(data, path)

    monkeypatch.setattr(pipeline, "decode_bytes", decode)
    job = pipeline.Job(source, tmp_path / "out.png", "PNG")
    with pytest.raises(pipeline.ImageReadError, match="more than the limit of 200.0 megapixels"):
        pipeline.run_job(job, Upscaler(BICUBIC2))
    assert decoded == []
    small = images.save(tmp_path / "small.png", np.zeros((4, 4, 3), np.uint8))
    pipeline.run_job(pipeline.Job(small, tmp_path / "out.png", "PNG"), Upscaler(BICUBIC2))
    assert decoded == [small]
