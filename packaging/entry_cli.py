"""Frozen-build entry point of the command line (``upscaler-cli``)."""

import sys

from upscaler.cli import main

sys.exit(main())
