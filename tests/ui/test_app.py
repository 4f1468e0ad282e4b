"""The ``upscaler`` entry point: arguments, opening files, the frozen-build smoke options."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from upscaler.ui import app

OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def test_arguments_and_environment(monkeypatch, tmp_path: Path) -> None:
    args = app.parse_args(["a.png", "dir", "--screenshot", str(tmp_path / "s.png")])
    assert args.files == [Path("a.png"), Path("dir")]
    assert args.screenshot == tmp_path / "s.png"
    assert args.quit_after_shown is False
    monkeypatch.setenv(app.QUIT_AFTER_SHOWN_ENV, "1")
    monkeypatch.setenv(app.SCREENSHOT_ENV, str(tmp_path / "env.png"))
    args = app.parse_args([])
    assert args.quit_after_shown is True
    assert args.screenshot == tmp_path / "env.png"


def test_main_opens_the_files_given_and_quits_after_shown(
    qapp, qtbot, monkeypatch, set5_dir
) -> None:
    made = []
    real = app.create_window

    def capture(settings=None):
        made.append(real(settings))
        return made[-1]

    monkeypatch.setattr(app, "create_window", capture)
    gc_was_enabled = gc.isenabled()
    rc = app.main(["upscaler", "--quit-after-shown", str(set5_dir / "bird.png")])
    window = made[0]
    # Delete it on this thread at teardown: left to the garbage collector, a widget may be
    # destroyed on whichever thread happens to run the collection (a worker's, in a later test).
    qtbot.addWidget(window)
    qapp.aboutToQuit.disconnect(window.shutdown)
    assert rc == 0
    assert gc.isenabled() == gc_was_enabled  # the GUI-thread collector handed collection back
    assert window.loaded is not None and window.loaded.path == set5_dir / "bird.png"
    assert not window.isVisible()
    assert not window.host.running
    assert qapp.organizationName() == "Upscaler" and qapp.applicationName() == "Upscaler"
    assert not qapp.windowIcon().isNull()


def test_the_installed_command_starts_and_quits_cleanly(tmp_path: Path) -> None:
    command = shutil.which("upscaler", path=str(Path(sys.executable).parent))
    argv = [command] if command else [sys.executable, "-m", "upscaler.ui.app"]
    shot = tmp_path / "window.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", UPSCALER_QUIT_AFTER_SHOWN="1")
    result = subprocess.run(
        [*argv, "--screenshot", str(shot)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    noise = [line for line in result.stderr.splitlines() if line.strip() != OFFSCREEN_NOISE]
    assert noise == []
    image = QImage(str(shot))
    assert image.width() >= 700 and image.height() >= 500  # fitted to the 800x800 offscreen screen
