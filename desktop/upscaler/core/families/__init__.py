"""The family registry: every module of this package declares its family record(s).

A module exports ``FAMILY`` (one :class:`~upscaler.core.families.base.Family`) or ``FAMILIES`` (a
tuple of them); the registry imports every module of the package once, so adding a family is one
new file here plus its catalog entries. Look-ups go by the catalog's ``family`` value.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import TYPE_CHECKING

from upscaler.core.errors import ModelError
from upscaler.core.families.base import (
    ALPHA_INTERPOLATION,
    DEFAULT_TILE_MEMORY,
    RESAMPLE_CONTEXT,
    Family,
    TileMemory,
    resize,
    run_checked,
    to_dtype,
)
from upscaler.core.messages import text

if TYPE_CHECKING:
    from upscaler.core.catalog import ModelInfo

__all__ = [
    "ALPHA_INTERPOLATION",
    "DEFAULT_TILE_MEMORY",
    "RESAMPLE_CONTEXT",
    "Family",
    "TileMemory",
    "family_for",
    "get_family",
    "registered",
    "resize",
    "run_checked",
    "to_dtype",
]


@lru_cache(maxsize=1)
def registered() -> dict[str, Family]:
    """Every family, by key, collected from this package's modules (imported once)."""
    found: dict[str, Family] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        records = getattr(module, "FAMILIES", ())
        if hasattr(module, "FAMILY"):
            records = (*records, module.FAMILY)
        for family in records:
            if family.key in found:
                raise RuntimeError(f"family {family.key!r} is declared twice")
            found[family.key] = family
    return found


def get_family(key: str) -> Family | None:
    return registered().get(key.lower())


def family_for(info: ModelInfo) -> Family:
    """The family record for ``info.family``; ModelError for a family the program cannot run."""
    family = get_family(info.family)
    if family is None:
        raise ModelError(
            text("model {model} has unknown family '{family}'", model=info.id, family=info.family)
        )
    return family
