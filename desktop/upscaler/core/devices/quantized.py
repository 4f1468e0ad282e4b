"""The pinned reduced-precision files (int8), verified by hash like every model.

``models/quantized.json`` lists, per model id, the quantised file made from it by
``models/quantize.py`` (a reproducible script: fixed calibration crops of training images), its
size and SHA-256, and the SHA-256 of the fp32 file it was made from. A file is used only when its
bytes match the pins and the fp32 model loaded is that source: a quantised copy of some other
UpNet would silently give another model's results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from upscaler.core.catalog import ModelInfo
from upscaler.core.hashing import DigestCache
from upscaler.core.messages import text
from upscaler.core.paths import project_models_dir
from upscaler.core.store import mismatch

MANIFEST = "quantized.json"


@dataclass(frozen=True)
class Variant:
    """A reduced-precision file of one model."""

    model_id: str
    precision: str
    filename: str
    size: int
    sha256: str
    #: SHA-256 of the fp32 model file it was made from.
    source_sha256: str


def read_manifest(path: Path) -> dict[str, Variant]:
    """The variants a manifest lists, by model id; empty when the file is missing or damaged."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["models"]
        return {
            model_id: Variant(
                model_id,
                e["precision"],
                e["filename"],
                int(e["size"]),
                str(e["sha256"]).lower(),
                str(e["source_sha256"]).lower(),
            )
            for model_id, e in entries.items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@lru_cache(maxsize=1)
def shipped_variants() -> dict[str, Variant]:
    return read_manifest(project_models_dir() / MANIFEST)


def problem(
    variant: Variant, path: Path, source: Path, digests: DigestCache | None = None
) -> str | None:
    """Why ``path`` is not the pinned ``variant`` of the fp32 file ``source``; None when it is."""
    digests = digests or DigestCache()
    try:
        source_digest = digests.digest(source)
        digest = digests.digest(path)
    except OSError as err:
        return text("it cannot be read ({reason})", reason=str(err.strerror or err))
    if source_digest.sha256 != variant.source_sha256:
        return text("it was made from another version of the model")
    pins = ModelInfo(
        id=variant.model_id, name="", family="", scale=1, size=variant.size, sha256=variant.sha256
    )
    return mismatch(pins, digest)


def find_variant(
    model_id: str, precision: str, source: Path, variants: dict[str, Variant] | None = None
) -> tuple[Path | None, str | None]:
    """The verified ``precision`` file of ``model_id`` (beside ``source``, then in the program's
    models folder), or None with the reason (None: the model has no such file at all)."""
    variant = (shipped_variants() if variants is None else variants).get(model_id)
    if variant is None or variant.precision != precision:
        return None, None
    reason: str | None = None
    for folder in dict.fromkeys((Path(source).parent, project_models_dir())):
        candidate = folder / variant.filename
        if not candidate.is_file():
            continue
        reason = problem(variant, candidate, Path(source))
        if reason is None:
            return candidate, None
    return None, reason or text("{filename} is missing", filename=variant.filename)
