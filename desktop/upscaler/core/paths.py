"""Where the program's own data lives: source tree, frozen bundle, user folders.

One place decides this so that the CLI, the GUI, the tests and the frozen build agree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Upscaler"
APP_AUTHOR = "Upscaler"

#: Environment variable naming an extra models folder searched first
#: (CI points it at ../shared/models).
MODELS_DIR_ENV = "UPSCALER_MODELS_DIR"


def is_frozen() -> bool:
    """True inside a PyInstaller build."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """Root holding ``models/`` and ``resources/``: the bundle folder, or the source checkout."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[3]


def project_models_dir() -> Path:
    """The ``models/`` folder shipped with the program (catalog, built-in models, licences)."""
    return bundle_root() / "models"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def user_cache_dir() -> Path:
    """The program's cache folder (converted graphs, file digests): safe to delete at any time."""
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def user_models_dir() -> Path:
    """Downloaded and imported models go here, never into the bundle."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "models"


def env_models_dir() -> Path | None:
    value = os.environ.get(MODELS_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None
