"""Expected time and memory before a run, in words, from ``core.estimate``.

A single picture's result stays in memory until it is saved, so its estimate counts no encoding
(counting it made the window's figures several times too high for large pictures); a batch file
is written, so its estimate counts the output format's encoder. Once the worker has loaded the
model, the estimate uses that engine's own tile context and Auto tile side.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from upscaler.core.catalog import ModelInfo
from upscaler.core.estimate import Estimate, estimate
from upscaler.core.pipeline import output_format
from upscaler.core.units import format_duration
from upscaler.ui.document import QueueItem
from upscaler.ui.formatting import human_size
from upscaler.ui.worker import Engine


def cost(
    info: ModelInfo,
    size: tuple[int, int],
    *,
    channels: int = 3,
    bytes_per_sample: int = 1,
    tile: int | None = None,
    engine: Engine | None = None,
    output_format: str | None = None,
) -> Estimate:
    """The core's estimate for one picture (``output_format`` None: kept in memory)."""
    known = engine if engine is not None and engine.model_id == info.id else None
    return estimate(
        size[0],
        size[1],
        channels,
        info,
        tile=tile,
        bytes_per_sample=bytes_per_sample,
        output_format=output_format,
        margin=known.margin if known else None,
        auto_tile=known.auto_tile if known else None,
    )


def time_words(seconds: float) -> str:
    """``under a second`` or ``about 0:35``."""
    translate = QCoreApplication.translate
    if seconds < 1:
        return translate("RunStatus", "under a second")
    return translate("RunStatus", "about {time}").format(time=format_duration(seconds))


def estimate_text(est: Estimate) -> str:
    """``Expected: about 0:35, 1.2 GB of memory (12 tiles)`` in the user's language."""
    translate = QCoreApplication.translate
    if est.tiles == 1:
        text = translate("RunStatus", "Expected: {time}, {memory} of memory")
    else:
        text = translate("RunStatus", "Expected: {time}, {memory} of memory ({tiles} tiles)")
    return text.format(
        memory=human_size(est.peak_bytes), time=time_words(est.seconds), tiles=est.tiles
    )


def written_format(item: QueueItem, chosen: str) -> str:
    """The format a queued file will be written in (``chosen``: "same" or a format name)."""
    return output_format(item.source, None if chosen == "same" else chosen)


def batch_seconds(
    items: Iterable[QueueItem],
    info: ModelInfo,
    *,
    tile: int | None,
    engine: Engine | None,
    output_format: str,
) -> float:
    """Expected seconds for ``items`` (those whose size is known yet)."""
    return sum(
        cost(
            info,
            item.size,
            tile=tile,
            engine=engine,
            output_format=written_format(item, output_format),
        ).seconds
        for item in items
        if item.size is not None
    )
