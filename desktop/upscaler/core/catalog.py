"""The models the program knows: families, scales, upstream files and how to verify them.

The data lives in ``models/catalog.json`` (shipped with the program and the frozen bundle) so that a
new model or a new mirror is a data change, not a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from upscaler.core.errors import ModelError
from upscaler.core.families import get_family
from upscaler.core.messages import text
from upscaler.core.paths import project_models_dir

#: What a model is for, in the order the window offers them: faithful detail (PSNR-trained on
#: clean downscaling), compressed or noisy photos (restoration), sharp generated texture (GANs:
#: they invent detail), drawings and anime.
PURPOSES = ("faithful", "restore", "generative", "drawings")


@dataclass(frozen=True)
class ModelInfo:
    """One model at one scale, as the catalog describes it."""

    id: str
    name: str
    family: str
    scale: int
    filename: str | None = None
    url: str | None = None
    size: int | None = None
    sha256: str | None = None
    git_sha1: str | None = None
    license: str = ""
    license_file: str | None = None
    builtin: bool = False
    default: bool = False
    speed: str = "fast"
    #: Preference when no model is chosen and the scale's default is not installed (lower first).
    rank: int = 100
    #: What the model is for, one of :data:`PURPOSES`; users choose by purpose first.
    purpose: str = "faithful"
    #: True for generative models that synthesise texture (GANs): shown to the user as such.
    invents_detail: bool = False
    #: A model that comes from a pinned registry wheel rather than a file of its own: its id in
    #: ``models/ncnn_sources.json`` (found, verified and converted by ``convert/ncnn_sources``).
    source: str | None = None
    #: How this entry differs from its siblings of one name and scale (its options), e.g.
    #: ``denoise 1``; None when the model has no options.
    variant: str | None = None
    #: The JPEG-noise removal level (0..3) of a model with denoise options; None: no denoising.
    denoise: int | None = None

    @property
    def needs_file(self) -> bool:
        """A network (a file to load), not a built-in interpolation; an unknown family counts as
        a network, so the engine names the family it cannot run rather than the file."""
        family = get_family(self.family)
        return family is None or family.channels is not None

    @property
    def is_baseline(self) -> bool:
        return not self.needs_file

    @property
    def label(self) -> str:
        """Short human name, e.g. ``EDSR x3``."""
        return f"{self.name} x{self.scale}"


class Catalog:
    """Look-ups over the known models (networks and baselines)."""

    def __init__(self, models: list[ModelInfo]) -> None:
        self._models = list(models)
        self._by_id = {m.id.lower(): m for m in self._models}

    def all(self) -> list[ModelInfo]:
        return list(self._models)

    def networks(self) -> list[ModelInfo]:
        return [m for m in self._models if m.needs_file]

    def scales(self) -> list[int]:
        return sorted({m.scale for m in self._models})

    def names(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self._models))

    def for_scale(self, scale: int) -> list[ModelInfo]:
        return [m for m in self._models if m.scale == scale]

    def default_for(self, scale: int) -> ModelInfo:
        candidates = self.for_scale(scale)
        if not candidates:
            raise ModelError(
                text(
                    "no model supports scale x{scale}; choose one of {scales}",
                    scale=scale,
                    scales=self.scales(),
                )
            )
        return next((m for m in candidates if m.default), candidates[0])

    def download_for(self, scale: int) -> ModelInfo | None:
        """What to offer for download at ``scale``: the default when it can be downloaded, else
        the best-ranked model that can (the built-in default needs no download); None if none."""
        default = self.default_for(scale)
        if default.url:
            return default
        downloadable = [m for m in self.for_scale(scale) if m.url]
        return min(downloadable, key=lambda m: m.rank) if downloadable else None

    def with_denoise(self, info: ModelInfo, level: int | None) -> ModelInfo:
        """The sibling of ``info`` (same name and scale) with denoise ``level``; ModelError when
        the model has no such option."""
        siblings = [m for m in self._models if m.name == info.name and m.scale == info.scale]
        for m in siblings:
            if m.denoise == level:
                return m
        levels = [str(m.denoise) for m in siblings if m.denoise is not None]
        if not levels:
            raise ModelError(text("{model} has no denoise option", model=info.label))
        raise ModelError(
            text(
                "{model} has no denoise level {level}; it offers {levels}",
                model=info.label,
                level=level,
                levels=", ".join(levels),
            )
        )

    def get(self, id_or_name: str, scale: int | None = None) -> ModelInfo:
        """Find a model by id (``ESPCN_x3``) or by name and scale (``espcn``, 3)."""
        key = id_or_name.strip().lower()
        if key in self._by_id:
            found = self._by_id[key]
            if scale is None or found.scale == scale:
                return found
            # Not "unknown model": the id is known, only the scale contradicts it.
            raise ModelError(
                text(
                    "{model} is an x{model_scale} model but x{scale} was asked for; {scales}",
                    model=found.id,
                    model_scale=found.scale,
                    scale=scale,
                    scales=self._scales_of(found.name),
                )
            )
        named = [m for m in self._models if m.name.lower() == key]
        if named:
            if scale is None and len({m.scale for m in named}) == 1:
                return named[0]  # one scale; several entries are its options, the first plain
            if scale is None:
                raise ModelError(
                    text(
                        "model {name} comes in several scales ({scales}); choose one with --scale",
                        name=named[0].name,
                        scales=", ".join(dict.fromkeys("x" + str(m.scale) for m in named)),
                    )
                )
            for m in named:
                if m.scale == scale:
                    return m
            raise ModelError(
                text(
                    "model {name} has no x{scale} version; it supports {scales}",
                    name=named[0].name,
                    scale=scale,
                    scales=", ".join(dict.fromkeys("x" + str(m.scale) for m in named)),
                )
            )
        known = ", ".join(self.names())
        raise ModelError(
            text(
                "unknown model '{id_or_name}'; known models: {known}",
                id_or_name=id_or_name,
                known=known,
            )
        )

    def _scales_of(self, name: str) -> str:
        """``ESPCN comes in x2, x3, x4``: the scales on offer under a display name."""
        scales = ", ".join(dict.fromkeys(f"x{m.scale}" for m in self._models if m.name == name))
        return text("{name} comes in {scales}", name=name, scales=scales)


def _parse(data: dict) -> list[ModelInfo]:
    models = [ModelInfo(**entry) for entry in data["models"]]
    for model in models:
        if model.purpose not in PURPOSES:
            raise ValueError(f"{model.id}: unknown purpose {model.purpose!r}")
    for base in data.get("baselines", []):
        for scale in base["scales"]:
            models.append(
                ModelInfo(
                    id=f"{base['name']}_x{scale}",
                    name=base["name"],
                    family=base["family"],
                    scale=scale,
                    license="built in",
                    builtin=True,
                    speed="instant",
                )
            )
    return models


def catalog_path() -> Path:
    return project_models_dir() / "catalog.json"


def load_catalog_file(path: Path) -> Catalog:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Catalog(_parse(data))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelError(
            text("the model catalog cannot be read ({reason})", reason=str(err)), path
        ) from err


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The program's catalog (cached: it is read once per process)."""
    return load_catalog_file(catalog_path())
