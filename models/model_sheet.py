"""A side-by-side sheet of every x4 model on the project's own test chart (docs/models_x4.png).

The chart (``resources/sample.png``, drawn by ``resources/make_sample.py``) is shrunk 4x with
Pillow's anti-aliased bicubic, then enlarged back with each installed x4 model; each panel is the
320x200 result, labelled. Only the project's own picture is used, so the sheet can be committed.

    python models/model_sheet.py [--out docs/models_x4.png] [--models UpNet2 DAT-light ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from upscaler.core.catalog import load_catalog  # noqa: E402
from upscaler.core.engine import Upscaler  # noqa: E402
from upscaler.core.store import ModelStore  # noqa: E402

DEFAULT_MODELS = ("bicubic", "UpNet2", "DAT-light", "Real-ESRGAN", "RealSR", "Real-ESRGAN-anime")
SCALE = 4
LABEL_HEIGHT = 16


def panels(names: list[str]) -> list[tuple[str, Image.Image]]:
    original = Image.open(ROOT / "resources" / "sample.png").convert("RGB")
    width, height = original.size
    small = original.resize((width // SCALE, height // SCALE), Image.Resampling.BICUBIC)
    pixels = np.ascontiguousarray(np.asarray(small)[:, :, ::-1])
    store, catalog = ModelStore(), load_catalog()
    found = [("original", original)]
    for name in names:
        info = catalog.get(name, SCALE)
        path = store.find(info) if info.needs_file else None
        if info.needs_file and path is None:
            print(f"{info.id}: not installed, left out", file=sys.stderr)
            continue
        start = time.perf_counter()
        out = Upscaler(info, path).upscale(pixels)
        print(f"{info.id}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
        label = info.name + (" (invents detail)" if info.invents_detail else "")
        found.append((label, Image.fromarray(np.ascontiguousarray(out[:, :, ::-1]))))
    return found


def sheet(items: list[tuple[str, Image.Image]], columns: int = 3) -> Image.Image:
    width, height = items[0][1].size
    rows = -(-len(items) // columns)
    canvas = Image.new("RGB", (columns * width, rows * (height + LABEL_HEIGHT)), "white")
    draw = ImageDraw.Draw(canvas)
    for n, (label, image) in enumerate(items):
        x, y = (n % columns) * width, (n // columns) * (height + LABEL_HEIGHT)
        draw.text((x + 4, y + 2), label, fill="black")
        canvas.paste(image, (x, y + LABEL_HEIGHT))
    return canvas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "models_x4.png")
    parser.add_argument("--models", nargs="+", default=list(DEFAULT_MODELS))
    args = parser.parse_args(argv)
    sheet(panels(args.models)).save(args.out, optimize=True)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
