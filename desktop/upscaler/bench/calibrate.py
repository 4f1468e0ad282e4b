"""Estimate against measurement: the check behind ``upscaler-cli bench estimate``.

Each case runs in a fresh child process (peak memory only grows within a process): it loads the
model, then times the network part of a run and the write separately (wall and CPU time) and reads
the peak memory each phase added. The parent computes what the program would have shown before the
run (the same ``estimate_for``) and reports the ratios. The bar (issue 12): time within 0.5-2x of
the measured on an idle machine; memory an upper bound, at most 1.5x the measured peak.

The phases give the constants the estimate is made of: a tile's peak bytes per processed input
pixel (the family's ``tile_memory``), the writer's bytes per output byte (``WRITE_OVERHEAD``) and
its CPU seconds per output pixel (``ENCODE_SECONDS_PER_PIXEL``: the encoders use one core, so on
an idle machine their CPU time is their wall time), and each network's seconds per padded pixel.
On Linux each phase's peak is its own (``/proc/self/clear_refs`` resets the high-water mark);
elsewhere both are the run's.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from upscaler.bench.speed import in_child, peak_rss, test_image
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.estimate import estimate_for
from upscaler.core.imageio import write_image

#: Idle wall time of a network run on this 2-core machine, from its CPU time: between CPU / 2
#: (perfect scaling) and CPU (none); CPU / 1.6 is within 1.25x of either end. The families'
#: seconds per pixel are the measured CPU seconds per padded pixel over this.
PARALLEL = 1.6


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
    #: CPU seconds (all threads) of the network part and of the write.
    network_cpu_s: float = 0.0
    write_cpu_s: float = 0.0
    #: Input pixels fed to the largest tile (its core plus context).
    largest_tile: int = 0
    #: Peak memory each phase added above the resident size it started from.
    run_peak: int = 0
    write_peak: int = 0
    out_bytes: int = 0
    out_pixels: int = 0
    tile: int = 0
    content: str = "photo"
    #: Resident memory the run left (the output image included) when the write began.
    kept: int = 0

    @property
    def measured_s(self) -> float:
        return self.network_s + self.write_s

    @property
    def time_ratio(self) -> float:
        """Estimate over measured: 1.0 is exact, above 1 the estimate was pessimistic."""
        return self.estimated_s / self.measured_s

    @property
    def idle_s(self) -> float:
        """The run's time on two idle cores as the constants model it, from its CPU time: the
        network's over :data:`PARALLEL`, the (single-threaded) write's as it is. Unlike the
        wall time, a busy machine barely changes it."""
        return self.network_cpu_s / PARALLEL + self.write_cpu_s

    @property
    def cpu_time_ratio(self) -> float:
        """Estimate over :attr:`idle_s`."""
        return self.estimated_s / max(1e-9, self.idle_s)

    @property
    def memory_ratio(self) -> float:
        return self.estimated_bytes / max(1, self.peak_bytes)

    @property
    def seconds_per_pixel(self) -> float:
        """The network's measured cost per processed (padded) input pixel."""
        return self.network_s / self.padded_pixels

    @property
    def cpu_seconds_per_pixel(self) -> float:
        """The network's CPU seconds (all threads) per processed (padded) input pixel."""
        return self.network_cpu_s / max(1, self.padded_pixels)

    @property
    def tile_bytes_per_pixel(self) -> float:
        """The run's peak beyond the output image, per input pixel of its largest tile."""
        return (self.run_peak - self.out_bytes) / max(1, self.largest_tile)

    @property
    def kept_fraction(self) -> float:
        """What the run kept for the write, beyond the output image, per byte of its peak beyond
        the output image (the runtime's arena, the allocator's cached blocks)."""
        return (self.kept - self.out_bytes) / max(1, self.run_peak - self.out_bytes)

    @property
    def write_overhead(self) -> float:
        """The writer's peak per output byte (the output image itself excluded)."""
        return self.write_peak / max(1, self.out_bytes)

    @property
    def idle_seconds_per_pixel(self) -> float:
        """What the family module states: CPU seconds per padded pixel over :data:`PARALLEL`."""
        return self.cpu_seconds_per_pixel / PARALLEL

    @property
    def write_cpu_per_pixel(self) -> float:
        return self.write_cpu_s / max(1, self.out_pixels)

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Case:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})  # type: ignore[arg-type]


def reset_peak() -> bool:
    """Make the peak resident size the current one (Linux); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def resident() -> int:
    """This process's resident size now (bytes); the peak where the OS does not say."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return peak_rss()


def measure_case(
    model_id: str,
    path: str | None,
    side: int,
    fmt: str = "PNG",
    tile: int | None = None,
    content: str = "photo",
) -> Case:
    """Run one case in this process (call it through :func:`run_case` for a clean peak).

    ``content``: ``photo`` (smooth, photo-like) or ``noise`` (incompressible: the encoders' worst
    case for memory and time)."""
    info = load_catalog().get(model_id)
    upscaler = Upscaler(info, Path(path) if path else None)
    if content == "noise":
        pixels = np.random.default_rng(0).integers(0, 256, (side, side, 3), dtype=np.uint8)
    else:
        pixels = test_image(side, side)
    guess = estimate_for(upscaler, pixels, tile, fmt)
    phases = reset_peak()  # each phase's own peak, from the resident size it starts at
    run_base = resident() if phases else peak_rss()
    start, cpu = time.perf_counter(), time.process_time()
    out = upscaler.upscale(pixels, tile=tile)
    network, network_cpu = time.perf_counter() - start, time.process_time() - cpu
    run_peak = peak_rss() - run_base
    with tempfile.TemporaryDirectory() as folder:
        write_base = resident() if phases and reset_peak() else run_base
        start, cpu = time.perf_counter(), time.process_time()
        write_image(Path(folder) / f"out.{fmt.lower()}", out)
        written, written_cpu = time.perf_counter() - start, time.process_time() - cpu
        write_peak = peak_rss() - write_base
    tiles = upscaler.plan(side, side, tile)
    networked = upscaler.family.channels is not None
    return Case(
        model_id=model_id,
        side=side,
        fmt=fmt,
        runtime=upscaler.backend.runtime if upscaler.backend is not None else "-",
        tiles=len(tiles),
        padded_pixels=sum(t.fed if networked else t.padded.area for t in tiles),
        network_s=network,
        write_s=written,
        peak_bytes=max(run_peak, write_base - run_base + write_peak),
        estimated_s=guess.seconds,
        estimated_bytes=guess.peak_bytes,
        network_cpu_s=network_cpu,
        write_cpu_s=written_cpu,
        largest_tile=max(t.fed if networked else t.padded.area for t in tiles),
        run_peak=run_peak,
        write_peak=write_peak,
        out_bytes=out.nbytes,
        out_pixels=out.shape[0] * out.shape[1],
        tile=tile or upscaler.auto_tile(),
        content=content,
        kept=write_base - run_base,
    )


def run_case(
    model_id: str,
    path: Path | None,
    side: int,
    fmt: str = "PNG",
    tile: int | None = None,
    content: str = "photo",
) -> Case:
    """:func:`measure_case` in a fresh child process."""
    result: Case = in_child(
        measure_case, model_id, str(path) if path else None, side, fmt, tile, content
    )
    return result
