"""The Chinese window (issue 13): failures follow a language switch, licence words and Qt's own
dialogs are translated too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from tests import images
from upscaler.core.catalog import load_catalog
from upscaler.ui.document import State
from upscaler.ui.i18n import Translations


@pytest.fixture
def chinese(qapp) -> Iterator[Translations]:
    translations = Translations()
    assert translations.apply("zh_CN")
    yield translations
    translations.apply("en")


def test_a_failure_follows_a_language_switch(qtbot, make_window, tmp_path):
    """Failure messages kept the language they were made in after a language switch."""
    window = make_window()
    window.picker.select(load_catalog().get("bicubic_x2"))
    good = images.save(tmp_path / "a.png", images.noise(20, 10))
    bad = tmp_path / "b.png"
    bad.write_bytes(b"")  # "the file is empty (0 bytes)"
    window.open_paths([good, bad])
    item = window.document.queue.items[1]
    qtbot.waitUntil(lambda: item.state is State.FAILED, timeout=30000)
    row = window.images_step.list.itemWidget(window.images_step.list.item(1))
    assert row.state.text() == "failed: the file is empty (0 bytes)"
    try:
        window.set_language("zh_CN")
        qtbot.waitUntil(lambda: row.state.text().startswith("失败"), timeout=30000)
        assert row.state.text() == "失败：文件为空（0 字节）"
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: row.state.text().startswith("failed"), timeout=30000)


def chinese_about(window, dialogs) -> str:
    """The About box's HTML as the Chinese window shows it."""
    try:
        window.set_language("zh_CN")
        window.act.about.trigger()
    finally:
        window.set_language("en")
    return dialogs.infos[-1][1]


def test_the_licence_words_of_our_own_models_are_translated(make_window, dialogs):
    """About said "MIT (this project)" in the Chinese window."""
    html = chinese_about(make_window(), dialogs)
    assert "MIT（本项目）" in html and "this project" not in html


def test_about_puts_where_the_weights_come_from_in_the_source_column(make_window, dialogs):
    """About showed "MIT (weights: nagadomi/waifu2x)" in the Licence column, its Source empty,
    and the English word "weights" in the Chinese window."""
    html = chinese_about(make_window(), dialogs)
    assert "weights" not in html
    for name, licence, source in (
        ("waifu2x-photo", "MIT", "nagadomi/waifu2x"),
        ("Real-ESRGAN", "BSD-3-Clause", "xinntao/Real-ESRGAN"),
        ("RealSR", "Apache-2.0", "jixiaozhong/RealSR"),
    ):
        assert f"<tr><td>{name}</td><td>{licence}</td><td>{source}</td></tr>" in html


def test_qt_file_dialogs_are_chinese_too(chinese, qtbot):
    """Qt's own file dialog said "Look in:" and "Files of type:" in the Chinese window."""
    dialog = QFileDialog(None, "x", str(Path.home()))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert texts and not [t for t in texts if re.search("[A-Za-z]{3,}", t)], texts
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    assert QApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："


def test_about_names_the_source_of_every_third_party_model(make_window, dialogs):
    """DAT-light (Apache-2.0, weights from zhengchen1999/DAT) had an empty Source column."""
    window = make_window()
    window.act.about.trigger()
    html = dialogs.infos[-1][1]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", html)
    assert len(rows) >= 10
    nameless = [
        name for name, licence, source in rows if "this project" not in licence and not source
    ]
    assert nameless == []
