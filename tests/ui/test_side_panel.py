"""The guided side panel (issue 13): purposes and models come from the catalog, each model row
says what it costs here and whether it invents detail, options of one model are variants, the
size is a factor or a target width/height, the Upscale button says what it will do, and every
control can be reached from the keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests import images
from upscaler.core.catalog import Catalog, ModelInfo, load_catalog
from upscaler.core.store import ModelStore
from upscaler.ui.model_chooser import ModelChooser
from upscaler.ui.model_step import ModelStep
from upscaler.ui.size_step import SizeStep

CATALOG = load_catalog()


def picture(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return images.save(path, images.noise(*size))


def entry(model_id: str, name: str, scale: int, purpose: str, **more) -> ModelInfo:
    return ModelInfo(
        id=model_id,
        name=name,
        family="espcn",
        scale=scale,
        filename=f"{model_id}.onnx",
        size=1000,
        purpose=purpose,
        **more,
    )


#: A catalog as the new models will make it: four purposes, and a model with a denoise option
#: given as one entry per level.
MIXED = Catalog(
    [
        entry("Sharp_x2", "Sharp", 2, "faithful", rank=1),
        entry("Sharp_x4", "Sharp", 4, "faithful", rank=1),
        entry("Clean_x2", "Clean", 2, "restore"),
        entry("Gan_x4", "Gan", 4, "generative", invents_detail=True),
        *[entry(f"waifu_noise{n}_x2", "waifu", 2, "drawings", default=n == 1) for n in range(4)],
        ModelInfo(id="bicubic_x2", name="bicubic", family="bicubic", scale=2, builtin=True),
        ModelInfo(id="bicubic_x4", name="bicubic", family="bicubic", scale=4, builtin=True),
    ]
)


@pytest.fixture
def chooser(qapp) -> ModelChooser:
    return ModelChooser(MIXED, ModelStore(catalog=MIXED))


def test_purposes_and_models_come_from_the_catalog(qtbot, chooser: ModelChooser) -> None:
    step = ModelStep(chooser, lambda info: f"{info.id} time")
    qtbot.addWidget(step)
    assert chooser.purposes() == ["faithful", "restore", "generative", "drawings"]
    titles = [step.purpose_button(p).text() for p in chooser.purposes()]
    assert titles == [
        "Faithful detail",
        "Compressed or noisy photo",
        "Sharp generated texture",
        "Drawings and anime",
    ]
    step.choose_purpose("generative")
    assert chooser.current().id == "Gan_x4"
    rows = [step.model_list.item(i).text() for i in range(step.model_list.count())]
    assert rows == ["Gan (download 1.0 kB)\nGan_x4 time · invents detail"]
    step.choose_purpose("faithful")
    rows = [step.model_list.item(i).text().split("\n")[0] for i in range(step.model_list.count())]
    assert rows == ["Sharp (download 1.0 kB)", "bicubic (interpolation, built in)"]


def test_a_model_with_options_offers_them_as_variants(qtbot, chooser: ModelChooser) -> None:
    step = ModelStep(chooser, lambda info: "")
    qtbot.addWidget(step)
    step.show()
    step.choose_purpose("drawings")
    assert chooser.current().id == "waifu_noise1_x2"  # the catalog's default variant
    assert step.variant_box.isVisible()
    labels = [step.variant_box.itemText(i) for i in range(step.variant_box.count())]
    assert labels == ["noise1", "noise0", "noise2", "noise3"]
    step.variant_box.setCurrentIndex(3)
    assert chooser.current().id == "waifu_noise3_x2"
    step.choose_purpose("restore")
    assert not step.variant_box.isVisible()


def test_the_size_is_a_factor_or_a_target_width(qtbot, chooser: ModelChooser) -> None:
    step = SizeStep(chooser)
    qtbot.addWidget(step)
    chooser.select(MIXED.get("Sharp_x2"))
    assert step.result_label.text() == "Open a picture to see the result's size."
    chooser.set_image_size((400, 300))
    assert step.result_label.text() == "Result: 800 × 600 px"
    assert list(step.scale_buttons) == [2, 4]  # the catalog's factors
    assert step.scale_buttons[4].isEnabled()
    chooser.set_purpose("restore")  # Clean comes in x2 only
    assert not step.scale_buttons[4].isEnabled()
    assert step.scale_buttons[4].toolTip() == "Clean has no ×4 version"
    chooser.select(MIXED.get("Sharp_x2"))
    step.width_spin.setValue(1000)
    step.width_button.click()
    assert chooser.current().id == "Sharp_x4"  # x2 is not enough for 2.5x
    assert step.result_label.text() == "Result: 1000 × 750 px (×4, then resized)"
    step.scale_buttons[2].click()
    assert chooser.target() is None and chooser.current().id == "Sharp_x2"


def test_a_purpose_without_the_chosen_factor_does_not_change_it_for_good(
    qtbot, chooser: ModelChooser
) -> None:
    """Browsing the purposes at x2 went through one made only at x4 ("Sharp generated
    texture"), and back at "Faithful detail" the size step stayed at x4: the x2 chosen was
    lost without a word."""
    chooser.select(MIXED.get("Sharp_x2"))
    chooser.set_purpose("generative")  # Gan comes in x4 only
    assert chooser.current().id == "Gan_x4"
    chooser.set_purpose("faithful")
    assert chooser.current().scale == 2  # (bicubic: of the two, the one installed here)
    chooser.set_scale(4)  # a factor chosen while a model offers it is kept, of course
    chooser.set_purpose("restore")  # Clean comes in x2 only
    assert chooser.current().id == "Clean_x2"
    chooser.set_purpose("faithful")
    assert chooser.current().scale == 4


def test_a_target_width_is_what_the_run_makes(qtbot, make_window, tmp_path) -> None:
    window = make_window()
    window.open_paths([picture(tmp_path / "a.png", size=(40, 30))])
    window.picker.select(CATALOG.get("bicubic_x2"))
    window.size_step.width_spin.setValue(100)
    window.size_step.width_button.click()
    assert window.picker.current().id == "bicubic_x3"
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        window.panel.upscale_button.click()
    assert window.result.shape == (75, 100, 3)


def test_each_model_row_gives_the_time_for_this_picture(make_window, tmp_path) -> None:
    window = make_window()
    rows = window.model_step.model_list
    before = [rows.item(i).text().split("\n")[1] for i in range(rows.count())]
    assert before[0].split(" · ")[0] in ("instant", "fast", "medium", "slow")
    window.open_paths([picture(tmp_path / "a.png", size=(1500, 1000))])
    after = [rows.item(i).text().split("\n")[1] for i in range(rows.count())]
    assert all(" here · invents nothing" in line for line in after), after
    slow = next(line for line, name in zip(after, window.picker.names(), strict=True)
                if name == "EDSR")  # fmt: skip
    assert slow.startswith("about ")


def test_the_upscale_button_says_what_it_will_do(make_window, tmp_path) -> None:
    window = make_window()
    button = window.panel.upscale_button
    assert button.text() == "Upscale" and not button.isEnabled()
    window.open_paths([picture(tmp_path / "one.png")])
    assert button.text() == "Upscale 1 image" and button.isEnabled()
    # Two sentences: the estimate ended without a stop ("... of memory The result stays ...").
    assert re.fullmatch(
        r"Expected: .+ of memory( \(\d+ tiles\))?\. The result stays here until you save it\.",
        window.panel.expected.text(),
    ), window.panel.expected.text()
    many = [picture(tmp_path / "many" / f"p{i:02}.png") for i in range(12)]
    window.open_paths(many)
    assert button.text() == "Upscale 12 images"
    assert window.panel.expected.text().endswith("Results go next to each input file.")


def focus_chain(start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start``, in order, once round."""
    seen, widget = [], start
    while True:
        widget = widget.nextInFocusChain()
        if widget is start or widget in seen:
            return seen
        seen.append(widget)


def test_every_control_of_the_panel_is_reached_with_tab(make_window, tmp_path) -> None:
    window = make_window()
    window.show()
    window.open_paths([picture(tmp_path / "a.png"), picture(tmp_path / "b.png")])
    QApplication.processEvents()
    panel = window.panel
    tabbable = [
        w
        for w in focus_chain(window)
        if w.isVisibleTo(window) and w.isEnabled() and w.focusPolicy().value & 1  # TabFocus
    ]
    wanted = [
        panel.images_step.open_button,
        panel.images_step.list,
        window.model_step.purpose_button("faithful"),
        window.model_step.model_list,
        window.size_step.scale_buttons[2],
        window.size_step.tile_box,
        window.output_step.format_box,
        window.output_step.choose_button,
        window.output_step.pattern_edit,
        window.output_step.exists_box,
        window.output_step.continue_box,
        panel.upscale_button,
        window.view,
    ]
    missing = [w.objectName() or type(w).__name__ for w in wanted if w not in tabbable]
    assert missing == []
    order = [tabbable.index(w) for w in wanted[:-1]]
    assert order == sorted(order)  # Tab goes through the steps in their order
    for title, number in zip(panel.titles, "1234", strict=True):
        assert title.text().startswith(f"&{number}") and title.buddy() is not None


def test_the_upscale_button_works_from_the_keyboard(qtbot, make_window, tmp_path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window()
    window.show()
    window.open_paths([picture(tmp_path / "a.png")])
    window.picker.select(CATALOG.get("bicubic_x2"))
    button = window.panel.upscale_button
    with qtbot.waitSignal(window.host.idle, timeout=30000):
        QTest.keyClick(button, Qt.Key.Key_Space)
    assert window.result is not None and np.asarray(window.result).shape == (60, 80, 3)


def test_the_line_above_the_button_reads_as_sentences(make_window, tmp_path) -> None:
    """The estimate ran into the next sentence: "... 2.4 GB of memory (2 tiles) The result
    stays here until you save it.", and the Chinese line had a space after its full stop."""
    window = make_window()
    window.open_paths([picture(tmp_path / "one.png", size=(600, 400))])
    line = window.panel.expected.text()
    assert line.startswith("Expected: ") and ". The result stays here until" in line, line
    try:
        window.set_language("zh_CN")
        QApplication.processEvents()  # the language change is an event
        single = window.panel.expected.text()
        window.open_paths([picture(tmp_path / "many" / f"p{i}.png") for i in range(3)])
        batch = window.panel.expected.text()
    finally:
        window.set_language("en")
        QApplication.processEvents()
    assert single.startswith("预计") and "。结果会保留在此" in single, single
    assert batch.startswith("预计") and "。 " not in batch and "。结果保存" in batch, batch
    assert ". Results go next to each input file." in window.panel.expected.text()


def test_alt_3_goes_to_the_chosen_factor(qtbot, make_window, tmp_path) -> None:
    """Alt+3 went to Tile size; it goes to the chosen factor's button, from which the arrow keys
    move between the factors."""
    from PySide6.QtTest import QTest

    window = make_window()
    window.open_paths([picture(tmp_path / "one.png")])
    window.show()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # mnemonics need an active window
    size = window.size_step
    for chosen in (size.scale_buttons[2], size.scale_buttons[4], size.width_button):
        chosen.click()
        window.model_step.model_list.setFocus()  # somewhere else first
        QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(chosen.hasFocus, timeout=5000)
    assert not size.tile_box.hasFocus()
