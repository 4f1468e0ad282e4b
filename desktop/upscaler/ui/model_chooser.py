"""Which model runs next, chosen the way people think: what the picture needs (the purpose), then
a model for it, then the size.

Everything comes from the catalog: a purpose is offered when some model has it, a model is every
catalog name with that purpose, and several entries of one name and scale (a model with options,
such as a denoise level) are its variants. New models are new catalog entries; nothing here
names one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from upscaler.core.catalog import PURPOSES, Catalog, ModelInfo
from upscaler.core.resize import TargetSize
from upscaler.core.store import ModelStore


def purposes(catalog: Catalog) -> list[str]:
    """The purposes some model has, in the catalog's order (unknown ones after)."""
    present = list(dict.fromkeys(m.purpose for m in catalog.all()))
    return [p for p in PURPOSES if p in present] + [p for p in present if p not in PURPOSES]


def names_for(catalog: Catalog, purpose: str) -> list[str]:
    """Model names with ``purpose``: networks by catalog rank, interpolation last."""
    models = [m for m in catalog.all() if m.purpose == purpose]
    best: dict[str, tuple[bool, int, int]] = {}
    for index, m in enumerate(models):
        key = (m.is_baseline, m.rank, index)
        best[m.name] = min(best.get(m.name, key), key)
    return sorted(best, key=lambda name: best[name])


def scales_of(catalog: Catalog, name: str) -> list[int]:
    return sorted({m.scale for m in catalog.all() if m.name == name})


def variants_of(catalog: Catalog, name: str, scale: int) -> list[ModelInfo]:
    """The entries of one model at one scale: one, or one per option (default first)."""
    found = [m for m in catalog.all() if m.name == name and m.scale == scale]
    return sorted(found, key=lambda m: (not m.default, m.rank))


def variant_label(info: ModelInfo) -> str:
    """How a variant is told from its siblings: its ``variant`` if the catalog gives one, else
    its id without the model's name and scale (``waifu2x_noise1_x2`` -> ``noise1``)."""
    given = getattr(info, "variant", None)
    if given:
        return str(given)
    label = info.id
    name = info.name.lower()
    if label.lower().startswith(name):
        label = label[len(name) :]
    suffix = f"_x{info.scale}"
    if label.lower().endswith(suffix):
        label = label[: -len(suffix)]
    return label.strip("_- ") or info.id


class ModelChooser(QObject):
    """The purpose, model, variant and size chosen; ``current()`` is the catalog entry to run.

    ``modelChanged`` follows the entry; ``changed`` anything the steps show (a purpose, the
    installed set, the target size).
    """

    modelChanged = Signal(object)  # ModelInfo
    changed = Signal()

    def __init__(self, catalog: Catalog, store: ModelStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._store = store
        self._image: tuple[int, int] | None = None
        self._target: TargetSize | None = None
        first = store.default_model(2) if 2 in catalog.scales() else catalog.all()[0]
        self._purpose, self._name, self._scale = first.purpose, first.name, first.scale
        self._variant = first.id
        self._current = first

    # -- what is chosen --------------------------------------------------------------------------
    def current(self) -> ModelInfo:
        return self._current

    def scale(self) -> int:
        return self._current.scale

    def purpose(self) -> str:
        return self._purpose

    def name(self) -> str:
        return self._name

    def target(self) -> TargetSize | None:
        return self._target

    def purposes(self) -> list[str]:
        return purposes(self.catalog)

    def names(self) -> list[str]:
        return names_for(self.catalog, self._purpose)

    def scales(self) -> list[int]:
        """The scales the chosen model comes in."""
        return scales_of(self.catalog, self._name)

    def variants(self) -> list[ModelInfo]:
        return variants_of(self.catalog, self._name, self._current.scale)

    def entry(self, name: str) -> ModelInfo:
        """The entry ``name`` would run at the current scale (or its nearest)."""
        scale = self._nearest(scales_of(self.catalog, name), self._scale)
        return variants_of(self.catalog, name, scale)[0]

    @property
    def store(self) -> ModelStore:
        return self._store

    def set_store(self, store: ModelStore) -> None:
        self._store = store
        self.refresh()

    def refresh(self) -> None:
        """The installed set or the language changed: the steps redraw."""
        self.changed.emit()

    # -- choosing --------------------------------------------------------------------------------
    def select(self, info: ModelInfo) -> None:
        """Show ``info`` chosen (its purpose, name, scale and variant), by factor."""
        self._purpose, self._name, self._scale, self._variant = (
            info.purpose,
            info.name,
            info.scale,
            info.id,
        )
        self._target = None
        self._update()

    def set_purpose(self, purpose: str) -> None:
        """Choose what the picture needs; its best installed model at this scale is taken."""
        if purpose == self._purpose:
            return
        names = names_for(self.catalog, purpose)
        if not names:
            return
        installed = [n for n in names if self._store.is_installed(self.entry(n))]
        self._purpose = purpose
        self._name = (installed or names)[0]
        self._update()

    def set_name(self, name: str) -> None:
        if name != self._name:
            self._name = name
            self._update()

    def set_variant(self, model_id: str) -> None:
        if model_id != self._variant:
            self._variant = model_id
            self._update()

    def set_scale(self, scale: int) -> None:
        """Enlarge by ``scale`` (a factor the model comes in)."""
        self._scale, self._target = scale, None
        self._update()

    def set_target(self, target: TargetSize | None) -> None:
        """Enlarge to a width or height instead (None: back to the factor)."""
        self._target = target
        self._update()

    def set_image_size(self, size: tuple[int, int] | None) -> None:
        """The open picture's size, which decides the factor a target size needs."""
        if size != self._image:
            self._image = size
            self._update()

    def output_size(self) -> tuple[int, int] | None:
        """What the open picture will become, or None without a picture."""
        if self._image is None:
            return None
        width, height = self._image
        if self._target is not None:
            return self._target.size_for(width, height)
        return width * self._current.scale, height * self._current.scale

    # -- internals -------------------------------------------------------------------------------
    @staticmethod
    def _nearest(offered: list[int], wanted: int) -> int:
        return min(offered, key=lambda s: (abs(s - wanted), -s)) if offered else wanted

    def _update(self) -> None:
        offered = scales_of(self.catalog, self._name)
        wanted = self._scale
        if self._target is not None and self._image is not None:
            wanted = self._target.scale_for(*self._image, offered)
        scale = self._nearest(offered, wanted)
        # ``_scale`` stays the factor chosen: a model made in other factors only runs at its
        # nearest, and the next one that has the chosen factor gets it back.
        choices = variants_of(self.catalog, self._name, scale)
        chosen = next((m for m in choices if m.id == self._variant), choices[0])
        self._variant = chosen.id
        old, self._current = self._current, chosen
        self.changed.emit()
        if chosen != old:
            self.modelChanged.emit(chosen)
