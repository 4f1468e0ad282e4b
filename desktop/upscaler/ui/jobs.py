"""Units of work for the worker thread: each calls the core and reports through its context.

Jobs hold only plain data (arrays, paths, catalog entries), so the GUI can build them, and the
worker can run them, without either knowing the other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, cast

import numpy as np

from upscaler.core import adjust as adjusting
from upscaler.core import pipeline, video
from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.errors import Cancelled, ImageReadError, ImageWriteError
from upscaler.core.estimate import check_fits, estimate_for
from upscaler.core.imageio import LoadedImage, WriteOptions, write_image
from upscaler.core.imageio.write import atomic_write_bytes
from upscaler.core.messages import text
from upscaler.core.resize import TargetSize, resize_to
from upscaler.core.store import ModelStore
from upscaler.core.tiling import Region

TileFn = Callable[[Region, np.ndarray], None]


class Context(Protocol):
    cancel: threading.Event

    def progress(self, done: int, total: int) -> None: ...

    def saving(self, done: int, total: int) -> None: ...

    def tile(self, region: Region, pixels: np.ndarray) -> None: ...

    def upscaler(self, info: ModelInfo, path: Path | None) -> Upscaler: ...


@dataclass(kw_only=True)
class Job:
    """Base: ``id`` is assigned on submission; ``cancel`` is set from the GUI thread."""

    id: int = 0
    cancel: threading.Event = field(default_factory=threading.Event)

    def run(self, ctx: Context) -> object:
        raise NotImplementedError


@dataclass(frozen=True)
class AdjustOutcome:
    """A preview of the corrections, with the picture and choice it was made for (a job
    replaced by a newer one may still finish: its outcome must not pass for the newer's)."""

    image: LoadedImage
    adjust: adjusting.Adjustments
    prepared: adjusting.Prepared
    pixels: np.ndarray


@dataclass(kw_only=True)
class AdjustJob(Job):
    """Auto crop/colour on the open picture, for the live preview and the run after it: the
    same core steps as the CLI's (``core.adjust.prepare``, then the colour plan on the input)."""

    image: LoadedImage
    adjust: adjusting.Adjustments
    #: The last preview of the same picture with the same crop: only the colour strengths
    #: changed, so its analysis is reused (``ColourPlan.with_options``, no new analysis).
    reuse: adjusting.Prepared | None = None

    def run(self, ctx: Context) -> AdjustOutcome:
        prepared = self._restrengthened() or adjusting.prepare(self.image, self.adjust)
        if ctx.cancel.is_set():
            raise Cancelled()
        # finish() corrects in place: a copy, so the cropped input stays as the network sees it.
        shown = adjusting.finish(prepared.image.pixels.copy(), prepared)
        return AdjustOutcome(self.image, self.adjust, prepared, shown)

    def _restrengthened(self) -> adjusting.Prepared | None:
        reuse, options = self.reuse, self.adjust.colour
        if reuse is None or reuse.colour is None or options is None or not options.active:
            return None
        plan = reuse.colour.with_options(options)
        cropping = self.adjust.crop or self.adjust.straighten
        kept = reuse.notes[:1] if cropping else ()  # what the crop did comes first
        said = plan.describe() or [text("colours: no correction needed")]
        return replace(reuse, colour=plan, notes=(*kept, *said))


def _coloured_tiles(ctx: Context, prepared: adjusting.Prepared | None) -> TileFn:
    """Tiles as the finished result will look: the colour plan is applied per pixel, so a tile
    corrected alone equals the same part of the corrected whole."""
    if prepared is None or prepared.colour is None:
        return ctx.tile

    def tile(region: Region, pixels: np.ndarray) -> None:
        ctx.tile(region, adjusting.finish(pixels.copy(), prepared))

    return tile


@dataclass(kw_only=True)
class UpscaleJob(Job):
    """The whole image, tiled, with tiles streamed back for the progressive view."""

    image: np.ndarray
    info: ModelInfo
    model_path: Path | None
    tile: int | None = None
    fit: TargetSize | None = None  # a target width or height instead of the model's factor
    #: Auto crop/colour (from an ``AdjustJob``): ``image`` is then its cropped input, and the
    #: colour plan is applied to the result.
    prepared: adjusting.Prepared | None = None

    def run(self, ctx: Context) -> np.ndarray:
        upscaler = ctx.upscaler(self.info, self.model_path)
        # As the batch and the CLI do: refuse with the numbers rather than run out of memory.
        # The result stays in memory (no encoding) until it is saved.
        check_fits(estimate_for(upscaler, self.image, self.tile, None))
        pixels = upscaler.upscale(
            self.image,
            tile=self.tile,
            progress=ctx.progress,
            cancel=ctx.cancel,
            on_tile=_coloured_tiles(ctx, self.prepared),
        )
        if self.prepared is not None:
            pixels = adjusting.finish(pixels, self.prepared)
        if self.fit is not None:
            height, width = self.image.shape[:2]
            pixels = resize_to(pixels, *self.fit.size_for(width, height))
        return pixels


@dataclass(kw_only=True)
class PreviewJob(Job):
    """Just one region of the input, so a model can be judged in a moment."""

    image: np.ndarray
    info: ModelInfo
    model_path: Path | None
    region: Region  # in input pixels
    prepared: adjusting.Prepared | None = None  # as in UpscaleJob

    def run(self, ctx: Context) -> tuple[Region, np.ndarray]:
        upscaler = ctx.upscaler(self.info, self.model_path)
        pixels = upscaler.upscale_region(self.image, self.region)
        if self.prepared is not None:
            pixels = adjusting.finish(pixels, self.prepared)
        return self.region, pixels


@dataclass(kw_only=True)
class SaveJob(Job):
    """Save As: write the result atomically; encoding a large PNG takes seconds."""

    target: Path
    pixels: np.ndarray
    source: LoadedImage
    options: WriteOptions | None = None
    overwrite: bool = True  # Save As: the file dialog asked before replacing
    create_folder: bool = False  # Save into the output folder: made if it does not exist

    def run(self, ctx: Context) -> tuple[Path, list[str]]:
        if self.create_folder:
            try:
                self.target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                reason = str(err.strerror or err)
                raise ImageWriteError(
                    text("the output folder cannot be created ({reason})", reason=reason),
                    self.target,
                ) from err
        warnings = write_image(
            self.target,
            self.pixels,
            source=self.source,
            options=self.options,
            overwrite=self.overwrite,
            progress=ctx.saving,
            cancel=ctx.cancel,
        )
        return self.target, warnings


@dataclass(kw_only=True)
class DownloadJob(Job):
    """Fetch and verify a catalog model into the user's models folder."""

    store: ModelStore
    info: ModelInfo

    def run(self, ctx: Context) -> Path:
        return self.store.download(self.info, progress=ctx.progress, cancel=ctx.cancel)


@dataclass(frozen=True)
class FileOutcome:
    """A batch file's written result and its pixels (the window shows and can copy them)."""

    result: pipeline.JobResult
    pixels: np.ndarray


class _Keeping:
    """The worker's engine, remembering the pixels its last ``upscale`` returned: the pipeline
    writes them and returns only the facts, and the window wants to show them too."""

    def __init__(self, engine: Upscaler) -> None:
        self._engine = engine
        self.pixels: np.ndarray | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(self._engine, name)

    def upscale(self, image: np.ndarray, **kwargs: object) -> np.ndarray:
        self.pixels = self._engine.upscale(image, **kwargs)  # type: ignore[arg-type]
        return self.pixels


@dataclass(kw_only=True)
class FileJob(Job):
    """One batch file: read, upscale with the worker's loaded model, write atomically."""

    plan: pipeline.Job
    info: ModelInfo
    model_path: Path | None
    tile: int | None = None
    overwrite: bool = False
    quality: int | None = None
    fit: TargetSize | None = None
    adjust: adjusting.Adjustments | None = None
    #: What transparency is flattened onto where the format has none (None: such a file fails).
    background: tuple[int, int, int] | None = None

    def run(self, ctx: Context) -> FileOutcome:
        engine = _Keeping(ctx.upscaler(self.info, self.model_path))
        result = pipeline.run_job(
            self.plan,
            cast(Upscaler, engine),
            tile=self.tile,
            quality=self.quality,
            background=self.background,
            overwrite=self.overwrite,
            progress=ctx.progress,
            cancel=ctx.cancel,
            on_tile=ctx.tile,
            fit=self.fit,
            adjust=self.adjust,
            save_progress=ctx.saving,
        )
        assert engine.pixels is not None
        return FileOutcome(result, resize_to(engine.pixels, *result.output_size))


@dataclass(kw_only=True)
class CopyJob(Job):
    """Save All for a file already written: its bytes, atomically, into the new place."""

    source: Path
    target: Path
    overwrite: bool = False

    def run(self, ctx: Context) -> Path:
        pipeline.check_target(self.source, self.target, overwrite=self.overwrite)
        try:
            data = self.source.read_bytes()
        except OSError as err:
            reason = str(err.strerror or err)
            raise ImageReadError(
                text("cannot be read ({reason})", reason=reason), self.source
            ) from err
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            reason = str(err.strerror or err)
            raise ImageWriteError(
                text("the output folder cannot be created ({reason})", reason=reason), self.target
            ) from err
        atomic_write_bytes(self.target, data, replace=self.overwrite)
        return self.target


@dataclass(kw_only=True)
class VideoUpscaleJob(Job):
    """A whole clip, as ``upscaler-cli upscale clip.mp4`` runs it: planned (every refusal before
    work), then the core's bounded decode/upscale/encode pipeline writing segments that a later
    run with ``resume`` continues from. Progress counts frames."""

    source: Path
    target: Path
    info: ModelInfo
    model_path: Path | None
    options: video.VideoOptions  # the CLI's flags: tile, codec, crf, frames, overwrite, resume

    def run(self, ctx: Context) -> video.VideoResult:
        upscaler = ctx.upscaler(self.info, self.model_path)
        job = video.VideoJob(self.source, self.target)
        plan = video.plan_video(job, upscaler, self.options)
        return video.run_video(plan, upscaler, progress=ctx.progress, cancel=ctx.cancel)
