"""What a model family is: how it feeds a network, how it reads the result, and its facts.

A family turns an input tile (``HxW`` gray or ``HxWx3`` BGR, uint8 or uint16, alpha already split
off) into the upscaled tile in the same layout and dtype. Colour conversions happen in the input's
own dtype, as OpenCV's ``dnn_superres`` does for 8-bit, so 8-bit results match it and 16-bit input
keeps its precision (it is never squeezed through 8 bits).

Everything the rest of the program needs to know about a family lives on its :class:`Family`
record: channels, context, memory and speed per pixel, the runtime it runs best on, and the Auto
tile limit. The engine, the estimate, the store and the benchmarks read these facts; none of them
branches on a family's name.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from upscaler.core.errors import ModelError
from upscaler.core.imageops import resample
from upscaler.core.imageops.resample import Interpolation
from upscaler.core.messages import text
from upscaler.core.runtime.base import ORT_FIRST, Backend

#: BGR mean of the DIV2K training set, subtracted before EDSR/UpNet and added back after.
DIV2K_MEAN_BGR = np.array([103.1545782, 111.561547, 114.35629928], dtype=np.float32)

#: Context (input pixels) needed by resampling done outside the network: cubic reads 2 pixels
#: each side, Lanczos-4 reads 4.
RESAMPLE_CONTEXT = resample.CONTEXT

#: Interpolation used for alpha, which no network sees.
ALPHA_INTERPOLATION = Interpolation.CUBIC

#: Auto tiles never exceed this side (input pixels) unless a family says otherwise: measured
#: here, light models ran as fast or faster with 192-512 px tiles than whole 768-1024 px images
#: (cache), and smaller tiles report progress and honour a cancel sooner.
MAX_AUTO_TILE = 512

#: For a model a family has no measured speed for (an imported one), by its catalog speed class.
SECONDS_PER_PIXEL_BY_SPEED: Mapping[str, float] = {
    "instant": 1.5e-6,
    "fast": 3.5e-6,
    "medium": 8e-5,
    "slow": 1.2e-3,
}


@dataclass(frozen=True)
class TileMemory:
    """Peak bytes one tile adds while it runs, measured (``upscaler-cli bench estimate
    --constants``) under the family's preferred runtime: ``per_input`` per processed input pixel
    (the network's features at input resolution) and ``per_output`` per output pixel (the
    upsampling tail and the family's conversions of the result)."""

    per_input: int
    per_output: int
    #: (scale, bytes per input pixel) measured where the two terms do not fit: a pyramid network
    #: (LapSRN) keeps features at every level it passes.
    at_scale: tuple[tuple[int, int], ...] = ()

    def per_pixel(self, scale: int) -> int:
        """Bytes per processed input pixel at ``scale``."""
        return dict(self.at_scale).get(scale, self.per_input + self.per_output * scale * scale)


#: For a family that states no measured memory: above the heaviest measured so far (RRDBNet's
#: ~17.5 KiB per input pixel, issue 10; EDSR's 7 KiB per input and 1.5 KiB per output pixel), so
#: an unmeasured family is over- rather than under-estimated and gets smaller Auto tiles.
DEFAULT_TILE_MEMORY = TileMemory(per_input=18 * 1024, per_output=1536)


def max_value(dtype: np.dtype) -> float:
    return float(np.iinfo(dtype).max)


def resize(pixels: np.ndarray, scale: int, interpolation: Interpolation) -> np.ndarray:
    """Resize by an integer factor; integer dtypes come back rounded and clipped as OpenCV's."""
    height, width = pixels.shape[:2]
    return resample.resize(pixels, width * scale, height * scale, interpolation)


def to_dtype(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Round and clip float values already in ``dtype``'s range (like ``convertTo``)."""
    return np.clip(np.rint(values), 0, max_value(dtype)).astype(dtype)


class Family(ABC):
    """How one family feeds a network and reads its result, and what a run of it costs.

    One instance per family, registered by its module's ``FAMILY`` (or ``FAMILIES``) attribute;
    ``key`` is the catalog's ``family`` value.
    """

    #: Channels the family feeds the network (None: no network).
    channels: int | None = None
    #: Context the family's own resampling needs, on top of the network's receptive field.
    resample_context: int = 0

    def __init__(
        self,
        key: str,
        *,
        default_context: int | Mapping[str, int] = 16,
        runtimes: tuple[str, ...] = ORT_FIRST,
        tile_memory: TileMemory | None = None,
        model_memory: Mapping[str, TileMemory] | None = None,
        seconds_per_pixel: Mapping[str, float] | None = None,
        max_tile: int = MAX_AUTO_TILE,
        stated_context: bool = False,
        edge_extension: int | None = None,
        tile_multiple: int = 1,
        tiles_exact: bool = True,
    ) -> None:
        #: The catalog's ``family`` value for this family (lower case).
        self.key = key
        #: Context (input pixels each side) of the family's networks, for all or by model id:
        #: used when no network is loaded (the window's estimate) or the graph cannot tell.
        self.default_context = default_context
        #: Runtimes ``auto`` tries, in order; the first that loads the model runs it.
        self.runtimes = runtimes
        #: Measured peak memory of a tile (None: not measured, :data:`DEFAULT_TILE_MEMORY`).
        self.tile_memory = tile_memory
        #: Models of the family that need less than ``tile_memory`` (FSRCNN-small), for their
        #: estimate; Auto tiles keep the family's figure.
        self.model_memory: Mapping[str, TileMemory] = dict(model_memory or {})
        #: Seconds per processed (padded) input pixel by model id, on the preferred runtime.
        self.speeds: Mapping[str, float] = dict(seconds_per_pixel or {})
        #: Largest Auto tile side (input pixels).
        self.max_tile = max_tile
        #: True when the stated context wins over the graph's: the graph's bound (the sum of its
        #: kernel radii) is far too big for deep zero-padded networks (RRDBNet: ~350 px where 80
        #: measured exact) or too small for attention (DAT), so the measured value is used.
        self.stated_context = stated_context
        #: How far (input pixels) the image's edge is extended beyond the picture for a network
        #: (None: the whole margin). Tiled still equals whole with less, as long as every run
        #: extends the same way; deep networks with wide margins would otherwise spend most of a
        #: small picture's time on made-up border (RRDBNet's 80 px margin on a 64 px image: 9x).
        self.edge_extension = edge_extension
        #: Tile cores start and end on this grid (input pixels from the image origin), except at
        #: the image's end: networks with windowed attention (DAT: 32) differ far less across
        #: tiles whose windows line up with the whole image's.
        self.tile_multiple = tile_multiple
        #: False when no margin makes tiles equal the whole picture (global attention or pooling):
        #: a tiled result is then an approximation, and says so.
        self.tiles_exact = tiles_exact

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key}>"

    def bytes_per_pixel(self, scale: int) -> int:
        """Peak bytes per (padded) input pixel while one tile runs; sizes Auto tiles and the
        memory estimate. A family that has not measured its own gets a safe default."""
        return (self.tile_memory or DEFAULT_TILE_MEMORY).per_pixel(scale)

    def model_bytes_per_pixel(self, model_id: str, scale: int) -> int:
        """Peak bytes per (padded) input pixel of ``model_id``'s tiles, for its estimate."""
        if model_id in self.model_memory:
            return self.model_memory[model_id].per_pixel(scale)
        return self.bytes_per_pixel(scale)

    def output_names(self, scale: int) -> tuple[str, ...]:
        """Network outputs that hold the result at ``scale``, if the graph has them; the default
        output otherwise."""
        return ()

    def context(self, model_id: str) -> int:
        """The stated network context of ``model_id`` (input pixels each side); the family's
        largest for a model it does not list."""
        if isinstance(self.default_context, int):
            return self.default_context
        return self.default_context.get(model_id, max(self.default_context.values()))

    def margin(self, network_context: int | None, model_id: str) -> int:
        """Context around each tile: the network's receptive field (``network_context``, or the
        family's stated one when no network is loaded or the graph cannot tell) plus the family's
        own resampling, and never less than alpha's resampling needs."""
        if network_context is None or self.stated_context:
            context = self.context(model_id)
        else:
            context = network_context
        return max(context + self.resample_context, RESAMPLE_CONTEXT[ALPHA_INTERPOLATION])

    def seconds_per_pixel(self, model_id: str, speed_class: str = "slow") -> float:
        """Measured seconds per padded input pixel for ``model_id``; by speed class otherwise."""
        if model_id in self.speeds:
            return self.speeds[model_id]
        return SECONDS_PER_PIXEL_BY_SPEED.get(speed_class, SECONDS_PER_PIXEL_BY_SPEED["slow"])

    @abstractmethod
    def process(self, pixels: np.ndarray, backend: Backend | None, scale: int) -> np.ndarray:
        """Upscale one tile by ``scale``; same layout and dtype out as in."""


def run_checked(
    backend: Backend | None,
    blob: np.ndarray,
    channels: int,
    scale: int,
    border: int = 0,
) -> np.ndarray:
    """Run the network and insist on ``channels`` x ``scale``-times output (else ModelError).

    ``border``: pixels per side the blob was padded by and an unpadded network eats (waifu2x), so
    the output is ``scale`` times the blob less twice the border.
    """
    if backend is None:
        raise ModelError(text("this model needs a network file, but none was loaded"))
    out = backend.run(blob)
    height, width = blob.shape[2] - 2 * border, blob.shape[3] - 2 * border
    expected = (1, channels, height * scale, width * scale)
    if out.shape != expected:
        raise ModelError(
            text(
                "the model returned an output of shape {shape}, expected {expected} (is it really "
                "a x{scale} model of this family?)",
                shape=tuple(out.shape),
                expected=expected,
                scale=scale,
            ),
            backend.path,
        )
    return out
