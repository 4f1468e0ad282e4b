"""Typed settings over QSettings: the one place that reads or writes the user's preferences.

Every value has a type and a default here, so a damaged or foreign config file can only ever give
back a sensible value (QSettings returns strings from ini files and anything from the registry).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from upscaler.core.catalog import load_catalog
from upscaler.core.devices.detect import PRECISIONS, is_known_name
from upscaler.core.imageio import FORMATS
from upscaler.core.video.encode import CODECS, available_codecs

#: How many files File > Open Recent remembers.
MAX_RECENT = 10
#: Output formats offered for batch runs (the registry's choices); "same" keeps each input's format.
OUTPUT_FORMATS = ("same", *(f.choices[0] for f in FORMATS if f.choices))
#: What to do when a result's name is taken (an input is never replaced).
EXISTS_CHOICES = ("skip", "rename", "overwrite")
COMPARE_MODES = ("split", "side_by_side", "toggle")
LANGUAGES = ("system", "en", "zh_CN")
DEFAULT_PATTERN = "{stem}_x{scale}_{model}"


class Settings:
    """The program's preferences; pass a QSettings (an ini file in tests) or use the user's."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._s = store if store is not None else QSettings()

    def sync(self) -> None:
        self._s.sync()

    @property
    def file_name(self) -> str:
        return self._s.fileName()

    # -- typed access -------------------------------------------------------------------------
    def _str(self, key: str, default: str) -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int, allowed: tuple[int, ...] | None = None) -> int:
        try:
            value = int(self._s.value(key, default))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return default
        return value if allowed is None or value in allowed else default

    def _choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self._str(key, default)
        return value if value in allowed else default

    def _set_choice(self, key: str, value: str, allowed: tuple[str, ...], what: str) -> None:
        """Store one of ``allowed``; anything else is a programming error, refused."""
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}")
        self._s.setValue(key, value)

    def _bool(self, key: str, default: bool) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, str):
            words = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
            return words.get(value.strip().lower(), default)
        return value if isinstance(value, bool) else default

    def _path(self, key: str) -> Path | None:
        value = self._str(key, "")
        return Path(value) if value else None

    def _bytes(self, key: str) -> QByteArray:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()

    # -- model ----------------------------------------------------------------------------------
    @property
    def model_id(self) -> str:
        """Empty means "the default model for the scale"."""
        return self._str("model/id", "")

    @model_id.setter
    def model_id(self, value: str) -> None:
        self._s.setValue("model/id", value)

    @property
    def scale(self) -> int:
        return self._int("model/scale", 2, tuple(load_catalog().scales()))

    @scale.setter
    def scale(self, value: int) -> None:
        self._s.setValue("model/scale", int(value))

    @property
    def tile_size(self) -> int:
        """0 means Auto."""
        return max(0, self._int("model/tile", 0))

    @tile_size.setter
    def tile_size(self, value: int) -> None:
        self._s.setValue("model/tile", max(0, int(value)))

    @property
    def models_dir(self) -> Path | None:
        """A folder the user chose for model files; searched first."""
        return self._path("model/folder")

    @models_dir.setter
    def models_dir(self, value: Path | None) -> None:
        self._s.setValue("model/folder", str(value) if value else "")

    # -- device (core/devices) ------------------------------------------------------------------
    @property
    def device(self) -> str:
        """``auto``, ``cpu`` or a device name (``cuda``, ``openvino-gpu``...); a name this
        version does not know reads as ``auto``. One that is known but absent is kept: the
        engine falls back to the CPU with a message, and the GPU is used again when it is back."""
        value = self._str("compute/device", "auto").strip().lower()
        return value if value in ("auto", "cpu") or is_known_name(value) else "auto"

    @device.setter
    def device(self, value: str) -> None:
        value = value.strip().lower()
        if value not in ("auto", "cpu") and not is_known_name(value):
            raise ValueError(f"unknown device {value!r}")
        self._s.setValue("compute/device", value)

    @property
    def precision(self) -> str:
        """``auto`` (each model's recorded choice) or one of fp32, bf16, fp16, int8."""
        return self._choice("compute/precision", "auto", ("auto", *PRECISIONS))

    @precision.setter
    def precision(self, value: str) -> None:
        self._set_choice("compute/precision", value, ("auto", *PRECISIONS), "precision")

    # -- output ---------------------------------------------------------------------------------
    @property
    def output_dir(self) -> Path | None:
        """None: next to each input file."""
        return self._path("output/folder")

    @output_dir.setter
    def output_dir(self, value: Path | None) -> None:
        self._s.setValue("output/folder", str(value) if value else "")

    @property
    def output_format(self) -> str:
        return self._choice("output/format", "same", OUTPUT_FORMATS)

    @output_format.setter
    def output_format(self, value: str) -> None:
        self._set_choice("output/format", value, OUTPUT_FORMATS, "output format")

    @property
    def name_pattern(self) -> str:
        return self._str("output/pattern", DEFAULT_PATTERN) or DEFAULT_PATTERN

    @name_pattern.setter
    def name_pattern(self, value: str) -> None:
        self._s.setValue("output/pattern", value)

    @property
    def quality(self) -> int:
        """JPEG and WebP quality, 1..100."""
        return min(100, max(1, self._int("output/quality", 92)))

    @quality.setter
    def quality(self, value: int) -> None:
        self._s.setValue("output/quality", min(100, max(1, int(value))))

    @property
    def when_exists(self) -> str:
        return self._choice("output/exists", "skip", EXISTS_CHOICES)

    @when_exists.setter
    def when_exists(self, value: str) -> None:
        self._set_choice("output/exists", value, EXISTS_CHOICES, "choice for taken names")

    @property
    def continue_on_failure(self) -> bool:
        return self._bool("output/continue", True)

    @continue_on_failure.setter
    def continue_on_failure(self, value: bool) -> None:
        self._s.setValue("output/continue", bool(value))

    # -- videos (core/video) ---------------------------------------------------------------------
    @property
    def video_codec(self) -> str:
        """A codec this FFmpeg encodes, or "" (the default): one saved on another machine whose
        FFmpeg had more encoders reads as the default."""
        value = self._str("video/codec", "").strip().lower()
        return value if value in {c.name for c in available_codecs()} else ""

    @video_codec.setter
    def video_codec(self, value: str) -> None:
        if value and value not in CODECS:
            raise ValueError(f"unknown codec {value!r}")
        self._s.setValue("video/codec", value)

    @property
    def video_crf(self) -> int | None:
        """The quality (CRF) for ``video_codec``; None: its default (and for lossless codecs),
        also when the value is outside the codec's range."""
        codec = CODECS.get(self.video_codec) if self.video_codec else None
        value = self._int("video/crf", -1)
        if codec is None or codec.default_crf is None:
            return None
        low, high = codec.crf_range
        return value if low <= value <= high else None

    @video_crf.setter
    def video_crf(self, value: int | None) -> None:
        self._s.setValue("video/crf", -1 if value is None else int(value))

    # -- auto crop and colour -------------------------------------------------------------------
    @property
    def auto_crop(self) -> bool:
        return self._bool("adjust/crop", False)

    @auto_crop.setter
    def auto_crop(self, value: bool) -> None:
        self._s.setValue("adjust/crop", bool(value))

    @property
    def straighten(self) -> bool:
        return self._bool("adjust/straighten", False)

    @straighten.setter
    def straighten(self, value: bool) -> None:
        self._s.setValue("adjust/straighten", bool(value))

    @property
    def auto_colour(self) -> bool:
        return self._bool("adjust/colour", False)

    @auto_colour.setter
    def auto_colour(self, value: bool) -> None:
        self._s.setValue("adjust/colour", bool(value))

    @property
    def colour_strength(self) -> int:
        """Auto colour's strength in percent."""
        return min(100, max(0, self._int("adjust/strength", 100)))

    @colour_strength.setter
    def colour_strength(self, value: int) -> None:
        self._s.setValue("adjust/strength", min(100, max(0, int(value))))

    @property
    def restore_fade(self) -> bool:
        return self._bool("adjust/fade", False)

    @restore_fade.setter
    def restore_fade(self, value: bool) -> None:
        self._s.setValue("adjust/fade", bool(value))

    # -- view and window ------------------------------------------------------------------------
    @property
    def compare_mode(self) -> str:
        return self._choice("view/compare", "split", COMPARE_MODES)

    @compare_mode.setter
    def compare_mode(self, value: str) -> None:
        self._set_choice("view/compare", value, COMPARE_MODES, "compare mode")

    @property
    def language(self) -> str:
        return self._choice("view/language", "system", LANGUAGES)

    @language.setter
    def language(self, value: str) -> None:
        self._set_choice("view/language", value, LANGUAGES, "language")

    @property
    def geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    # -- recent files ---------------------------------------------------------------------------
    @property
    def recent_files(self) -> list[Path]:
        value = self._s.value("recent/files", [])
        if isinstance(value, str):  # ini files store a one-item list as a plain string
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(v) for v in value if isinstance(v, str) and v][:MAX_RECENT]

    @recent_files.setter
    def recent_files(self, value: list[Path]) -> None:
        self._s.setValue("recent/files", [str(p) for p in value[:MAX_RECENT]])

    def add_recent(self, path: Path) -> None:
        """Move ``path`` to the top of the list, dropping the oldest beyond the limit."""
        path = Path(path).resolve()
        self.recent_files = [path] + [p for p in self.recent_files if p != path]

    def clear_recent(self) -> None:
        self.recent_files = []
