"""`upscaler-cli upscale` (placeholder until implemented)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("upscale", help="(not implemented yet)")
