"""Take the screenshots the issue asks for, driving the real window like a person would.

Run under a real X server so fonts and styles are the desktop's:
``xvfb-run -s "-screen 0 1400x900x24" python tests/ui/make_screenshots.py OUT_DIR``
(``UPSCALER_MODELS_DIR`` or ``--models`` points at the model files). Writes empty.png,
split_400.png, readme.png (the chart in resources/, for docs/screenshot.png) and batch.png.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from upscaler.core.catalog import load_catalog
from upscaler.core.paths import resources_dir
from upscaler.ui.app import create_application, create_window
from upscaler.ui.settings import Settings

SET5 = Path(__file__).resolve().parents[3] / "shared" / "data" / "sr-benchmarks" / "Set5"


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--models", type=Path, default=None)
    parser.add_argument("--language", default="en")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="upscaler-shots-"))
    create_application(sys.argv[:1])
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.language = args.language

    # 1. First start: nothing installed.
    settings.models_dir = work / "no-models"
    window = create_window(settings)
    window.resize(1200, 760)
    window.show()
    settle()
    window.grab().save(str(args.out / "empty.png"))
    window.close()

    # 2. The chart, x4, split view.
    settings.models_dir = args.models
    window = create_window(settings)
    window.resize(1200, 760)
    window.show()
    catalog = load_catalog()
    window.open_paths([resources_dir() / "sample.png"])
    window.picker.select(catalog.get("UpNet_x4"))
    window.act.mode_split.trigger()
    window.act.upscale.trigger()
    wait_until(lambda: window.result is not None)
    window.view.set_split_position(0.5)
    window.view.zoom_to_fit()
    settle()
    window.grab().save(str(args.out / "readme.png"))
    window.view.set_zoom(4.0)
    settle()
    window.grab().save(str(args.out / "split_400.png"))
    window.close()

    # 3. A batch in the middle of its run.
    album = work / "album"
    album.mkdir()
    for name in ("baby.png", "bird.png", "butterfly.png", "head.png"):
        if (SET5 / name).is_file():
            shutil.copy(SET5 / name, album / name)
    shutil.copy(resources_dir() / "sample.png", album / "chart.png")
    window = create_window(settings)
    window.resize(1200, 760)
    window.show()
    window.picker.select(catalog.get("LapSRN_x2"))
    window.set_tile_size(64)
    window.open_paths(sorted(album.iterdir()))
    window.batch_panel.set_output_dir(work / "results")
    window.act.upscale.trigger()
    wait_until(
        lambda: (
            window.runner.current is not None
            and window.runner.current.source.name == "bird.png"
            and window.status.progress.value() >= 8
        )
    )
    settle(0.1)
    window.grab().save(str(args.out / "batch.png"))
    window.close()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
