"""Shared fixtures: where the mirrored models and benchmark images are.

Tests that need ``../shared`` skip with a reason on a developer machine without it, but in CI
(``CI=true``) a missing folder is a failure: those tests must run there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    """Keep every test away from the real user data/config folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("UPSCALER_MODELS_DIR", raising=False)
    yield
