"""A run's validation log as a table of gains over bicubic (Set5, per degradation and scale).

    python models/training/progress.py models/training/runs/upnet_v2 [--last 5]

The bicubic reference is the engine's bicubic upscaling of the same low-resolution inputs the
training validates on (``core/quality.degrade``), i.e. the ``bicubic`` row of ``bench quality``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics import psnr_y  # noqa: E402
from train import validation_sets  # noqa: E402


def bicubic_reference(config: dict, scales: list[int]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for spec, by_scale in validation_sets(config, scales).items():
        out[spec] = {}
        for s, pairs in by_scale.items():
            scores = []
            for hr, lr in pairs:
                up = cv2.resize(
                    lr, (lr.shape[1] * s, lr.shape[0] * s), interpolation=cv2.INTER_CUBIC
                )
                scores.append(psnr_y(up, hr, s))
            out[spec][f"x{s}"] = float(np.mean(scores))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--last", type=int, default=0, help="only the last N validations")
    args = parser.parse_args()
    config = json.loads((args.run / "config.json").read_text())
    records = [json.loads(line) for line in (args.run / "log.jsonl").read_text().splitlines()]
    records = [r for r in records if "psnr" in r]
    scales = config["scales"]
    reference = bicubic_reference(config, scales)
    specs = list(reference)
    header = ["step", "lr"] + [f"{spec} x{s}" for spec in specs for s in scales]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    print(
        "| bicubic | | "
        + " | ".join(f"{reference[spec][f'x{s}']:.2f}" for spec in specs for s in scales)
        + " |"
    )
    for r in records[-args.last :] if args.last else records:
        cells = [str(r["step"]), f"{r['lr']:.1e}" if "lr" in r else ""]
        for spec in specs:
            for s in scales:
                value = r["psnr"][spec][f"x{s}"]
                cells.append(f"{value:.2f} ({value - reference[spec][f'x{s}']:+.2f})")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
