"""Estimate against measurement: the check behind ``upscaler-cli bench estimate``.

Each case runs in a fresh child process (peak memory only grows within a process): it loads the
model, then times the network part of a run and the write separately and reads the peak memory
the run added. The parent computes what the program would have shown before the run (the same
``estimate_for``) and reports the ratios. The bar (issue 12): time within 0.5-2x of the measured
on an idle machine; memory an upper bound, at most 1.5x the measured peak. The measured seconds
per padded input pixel are the figures the family modules hold.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from upscaler.bench.speed import in_child, peak_rss, test_image
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.estimate import estimate_for
from upscaler.core.imageio import write_image


@dataclass(frozen=True)
class Case:
    """One measured run and the estimate for it."""

    model_id: str
    side: int
    fmt: str
    runtime: str
    tiles: int
    padded_pixels: int
    network_s: float
    write_s: float
    peak_bytes: int
    estimated_s: float
    estimated_bytes: int

    @property
    def measured_s(self) -> float:
        return self.network_s + self.write_s

    @property
    def time_ratio(self) -> float:
        """Estimate over measured: 1.0 is exact, above 1 the estimate was pessimistic."""
        return self.estimated_s / self.measured_s

    @property
    def memory_ratio(self) -> float:
        return self.estimated_bytes / max(1, self.peak_bytes)

    @property
    def seconds_per_pixel(self) -> float:
        """The network's measured cost per processed (padded) input pixel."""
        return self.network_s / self.padded_pixels


def measure_case(model_id: str, path: str | None, side: int, fmt: str = "PNG") -> Case:
    """Run one case in this process (call it through :func:`run_case` for a clean peak)."""
    info = load_catalog().get(model_id)
    upscaler = Upscaler(info, Path(path) if path else None)
    pixels = test_image(side, side)
    guess = estimate_for(upscaler, pixels, None, fmt)
    before = peak_rss()
    start = time.perf_counter()
    out = upscaler.upscale(pixels)
    network = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        write_image(Path(folder) / f"out.{fmt.lower()}", out)
        written = time.perf_counter() - start
    tiles = upscaler.plan(side, side)
    return Case(
        model_id=model_id,
        side=side,
        fmt=fmt,
        runtime=upscaler.backend.runtime if upscaler.backend is not None else "-",
        tiles=len(tiles),
        padded_pixels=sum(t.padded.area for t in tiles),
        network_s=network,
        write_s=written,
        peak_bytes=peak_rss() - before,
        estimated_s=guess.seconds,
        estimated_bytes=guess.peak_bytes,
    )


def run_case(model_id: str, path: Path | None, side: int, fmt: str = "PNG") -> Case:
    """:func:`measure_case` in a fresh child process."""
    result: Case = in_child(measure_case, model_id, str(path) if path else None, side, fmt)
    return result
