"""`upscaler-cli bench video`: frames per second of every installed model on a 320x240 clip at
x2 and x4, and the frame-to-frame difference on a static scene (see ``core/video/bench.py``).

Prints Markdown tables for docs/video.md.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from upscaler.bench import video as bench
from upscaler.core.catalog import load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.imageio import read_image
from upscaler.core.paths import resources_dir
from upscaler.core.store import ModelStore


def register(bench_sub: argparse._SubParsersAction) -> None:
    video = bench_sub.add_parser(
        "video",
        help="frames per second and temporal stability of each model on video",
        description="Speed (whole pipeline and engine alone) on a panning clip, and the "
        "frame-to-frame difference on a static scene, for every installed model.",
    )
    video.add_argument("--models-dir", type=Path, metavar="DIR", help="extra folder of models")
    video.add_argument("--models", nargs="*", metavar="ID", help="model ids (default: all)")
    video.add_argument("--scales", nargs="*", type=int, default=[2, 4], metavar="N")
    video.add_argument("--size", default="320x240", metavar="WxH", help="clip size")
    video.add_argument("--frames", type=int, default=12, metavar="N", help="frames per clip")
    video.add_argument("--image", type=Path, help="picture to pan over (default: the sample)")
    video.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    width, height = (int(v) for v in args.size.lower().split("x"))
    picture = read_image(args.image or resources_dir() / "sample.png").pixels[:, :, :3]
    store = ModelStore(args.models_dir)
    chosen = [
        info
        for info in load_catalog().all()
        if info.scale in args.scales
        and store.is_installed(info)
        and (not args.models or info.id in args.models)
        and info.family != "edsr"
    ]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pan = bench.write_clip(
            work / "pan.mp4", bench.pan_frames(picture, width, height, args.frames)
        )
        still = bench.write_clip(
            work / "still.mp4", bench.still_frames(picture, width, height, args.frames), crf=23
        )
        grainy = bench.write_clip(
            work / "grain.mp4",
            bench.still_frames(picture, width, height, args.frames, noise=4.0),
            crf=18,
        )
        print(
            "| model | scale | engine fps | pipeline fps | static scene: source | "
            "upscaled | encoded | with grain: source | upscaled | encoded |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for info in chosen:
            engine = Upscaler(info, store.find(info) if info.needs_file else None)
            speed = bench.measure_speed(engine, pan, work)
            steady = bench.measure_stability(engine, still, work)
            grain = bench.measure_stability(engine, grainy, work)
            print(
                f"| {info.name} | x{info.scale} | {speed.engine_fps:.2f} | "
                f"{speed.pipeline_fps:.2f} | {steady.source:.3f} | {steady.upscaled:.3f} | "
                f"{steady.encoded:.3f} | {grain.source:.2f} | {grain.upscaled:.2f} | "
                f"{grain.encoded:.2f} |",
                flush=True,
            )
    return 0
