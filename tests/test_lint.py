"""ruff and mypy are part of the test suite, so a lint or type error fails the README's test command
too."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    result = subprocess.run([ruff, "check", "--quiet", str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_clean() -> None:
    """The configuration (files, strictness, the untyped libraries) is in pyproject.toml."""
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or "mypy"
    result = subprocess.run([mypy], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
