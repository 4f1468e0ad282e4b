"""Inference time of candidate UpNet widths/depths through the program's engine (320x240 input at
x3, median of 5, the same timing as ``speed.py``): the cost side of choosing an architecture.

    python models/training/arch_timing.py --candidates 32x4 32x6 48x8 64x8
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_onnx import onnx_bytes  # noqa: E402
from speed import median_seconds, test_image  # noqa: E402
from upnet_model import build, flops_per_input_pixel, parameter_count  # noqa: E402

from upscaler.core.catalog import ModelInfo  # noqa: E402
from upscaler.core.engine import Upscaler  # noqa: E402

DEFAULT = ["32x4", "32x6", "48x4", "48x6", "64x4", "64x6"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", nargs="+", default=DEFAULT, metavar="CxB")
    parser.add_argument("--scale", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    image = test_image()
    s = args.scale
    print(f"| channels x blocks | parameters (x{s}) | FLOPs per input pixel | 320x240 x{s} (s) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for text in args.candidates:
            channels, blocks = (int(v) for v in text.split("x"))
            model = build(s, channels, blocks)
            path = Path(tmp) / f"cand_{text}_x{s}.onnx"
            path.write_bytes(onnx_bytes(model))
            info = ModelInfo(id=f"cand_{text}", name=text, family="upnet", scale=s)
            seconds = median_seconds(Upscaler(info, path), image, args.runs)
            print(
                f"| {channels} x {blocks} | {parameter_count(model):,} | "
                f"{flops_per_input_pixel(s, channels, blocks):,} | {seconds:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
