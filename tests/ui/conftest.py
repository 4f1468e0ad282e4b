"""Qt test setup: offscreen platform, a temporary settings file, dialogs that answer at once,
and a guard that fails any test leaving a QThread running."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402 - Qt must see the platform first
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QThread  # noqa: E402

from upscaler.ui.gc_guard import GuiThreadCollector  # noqa: E402
from upscaler.ui.settings import Settings  # noqa: E402

#: Said by the offscreen platform plugin itself when a top-level window is shown; harmless.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def no_thread_left_running(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QThread]]:
    """Record every QThread started during the test; fail if one still runs at its end."""
    started: list[QThread] = []
    original = QThread.start

    def start(self: QThread, *args: object) -> None:
        started.append(self)
        original(self, *args)

    monkeypatch.setattr(QThread, "start", start)
    yield started
    running = [t.objectName() or repr(t) for t in started if _is_running(t)]
    for thread in started:  # stop them anyway, so one leak does not crash the next test
        if _is_running(thread):
            thread.quit()
            thread.wait(5000)
    assert running == [], f"QThreads still running after the test: {running}"


def _is_running(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is gone, so its thread is too
        return False


@pytest.fixture(autouse=True)
def collect_on_gui_thread(qapp) -> Iterator[None]:
    """As in the program: cyclic garbage (maybe widgets) is freed on the GUI thread only."""
    collector = GuiThreadCollector(interval_ms=200)
    collector.start()
    yield
    collector.stop()
    gc.collect()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings in an ini file of this test's own: never the real user configuration."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return Settings(store)


class FakeDialogs:
    """Stands in for ``ui.dialogs.Dialogs``: answers from queues and records every message."""

    def __init__(self) -> None:
        self.open_answers: list[list[Path]] = []
        self.save_answers: list[Path | None] = []
        self.folder_answers: list[Path | None] = []
        self.model_answers: list[Path | None] = []
        self.confirm_answers: list[bool | None] = []  # None: Cancel (ask_continue only)
        self.unsaved_answers: list[str] = []
        self.unsaved_questions: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.listings: list[str] = []  # the titles of those shown in a scrolling box
        self.confirms: list[str] = []
        self.confirm_defaults: list[bool] = []  # whether Enter would answer Yes
        self.saved_suggestions: list[Path] = []
        self.opened_folders: list[Path] = []
        self.folder_opens: list[bool] = []

    def open_images(self, start: Path | None) -> list[Path]:
        return self.open_answers.pop(0) if self.open_answers else []

    def save_image(self, suggested: Path) -> Path | None:
        self.saved_suggestions.append(suggested)
        return self.save_answers.pop(0) if self.save_answers else None

    def open_model_file(self, start: Path | None) -> Path | None:
        return self.model_answers.pop(0) if self.model_answers else None

    def choose_folder(self, title: str, start: Path | None) -> Path | None:
        return self.folder_answers.pop(0) if self.folder_answers else None

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def info(self, title: str, message: str) -> None:
        self.infos.append((title, message))

    def about(self, title: str, html: str) -> None:
        self.infos.append((title, html))

    def listing(self, title: str, html: str) -> None:
        self.infos.append((title, html))
        self.listings.append(title)

    def confirm(self, title: str, question: str, *, default_yes: bool = True) -> bool:
        self.confirms.append(question)
        self.confirm_defaults.append(default_yes)
        return self.confirm_answers.pop(0) if self.confirm_answers else False

    def ask_continue(self, title: str, question: str) -> bool | None:
        self.confirms.append(question)
        self.confirm_defaults.append(True)
        return self.confirm_answers.pop(0) if self.confirm_answers else False

    def ask_unsaved(self, title: str, question: str) -> str:
        self.unsaved_questions.append(question)
        return self.unsaved_answers.pop(0) if self.unsaved_answers else "discard"

    def open_folder(self, folder: Path) -> bool:
        self.opened_folders.append(folder)
        return self.folder_opens.pop(0) if self.folder_opens else True


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def make_window(qtbot, settings: Settings, dialogs: FakeDialogs):
    """Build main windows that close (joining their worker) at the end of the test."""
    from upscaler.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def make(models_dir: Path | None = None) -> MainWindow:
        settings.models_dir = models_dir
        window = MainWindow(settings, dialogs=dialogs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
