"""`upscaler-cli bench speed` (placeholder until implemented)."""

from __future__ import annotations

import argparse


def register(bench_sub: argparse._SubParsersAction) -> None:
    bench_sub.add_parser("speed", help="(not implemented yet)")
