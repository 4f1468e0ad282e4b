"""Core errors and warnings in the Chinese window: catalogued, translated, shown in Chinese."""

from __future__ import annotations

import importlib.util
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from upscaler.core.errors import DownloadError, ImageReadError
from upscaler.core.messages import Text, text
from upscaler.core.paths import resources_dir
from upscaler.ui.core_text import error_text, localized
from upscaler.ui.i18n import Translations
from upscaler.ui.jobs import Job
from upscaler.ui.worker import WorkerHost

ROOT = Path(__file__).parents[2]
CATALOGUE = resources_dir() / "i18n" / "upscaler_zh_CN.ts"


def _update_script():
    spec = importlib.util.spec_from_file_location(
        "update_core_messages", ROOT / "resources" / "i18n" / "update_core_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _core_context() -> dict[str, ET.Element]:
    root = ET.parse(CATALOGUE).getroot()
    return {
        message.findtext("source"): message.find("translation")
        for context in root.iter("context")
        if context.findtext("name") == "CoreMessages"
        for message in context.iter("message")
    }


def _fields(template: str) -> list[tuple[str, str, str]]:
    """Each {placeholder}: name, conversion and format spec (sorted, repeats kept)."""
    return sorted(
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    translations = Translations()
    assert translations.apply("zh_CN")
    yield
    translations.apply("en")


# -- the catalogue ------------------------------------------------------------------------------


def test_every_core_template_has_a_finished_translation() -> None:
    templates = _update_script().find_templates()
    assert len(templates) > 100
    catalogue = _core_context()
    missing = [t for t in templates if t not in catalogue]
    unfinished = [
        t
        for t in templates
        if t in catalogue
        and (
            catalogue[t].get("type") in ("unfinished", "vanished", "obsolete")
            or not catalogue[t].text
        )
    ]
    assert missing == [], "run resources/i18n/update_core_messages.py and translate"
    assert unfinished == []


def test_the_generated_lupdate_source_is_current() -> None:
    """desktop/upscaler/ui/core_messages.py lists exactly the core's templates (so the regular
    lupdate over ui/*.py keeps them in the catalogue)."""
    assert _update_script().check() == 0


def test_every_translation_keeps_the_placeholders_of_its_source() -> None:
    wrong = {
        source: translation.text
        for source, translation in _core_context().items()
        if _fields(source) != _fields(translation.text or "")
    }
    assert wrong == {}


def test_the_placeholder_check_sees_a_changed_spec() -> None:
    assert _fields("{a:.1f} of {b!r}") != _fields("{a} of {b!r}")
    assert _fields("{a:.1f} of {b!r}") == _fields("{b!r} 中的 {a:.1f}")


# -- localized() and error_text() ---------------------------------------------------------------


def test_english_is_the_english_text(qapp) -> None:
    message = text("the file has {frames} frames; only the first is used", frames=3)
    assert localized(message) == "the file has 3 frames; only the first is used"
    err = ImageReadError(text("the file is empty (0 bytes)"), Path("/x/a.png"))
    assert error_text(err) == str(err) == "/x/a.png: the file is empty (0 bytes)"


def test_chinese_with_values_and_nested_messages(chinese) -> None:
    assert localized(text("the file has {frames} frames; only the first is used", frames=3)) == (
        "文件有 3 帧；只使用第一帧"
    )
    problem = text("the server closed the connection")
    err = DownloadError(
        text(
            "cannot download {what} from {url}: {problem}", what="EDSR_x4", url="u", problem=problem
        )
    )
    assert error_text(err) == "无法从 u 下载 EDSR_x4：服务器关闭了连接"


def test_plain_strings_and_unknown_templates_stay_english(chinese) -> None:
    assert localized("the file is empty (0 bytes)") == "the file is empty (0 bytes)"
    assert localized(text("not in the catalogue {x}", x=1)) == "not in the catalogue 1"
    assert error_text(ValueError("boom")) == "boom"


def test_a_translation_that_cannot_be_formatted_falls_back_to_english(chinese) -> None:
    # the translation wants {reason}, which this message does not carry
    broken = Text("English words", "cannot read the file ({reason})", {})
    assert QCoreApplication.translate("CoreMessages", broken.template) != broken.template
    assert localized(broken) == "English words"


class _BadTranslator(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001
        return "坏的 {oops" if context == "CoreMessages" else ""


def test_a_malformed_translation_falls_back_to_english(qapp) -> None:
    bad = _BadTranslator()
    QCoreApplication.installTranslator(bad)
    try:
        message = text("the file has {frames} frames; only the first is used", frames=2)
        if QCoreApplication.translate("CoreMessages", message.template) != "坏的 {oops":
            pytest.skip("this PySide6 does not call a Python QTranslator.translate override")
        assert localized(message) == "the file has 2 frames; only the first is used"
    finally:
        QCoreApplication.removeTranslator(bad)


# -- where the window shows them ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "english", "chinese"),
    [
        (b"", "the file is empty (0 bytes)", "文件为空（0 字节）"),
        (bytes(range(256)) * 4, "not an image, or a format that is not supported", "不是图像"),
    ],
)
def test_opening_a_bad_file_says_why_in_the_window_language(
    make_window, dialogs, tmp_path, content, english, chinese
) -> None:
    bad = tmp_path / "坏图 bad.png"
    bad.write_bytes(content)
    window = make_window()
    assert window.open_image(bad) is False
    title, message = dialogs.errors[-1]
    assert message.startswith(f"{bad}: {english}")
    try:
        window.set_language("zh_CN")
        assert window.open_image(bad) is False
        title, message = dialogs.errors[-1]
        assert (
            title
            == QCoreApplication.translate("MainWindow", "Cannot open image")
            != ("Cannot open image")
        )
        assert bad.name in message and chinese in message
        assert english not in message
    finally:
        window.set_language("en")
    window.open_image(bad)
    assert dialogs.errors[-1][1].startswith(f"{bad}: {english}")


def test_a_worker_failure_arrives_in_chinese(qtbot, chinese) -> None:
    class Empty(Job):
        def run(self, ctx):
            raise ImageReadError(text("the file is empty (0 bytes)"), Path("/x/空.png"))

    host = WorkerHost()
    try:
        handle = host.submit(Empty())
        with qtbot.waitSignal(handle.failed, timeout=30000) as blocker:
            pass
        assert str(blocker.args[0]) == "/x/空.png: 文件为空（0 字节）"
    finally:
        host.shutdown()
