"""Upscaler: deep-learning image super-resolution for the desktop."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("upscaler")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen build
    __version__ = "0.1.0"
