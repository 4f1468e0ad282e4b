"""Shared fixtures: where the mirrored models and benchmark images are.

Tests that need ``../shared`` skip with a reason on a developer machine without it, but in CI
(``CI=true``) a missing folder is a failure: those tests must run there.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _opencv_without_ipp() -> None:
    """OpenCV is the reference the program's NumPy resampling and colour conversions are checked
    against, bit for bit (docs/pitfalls.md #33). OpenCV hands some resizes
    to Intel IPP, whose own arithmetic differs by one level on a few pixels; the tests compare
    with OpenCV's own algorithm. ``tests/core/test_imageops_resample.py`` bounds IPP's difference.
    """
    try:
        import cv2
    except ImportError:
        return
    cv2.ipp.setUseIPP(False)


_opencv_without_ipp()

#: Reusable 127.0.0.1 HTTP servers (model_server, hanging_url, refused_url) for download tests.
pytest_plugins = ["tests.http_fixtures"]

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("UPSCALER_SHARED_DIR", REPO.parent / "shared"))
SHARED_MODELS = Path(os.environ.get("UPSCALER_MODELS_DIR") or SHARED / "models")
SET5 = SHARED / "data" / "sr-benchmarks" / "Set5"
SET14 = SHARED / "data" / "sr-benchmarks" / "Set14"


def _need(path: Path) -> Path:
    if path.is_dir():
        return path.resolve()  # the program resolves links in the paths it shows and remembers
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing: CI must run the tests that need ../shared")
    pytest.skip(f"{path} not available on this machine")


#: The per-user folders the program writes to (platformdirs and Qt follow these on Linux).
USER_DIR_VARIABLES = {
    "XDG_DATA_HOME": "data",
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
}


def pytest_configure(config: pytest.Config) -> None:
    """Point the user folders into a temporary one before any test module is imported or any
    fixture runs: module- and session-scoped fixtures load models (runtime choice, digests,
    converted graphs) before a function-scoped fixture could step in, and would otherwise write
    into the real ``~/.cache/Upscaler``."""
    folder = Path(tempfile.mkdtemp(prefix="upscaler-tests-user-"))
    config.stash[_USER_FOLDER] = folder
    for variable, name in USER_DIR_VARIABLES.items():
        os.environ[variable] = str(folder / name)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_USER_FOLDER, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


_USER_FOLDER = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def shared_models_dir() -> Path:
    """The mirrored pretrained weights (ESPCN, FSRCNN, LapSRN)."""
    return _need(SHARED_MODELS)


@pytest.fixture(scope="session")
def set5_dir() -> Path:
    return _need(SET5)


@pytest.fixture(scope="session")
def set14_dir() -> Path:
    return _need(SET14)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Give every test fresh user folders of its own (``pytest_configure`` already keeps the
    whole session, fixtures included, away from the real ones)."""
    home = tmp_path_factory.mktemp("home")
    for variable, name in USER_DIR_VARIABLES.items():
        monkeypatch.setenv(variable, str(home / name))
    monkeypatch.delenv("UPSCALER_MODELS_DIR", raising=False)
    yield


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """Python's own SIGINT handler, for tests that press Ctrl+C with ``_thread.interrupt_main``:
    a suite started as a background job of a non-interactive shell inherits SIGINT ignored, and
    ``interrupt_main`` then does nothing at all."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
