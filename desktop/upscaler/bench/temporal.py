"""A measurement, not a feature: does a simple temporal method gain over per-frame upscaling?

The clip is a window panning across a high-resolution photo (sub-pixel steps at the low
resolution, so neighbouring frames hold different samples of the same scene); each window is
degraded as the literature does (``quality.degrade``), upscaled per frame, and scored against the
original window (PSNR/SSIM on Y, ``quality.score``). The temporal method averages each upscaled
frame with its two neighbours warped onto it by dense optical flow (OpenCV DIS) computed between
the upscaled frames, with weights 1/2, 1/4, 1/4 and a neighbour's pixel used only where the
warp lands inside it and agrees with the centre within a threshold (occlusion guard).

If it does not gain clearly, per-frame upscaling stays the method (see docs/video.md).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from upscaler.bench.quality import crop_to_scale, degrade, score
from upscaler.core.engine import Upscaler

#: A neighbour's warped pixel counts only where it is this close to the centre frame (grey levels).
AGREEMENT = 12.0


@dataclass(frozen=True)
class TemporalScore:
    model: str
    per_frame_psnr: float
    temporal_psnr: float
    per_frame_ssim: float
    temporal_ssim: float


def pan_windows(
    picture: np.ndarray, width: int, height: int, count: int, step: int
) -> list[np.ndarray]:
    """High-resolution windows moving ``step`` px right and ``step // 2`` px down per frame."""
    windows = []
    for n in range(count):
        x, y = n * step, n * step // 2
        if x + width > picture.shape[1] or y + height > picture.shape[0]:
            raise ValueError("the picture is too small for this pan")
        windows.append(np.ascontiguousarray(picture[y : y + height, x : x + width, :3]))
    return windows


def warp_onto(reference: np.ndarray, moving: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``moving`` warped onto ``reference`` by DIS optical flow; and where it is valid."""
    flow_engine = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)  # type: ignore[attr-defined]
    gray_ref = cv2.cvtColor(reference, cv2.COLOR_BGR2GRAY)
    gray_mov = cv2.cvtColor(moving, cv2.COLOR_BGR2GRAY)
    flow = flow_engine.calc(gray_ref, gray_mov, None)
    height, width = gray_ref.shape
    grid_x, grid_y = np.meshgrid(
        np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32)
    )
    map_x, map_y = grid_x + flow[..., 0], grid_y + flow[..., 1]
    warped = cv2.remap(moving, map_x, map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    inside = (map_x >= 0) & (map_x <= width - 1) & (map_y >= 0) & (map_y <= height - 1)
    agree = np.abs(warped.astype(np.float32) - reference.astype(np.float32)).max(axis=2)
    return warped, inside & (agree < AGREEMENT)


def temporal_average(frames: Sequence[np.ndarray], index: int) -> np.ndarray:
    """Frame ``index`` averaged with its aligned neighbours (1/2, 1/4, 1/4 where valid)."""
    centre = frames[index].astype(np.float32)
    total = centre * 0.5
    weight = np.full(centre.shape[:2], 0.5, np.float32)
    for other in (index - 1, index + 1):
        if 0 <= other < len(frames):
            warped, valid = warp_onto(frames[index], frames[other])
            w = valid.astype(np.float32) * 0.25
            total += warped.astype(np.float32) * w[..., None]
            weight += w
    return np.clip(total / weight[..., None] + 0.5, 0, 255).astype(np.uint8)


def measure(
    upscaler: Upscaler,
    picture: np.ndarray,
    *,
    width: int = 192,
    height: int = 144,
    count: int = 7,
    step: int = 3,
) -> TemporalScore:
    """Mean PSNR/SSIM of per-frame and temporally averaged results over the inner frames."""
    scale = upscaler.scale
    windows = [crop_to_scale(w, scale) for w in pan_windows(picture, width, height, count, step)]
    upscaled = [upscaler.upscale(degrade(w, scale)) for w in windows]
    inner = range(1, count - 1)
    plain = [score(windows[i], upscaled[i], scale) for i in inner]
    averaged = [score(windows[i], temporal_average(upscaled, i), scale) for i in inner]
    return TemporalScore(
        upscaler.info.label,
        statistics.fmean(p for p, _ in plain),
        statistics.fmean(p for p, _ in averaged),
        statistics.fmean(s for _, s in plain),
        statistics.fmean(s for _, s in averaged),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m upscaler.bench.temporal --models-dir DIR IMAGE...``: the table in
    docs/video.md (mean over the colour images given)."""
    import argparse
    from pathlib import Path

    from upscaler.core.catalog import load_catalog
    from upscaler.core.imageio import read_image
    from upscaler.core.store import ModelStore

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("images", nargs="+", type=Path)
    parser.add_argument("--models-dir", type=Path)
    parser.add_argument(
        "--models",
        nargs="+",
        default=["bicubic_x2", "UpNet_x2", "FSRCNN_x2", "bicubic_x4", "UpNet_x4"],
    )
    args = parser.parse_args(argv)
    store = ModelStore(args.models_dir)
    pictures = [read_image(p).pixels for p in args.images]
    pictures = [p for p in pictures if p.ndim == 3]
    print("| model | PSNR per frame | PSNR temporal | SSIM per frame | SSIM temporal |")
    print("|---|---|---|---|---|")
    for model in args.models:
        info = load_catalog().get(model)
        engine = Upscaler(info, store.find(info) if info.needs_file else None)
        rows = [measure(engine, p) for p in pictures]
        print(
            f"| {info.label} | {statistics.fmean(r.per_frame_psnr for r in rows):.2f} | "
            f"{statistics.fmean(r.temporal_psnr for r in rows):.2f} | "
            f"{statistics.fmean(r.per_frame_ssim for r in rows):.4f} | "
            f"{statistics.fmean(r.temporal_ssim for r in rows):.4f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
