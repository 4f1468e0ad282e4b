"""The one-file job: planning (names, refusals) and running (checks first, atomic write)."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests import images
from upscaler.core import estimate as estimate_mod
from upscaler.core import pipeline
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ImageReadError, ImageWriteError, ResourceError
from upscaler.core.estimate import estimate_for
from upscaler.core.imageio import read_image
from upscaler.core.pipeline import (
    Job,
    OutputExistsError,
    PlanError,
    SameAsInputError,
    plan_jobs,
    run_job,
)

CATALOG = load_catalog()
BICUBIC2 = CATALOG.get("bicubic", 2)
ESPCN2 = CATALOG.get("ESPCN", 2)
EDSR3 = CATALOG.get("EDSR", 3)


def _image(shape: tuple[int, ...], dtype=np.uint8, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    top = np.iinfo(dtype).max
    return rng.integers(0, top + 1, shape, dtype=np.int64).astype(dtype)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- naming -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("photo.png", None, "photo_x3_edsr.png"),
        ("photo.PNG", None, "photo_x3_edsr.PNG"),
        ("photo.jpeg", None, "photo_x3_edsr.jpeg"),
        ("photo.jpeg", "jpg", "photo_x3_edsr.jpeg"),
        ("photo.png", "webp", "photo_x3_edsr.webp"),
        ("photo.png", "tif", "photo_x3_edsr.tiff"),
        ("anim.gif", None, "anim_x3_edsr.png"),
        ("scan.bmp", None, "scan_x3_edsr.bmp"),
        ("my.holiday.photo.webp", None, "my.holiday.photo_x3_edsr.webp"),
    ],
)
def test_default_output_name(tmp_path: Path, name: str, fmt: str | None, expected: str) -> None:
    (tmp_path / name).write_bytes(b"x")
    plan = plan_jobs([tmp_path / name], model=EDSR3, fmt=fmt)
    assert plan.errors == ()
    assert [j.target for j in plan.jobs] == [tmp_path / expected]


def test_model_part_of_the_name_is_the_lowercase_display_name(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    small = CATALOG.get("FSRCNN-small", 4)
    assert plan_jobs([source], model=small).jobs[0].target.name == "a_x4_fsrcnn-small.png"
    assert plan_jobs([source], model=BICUBIC2).jobs[0].target.name == "a_x2_bicubic.png"


def test_output_format_follows_the_input_or_the_request(tmp_path: Path) -> None:
    for name in ("a.jpg", "b.gif", "c.tif"):
        (tmp_path / name).write_bytes(b"x")
    jobs = plan_jobs([tmp_path], model=EDSR3).jobs
    assert [(j.source.name, j.format) for j in jobs] == [
        ("a.jpg", "JPEG"),
        ("b.gif", "PNG"),
        ("c.tif", "TIFF"),
    ]
    assert {j.format for j in plan_jobs([tmp_path], model=EDSR3, fmt="WebP").jobs} == {"WEBP"}


def test_output_dir_collects_the_results(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"x")
    out = tmp_path / "results" / "new"
    plan = plan_jobs([tmp_path / "a.png"], model=EDSR3, output_dir=out)
    assert [j.target for j in plan.jobs] == [out / "a_x3_edsr.png"]
    assert not out.exists()  # planning touches nothing


# -- argument validation ------------------------------------------------------------------------


@pytest.fixture()
def two_images(tmp_path: Path) -> list[Path]:
    paths = [tmp_path / "a.png", tmp_path / "b.png"]
    for p in paths:
        p.write_bytes(b"x")
    return paths


def test_output_file_with_several_inputs_is_refused(two_images: list[Path], tmp_path: Path):
    with pytest.raises(PlanError, match="exactly one input"):
        plan_jobs(two_images, model=EDSR3, output=tmp_path / "out.png")


def test_output_file_with_a_folder_input_is_refused(two_images: list[Path], tmp_path: Path):
    with pytest.raises(PlanError, match="exactly one input"):
        plan_jobs([tmp_path], model=EDSR3, output=tmp_path / "out.png")


def test_output_file_and_output_dir_together_are_refused(two_images: list[Path], tmp_path: Path):
    with pytest.raises(PlanError, match="not both"):
        plan_jobs(two_images[:1], model=EDSR3, output=tmp_path / "o.png", output_dir=tmp_path)


def test_output_file_that_is_a_folder_is_refused(two_images: list[Path], tmp_path: Path):
    (tmp_path / "sub").mkdir()
    with pytest.raises(PlanError, match="--output-dir"):
        plan_jobs(two_images[:1], model=EDSR3, output=tmp_path / "sub")


def test_output_dir_that_is_a_file_is_refused(two_images: list[Path]) -> None:
    with pytest.raises(PlanError, match="is a file"):
        plan_jobs(two_images[:1], model=EDSR3, output_dir=two_images[1])


def test_no_inputs_is_refused() -> None:
    with pytest.raises(PlanError, match="no input"):
        plan_jobs([], model=EDSR3)


def test_unknown_format_is_refused(two_images: list[Path]) -> None:
    with pytest.raises(PlanError, match="unknown output format 'gif'"):
        plan_jobs(two_images, model=EDSR3, fmt="gif")


def test_output_extension_must_agree_with_the_format(two_images: list[Path], tmp_path: Path):
    with pytest.raises(PlanError, match="extension says PNG"):
        plan_jobs(two_images[:1], model=EDSR3, output=tmp_path / "o.png", fmt="jpg")
    with pytest.raises(PlanError, match="needs an image extension"):
        plan_jobs(two_images[:1], model=EDSR3, output=tmp_path / "o.xyz")
    plan = plan_jobs(two_images[:1], model=EDSR3, output=tmp_path / "o", fmt="jpg")
    assert [(j.target.name, j.format) for j in plan.jobs] == [("o.jpg", "JPEG")]
    plan = plan_jobs(two_images[:1], model=EDSR3, output=tmp_path / "o.JPEG")
    assert [(j.target.name, j.format) for j in plan.jobs] == [("o.JPEG", "JPEG")]


# -- inputs -------------------------------------------------------------------------------------


def test_missing_and_non_image_files_named_explicitly_are_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.png"
    good.write_bytes(b"x")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    plan = plan_jobs([tmp_path / "missing.png", notes, good], model=EDSR3)
    assert [j.source for j in plan.jobs] == [good]
    assert [type(e) for e in plan.errors] == [ImageReadError, ImageReadError]
    assert "missing.png: no such file" in str(plan.errors[0])
    assert "notes.txt: is not an image file" in str(plan.errors[1])


def test_folder_expands_to_its_images_only(tmp_path: Path) -> None:
    for name in ("b.JPG", "a.png", "notes.txt", ".hidden.png", "old_x3_edsr.png", "c_x2_espcn.png"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.png").write_bytes(b"x")
    plan = plan_jobs([tmp_path], model=EDSR3)
    # Earlier results of this program (any model/scale) are not inputs; neither are subfolders.
    assert [j.source.name for j in plan.jobs] == ["a.png", "b.JPG"]
    assert plan.errors == ()


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("no images here")
    plan = plan_jobs([tmp_path], model=EDSR3)
    assert plan.jobs == ()
    assert [str(e) for e in plan.errors] == [f"{tmp_path}: the folder contains no images"]


def test_two_inputs_with_the_same_output_name(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"x")
    (tmp_path / "a.jpg").write_bytes(b"x")
    plan = plan_jobs([tmp_path], model=EDSR3, fmt="png")
    assert [j.source.name for j in plan.jobs] == ["a.jpg"]
    assert len(plan.errors) == 1 and "same output name as" in str(plan.errors[0])


# -- overwrite protection -----------------------------------------------------------------------


def test_existing_output_is_refused_without_overwrite(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(b"x")
    existing = tmp_path / "a_x3_edsr.png"
    existing.write_bytes(b"precious")
    plan = plan_jobs([source], model=EDSR3)
    assert plan.jobs == ()
    assert [type(e) for e in plan.errors] == [OutputExistsError]
    assert str(plan.errors[0]).startswith(str(existing))
    assert existing.read_bytes() == b"precious"
    assert [j.target for j in plan_jobs([source], model=EDSR3, overwrite=True).jobs] == [existing]


def test_the_input_is_never_the_output_even_with_overwrite(tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(b"original")
    for target in (source, tmp_path / "." / "a.png"):
        plan = plan_jobs([source], model=EDSR3, output=target, overwrite=True)
        assert plan.jobs == ()
        assert [type(e) for e in plan.errors] == [SameAsInputError]
    assert source.read_bytes() == b"original"


# -- running ------------------------------------------------------------------------------------


@pytest.fixture()
def bicubic2() -> Upscaler:
    return Upscaler(BICUBIC2)


@pytest.mark.parametrize(
    ("shape", "dtype"),
    [
        ((20, 30, 3), np.uint8),
        ((17, 9), np.uint8),
        ((12, 14, 4), np.uint8),
        ((8, 10, 3), np.uint16),
    ],
)
def test_run_job_writes_exactly_the_engine_output(
    tmp_path: Path, bicubic2: Upscaler, shape, dtype
) -> None:
    pixels = _image(shape, dtype)
    source = images.save(tmp_path / "in.png", pixels)
    job = plan_jobs([source], model=BICUBIC2).jobs[0]
    calls: list[tuple[int, int]] = []
    result = run_job(job, bicubic2, progress=lambda d, t: calls.append((d, t)))
    written = read_image(job.target).pixels
    assert written.dtype == dtype
    np.testing.assert_array_equal(written, bicubic2.upscale(pixels))
    height, width = shape[:2]
    assert result.input_size == (width, height)
    assert result.output_size == (2 * width, 2 * height)
    assert result.output == tmp_path / "in_x2_bicubic.png"
    assert result.model == BICUBIC2
    assert result.seconds > 0
    assert calls and calls[-1][0] == calls[-1][1]
    assert _files(tmp_path) == ["in.png", "in_x2_bicubic.png"]


def test_run_job_with_a_mirrored_model(tmp_path: Path, shared_models_dir: Path) -> None:
    engine = Upscaler(ESPCN2, shared_models_dir / ESPCN2.filename)
    pixels = _image((24, 32, 3), seed=5)
    source = images.save(tmp_path / "in.png", pixels)
    job = plan_jobs([source], model=ESPCN2, output_dir=tmp_path / "out").jobs[0]
    result = run_job(job, engine, tile=16)
    assert result.output == tmp_path / "out" / "in_x2_espcn.png"
    written = read_image(result.output).pixels
    np.testing.assert_array_equal(written, engine.upscale(pixels, tile=16))
    # ... and it is the network's output, not plain interpolation.
    assert not np.array_equal(written, Upscaler(BICUBIC2).upscale(pixels))


def test_run_job_converts_format_and_keeps_the_input(tmp_path: Path, bicubic2: Upscaler) -> None:
    pixels = _image((10, 12, 3))
    source = images.save(tmp_path / "in.png", pixels)
    before = source.read_bytes()
    job = plan_jobs([source], model=BICUBIC2, fmt="tiff").jobs[0]
    run_job(job, bicubic2)
    assert job.target.name == "in_x2_bicubic.tiff"
    loaded = read_image(job.target)
    assert loaded.format == "TIFF"
    np.testing.assert_array_equal(loaded.pixels, bicubic2.upscale(pixels))
    assert source.read_bytes() == before


class _Spy:
    """Wraps an Upscaler and records whether the network was asked to run."""

    def __init__(self, engine: Upscaler) -> None:
        self.engine, self.info, self.scale, self.calls = engine, engine.info, engine.scale, 0

    def upscale(self, image, **kwargs):
        self.calls += 1
        return self.engine.upscale(image, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.engine, name)


def test_format_size_limit_is_checked_before_the_network_runs(tmp_path: Path) -> None:
    spy = _Spy(Upscaler(BICUBIC2))
    source = images.save(tmp_path / "wide.png", _image((2, 8200, 3)))
    job = Job(source, tmp_path / "wide.webp", "WEBP")
    with pytest.raises(ImageWriteError, match="at most 16383 pixels") as err:
        run_job(job, spy)  # type: ignore[arg-type]
    assert str(err.value).startswith(f"{job.target}: ")
    assert spy.calls == 0
    assert _files(tmp_path) == ["wide.png"]


def test_transparency_to_jpeg_needs_a_background(tmp_path: Path) -> None:
    spy = _Spy(Upscaler(BICUBIC2))
    pixels = _image((6, 8, 4))
    pixels[..., 3] = 0
    pixels[0, 0, 3] = 255
    source = images.save(tmp_path / "alpha.png", pixels)
    job = Job(source, tmp_path / "alpha.jpg", "JPEG")
    with pytest.raises(ImageWriteError, match="transparency") as err:
        run_job(job, spy)  # type: ignore[arg-type]
    assert str(err.value).startswith(f"{job.target}: ")
    assert spy.calls == 0 and not job.target.exists()
    run_job(job, spy, background=(255, 255, 255), quality=90)  # type: ignore[arg-type]
    written = read_image(job.target).pixels
    assert written.shape == (12, 16, 3)
    # Fully transparent areas become the background (JPEG noise aside).
    assert written[-4:, -4:].min() >= 240


def test_quality_must_be_a_percentage(tmp_path: Path, bicubic2: Upscaler) -> None:
    source = images.save(tmp_path / "a.png", _image((4, 4, 3)))
    with pytest.raises(PlanError, match="between 1 and 100"):
        run_job(Job(source, tmp_path / "a.jpg", "JPEG"), bicubic2, quality=0)


def test_existing_output_is_untouched_without_overwrite(tmp_path: Path, bicubic2: Upscaler):
    source = images.save(tmp_path / "a.png", _image((4, 4, 3)))
    target = tmp_path / "a_x2_bicubic.png"
    job = Job(source, target, "PNG")
    target.write_bytes(b"precious")  # appears after planning
    with pytest.raises(OutputExistsError):
        run_job(job, bicubic2)
    assert target.read_bytes() == b"precious"
    run_job(job, bicubic2, overwrite=True)
    assert read_image(target).pixels.shape == (8, 8, 3)


def test_run_job_never_replaces_its_input(tmp_path: Path, bicubic2: Upscaler) -> None:
    source = images.save(tmp_path / "a.png", _image((4, 4, 3)))
    before = source.read_bytes()
    with pytest.raises(SameAsInputError):
        run_job(Job(source, source, "PNG"), bicubic2, overwrite=True)
    assert source.read_bytes() == before


def test_unreadable_input_fails_cleanly(tmp_path: Path, bicubic2: Upscaler) -> None:
    source = tmp_path / "broken.png"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    job = plan_jobs([source], model=BICUBIC2).jobs[0]
    with pytest.raises(ImageReadError) as err:
        run_job(job, bicubic2)
    assert str(err.value).startswith(str(source))
    assert _files(tmp_path) == ["broken.png"]


def test_cancel_before_start_writes_nothing(tmp_path: Path, bicubic2: Upscaler) -> None:
    source = images.save(tmp_path / "a.png", _image((40, 40, 3)))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        run_job(plan_jobs([source], model=BICUBIC2).jobs[0], bicubic2, cancel=cancel)
    assert _files(tmp_path) == ["a.png"]


def test_cancel_during_the_run_writes_nothing(tmp_path: Path, bicubic2: Upscaler) -> None:
    source = images.save(tmp_path / "a.png", _image((64, 64, 3)))
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        run_job(
            plan_jobs([source], model=BICUBIC2).jobs[0],
            bicubic2,
            tile=16,
            progress=progress,
            cancel=cancel,
        )
    assert seen == [1, 2]
    assert _files(tmp_path) == ["a.png"]


def test_cancel_during_the_last_tile_still_writes_nothing(tmp_path: Path, bicubic2: Upscaler):
    source = images.save(tmp_path / "a.png", _image((8, 8, 3)))
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        run_job(
            plan_jobs([source], model=BICUBIC2).jobs[0],
            bicubic2,
            progress=lambda done, total: cancel.set(),
            cancel=cancel,
        )
    assert _files(tmp_path) == ["a.png"]


def test_on_tile_receives_the_output_tiles(tmp_path: Path, bicubic2: Upscaler) -> None:
    pixels = _image((32, 32, 3))
    source = images.save(tmp_path / "a.png", pixels)
    canvas = np.zeros((64, 64, 3), np.uint8)

    def on_tile(region, tile_pixels) -> None:
        canvas[region.slices()] = tile_pixels

    run_job(plan_jobs([source], model=BICUBIC2).jobs[0], bicubic2, tile=16, on_tile=on_tile)
    np.testing.assert_array_equal(canvas, bicubic2.upscale(pixels))


def test_pipeline_module_exposes_write_options_for_the_job_format() -> None:
    options = pipeline.write_options("JPEG", quality=80, background=(1, 2, 3))
    assert (options.format, options.jpeg_quality, options.webp_quality) == ("JPEG", 80, 80)
    assert options.background == (1, 2, 3)
    assert pipeline.write_options("PNG").webp_lossless is True


def test_memory_is_checked_before_the_network_runs(tmp_path: Path, monkeypatch) -> None:
    spy = _Spy(Upscaler(BICUBIC2))
    source = images.save(tmp_path / "a.png", _image((30, 40, 3)))
    job = plan_jobs([source], model=BICUBIC2).jobs[0]
    monkeypatch.setattr(estimate_mod, "available_memory", lambda: 100 * 1024**2)
    with pytest.raises(ResourceError, match="this run needs about") as err:
        run_job(job, spy)  # type: ignore[arg-type]
    assert str(err.value).startswith(f"{source}: ")
    assert spy.calls == 0 and _files(tmp_path) == ["a.png"]
    monkeypatch.setattr(estimate_mod, "available_memory", lambda: 64 * 1024**3)
    run_job(job, spy)  # type: ignore[arg-type]
    assert spy.calls == 1


def test_preview_reads_only_the_header_and_matches_the_real_estimate(
    tmp_path: Path, bicubic2: Upscaler
) -> None:
    pixels = _image((30, 40, 3))
    source = images.save(tmp_path / "a.png", pixels)
    job = plan_jobs([source], model=BICUBIC2, fmt="webp").jobs[0]
    preview = pipeline.preview_job(job, bicubic2, tile=16)
    assert (preview.input_size, preview.output_size) == ((40, 30), (80, 60))
    assert preview.estimate == estimate_for(bicubic2, pixels, 16, "WEBP")
    assert (preview.estimate.tile, preview.estimate.tiles) == (16, 6)
    assert _files(tmp_path) == ["a.png"]


def test_preview_refuses_what_the_run_would_refuse(tmp_path: Path, bicubic2: Upscaler) -> None:
    source = images.save(tmp_path / "wide.png", _image((2, 8200, 3)))
    with pytest.raises(ImageWriteError, match="at most 65500 pixels"):
        pipeline.preview_job(
            Job(source, tmp_path / "w.jpg", "JPEG"), Upscaler(CATALOG.get("bicubic", 8))
        )
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"nope")
    with pytest.raises(ImageReadError):
        pipeline.preview_job(Job(broken, tmp_path / "b.png", "PNG"), bicubic2)


def test_sixteen_bit_transparency_to_jpeg_is_refused_before_the_network_runs(tmp_path) -> None:

    from upscaler.core.engine import Upscaler
    from upscaler.core.errors import UpscalerError

    pixels = np.full((8, 8, 4), 40000, np.uint16)
    pixels[..., 3] = 30000  # half transparent, but far above 255
    source = tmp_path / "deep.png"
    assert cv2.imwrite(str(source), pixels)
    calls = []

    class Spy(Upscaler):
        def upscale(self, *args, **kwargs):
            calls.append(1)
            return super().upscale(*args, **kwargs)

    plan = pipeline.plan_jobs([source], model=BICUBIC2, output=tmp_path / "out.jpg")
    with pytest.raises(UpscalerError, match="transparen"):
        pipeline.run_job(plan.jobs[0], Spy(BICUBIC2))
    assert calls == [] and not (tmp_path / "out.jpg").exists()
