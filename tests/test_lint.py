"""ruff is part of the test suite, so a lint error fails the README's test command too."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    result = subprocess.run([ruff, "check", "--quiet", str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
