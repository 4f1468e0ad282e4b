"""GPU check (issue 15, item 4): the CUDA path against the CPU, in one go, on a machine with an
NVIDIA GPU and ``onnxruntime-gpu``.

    python packaging/gpu_check.py --output gpu_check.md \\
        --model UpNet_x4=models/UpNet_x4.onnx:mean \\
        --model DAT-light_x3=PATH/DAT-light_x3.onnx:unit \\
        --model Real-ESRGAN_x4=PATH/RealESRGAN_x4plus.onnx:unit
    python packaging/gpu_check.py --dry-run        # no GPU: the CPU provider stands in for CUDA

For each model it runs the same 320x240 input through onnxruntime's CPU provider and its CUDA
provider in fp32, turns both outputs into 8-bit pixels the way the program does (``mean``: the
EDSR/UpNet convention, BGR 0..255 minus the DIV2K mean; ``unit``: RGB 0..1, the BasicSR
convention of DAT and Real-ESRGAN), and reports the largest difference in grey levels (the check
passes at <= 1) and the median times. It needs only numpy and onnxruntime(-gpu), so it runs on a
bare GPU machine with no internet; models default to UpNet x4 from this checkout. Exit code 0 only
when every model ran on CUDA and passed. Record its output in docs/benchmarks.md ("GPU check").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DIV2K_MEAN_BGR = np.array([103.1545782, 111.561547, 114.35629928], dtype=np.float32)
SIZE = (320, 240)
CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"


def test_blob(kind: str, width: int = SIZE[0], height: int = SIZE[1]) -> np.ndarray:
    """A smooth, photo-like, deterministic input in the model's convention."""
    rng = np.random.default_rng(0)
    small = rng.random((3, height // 8 + 2, width // 8 + 2)).astype(np.float32)
    rows = np.linspace(0, small.shape[1] - 1.001, height)
    cols = np.linspace(0, small.shape[2] - 1.001, width)
    r0, c0 = rows.astype(int), cols.astype(int)
    fr, fc = (rows - r0)[:, None], (cols - c0)[None, :]
    img = (
        small[:, r0][:, :, c0] * (1 - fr) * (1 - fc)
        + small[:, r0 + 1][:, :, c0] * fr * (1 - fc)
        + small[:, r0][:, :, c0 + 1] * (1 - fr) * fc
        + small[:, r0 + 1][:, :, c0 + 1] * fr * fc
    )
    if kind == "mean":
        return (img * 255 - DIV2K_MEAN_BGR[:, None, None])[None].astype(np.float32)
    return img[None].astype(np.float32)


def to_pixels(out: np.ndarray, kind: str) -> np.ndarray:
    values = out[0] + DIV2K_MEAN_BGR[:, None, None] if kind == "mean" else out[0] * 255.0
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def session(ort, path: Path, provider: str):
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    providers = [provider] if provider == CPU else [provider, CPU]
    sess = ort.InferenceSession(str(path), options, providers=providers)
    if sess.get_providers()[0] != provider:
        raise RuntimeError(f"{provider} did not start (onnxruntime fell back to the CPU)")
    return sess


def median_seconds(run, runs: int) -> float:
    run()  # warm-up: kernel selection, memory pools
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check(
    ort, name: str, path: Path, kind: str, provider: str, runs: int, size: tuple[int, int] = SIZE
) -> tuple[bool, str]:
    blob = test_blob(kind, *size)
    cpu = session(ort, path, CPU)
    inp = cpu.get_inputs()[0].name
    cpu_out = cpu.run(None, {inp: blob})[0]
    try:
        dev = session(ort, path, provider)
        dev_out = dev.run(None, {inp: blob})[0]
    except Exception as err:  # noqa: BLE001 - report and go on with the next model
        reason = str(err).strip().splitlines()[-1][:160]
        return False, f"| {name} | {provider} | failed: {reason} | | | |"
    diff = int(np.abs(to_pixels(cpu_out, kind).astype(int) - to_pixels(dev_out, kind)).max())
    raw = float(np.abs(cpu_out - dev_out).max())
    cpu_s = median_seconds(lambda: cpu.run(None, {inp: blob}), max(1, runs // 2))
    dev_s = median_seconds(lambda: dev.run(None, {inp: blob}), runs)
    ok = diff <= 1
    return ok, (
        f"| {name} | {provider} | {diff} ({'pass' if ok else 'FAIL'}; raw {raw:.2e}) | "
        f"{cpu_s * 1000:.0f} | {dev_s * 1000:.1f} | {cpu_s / dev_s:.1f}x |"
    )


def parse_model(spec: str) -> tuple[str, Path, str]:
    name, _, rest = spec.partition("=")
    path, _, kind = rest.rpartition(":") if rest.count(":") else (rest, "", "mean")
    if kind not in ("mean", "unit"):
        raise SystemExit(f"gpu_check: {spec}: the convention must be 'mean' or 'unit'")
    return name, Path(path), kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CUDA vs CPU: outputs and times, fp32")
    parser.add_argument("--model", action="append", default=[], metavar="NAME=PATH:KIND")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="320x240", metavar="WxH", help="input size")
    parser.add_argument("--output", type=Path, help="also write the Markdown here")
    parser.add_argument(
        "--dry-run", action="store_true", help="use the CPU provider in place of CUDA (no GPU)"
    )
    args = parser.parse_args(argv)
    width, _, height = args.size.lower().partition("x")
    size = (int(width), int(height))
    try:
        import onnxruntime as ort
    except ImportError:
        print("gpu_check: onnxruntime is not installed (install onnxruntime-gpu)", file=sys.stderr)
        return 2
    provider = CPU if args.dry_run else CUDA
    offered = ort.get_available_providers()
    models = [parse_model(m) for m in args.model] or [
        ("UpNet_x4", ROOT / "models" / "UpNet_x4.onnx", "mean")
    ]
    lines = [
        f"GPU check ({'DRY RUN: CPU provider in place of CUDA' if args.dry_run else 'CUDA'}): "
        f"{platform.node()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPU threads; onnxruntime {ort.__version__}; providers "
        f"{', '.join(offered)}; input {size[0]}x{size[1]}, fp32, medians of {args.runs}",
        "",
        "| model | provider | max diff (grey levels) | CPU ms | device ms | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    print("\n".join(lines), flush=True)
    if provider not in offered:
        print(f"gpu_check: this onnxruntime has no {provider} (offers {offered})", file=sys.stderr)
    passed = True
    for name, path, kind in models:
        if not path.is_file():
            line, ok = f"| {name} | {provider} | missing: {path} | | | |", False
        else:
            ok, line = check(ort, name, path, kind, provider, args.runs, size)
        passed &= ok
        lines.append(line)
        print(line, flush=True)
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
