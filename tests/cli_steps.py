"""Steps the command-line tests share: run ``upscaler-cli`` in-process, read its answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import images
from upscaler.cli.main import main


def save_noise(path: Path, width: int = 16, height: int = 12) -> Path:
    return images.save(path, images.noise(width, height))


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def run_cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def usage_error(err: str, command: str) -> str:
    """The message of a command-line mistake, answered as argparse answers its own: the
    command's usage, then one ``error:`` line."""
    assert err.startswith(f"usage: upscaler-cli {command} "), err
    last = err.splitlines()[-1]
    prefix = f"upscaler-cli {command}: error: "
    assert last.startswith(prefix), err
    return last[len(prefix) :]
