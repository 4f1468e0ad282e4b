"""Measurements behind models/DAT-light.md: quality, agreement, tile margin, speed, memory.

Run from the repository root with the program installed (``pip install -e .``); the
``reference`` figures also need torch (``train`` extra) and the pinned wheel::

    B=../shared/data/sr-benchmarks
    python models/convert/measure_dat.py psnr --data $B/Set5 [--opencv] [--torch-wheel-dir wheels/]
    python models/convert/measure_dat.py margin --image $B/Set14/baboon.png --tile 128
    python models/convert/measure_dat.py speed --image $B/Set14/baboon.png
    python models/convert/measure_dat.py memory

Conventions (the model card's): the networks take RGB float32 NCHW in 0..1 and return RGB in
about 0..1, clipped and rounded to 8 bits here; PSNR/SSIM on the BT.601 Y channel with a border
of ``scale`` pixels shaved (``upscaler.bench.quality.score``).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import onnx
import onnxruntime as ort

from upscaler.bench import quality

HERE = Path(__file__).resolve().parent
MODELS = HERE.parent
sys.path.insert(0, str(HERE))
import matlab_imresize  # noqa: E402
import onnx_tools  # noqa: E402

THREADS = 2
#: Window attention needs height and width padded to a multiple of this (in input pixels).
WINDOW_MULTIPLE = 32

Run = Callable[[np.ndarray], np.ndarray]  # 1x3xHxW float32 RGB -> 1x3x(sH)x(sW)


def model_path(scale: int) -> Path:
    return MODELS / f"DAT-light_x{scale}.onnx"


def ort_runner(scale: int) -> Run:
    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    session = ort.InferenceSession(
        str(model_path(scale)), options, providers=["CPUExecutionProvider"]
    )
    return lambda x: session.run(None, {"input": x})[0]


def opencv_runner(scale: int) -> Run:
    """OpenCV DNN needs a fixed input size: one network per size, each imported once."""
    graph = onnx.load(str(model_path(scale)))
    nets: dict[tuple[int, int], cv2.dnn.Net] = {}

    def run(x: np.ndarray) -> np.ndarray:
        size = (x.shape[2], x.shape[3])
        if size not in nets:
            data = onnx_tools.static_input(graph, *size).SerializeToString()
            nets[size] = cv2.dnn.readNetFromONNX(np.frombuffer(data, np.uint8))
        nets[size].setInput(x)
        return nets[size].forward()

    return run


def torch_runner(scale: int, wheel_dir: Path) -> Run:
    import convert_dat
    import torch

    pins = convert_dat.load_pins()
    wheel = convert_dat.open_wheel(wheel_dir, pins)
    state = convert_dat.load_state(convert_dat.read_member(wheel, pins["members"][str(scale)]))
    model = convert_dat.build(scale, state)
    torch.set_num_threads(THREADS)
    return lambda x: convert_dat.torch_run(model, x)


def to_blob(bgr: np.ndarray) -> np.ndarray:
    rgb = bgr[:, :, ::-1].astype(np.float32) / 255.0
    return np.ascontiguousarray(rgb.transpose(2, 0, 1)[None])


def to_bgr8(blob: np.ndarray) -> np.ndarray:
    rgb = np.clip(blob[0].transpose(1, 2, 0), 0.0, 1.0) * 255.0
    return np.round(rgb[:, :, ::-1]).astype(np.uint8)


def degrade(hr: np.ndarray, scale: int, kind: str) -> np.ndarray:
    if kind == "pillow":
        return quality.degrade(hr, scale)
    rgb = np.ascontiguousarray(hr[:, :, ::-1])
    return np.ascontiguousarray(matlab_imresize.imresize(rgb, 1 / scale)[:, :, ::-1])


def read(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot read {path}")
    return image


def cmd_psnr(args: argparse.Namespace) -> None:
    images = sorted(p for p in args.data.iterdir() if p.suffix.lower() == ".png")
    for scale in args.scales:
        runners: dict[str, Run] = {"onnxruntime": ort_runner(scale)}
        if args.opencv:
            runners["opencv"] = opencv_runner(scale)
        if args.torch_wheel_dir:
            runners["pytorch"] = torch_runner(scale, args.torch_wheel_dir)
        for kind in args.degrade:
            scores: dict[str, list[tuple[float, float]]] = {name: [] for name in runners}
            bicubic: list[float] = []
            worst = dict.fromkeys(runners, 0.0)
            seconds = dict.fromkeys(runners, 0.0)
            for path in images:
                hr = quality.crop_to_scale(read(path), scale)
                lr = degrade(hr, scale, kind)
                blob = to_blob(lr)
                outputs = {}
                for name, run in runners.items():
                    start = time.perf_counter()
                    outputs[name] = run(blob)
                    seconds[name] += time.perf_counter() - start
                    scores[name].append(quality.score(hr, to_bgr8(outputs[name]), scale))
                    first = outputs[next(iter(outputs))]
                    worst[name] = max(worst[name], float(np.abs(outputs[name] - first).max()))
                size = (hr.shape[1], hr.shape[0])
                up = cv2.resize(lr, size, interpolation=cv2.INTER_CUBIC)
                if kind == "matlab":
                    up = matlab_imresize.imresize(lr[:, :, ::-1], scale)[:, :, ::-1]
                bicubic.append(quality.score(hr, np.ascontiguousarray(up), scale)[0])
            line = {
                "set": args.data.name,
                "scale": scale,
                "degradation": kind,
                "bicubic_psnr": round(statistics.fmean(bicubic), 3),
            }
            for name in runners:
                line[f"{name}_psnr"] = round(statistics.fmean(s[0] for s in scores[name]), 3)
                line[f"{name}_ssim"] = round(statistics.fmean(s[1] for s in scores[name]), 4)
                line[f"{name}_seconds"] = round(seconds[name], 1)
                if name != "onnxruntime":
                    line[f"{name}_max_abs_diff_vs_onnxruntime"] = worst[name]
            print(json.dumps(line), flush=True)


def tiled(run: Run, blob: np.ndarray, scale: int, tile: int, margin: int) -> np.ndarray:
    """Tile cores of ``tile`` input px on a grid from the origin, each read with ``margin``."""
    _, _, height, width = blob.shape
    out = np.zeros((1, 3, height * scale, width * scale), np.float32)
    for y in range(0, height, tile):
        for x in range(0, width, tile):
            y0, x0 = max(0, y - margin), max(0, x - margin)
            y1, x1 = min(height, y + tile + margin), min(width, x + tile + margin)
            part = run(np.ascontiguousarray(blob[:, :, y0:y1, x0:x1]))
            h, w = min(tile, height - y), min(tile, width - x)
            top, left = (y - y0) * scale, (x - x0) * scale
            out[:, :, y * scale : (y + h) * scale, x * scale : (x + w) * scale] = part[
                :, :, top : top + h * scale, left : left + w * scale
            ]
    return out


def cmd_margin(args: argparse.Namespace) -> None:
    """Whole-image vs tiled output of a degraded benchmark image, and both PSNRs."""
    run = ort_runner(args.scale)
    hr = quality.crop_to_scale(read(args.image), args.scale)
    lr = quality.degrade(hr, args.scale)
    blob = to_blob(lr)
    start = time.perf_counter()
    whole = to_bgr8(run(blob))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "image": args.image.name,
                "input": f"{lr.shape[1]}x{lr.shape[0]}",
                "scale": args.scale,
                "whole_psnr": round(quality.score(hr, whole, args.scale)[0], 3),
                "whole_seconds": round(seconds, 1),
            }
        ),
        flush=True,
    )
    for margin in args.margins:
        got = to_bgr8(tiled(run, blob, args.scale, args.tile, margin))
        diff = np.abs(got.astype(np.int16) - whole)
        print(
            json.dumps(
                {
                    "tile": args.tile,
                    "margin": margin,
                    "aligned": margin % WINDOW_MULTIPLE == 0,
                    "max_grey_levels": int(diff.max()),
                    "pixels_off_by_more_than_1": round(float((diff > 1).mean()), 4),
                    "pixels_differing": round(float((diff > 0).mean()), 4),
                    "tiled_psnr": round(quality.score(hr, got, args.scale)[0], 3),
                }
            ),
            flush=True,
        )


def cmd_speed(args: argparse.Namespace) -> None:
    width, height = args.size
    lr = read(args.image)[:height, :width]
    blob = to_blob(lr)
    for scale in args.scales:
        start = time.perf_counter()
        runners = {"onnxruntime": ort_runner(scale)}
        load_ort = time.perf_counter() - start
        runners["opencv"] = opencv_runner(scale)
        start = time.perf_counter()
        runners["opencv"](blob)  # imports the fixed-size network, then warms up
        first_cv = time.perf_counter() - start
        runners["onnxruntime"](blob)  # warm-up
        times: dict[str, list[float]] = {name: [] for name in runners}
        cpu: dict[str, list[float]] = {name: [] for name in runners}
        for _ in range(args.repeats):
            for name, run in runners.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                run(blob)
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        ratios = [c / o for c, o in zip(times["opencv"], times["onnxruntime"], strict=True)]
        per_pixel = statistics.median(times["onnxruntime"]) / (width * height)
        print(
            json.dumps(
                {
                    "input": f"{width}x{height}",
                    "scale": scale,
                    "onnxruntime_median_s": round(statistics.median(times["onnxruntime"]), 3),
                    "opencv_median_s": round(statistics.median(times["opencv"]), 3),
                    "opencv_over_onnxruntime_median_ratio": round(statistics.median(ratios), 2),
                    "onnxruntime_session_s": round(load_ort, 2),
                    "opencv_import_and_first_run_s": round(first_cv, 2),
                    "onnxruntime_12mp_s": round(per_pixel * 12e6),
                    "runs": {k: [round(t, 3) for t in v] for k, v in times.items()},
                    # CPU seconds (all threads): less sensitive to other jobs than wall time.
                    "cpu_seconds": {k: [round(t, 2) for t in v] for k, v in cpu.items()},
                }
            ),
            flush=True,
        )


def cmd_memory(args: argparse.Namespace) -> None:
    """Peak resident memory of a fresh process per (runtime, size): the slope is bytes/pixel."""
    for runtime in args.runtimes:
        peaks = {}
        for side in args.sides:
            out = subprocess.run(
                [sys.executable, __file__, "_peak", runtime, str(args.scale), str(side)],
                capture_output=True,
                text=True,
                check=True,
            )
            peaks[side] = json.loads(out.stdout.strip().splitlines()[-1])
        small, large = min(args.sides), max(args.sides)
        slope = (peaks[large]["peak"] - peaks[small]["peak"]) / (large * large - small * small)
        print(
            json.dumps(
                {
                    "runtime": runtime,
                    "scale": args.scale,
                    "peaks": peaks,
                    "bytes_per_input_pixel": round(slope),
                }
            ),
            flush=True,
        )


def cmd_peak(args: argparse.Namespace) -> None:
    run = ort_runner(args.scale) if args.runtime == "onnxruntime" else opencv_runner(args.scale)
    blob = np.random.default_rng(0).random((1, 3, args.side, args.side), dtype=np.float32)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    run(blob)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"before": before, "peak": peak}))


def main(argv: list[str] | None = None) -> None:
    cv2.setNumThreads(THREADS)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("psnr")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--scales", type=int, nargs="+", default=[2, 3, 4])
    p.add_argument("--degrade", nargs="+", default=["matlab", "pillow"])
    p.add_argument("--opencv", action="store_true")
    p.add_argument("--torch-wheel-dir", type=Path)
    p.set_defaults(func=cmd_psnr)
    p = sub.add_parser("margin")
    p.add_argument("--image", type=Path, required=True)
    p.add_argument("--scale", type=int, default=2)
    p.add_argument("--tile", type=int, default=128)
    p.add_argument("--margins", type=int, nargs="+", default=[0, 32, 64, 96])
    p.set_defaults(func=cmd_margin)
    p = sub.add_parser("speed")
    p.add_argument("--image", type=Path, required=True)
    p.add_argument("--size", type=int, nargs=2, default=[320, 240], metavar=("W", "H"))
    p.add_argument("--scales", type=int, nargs="+", default=[2, 3, 4])
    p.add_argument("--repeats", type=int, default=3)
    p.set_defaults(func=cmd_speed)
    p = sub.add_parser("memory")
    p.add_argument("--runtimes", nargs="+", default=["onnxruntime", "opencv"])
    p.add_argument("--scale", type=int, default=2)
    p.add_argument("--sides", type=int, nargs=2, default=[96, 192])
    p.set_defaults(func=cmd_memory)
    p = sub.add_parser("_peak")
    p.add_argument("runtime")
    p.add_argument("scale", type=int)
    p.add_argument("side", type=int)
    p.set_defaults(func=cmd_peak)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
