"""Command-line mistakes: one kind of mistake, one kind of answer.

A value that can never work (``--tile 0``, ``--scale 5``, an unknown model, a colour that is not
one, ``-o`` with several inputs, a ``--models-dir`` that is not a folder) is answered the way
argparse answers its own checks: the sub-command's usage, one ``error:`` line, exit status 2,
whether argparse or the command noticed it. Problems with the files themselves are not usage
mistakes: they are reported per file, exit status 1.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from upscaler.core.messages import printable

EXIT_USAGE = 2


class UsageError(Exception):
    """The command line asks for something that cannot work; nothing was done."""


def remember_parsers(parser: argparse.ArgumentParser) -> None:
    """Let every (sub-)command find its own parser in its arguments (``command_parser``), so a
    mistake found after parsing prints that command's usage, as argparse would."""
    parser.set_defaults(command_parser=parser)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                remember_parsers(child)


def report(parser: argparse.ArgumentParser, error: BaseException, stream: TextIO) -> int:
    """argparse's answer to a mistake: usage, ``PROG: error: MESSAGE``; the exit status."""
    parser.print_usage(stream)
    stream.write(f"{parser.prog}: error: {error}\n")
    return EXIT_USAGE


def check_models_dir(folder: Path | None, *, must_exist: bool = True) -> None:
    """``--models-dir`` must name a folder: a file is a mistake, said as such; so is a missing
    folder where nothing would be created there (``must_exist``)."""
    if folder is None:
        return
    path = folder.expanduser()
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"argument --models-dir: {printable(folder)} is a file, not a folder")
    if must_exist and not os.path.isdir(path):
        raise UsageError(f"argument --models-dir: the folder {printable(folder)} does not exist")
