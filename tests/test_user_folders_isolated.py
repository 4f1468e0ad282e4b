"""The test suite never touches the real user folders, from its first fixture on.

Found by a user: module- and session-scoped fixtures (which load models) ran before the
function-scoped fixture that redirected the user folders, so the suite wrote its runtime choice,
converted graphs and digests into the real ``~/.cache/Upscaler``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from tests.conftest import _USER_FOLDER, SET5
from upscaler.core.paths import APP_AUTHOR, APP_NAME

REPO = Path(__file__).resolve().parents[1]
#: Where the program's cache was while this module was being imported (collection time).
CACHE_AT_IMPORT = Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def test_user_folders_were_redirected_before_test_modules_were_imported(
    request: pytest.FixtureRequest,
) -> None:
    folder = request.config.stash[_USER_FOLDER]
    assert CACHE_AT_IMPORT.is_relative_to(folder)
    assert not CACHE_AT_IMPORT.is_relative_to(Path.home())


@pytest.mark.slow
def test_a_module_fixture_that_loads_a_model_writes_nothing_into_home(tmp_path: Path) -> None:
    """The suite's own module fixture (UpNet, runtime measured and remembered), run with HOME
    pointed at an empty folder and no XDG variables: the folder stays empty."""
    if not SET5.is_dir() and not os.environ.get("CI"):
        pytest.skip(f"{SET5} not available on this machine")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/core/test_upnet_models.py", "-k", "tiled_like_whole and x2"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert sorted(p.relative_to(home).as_posix() for p in home.rglob("*")) == []
