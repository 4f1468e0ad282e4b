"""`upscaler-cli bench` (placeholder until implemented)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("bench", help="(not implemented yet)")
