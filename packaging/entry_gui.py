"""Frozen-build entry point of the desktop app (``upscaler``)."""

import sys

from upscaler.ui.app import main

sys.exit(main())
