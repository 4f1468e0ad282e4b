"""`upscaler-cli bench`: measure models; `quality` lives here, `speed` in speed_cmd."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TextIO

import numpy as np

from upscaler.bench import estimate_cmd, precision_cmd, video_cmd
from upscaler.bench import speed_cmd as bench_speed_cmd
from upscaler.bench.quality import (
    BICUBIC,
    Degradation,
    QualityResult,
    evaluate,
    parse_degradation,
    too_small,
)
from upscaler.cli.upscale_cmd import model_file, open_store, path_arg, tile_size
from upscaler.cli.usage import UsageError
from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import ImageReadError, ModelError, UpscalerError
from upscaler.core.imageio import read_image
from upscaler.core.messages import printable
from upscaler.core.pipeline import expand_inputs
from upscaler.core.store import ModelStore

BASELINE = "bicubic"


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help="measure the models' quality and speed")
    bench_sub = bench.add_subparsers(dest="bench_command", metavar="WHAT")
    bench.set_defaults(func=lambda args: _missing_subcommand(bench))

    quality = bench_sub.add_parser(
        "quality",
        help="PSNR/SSIM of each model against bicubic on a benchmark set",
        description=(
            "Shrink each image of DIR with anti-aliased bicubic downscaling, upscale it back with "
            "each model, and report mean PSNR/SSIM on the luma channel with a border of SCALE "
            "pixels shaved (the conventions of the super-resolution literature). 'seconds' is "
            "the total upscaling time over the set."
        ),
    )
    quality.add_argument(
        "--data", type=path_arg, required=True, metavar="DIR", help="folder of images"
    )
    quality.add_argument(
        "--scale", type=int, nargs="+", required=True, metavar="N", help="one or more scales"
    )
    quality.add_argument(
        "--models",
        nargs="+",
        metavar="NAME",
        help="models to measure (default: every installed model for the scale); bicubic is "
        "always included as the reference",
    )
    quality.add_argument(
        "--models-dir", type=path_arg, metavar="DIR", help="extra folder of models"
    )
    quality.add_argument(
        "--tile", type=tile_size, metavar="N", help="tile side in input pixels (default: auto)"
    )
    quality.add_argument(
        "--degrade",
        type=degradation_arg,
        nargs="+",
        default=[BICUBIC],
        metavar="SPEC",
        help="how the low-resolution inputs are made, one table each: bicubic (anti-aliased, the "
        "literature's; default), aliased (OpenCV INTER_CUBIC, no anti-aliasing), area (OpenCV "
        "INTER_AREA), jpeg:Q (bicubic, then JPEG at quality Q), noise:SIGMA+jpeg:Q (bicubic, "
        "Gaussian noise of SIGMA grey levels seeded per image, then JPEG)",
    )
    quality.set_defaults(func=run_quality)

    bench_speed_cmd.register(bench_sub)
    estimate_cmd.register(bench_sub)
    precision_cmd.register(bench_sub)
    video_cmd.register(bench_sub)


def degradation_arg(text: str) -> Degradation:
    try:
        return parse_degradation(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _missing_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def load_images(folder: Path, err: TextIO) -> tuple[list[tuple[str, np.ndarray]], int]:
    """The benchmark's originals by file name, and how many files were left out: each one that
    cannot be read is named on ``err``, and the others are still measured."""
    if not os.path.isdir(folder):  # False, not an OSError, for a name too long
        raise UsageError(f"argument --data: {printable(folder)} is not a folder of images")
    files, errors = expand_inputs([folder])
    images = []
    for path in files:
        try:
            images.append((path.name, read_image(path).pixels))
        except UpscalerError as unreadable:
            errors.append(unreadable)
    for problem in errors:
        print(f"error: {problem}", file=err)
    return images, len(errors)


def measurable(
    images: list[tuple[str, np.ndarray]], scale: int, folder: Path, err: TextIO
) -> list[tuple[str, np.ndarray]]:
    """The images big enough to be scored at ``scale``; the others are named on ``err``."""
    kept = []
    for name, pixels in images:
        problem = too_small(pixels.shape[1], pixels.shape[0], scale)
        if problem is None:
            kept.append((name, pixels))
        else:
            print(f"error: {printable(folder / name)}: {problem}; left out at x{scale}", file=err)
    return kept


def models_to_measure(
    store: ModelStore, scale: int, names: Sequence[str] | None
) -> list[tuple[ModelInfo, Path | None]]:
    """Bicubic first, then the named models (or every installed network) with their files.
    A name the catalog does not know, or a scale it lacks, is a :class:`UsageError`."""
    catalog = load_catalog()
    try:
        if names:
            chosen = [catalog.get(name, scale) for name in names]
        else:
            chosen = [m for m in catalog.for_scale(scale) if m.needs_file and store.is_installed(m)]
        baseline = catalog.get(BASELINE, scale)
    except ModelError as error:
        raise UsageError(str(error)) from None
    ordered = [baseline] + [m for m in dict.fromkeys(chosen) if m != baseline]
    return [(info, model_file(store, info)) for info in ordered]


def measure(
    models: Sequence[tuple[ModelInfo, Path | None]],
    images: list[tuple[str, np.ndarray]],
    scale: int,
    tile: int | None,
    degradation: Degradation = BICUBIC,
) -> list[QualityResult]:
    results = []
    for info, path in models:
        engine = Upscaler(info, path)
        upscale = partial(engine.upscale, tile=tile)
        label = info.name if info.variant is None else f"{info.name} ({info.variant})"
        results.append(evaluate(upscale, images, scale, label=label, degradation=degradation))
    return results


def _number(value: float, digits: int) -> str:
    return "inf" if math.isinf(value) else f"{value:.{digits}f}"


def format_table(results: Sequence[QualityResult]) -> str:
    """A plain-text table: model, scale, PSNR, SSIM, PSNR gain over bicubic, seconds."""
    header = ("model", "scale", "PSNR dB", "SSIM", "vs bicubic", "seconds")
    rows = [header]
    reference = {r.scale: r for r in results if r.label == BASELINE}
    for r in results:
        base = reference.get(r.scale)
        delta = "" if base is None else f"{r.psnr - base.psnr:+.2f}"
        rows.append(
            (
                r.label,
                f"x{r.scale}",
                _number(r.psnr, 2),
                _number(r.ssim, 4),
                delta,
                f"{r.seconds:.2f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        numbers = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        cells = [row[0].ljust(widths[0]), *numbers]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_quality(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Measure every scale; a bad file is named and left out, the rest measured (exit 1)."""
    out = out or sys.stdout
    err = err or sys.stderr
    store = open_store(args.models_dir)
    scales = dict.fromkeys(args.scale)  # `--scale 2 2` measures x2 once
    plans = [(scale, models_to_measure(store, scale, args.models)) for scale in scales]
    images, failed = load_images(args.data, err)
    print(f"{len(images)} images from {printable(args.data)}", file=out, flush=True)
    degradations = list(dict.fromkeys(args.degrade))
    measured = False
    for degradation in degradations:
        results: list[QualityResult] = []
        for scale, models in plans:
            usable = measurable(images, scale, args.data, err)
            if degradation is degradations[0]:
                failed += len(images) - len(usable)
            if usable:
                results.extend(measure(models, usable, scale, args.tile, degradation))
        if not results:
            continue
        measured = True
        if degradations != [BICUBIC]:
            print(f"\ndegradation: {degradation.name}", file=out)
        print(format_table(results), file=out, flush=True)
    if not measured:
        raise ImageReadError("no image in the folder could be measured", args.data)
    return 1 if failed else 0
