"""Argument parsing and dispatch; each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from upscaler import __version__
from upscaler.cli import devices_cmd, models_cmd, upscale_cmd
from upscaler.cli.usage import UsageError, remember_parsers, report
from upscaler.core.errors import UpscalerError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="upscaler-cli",
        description="Enlarge images with deep-learning super-resolution, offline.",
    )
    parser.add_argument("--version", action="version", version=f"upscaler {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check every model shipped with the program on a generated image, then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (upscale_cmd, models_cmd, devices_cmd):
        module.register(sub)
    _register_bench(sub)
    remember_parsers(parser)
    return parser


def _register_bench(sub: argparse._SubParsersAction) -> None:
    """``bench`` where the benchmarks are installed (a source checkout); the frozen bundle leaves
    them out, and says so instead of offering a command that cannot run."""
    try:
        from upscaler.bench import cli as bench_cli
    except ImportError:
        parser = sub.add_parser("bench", help="benchmarks (not part of this bundle)")
        parser.add_argument("ignored", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        parser.set_defaults(func=_no_bench)
        return
    bench_cli.register(sub)


def _no_bench(args: argparse.Namespace) -> int:
    print(
        "upscaler-cli: error: the benchmarks are a development tool and are not part of this "
        "bundle; run them from a source checkout of Upscaler",
        file=sys.stderr,
    )
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    _tolerate_unprintable_names()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from upscaler.core.selftest import run_self_test

        return 0 if run_self_test() else 1
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as err:
        return report(getattr(args, "command_parser", parser), err, sys.stderr)
    except UpscalerError as err:
        print(f"upscaler-cli: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("upscaler-cli: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as err:  # a file-system refusal no check foresaw: still one line
        print(f"upscaler-cli: error: {os_error_message(err)}", file=sys.stderr)
        return 1


def _tolerate_unprintable_names() -> None:
    """A file name the output encoding cannot show (Chinese in a cp1252 log on Windows, an
    undecodable name on Linux) is printed escaped rather than crashing the batch mid-way."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def os_error_message(err: OSError) -> str:
    """``PATH: reason`` for an :class:`OSError`, the way the program's own errors read."""
    reason = err.strerror or str(err) or type(err).__name__
    return f"{err.filename}: {reason}" if err.filename is not None else reason


if __name__ == "__main__":
    sys.exit(main())
