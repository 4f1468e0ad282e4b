"""The desktop program's entry point: application object, names, icon, language, main window.

``upscaler FILE...`` opens the files. ``--quit-after-shown`` (or UPSCALER_QUIT_AFTER_SHOWN=1)
quits once the window is on screen, for the frozen build's smoke test; ``--screenshot PATH`` (or
UPSCALER_SCREENSHOT) saves the shown window to PNG and quits, to look at it without a desktop.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from upscaler import __version__
from upscaler.core.paths import APP_AUTHOR, APP_NAME, resources_dir
from upscaler.ui.gc_guard import GuiThreadCollector
from upscaler.ui.i18n import Translations, resolve
from upscaler.ui.main_window import MainWindow
from upscaler.ui.settings import Settings

QUIT_AFTER_SHOWN_ENV = "UPSCALER_QUIT_AFTER_SHOWN"
SCREENSHOT_ENV = "UPSCALER_SCREENSHOT"
#: File to which the time (time.time()) the window was first shown is written, for the start-up
#: benchmark (packaging/bench_startup.py).
STARTUP_LOG_ENV = "UPSCALER_STARTUP_LOG"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="upscaler", description="Upscaler desktop program")
    parser.add_argument("files", nargs="*", type=Path, help="images or folders to open")
    parser.add_argument("--version", action="version", version=f"upscaler {__version__}")
    parser.add_argument(
        "--quit-after-shown", action="store_true", help="quit once the window is shown (smoke test)"
    )
    parser.add_argument(
        "--screenshot", type=Path, help="save the shown window to this PNG, then quit"
    )
    args, _qt_args = parser.parse_known_args(list(argv))
    if os.environ.get(QUIT_AFTER_SHOWN_ENV) == "1":
        args.quit_after_shown = True
    if args.screenshot is None and os.environ.get(SCREENSHOT_ENV):
        args.screenshot = Path(os.environ[SCREENSHOT_ENV])
    return args


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        png = resources_dir() / "icons" / f"upscaler-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with the names QSettings and the desktop use."""
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication), "a non-GUI QCoreApplication already exists"
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("upscaler")
    app.setWindowIcon(app_icon())
    return app


def create_window(settings: Settings | None = None) -> MainWindow:
    """Install the language the settings ask for, then build the window."""
    settings = settings or Settings()
    translations = Translations()
    translations.apply(resolve(settings.language))
    return MainWindow(settings, translations=translations)


def _log_shown() -> None:
    Path(os.environ[STARTUP_LOG_ENV]).write_text(repr(time.time()), encoding="utf-8")


def _after_shown(window: MainWindow, args: argparse.Namespace) -> None:
    if args.screenshot is not None:
        window.grab().save(str(args.screenshot), "PNG")
    window.close()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    app = create_application(argv)
    window = create_window()
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    if os.environ.get(STARTUP_LOG_ENV):
        QTimer.singleShot(0, _log_shown)  # runs once the first frame has been handled
    if args.files:
        window.open_paths(args.files)
    if args.quit_after_shown or args.screenshot is not None:
        QTimer.singleShot(300, lambda: _after_shown(window, args))
    collector = GuiThreadCollector(parent=app)  # Qt objects must die on the GUI thread
    collector.start()
    try:
        return app.exec()
    finally:
        collector.stop()


if __name__ == "__main__":
    sys.exit(main())
