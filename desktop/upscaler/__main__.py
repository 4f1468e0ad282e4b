"""``python -m upscaler``: the command-line program, the same as ``upscaler-cli``."""

from upscaler.cli import main

raise SystemExit(main())
