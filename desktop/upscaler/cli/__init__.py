"""``upscaler-cli``: the command-line face of the core (upscale, models, bench)."""

from upscaler.cli.main import main

__all__ = ["main"]
