"""Take the window's screenshots, driving the real window like a person (``driver.Driver``).

Run under a real X server so fonts and styles are the desktop's:
``xvfb-run -a -s "-screen 0 1400x900x24" python tests/ui/make_screenshots.py OUT_DIR``.
Writes ``empty.png`` (first look), ``split_400.png`` (a result in split view at 400%),
``batch.png`` (a batch of ten running), ``zh_800x600.png`` (the Chinese window at 800x600) and
``readme.png`` (for ``docs/screenshot.png``); ``adjust.png`` (auto crop, straighten and colour on
a made-up tilted, colour-cast scan), ``video_frame.png`` (a clip's frame tried with the model),
``video_running.png`` (the whole clip being written), ``video_result.png`` (the written clip's
frame beside the source's) and ``video_options.png`` (step 4's codec and quality for a clip).
``--only adjust video`` retakes just those. Every picture is ``resources/sample.png`` or made
here (``adjust_original.png``: the same scan untouched): no third-party images. The built-in
UpNet models and bicubic need no model folder.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.ui.driver import Driver  # noqa: E402
from upscaler.core.catalog import load_catalog  # noqa: E402
from upscaler.core.imageio import write_image  # noqa: E402
from upscaler.core.paths import resources_dir  # noqa: E402
from upscaler.ui.app import create_application, create_window  # noqa: E402
from upscaler.ui.main_window import MainWindow  # noqa: E402
from upscaler.ui.settings import Settings  # noqa: E402

SAMPLE = resources_dir() / "sample.png"


def scene(width: int, height: int, seed: int) -> np.ndarray:
    """A made-up picture (sky, hills, a sun, some texture): something to look at in a queue."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    hue = rng.uniform(0, 1)
    ones = np.ones_like(y)
    sky = np.stack(
        [(235 - 10 * hue) * ones, 200 - 50 * y / height, 150 - 60 * y / height + 40 * hue], -1
    )
    image = np.clip(sky, 0, 255).astype(np.uint8)
    for layer in range(3):
        phase, amplitude = rng.uniform(0, 6), rng.uniform(0.05, 0.15)
        ridge = height * (0.55 + 0.12 * layer + amplitude * np.sin(x[0] / width * 6 + phase))
        colour = np.array([40 + 30 * layer, 90 + 40 * layer * hue, 40 + 20 * layer])
        mask = y >= ridge[None, :]
        image[mask] = colour.astype(np.uint8)
    centre = (int(rng.uniform(0.2, 0.8) * width), int(0.25 * height))
    cv2.circle(image, centre, max(4, width // 14), (80, 210, 250), -1, cv2.LINE_AA)
    grain = rng.normal(0, 1.5, image.shape)
    return np.clip(image + grain, 0, 255).astype(np.uint8)


def make_window(work: Path, *, language: str = "en") -> tuple[MainWindow, Driver]:
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.language = language
    window = create_window(settings)
    return window, Driver(window, pause=0.05)


def close(window: MainWindow) -> None:
    window.shutdown()  # no "save before closing?" question in a script
    window.close()


def shot(window: MainWindow, me: Driver, path: Path) -> None:
    me.settle(0.4)
    window.grab().save(str(path))
    print("wrote", path)


def old_print(work: Path) -> Path:
    """A made-up scan: a faded, warm-cast print tilted 3 degrees on a grey scanner bed."""
    from tests.adjust_testset import cast, fade, tilted_scan

    picture = fade(cast(scene(480, 340, 7), (0.46, 0.41)), ((0.12, 0.8), (0.1, 0.78), (0.08, 0.7)))
    scan = tilted_scan(picture.astype(np.float64), angle=3.0, margin=18, colour=(205, 208, 206))
    path = work / "old print.png"
    write_image(path, np.clip(scan.pixels, 0, 255).astype(np.uint8))
    return path


def adjust_shots(work: Path, out: Path) -> None:
    """Auto crop, straighten and colour previewed, then the result in split view."""
    own = work / "adjust-settings"  # the choice is remembered: not for the windows after this
    own.mkdir(exist_ok=True)
    window, me = make_window(own)
    window.resize(1200, 820)
    window.show()
    window.open_paths([old_print(work)])
    window.picker.select(load_catalog().get("bicubic_x2"))
    step = window.adjust_step
    window.panel.scroll_area.ensureWidgetVisible(step.original_button)
    for box in (step.crop_box, step.straighten_box, step.colour_box, step.fade_box):
        me.click(box, QPoint(8, box.height() // 2))  # on the box: a wide row's middle is empty
    me.wait_until(lambda: window.document.adjusted is not None)
    me.click(window.panel.upscale_button)
    me.wait_until(lambda: window.document.shown is not None and not window.host.busy)
    window.view.set_split_position(0.5)
    window.panel.scroll_area.ensureWidgetVisible(step.note)
    shot(window, me, out / "adjust.png")
    me.click(step.original_button)
    shot(window, me, out / "adjust_original.png")
    close(window)


def panning_clip(path: Path, frames: int = 48) -> Path:
    """A 320x240 clip panning across a made-up landscape, 24 fps, H.264."""
    import av

    land = scene(960, 480, 3)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=24)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for number in range(frames):
            x = number * 12
            crop = np.ascontiguousarray(land[120:360, x : x + 320])
            frame = av.VideoFrame.from_ndarray(crop, format="bgr24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def video_shots(work: Path, out: Path) -> None:
    """A clip: a frame tried with the model, the whole clip running, its result compared."""
    clip = panning_clip(work / "hills.mp4")
    window, me = make_window(work)
    window.resize(1200, 760)
    window.show()
    window.set_output_folder(work / "videos")
    window.open_paths([clip])
    me.wait_until(lambda: window.document.video is not None)
    window.picker.select(load_catalog().default_for(2))
    window.set_tile_size(128)
    window.video_bar.slider.setValue(20)
    me.wait_until(lambda: window.document.video.frame == 20)
    me.click(window.video_bar.frame_button)
    me.wait_until(lambda: window.document.shown is not None and not window.host.busy)
    window.view.set_split_position(0.5)
    shot(window, me, out / "video_frame.png")
    me.click(window.panel.upscale_button)
    me.wait_until(lambda: window.status.progress.value() >= 20, timeout=600)
    shot(window, me, out / "video_running.png")
    me.wait_until(lambda: not window.document.busy, timeout=600)
    me.wait_until(lambda: window.document.shown is not None)
    window.view.set_split_position(0.5)
    shot(window, me, out / "video_result.png")
    # Step 4's video options: another codec and quality, chosen with the keyboard.
    step = window.output_step
    window.panel.scroll_area.ensureWidgetVisible(step.video_name)
    step.codec_box.setFocus()
    me.press(step.codec_box, Qt.Key.Key_Down)  # H.264 -> HEVC
    step.crf_spin.setFocus()
    for _ in range(4):
        me.press(step.crf_spin, Qt.Key.Key_Up)  # HEVC's default 20 -> 24
    window.panel.scroll_area.ensureWidgetVisible(step.video_name)
    shot(window, me, out / "video_options.png")
    close(window)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="+", choices=("window", "adjust", "video"))
    args = parser.parse_args()
    only = set(args.only or ("window", "adjust", "video"))
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="upscaler-shots-"))
    create_application(sys.argv[:1])
    catalog = load_catalog()
    if "adjust" in only:
        adjust_shots(work, args.out)
    if "video" in only:
        video_shots(work, args.out)
    if "window" not in only:
        shutil.rmtree(work, ignore_errors=True)
        return 0

    # 1. The first look: nothing open.
    window, me = make_window(work)
    window.resize(1200, 760)
    window.show()
    shot(window, me, args.out / "empty.png")
    close(window)

    # 2. The chart, UpNet x4, split view: fitted (README) and at 400%.
    window, me = make_window(work)
    window.resize(1200, 760)
    window.show()
    window.open_paths([SAMPLE])
    me.click(window.model_step.purpose_button("faithful"))
    me.click_row(window.model_step.model_list, "UpNet")
    me.click(window.size_step.scale_buttons[4])
    window.act.mode_split.trigger()
    me.click(window.panel.upscale_button)
    me.wait_until(lambda: window.document.shown is not None and not window.host.busy)
    window.view.set_split_position(0.5)
    window.view.zoom_to_fit()
    shot(window, me, args.out / "readme.png")
    window.view.set_zoom(4.0)  # around the middle of the chart
    canvas = window.view.canvases()[0]
    start = QPoint(canvas.width() * 9 // 10, canvas.height() // 2)  # clear of the divider
    for _ in range(4):  # pan right, to the chart's "Upscaler" lettering
        me.drag(canvas, start, start - QPoint(420, 0))
    window.view.set_split_position(0.5)
    shot(window, me, args.out / "split_400.png")
    close(window)

    # 3. A batch of ten running (UpNet x4, small tiles so it is caught in the middle).
    album = work / "holiday"
    album.mkdir()
    for index in range(9):
        write_image(album / f"day {index + 1:02}.png", scene(640, 480, index))
    shutil.copy(SAMPLE, album / "chart.png")
    window, me = make_window(work)
    window.resize(1200, 760)
    window.show()
    window.open_paths(sorted(album.iterdir()))
    window.picker.select(catalog.get("UpNet_x4"))
    window.set_tile_size(64)
    window.set_output_folder(work / "results")
    me.wait_until(lambda: not window.thumbnails.busy)
    me.click(window.panel.upscale_button)
    queue = window.document.queue
    me.wait_until(
        lambda: queue.items[2].state.value == "running" and 25 <= queue.items[2].percent < 90,
        timeout=300,
    )
    shot(window, me, args.out / "batch.png")
    window.act.cancel.trigger()
    me.wait_until(lambda: not window.host.busy, timeout=120)
    close(window)

    # 4. The Chinese window at 800x600, with a result.
    window, me = make_window(work, language="zh_CN")
    window.resize(800, 600)
    window.show()
    window.open_paths([album / "day 03.png"])
    window.picker.select(catalog.get("UpNet_x2"))
    me.click(window.panel.upscale_button)
    me.wait_until(lambda: window.document.shown is not None and not window.host.busy)
    shot(window, me, args.out / "zh_800x600.png")
    close(window)
    shutil.rmtree(work, ignore_errors=True)
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
