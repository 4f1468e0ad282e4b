"""``upscaler-cli bench estimate``: how close the program's time and memory estimates come."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import TextIO

from upscaler.bench.calibrate import Case, run_case
from upscaler.cli.upscale_cmd import model_file, open_store, path_arg
from upscaler.core.catalog import load_catalog
from upscaler.core.errors import UpscalerError
from upscaler.core.units import format_bytes

#: Image sides (square, input pixels) measured by default: one tile, and several.
SIDES = (256, 768)


def register(bench_sub: argparse._SubParsersAction) -> None:
    parser = bench_sub.add_parser(
        "estimate",
        help="compare the time and memory estimates with measured runs",
        description=(
            "Run each model on photo-like images (a fresh process per run) and compare the "
            "estimate the program shows before a run with the measured time and peak memory. "
            "Run it on an otherwise idle machine: time ratios are meaningless under load. "
            "--speeds prints each model's measured seconds per padded input pixel, the figures "
            "the family modules (core/families/) hold."
        ),
    )
    parser.add_argument("--models", nargs="+", metavar="ID", help="model ids (default: all)")
    parser.add_argument("--models-dir", type=path_arg, metavar="DIR", help="extra model folder")
    parser.add_argument("--sides", type=int, nargs="+", default=list(SIDES), metavar="PX")
    parser.add_argument(
        "--format",
        dest="formats",
        nargs="+",
        default=["PNG"],
        type=str.upper,
        metavar="FMT",
        help="output format(s); each model runs once per format",
    )
    parser.add_argument(
        "--tile", type=int, metavar="PX", help="tile side (default: Auto, as a real run)"
    )
    parser.add_argument(
        "--content",
        choices=("photo", "noise"),
        default="photo",
        help="the test image: photo-like (default) or noise (the encoders' worst case)",
    )
    parser.add_argument("--speeds", action="store_true", help="print seconds per pixel")
    parser.add_argument(
        "--constants",
        action="store_true",
        help="print what each phase measured: tile bytes per input pixel, writer bytes per "
        "output byte, CPU seconds per pixel (the estimate's constants)",
    )
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help="also save every measured case to FILE"
    )
    parser.set_defaults(func=run_estimate)


def run_estimate(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    store = open_store(args.models_dir)
    catalog = load_catalog()
    chosen = [catalog.get(m) for m in args.models] if args.models else catalog.all()
    cases: list[Case] = []
    print(HEADER, file=out, flush=True)
    for info in chosen:
        try:
            path = model_file(store, info)
        except UpscalerError as err:
            print(f"skipped {info.id}: {err}", file=out)
            continue
        for fmt in args.formats:
            for side in args.sides:
                cases.append(run_case(info.id, path, side, fmt, args.tile, args.content))
                print(format_row(cases[-1]), file=out, flush=True)
    if cases:
        print(summary(cases), file=out)
    if args.json is not None:
        args.json.write_text(json.dumps([c.to_json() for c in cases], indent=1) + "\n")
    if args.constants:
        print(CONSTANTS_HEADER, file=out)
        for case in cases:
            print(format_constants(case), file=out)
    if args.speeds:
        for model_id in dict.fromkeys(c.model_id for c in cases):
            own = [c.seconds_per_pixel for c in cases if c.model_id == model_id]
            print(f'    "{model_id}": {statistics.median(own):.2e},', file=out)
    return 0


CONSTANTS_HEADER = (
    "model, side, format: tile bytes per input px (the share kept for the write); writer bytes "
    "per output byte; network CPU s "
    "per padded px (/ 1.6: the family's seconds_per_pixel); write CPU s per output px"
)


def format_constants(case: Case) -> str:
    return (
        f"{case.model_id} {case.side} px {case.fmt}: {case.tile_bytes_per_pixel:.0f} B/px "
        f"({case.kept_fraction:.2f} kept); "
        f"{case.write_overhead:.3f} B/B; {case.cpu_seconds_per_pixel:.2e} s/px "
        f"({case.idle_seconds_per_pixel:.2e}); "
        f"{case.write_cpu_per_pixel:.2e} s/px"
    )


HEADER = (
    "model, side, format, runtime, tiles: time est/measured (ratio; est over the network's CPU "
    "time / 1.6 + the write's); memory est/measured (ratio)"
)


def format_row(case: Case) -> str:
    return (
        f"{case.model_id} {case.side} px {case.fmt} {case.runtime} {case.tiles} tile(s): "
        f"{case.estimated_s:.2f}/{case.measured_s:.2f} s ({case.time_ratio:.2f}x; from CPU time "
        f"{case.cpu_time_ratio:.2f}x); "
        f"{format_bytes(case.estimated_bytes)}/{format_bytes(case.peak_bytes)} "
        f"({case.memory_ratio:.2f}x)"
    )


def summary(cases: list[Case]) -> str:
    times = [c.time_ratio for c in cases]
    cpu = [c.cpu_time_ratio for c in cases]
    memory = [c.memory_ratio for c in cases]
    return (
        f"{len(cases)} runs: time ratio {min(times):.2f}-{max(times):.2f} "
        f"(median {statistics.median(times):.2f}; the bar is 0.5-2 on an idle machine; from CPU "
        f"time {min(cpu):.2f}-{max(cpu):.2f}, median {statistics.median(cpu):.2f}), "
        f"memory ratio {min(memory):.2f}-{max(memory):.2f} (the bar is 1.0-1.5)"
    )
