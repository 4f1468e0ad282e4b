"""The training pipeline's modules live in models/training (a script folder, not a package)."""

from __future__ import annotations

import sys
from pathlib import Path

TRAINING = Path(__file__).resolve().parents[2] / "models" / "training"
if str(TRAINING) not in sys.path:
    sys.path.insert(0, str(TRAINING))
