"""Units of work for the worker thread: each calls the core and reports through its context.

Jobs hold only plain data (arrays, paths, catalog entries), so the GUI can build them, and the
worker can run them, without either knowing the other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

import numpy as np

from upscaler.core import pipeline
from upscaler.core.catalog import ModelInfo
from upscaler.core.engine import Upscaler
from upscaler.core.estimate import check_fits, estimate_for
from upscaler.core.imageio import LoadedImage, WriteOptions, write_image
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
    #: The job writes a file: once it returns, the file is in place, and a cancel that came
    #: too late to stop it must not make it look cancelled.
    writes_file: ClassVar[bool] = False

    def run(self, ctx: Context) -> object:
        raise NotImplementedError


@dataclass(kw_only=True)
class UpscaleJob(Job):
    """The whole image, tiled, with tiles streamed back for the progressive view."""

    image: np.ndarray
    info: ModelInfo
    model_path: Path | None
    tile: int | None = None

    def run(self, ctx: Context) -> np.ndarray:
        upscaler = ctx.upscaler(self.info, self.model_path)
        # As the batch and the CLI do: refuse with the numbers rather than run out of memory.
        check_fits(estimate_for(upscaler, self.image, self.tile))
        return upscaler.upscale(
            self.image, tile=self.tile, progress=ctx.progress, cancel=ctx.cancel, on_tile=ctx.tile
        )


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
    writes_file: ClassVar[bool] = True

    def run(self, ctx: Context) -> tuple[Path, list[str]]:
        warnings = write_image(
            self.target,
            self.pixels,
            source=self.source,
            options=self.options,
            overwrite=True,
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


@dataclass(kw_only=True)
class FileJob(Job):
    """One batch file: read, upscale with the worker's loaded model, write atomically."""

    plan: pipeline.Job
    info: ModelInfo
    model_path: Path | None
    tile: int | None = None
    writes_file: ClassVar[bool] = True

    def run(self, ctx: Context) -> pipeline.JobResult:
        upscaler = ctx.upscaler(self.info, self.model_path)
        return pipeline.run_job(
            self.plan,
            upscaler,
            tile=self.tile,
            progress=ctx.progress,
            cancel=ctx.cancel,
            on_tile=ctx.tile,
            save_progress=ctx.saving,
        )
