"""The upscaler: load a model once, then upscale images tile by tile.

Every run is tiled (a small image is one tile), so whole images, previews of a region, progress,
cancellation and bounded memory all go through one code path. The output is allocated once in its
final dtype; each tile is pre-processed, run, post-processed and written into it.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final

import numpy as np

from upscaler.core.cancel_watch import stop_on_cancel
from upscaler.core.catalog import ModelInfo
from upscaler.core.devices.open import open_on_device
from upscaler.core.errors import (
    Cancelled,
    ModelError,
    ResourceError,
    UnsupportedImageError,
)
from upscaler.core.families import ALPHA_INTERPOLATION, Family, family_for, resize
from upscaler.core.messages import Text, text
from upscaler.core.runtime.base import Backend
from upscaler.core.runtime.choice import open_backend
from upscaler.core.tile_size import auto_tile_side
from upscaler.core.tiling import Region, Tile, plan_tiles, stitch
from upscaler.core.units import format_bytes

__all__ = ["Region", "Upscaler", "check_image", "DEFAULT_MEMORY_BUDGET"]

ProgressFn = Callable[[int, int], None]
TileFn = Callable[[Region, np.ndarray], None]

#: Peak bytes one tile's inference may use when the tile size is Auto, unless the machine's RAM
#: says otherwise (a quarter of it, within these bounds).
DEFAULT_MEMORY_BUDGET = 1024**3
MIN_MEMORY_BUDGET, MAX_MEMORY_BUDGET = 512 * 1024**2, 4 * 1024**3
SUPPORTED_DTYPES = (np.uint8, np.uint16)


def check_image(image: object) -> np.ndarray:
    """Accept only what the families handle: uint8/uint16 ``HxW``, ``HxWx3`` or ``HxWx4``.

    cv2.dnn would happily run anything (docs/pitfalls.md #4), so a wrong array must stop here.
    """
    if not isinstance(image, np.ndarray):
        raise UnsupportedImageError(
            text("expected an image array, got {type}", type=type(image).__name__)
        )
    if image.dtype not in SUPPORTED_DTYPES:
        raise UnsupportedImageError(
            text(
                "unsupported pixel type {dtype}; only 8-bit and 16-bit images can be upscaled",
                dtype=image.dtype,
            )
        )
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise UnsupportedImageError(
            text(
                "unsupported image layout {shape}; expected gray (HxW), colour (HxWx3) or colour "
                "with alpha (HxWx4)",
                shape=image.shape,
            )
        )
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise UnsupportedImageError(
            text(
                "the image is empty ({width}x{height})", width=image.shape[1], height=image.shape[0]
            )
        )
    return image


def default_memory_budget() -> int:
    """A quarter of the physical RAM, clamped: big tiles are faster (docs/pitfalls.md #14), but
    the budget must leave room for the image, the output and the rest of the desktop."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # Windows has no sysconf
        return DEFAULT_MEMORY_BUDGET
    return max(MIN_MEMORY_BUDGET, min(MAX_MEMORY_BUDGET, total // 4))


def auto_tile_for(family: Family, scale: int, margin: int, memory_budget: int | None = None) -> int:
    """Auto's tile side: the largest the budget allows, within the family's ``max_tile``; the one
    rule the engine and the estimate share."""
    budget = memory_budget or default_memory_budget()
    side = auto_tile_side(budget, family.bytes_per_pixel(scale), margin, family.max_tile)
    multiple = family.tile_multiple
    return max(multiple, side // multiple * multiple)


def plan_for(
    family: Family,
    width: int,
    height: int,
    tile: int,
    margin: int,
    area: Region | None = None,
) -> list[Tile]:
    """The tiles a run of ``family`` processes: on its grid, its edge extension at most."""
    edge = family.edge_extension if family.channels is not None else None
    return plan_tiles(width, height, tile, margin, area, multiple=family.tile_multiple, edge=edge)


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


#: How often the watcher of a run looks at its cancel event (seconds): a cancel then stops the
#: network within about this long where the runtime can stop mid-run.
ABORT_POLL = 0.05


def _aborting(
    backend: Backend | None, cancel: threading.Event | None
) -> contextlib.AbstractContextManager[None]:
    """While the tiles run, a cancel also stops the network mid-tile, where the runtime can
    (ONNX Runtime, OpenVINO: ``abort()``, then that run raises Cancelled). Checking only between
    tiles left a slow model's Cancel unanswered for up to half a minute. OpenCV DNN cannot stop
    a run: its tile finishes first, as before."""
    abort = getattr(backend, "abort", None)
    return stop_on_cancel(cancel, abort, poll=ABORT_POLL, name="cancel-watch")


class Upscaler:
    """One model, loaded once; upscales any number of images. Use it from one thread at a time."""

    def __init__(
        self,
        info: ModelInfo,
        path: Path | None = None,
        *,
        backend: Backend | None = None,
        runtime: str = "auto",
        memory_budget: int | None = None,
        device: str = "cpu",
        precision: str = "fp32",
        on_notice: Callable[[Text], None] | None = None,
    ) -> None:
        """Load the network (not for baselines). ``backend`` injects an already loaded network;
        ``runtime`` forces a runtime (``auto``: the family's preference, see ``runtime.choice``);
        ``memory_budget`` (bytes) sizes Auto tiles. ModelError when the file is missing,
        unreadable or not of this family.

        ``device`` and ``precision`` (``core/devices``): the defaults are the reference path, the
        CPU in fp32; the CLI and the window pass the user's choice (``auto`` by default there).
        Anything else that cannot be had, or fails later, falls back to that path with one
        message to ``on_notice`` (also kept in :attr:`notices`)."""
        self.info = info
        self.scale = info.scale
        self.family = family_for(info)
        self.memory_budget = memory_budget or default_memory_budget()
        self._notices: list[Text] = []
        if backend is None and self.family.channels is not None:
            if path is None:
                raise ModelError(
                    text(
                        "model {model} needs its file ({filename}), none given",
                        model=info.label,
                        filename=info.filename,
                    )
                )
            outputs = self.family.output_names(info.scale)
            if device == "cpu" and precision == "fp32":
                backend = open_backend(Path(path), outputs, runtime, self.family.runtimes)
            else:
                backend = open_on_device(
                    Path(path),
                    outputs,
                    model_id=info.id,
                    device=device,
                    precision=precision,
                    runtime=runtime,
                    preference=self.family.runtimes,
                    notice=on_notice,
                )
                memory = getattr(backend, "memory", None)
                if memory:  # a GPU's memory bounds the tiles, not the machine's RAM
                    self.memory_budget = min(self.memory_budget, memory // 2)
        self.backend = backend
        if backend is not None:
            self._check_channels(backend)
        self.margin = self._margin()

    @property
    def device(self) -> str:
        """Where the network runs now (``cpu``, ``cuda``, ...); ``cpu`` for baselines."""
        return str(getattr(self.backend, "device", "cpu"))

    @property
    def precision(self) -> str:
        """The precision it runs at now (``fp32``, ``bf16``, ``fp16``, ``int8``)."""
        return str(getattr(self.backend, "precision", "fp32"))

    @property
    def notices(self) -> list[Text]:
        """Messages from the device layer: a fallback to the CPU, a precision not available."""
        return list(getattr(self.backend, "notices", self._notices))

    def _check_channels(self, backend: Backend) -> None:
        if backend.input_channels not in (None, self.family.channels):
            raise ModelError(
                text(
                    "this is not a {name} model: it takes {input_channels}-channel input, the "
                    "{family} family feeds {channels}",
                    name=self.info.name,
                    input_channels=backend.input_channels,
                    family=self.info.family,
                    channels=self.family.channels,
                ),
                backend.path,
            )

    def _margin(self) -> int:
        """Context around each tile: the network's receptive field plus the family's resampling."""
        context = self.backend.context if self.backend is not None else None
        return self.family.margin(context, self.info.id)

    def auto_tile(self) -> int:
        """The Auto tile side for this model and memory budget (:func:`auto_tile_for`)."""
        return auto_tile_for(self.family, self.scale, self.margin, self.memory_budget)

    def plan(
        self, width: int, height: int, tile: int | None = None, area: Region | None = None
    ) -> list[Tile]:
        """The tiles a run over ``area`` (input pixels; default: all) will process."""
        return plan_for(self.family, width, height, tile or self.auto_tile(), self.margin, area)

    def tiling_note(self, width: int, height: int, tile: int | None = None) -> str | None:
        """What the user should know when this run's tiles cannot equal an untiled run (DAT-light:
        attention over the whole picture); None when they do or the picture is one tile."""
        if self.family.tiles_exact:
            return None
        count = len(self.plan(width, height, tile))
        if count < 2:
            return None
        return text(
            "{model} ran in {count} tiles; it looks at the whole picture at once, so a tiled "
            "result is a close approximation of an untiled one (a few grey levels, no seams)",
            model=self.info.label,
            count=count,
        )

    def upscale(
        self,
        image: np.ndarray,
        *,
        tile: int | None = None,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        on_tile: TileFn | None = None,
    ) -> np.ndarray:
        """The image ``scale`` times larger, same layout and dtype. ``tile=None`` means Auto.

        ``on_tile(region, pixels)`` receives each finished output tile (output pixels); a set
        ``cancel`` raises :class:`Cancelled` before the next tile and nothing is returned.
        """
        image = check_image(image)
        height, width = image.shape[:2]
        return self._run(image, Region(0, 0, width, height), tile, progress, cancel, on_tile)

    def upscale_region(self, image: np.ndarray, region: Region) -> np.ndarray:
        """Upscale only ``region`` (input pixels) for a preview: the same pixels a full run gives
        there, because each tile reads its context from the surrounding image."""
        image = check_image(image)
        height, width = image.shape[:2]
        if not region.within(width, height):
            raise UnsupportedImageError(
                text(
                    "preview region {width}x{height} at ({x}, {y}) is not inside the "
                    "{image_width}x{image_height} image",
                    width=region.width,
                    height=region.height,
                    x=region.x,
                    y=region.y,
                    image_width=width,
                    image_height=height,
                )
            )
        return self._run(image, region, None, None, None, None)

    def _run(
        self,
        image: np.ndarray,
        area: Region,
        tile: int | None,
        progress: ProgressFn | None,
        cancel: threading.Event | None,
        on_tile: TileFn | None,
    ) -> np.ndarray:
        if tile is not None and tile < 1:
            raise UnsupportedImageError(
                text("tile size must be at least 1 pixel, got {tile}", tile=tile)
            )
        height, width = image.shape[:2]
        out = self._allocate(image, area)
        tiles = self.plan(width, height, tile, area)
        binary = has_binary_alpha(image)
        gray = has_gray_colour(image)
        with _aborting(self.backend, cancel):
            for done, item in enumerate(tiles):
                _check_cancel(cancel)
                tile_out = self._process_tile(image, item, binary, gray)
                place = stitch(out, item, tile_out, self.scale, area)
                if on_tile is not None:
                    on_tile(place, np.ascontiguousarray(out[place.slices()]))
                if progress is not None:
                    progress(done + 1, len(tiles))
        _check_cancel(cancel)  # a cancel during the last tile still means "no output"
        return out

    def _allocate(self, image: np.ndarray, area: Region) -> np.ndarray:
        """The output, once, in its final dtype: the only image-sized buffer a run adds."""
        shape = (area.height * self.scale, area.width * self.scale, *image.shape[2:])
        try:
            return np.empty(shape, dtype=image.dtype)
        except MemoryError as err:
            raise ResourceError(
                text(
                    "not enough memory for the {width}x{height} result ({size})",
                    width=shape[1],
                    height=shape[0],
                    size=format_bytes(math.prod(shape) * image.itemsize),
                )
            ) from err

    def _process_tile(
        self, image: np.ndarray, tile: Tile, binary_alpha: bool, gray: bool
    ) -> np.ndarray:
        """The upscaled ``tile.padded``: for a network, computed with the image's edge extended
        by ``tile.border``, which is cropped off again. The baselines need no such help:
        resizing continues the edge itself (and stays bit-exact with OpenCV's only without it)."""
        pixels = image[tile.padded.slices()]
        if self.family.channels is None or not any(tile.border):
            return self._process_pixels(pixels, binary_alpha, gray)
        out = self._process_pixels(extend_edges(pixels, tile.border), binary_alpha, gray)
        top, _, left, _ = tile.border
        s = self.scale
        return out[
            top * s : (top + tile.padded.height) * s, left * s : (left + tile.padded.width) * s
        ]

    def _process_pixels(self, pixels: np.ndarray, binary_alpha: bool, gray: bool) -> np.ndarray:
        if pixels.ndim == 2 or pixels.shape[2] == 3:
            return self.family.process(np.ascontiguousarray(pixels), self.backend, self.scale)
        # Gray with alpha (a PNG's gray+alpha is read as BGRA) goes through as gray, as plain
        # gray does: a colour network would tint it.
        colour_in = pixels[:, :, 0] if gray else pixels[:, :, :3]
        colour = self.family.process(np.ascontiguousarray(colour_in), self.backend, self.scale)
        result = np.empty((*colour.shape[:2], 4), dtype=colour.dtype)
        result[:, :, :3] = colour[:, :, np.newaxis] if gray else colour
        alpha = resize(np.ascontiguousarray(pixels[:, :, 3]), self.scale, ALPHA_INTERPOLATION)
        if binary_alpha:  # a cut-out stays a cut-out: smooth edge shape, no half-transparency
            alpha = np.where(alpha > np.iinfo(alpha.dtype).max // 2, np.iinfo(alpha.dtype).max, 0)
        result[:, :, 3] = alpha
        return result


#: How the image is continued beyond its edge for a network's border tile: mirrored
#: (``cba|abc``). It keeps a flat colour flat up to the corners and measured as good as the
#: networks' own zero padding on photos (Set5+Set14 PSNR within 0.005 dB; replicating the edge
#: lost up to 0.45 dB in the border band).
EDGE_MODE: Final = "symmetric"  # NumPy's name for OpenCV's BORDER_REFLECT


def extend_edges(pixels: np.ndarray, border: tuple[int, int, int, int]) -> np.ndarray:
    """``pixels`` with ``border`` (top, bottom, left, right) pixels of edge continuation."""
    if not any(border):
        return pixels
    top, bottom, left, right = border
    widths = ((top, bottom), (left, right)) + ((0, 0),) * (pixels.ndim - 2)
    return np.pad(pixels, widths, mode=EDGE_MODE)


def has_gray_colour(image: np.ndarray, rows_per_chunk: int = 256) -> bool:
    """True for BGRA whose three colour channels are equal everywhere (gray with alpha).

    Decided once for the whole image, so that every tile is processed the same way.
    """

    def gray(rows: np.ndarray) -> bool:
        b, g, r = rows[..., 0], rows[..., 1], rows[..., 2]
        return np.array_equal(b, g) and np.array_equal(g, r)

    return _bgra_throughout(image, gray, rows_per_chunk)


def has_binary_alpha(image: np.ndarray, rows_per_chunk: int = 256) -> bool:
    """True when every alpha value is fully transparent or fully opaque (a cut-out mask)."""

    def binary(rows: np.ndarray) -> bool:
        alpha = rows[..., 3]
        return bool(np.all((alpha == 0) | (alpha == np.iinfo(alpha.dtype).max)))

    return _bgra_throughout(image, binary, rows_per_chunk)


def _bgra_throughout(
    image: np.ndarray, holds: Callable[[np.ndarray], bool], rows_per_chunk: int
) -> bool:
    """Whether ``image`` is BGRA and ``holds`` for each chunk of its rows: checked in chunks so
    the test never allocates an image-sized temporary."""
    if image.ndim != 3 or image.shape[2] != 4:
        return False
    chunks = range(0, image.shape[0], rows_per_chunk)
    return all(holds(image[start : start + rows_per_chunk]) for start in chunks)
