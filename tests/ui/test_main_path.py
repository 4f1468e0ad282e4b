"""The main path through the real window, with mouse and keyboard events (``driver.Driver``):
open, choose a purpose and model, upscale, compare, save, then a batch of ten with one broken
file, and Save All. The built-in UpNet model and bicubic keep it fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt

from tests import images
from tests.ui.driver import Driver
from upscaler.core.imageio import read_image
from upscaler.ui.compare_canvas import Content
from upscaler.ui.document import State


def photo(path: Path, seed: int, size: tuple[int, int] = (96, 72)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = (images.gradient(*size) // 2 + images.noise(*size, seed=seed) // 2).astype(np.uint8)
    return images.save(path, pixels)


def test_the_main_path(make_window, dialogs, tmp_path):
    window = make_window()
    window.resize(1100, 760)
    window.show()
    me = Driver(window)
    panel = window.panel

    # Open a picture with the Open button.
    first = photo(tmp_path / "photos" / "garden.png", seed=1)
    dialogs.open_answers.append([first])
    me.click(panel.images_step.open_button)
    assert window.loaded.path == first
    assert window.windowTitle() == "garden.png — Upscaler"

    # Choose what the picture needs, then the model and the size.
    me.click(window.model_step.purpose_button("faithful"))
    me.click_row(window.model_step.model_list, "UpNet2")
    me.click(window.size_step.scale_buttons[4])
    assert window.picker.current().id == "UpNet2_x4"
    assert window.size_step.result_label.text() == "Result: 384 × 288 px"
    assert panel.upscale_button.text() == "Upscale 1 image"

    # Upscale with the big button; the result is compared with the original.
    me.click(panel.upscale_button)
    me.wait_until(lambda: window.document.shown is not None and not window.host.busy)
    assert window.result.shape == (288, 384, 3)
    assert panel.expected.text().startswith("Done in ")
    canvas = window.view.canvases()[0]
    assert canvas.shows_divider()
    divider = QPoint(canvas.divider_x(), canvas.height() // 2)
    me.drag(canvas, divider, divider + QPoint(-canvas.width() // 4, 0))
    assert window.view.split_position() < 0.4
    me.wheel(canvas, canvas.rect().center(), 3)
    assert window.status.zoom.text().startswith("Zoom ")
    window.act.mode_toggle.trigger()  # View > Toggle Before/After
    window.view.setFocus()
    let_go = me.hold(window.view, Qt.Key.Key_Space)
    assert canvas.content() is Content.ORIGINAL  # the original while Space is held
    let_go()
    assert canvas.content() is Content.RESULT
    window.act.mode_split.trigger()

    # Save with the toolbar's Save: written as step 4 says (beside the picture, PNG).
    me.click(window.toolbar.widgetForAction(window.act.save))
    me.wait_until(lambda: not window.host.busy)
    saved = tmp_path / "photos" / "garden_x4_upnet2.png"
    assert np.array_equal(read_image(saved).pixels, window.result)
    assert window.document.shown.saved_to == saved

    # A batch of ten, one of them broken, with bicubic into a chosen folder.
    batch = [photo(tmp_path / "holiday" / f"day{i:02}.png", seed=10 + i) for i in range(9)]
    bad = tmp_path / "holiday" / "day09.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really" * 20)
    dialogs.open_answers.append([*batch, bad])
    me.click(panel.images_step.open_button)
    assert len(window.document.queue.items) == 10
    me.click_row(window.model_step.model_list, "bicubic")
    dialogs.folder_answers.append(tmp_path / "big")
    me.click(window.output_step.choose_button)
    assert window.output_step.folder_label.text() == str(tmp_path / "big")
    assert panel.upscale_button.text() in ("Upscale 10 images", "Upscale 9 images")
    me.click(panel.upscale_button)
    me.wait_until(lambda: not window.runner.running and not window.host.busy)
    queue = window.document.queue.items
    assert [i.state for i in queue] == [State.DONE] * 9 + [State.FAILED]
    assert str(bad) in queue[9].message
    assert len(list((tmp_path / "big").iterdir())) == 9
    assert window.act.copy.isEnabled()  # the last result stays usable

    # Save All into another folder: every result is there, the broken file is named.
    dialogs.folder_answers.append(tmp_path / "all")
    window.act.save_all.trigger()  # File > Save All
    me.wait_until(lambda: window.statusBar().currentMessage().startswith("Save All"))
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        f"day{i:02}_x4_bicubic.png" for i in range(9)
    ]
    assert window.statusBar().currentMessage() == (
        f"Save All: 9 of 10 results are in {tmp_path / 'all'}. 1 failed."
    )
