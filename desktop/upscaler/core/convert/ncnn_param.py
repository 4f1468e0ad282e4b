"""Reading ncnn models: the text ``.param`` graph and the ``.bin`` weights that follow it.

Why a reader of our own: the ``ncnn`` package runs models but exposes neither the graph nor the
weights, and it is not a run-time dependency. The format (ncnn's ``net.cpp``/``paramdict.cpp``/
``modelbin.cpp``):

* ``.param``: the magic ``7767517``; ``<layer count> <blob count>``; then one line per layer:
  ``Type name <bottoms> <tops> bottom... top... key=value...``. A key ``k`` >= 0 holds an int or a
  float (a float is written with ``.`` or an exponent); a key ``-23300 - k`` holds the array
  ``k=count,v1,v2,...``.
* ``.bin``: the layers' weights concatenated in layer order, no index. A tensor is read either raw
  (float32) or, where the layer asks for a *flagged* tensor (convolution weights), behind a 4-byte
  tag saying how it is stored: 0 = float32, ``0x01306B47`` = float16 padded to 4 bytes, others =
  8-bit (int8 or a 256-entry table); the 8-bit forms are refused because no model here uses them.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from upscaler.core.errors import ModelError
from upscaler.core.messages import text

MAGIC = 7767517
ARRAY_KEY_BASE = -23300
TAG_FLOAT32 = 0x00000000
TAG_FLOAT16 = 0x01306B47
TAG_INT8 = 0x000D4B38
TAG_FLOAT32_SCALED = 0x0002C056

ParamValue = int | float | tuple[int | float, ...]


class NcnnFormatError(ModelError):
    """An ncnn file is not what its format or its companion file says it must be."""


@dataclass(frozen=True)
class NcnnLayer:
    """One line of a ``.param`` file."""

    type: str
    name: str
    bottoms: tuple[str, ...]
    tops: tuple[str, ...]
    params: dict[int, ParamValue] = field(default_factory=dict)

    def int(self, key: builtins.int, default: builtins.int = 0) -> builtins.int:
        value = self.params.get(key, default)
        if not isinstance(value, int):
            raise NcnnFormatError(
                text("layer {name}: parameter {key} must be an integer", name=self.name, key=key)
            )
        return value

    def float(self, key: builtins.int, default: builtins.float = 0.0) -> builtins.float:
        value = self.params.get(key, default)
        if isinstance(value, tuple):
            raise NcnnFormatError(
                text("layer {name}: parameter {key} must be a number", name=self.name, key=key)
            )
        return float(value)

    def array(self, key: builtins.int) -> tuple[builtins.float, ...]:
        value = self.params.get(key, ())
        return tuple(float(v) for v in value) if isinstance(value, tuple) else (float(value),)


def _number(token: str) -> int | float:
    return float(token) if any(c in token for c in ".eE") else int(token)


def _parse_value(key: int, value: str) -> tuple[int, ParamValue]:
    if key <= ARRAY_KEY_BASE:
        count, *items = value.split(",")
        if int(count) != len(items):
            raise ValueError(f"array {key} says {count} items but has {len(items)}")
        return ARRAY_KEY_BASE - key, tuple(_number(v) for v in items)
    return key, _number(value)


def parse_param(source: str) -> list[NcnnLayer]:
    """The layers of a text ``.param`` (``source`` is its content); NcnnFormatError if malformed."""
    lines = [line.split() for line in source.splitlines() if line.strip()]
    if not lines or lines[0] != [str(MAGIC)]:
        raise NcnnFormatError(text("not an ncnn text .param file (no 7767517 magic number)"))
    try:
        layer_count, _blob_count = (int(v) for v in lines[1])
    except (IndexError, ValueError) as err:
        raise NcnnFormatError(text("the layer and blob counts are missing")) from err
    body = lines[2:]
    if len(body) != layer_count:
        raise NcnnFormatError(
            text(
                "the file announces {count} layers but has {found}",
                count=layer_count,
                found=len(body),
            )
        )
    layers = []
    for number, fields in enumerate(body, start=3):
        try:
            kind, name, n_in, n_out = fields[0], fields[1], int(fields[2]), int(fields[3])
            bottoms = tuple(fields[4 : 4 + n_in])
            tops = tuple(fields[4 + n_in : 4 + n_in + n_out])
            if len(bottoms) != n_in or len(tops) != n_out:
                raise ValueError("fewer blob names than announced")
            params: dict[int, ParamValue] = {}
            for item in fields[4 + n_in + n_out :]:
                key, _, value = item.partition("=")
                k, v = _parse_value(int(key), value)
                params[k] = v
        except (IndexError, ValueError) as err:
            raise NcnnFormatError(
                text("line {line} is not a layer ({reason})", line=number, reason=str(err))
            ) from err
        layers.append(NcnnLayer(kind, name, bottoms, tops, params))
    return layers


def read_param(path: Path) -> list[NcnnLayer]:
    """:func:`parse_param` of a file; errors name the file."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise NcnnFormatError(
            text("cannot read the model file ({reason})", reason=str(err)), path
        ) from err
    try:
        return parse_param(source)
    except NcnnFormatError as err:
        raise NcnnFormatError(err.message, path) from err


class NcnnWeights:
    """Sequential reader of a ``.bin``: each layer takes its tensors in order."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self.offset = 0

    @property
    def remaining(self) -> int:
        return len(self._data) - self.offset

    def _take_bytes(self, count: int, what: str) -> memoryview:
        if count > self.remaining:
            raise NcnnFormatError(
                text(
                    "the weights file ends early: {what} needs {count} bytes at offset {offset}, "
                    "{left} are left",
                    what=what,
                    count=count,
                    offset=self.offset,
                    left=self.remaining,
                )
            )
        chunk = self._data[self.offset : self.offset + count]
        self.offset += count
        return chunk

    def raw(self, count: int, what: str) -> np.ndarray:
        """``count`` float32 values stored without a tag (biases, slopes)."""
        return np.frombuffer(self._take_bytes(4 * count, what), dtype="<f4").astype(np.float32)

    def flagged(self, count: int, what: str) -> np.ndarray:
        """``count`` values behind a storage tag (convolution and fully connected weights)."""
        tag = int.from_bytes(self._take_bytes(4, what), "little")
        if tag == TAG_FLOAT32:
            return self.raw(count, what)
        if tag == TAG_FLOAT16:
            stored = self._take_bytes((2 * count + 3) // 4 * 4, what)
            return np.frombuffer(stored[: 2 * count], dtype="<f2").astype(np.float32)
        raise NcnnFormatError(
            text(
                "{what} is stored as 8-bit or scaled data (tag 0x{tag:08x}); only float32 and "
                "float16 weights are supported",
                what=what,
                tag=tag,
            )
        )
