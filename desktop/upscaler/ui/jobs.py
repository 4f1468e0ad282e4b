"""Units of work for the worker thread: each calls the core and reports through its context.

Jobs hold only plain data (arrays, paths, catalog entries), so the GUI can build them, and the
worker can run them, without either knowing the other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

import numpy as np

from upscaler.core import pipeline
from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ImageReadError, ImageWriteError
from upscaler.core.estimate import check_fits, estimate_for
from upscaler.core.imageio import LoadedImage, WriteOptions, write_image
from upscaler.core.imageio.write import atomic_write_bytes
from upscaler.core.messages import text
from upscaler.core.resize import TargetSize, resize_to
from upscaler.core.store import ModelStore
from upscaler.core.tiling import Region


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


@dataclass(kw_only=True)
class UpscaleJob(Job):
    """The whole image, tiled, with tiles streamed back for the progressive view."""

    image: np.ndarray
    info: ModelInfo
    model_path: Path | None
    tile: int | None = None
    fit: TargetSize | None = None  # a target width or height instead of the model's factor

    def run(self, ctx: Context) -> np.ndarray:
        upscaler = ctx.upscaler(self.info, self.model_path)
        # As the batch and the CLI do: refuse with the numbers rather than run out of memory.
        # The result stays in memory (no encoding) until it is saved.
        check_fits(estimate_for(upscaler, self.image, self.tile, None))
        pixels = upscaler.upscale(
            self.image, tile=self.tile, progress=ctx.progress, cancel=ctx.cancel, on_tile=ctx.tile
        )
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

    def run(self, ctx: Context) -> tuple[Region, np.ndarray]:
        upscaler = ctx.upscaler(self.info, self.model_path)
        return self.region, upscaler.upscale_region(self.image, self.region)


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

    def run(self, ctx: Context) -> FileOutcome:
        engine = _Keeping(ctx.upscaler(self.info, self.model_path))
        result = pipeline.run_job(
            self.plan,
            cast(Upscaler, engine),
            tile=self.tile,
            quality=self.quality,
            overwrite=self.overwrite,
            progress=ctx.progress,
            cancel=ctx.cancel,
            on_tile=ctx.tile,
            fit=self.fit,
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
