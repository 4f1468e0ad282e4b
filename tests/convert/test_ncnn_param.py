"""The ncnn ``.param`` parser and ``.bin`` reader on hand-written files: every value form, every
storage tag, and a clear error (never a traceback) for each malformed case."""

from __future__ import annotations

import numpy as np
import pytest

from tests.convert.ncnn_models import TAG_FLOAT16, flagged, raw
from upscaler.core.convert.ncnn_param import (
    NcnnFormatError,
    NcnnWeights,
    parse_param,
    read_param,
)

PARAM = """7767517
3 4
Input            in0   0 1 data 0=10 1=12 2=3
Convolution      conv  1 1 data c 0=8 1=3 4=-233 5=1 6=216 9=2 -23310=1,0.100000
Split            split 1 2 c c1 c2
"""


def test_values_ints_floats_arrays_and_negative_ints() -> None:
    layers = parse_param(PARAM)
    assert [(x.type, x.name) for x in layers] == [
        ("Input", "in0"),
        ("Convolution", "conv"),
        ("Split", "split"),
    ]
    conv = layers[1]
    assert conv.bottoms == ("data",) and conv.tops == ("c",)
    assert conv.params[0] == 8 and isinstance(conv.params[0], int)
    assert conv.params[4] == -233  # "same" padding marker: a plain negative int, not an array
    assert conv.params[10] == (0.1,)  # -23310 is the array of key 10
    assert conv.array(10) == (0.1,) and conv.int(9) == 2 and conv.float(10 - 1) == 2.0
    assert layers[2].tops == ("c1", "c2")


def test_windows_line_ends_and_blank_lines() -> None:
    """The registry wheels store their .param files with CRLF."""
    text = PARAM.replace("\n", "\r\n") + "\r\n\r\n"
    assert parse_param(text) == parse_param(PARAM)


def test_float_forms() -> None:
    layers = parse_param("7767517\n1 1\nInterp i 0 1 x 0=1 1=2.000000e+00 2=2.5 3=1E1\n")
    assert layers[0].params == {0: 1, 1: 2.0, 2: 2.5, 3: 10.0}
    assert isinstance(layers[0].params[0], int) and isinstance(layers[0].params[3], float)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "no 7767517 magic"),
        ("7767518\n1 1\nInput i 0 1 x\n", "no 7767517 magic"),
        ("7767517\n", "counts are missing"),
        ("7767517\n2 2\nInput i 0 1 x\n", "announces 2 layers but has 1"),
        ("7767517\n1 1\nInput i 0 2 x\n", "line 3 is not a layer"),
        ("7767517\n1 1\nInput i 0 1 x 0=abc\n", "line 3 is not a layer"),
        ("7767517\n1 1\nInput i 0 1 x -23310=3,1.0,2.0\n", "says 3 items but has 2"),
        ("7767517\n1 1\nInput i 0 1 x 0\n", "line 3 is not a layer"),
    ],
)
def test_malformed_param_is_a_clear_error(source: str, message: str) -> None:
    with pytest.raises(NcnnFormatError, match=message):
        parse_param(source)


def test_type_errors_name_the_layer() -> None:
    (layer,) = parse_param("7767517\n1 1\nConvolution conv 0 1 x 0=1.5 -23301=1,2\n")
    with pytest.raises(NcnnFormatError, match="layer conv: parameter 0 must be an integer"):
        layer.int(0)
    with pytest.raises(NcnnFormatError, match="layer conv: parameter 1 must be a number"):
        layer.float(1)


def test_read_param_names_the_file(tmp_path) -> None:
    path = tmp_path / "broken.param"
    path.write_bytes(b"7767517\n\xff\xfe\n")
    with pytest.raises(NcnnFormatError) as err:
        read_param(path)
    assert str(path) in str(err.value)
    with pytest.raises(NcnnFormatError, match="cannot read"):
        read_param(tmp_path / "missing.param")
    path.write_text("7767517\n1 1\n", encoding="utf-8")
    with pytest.raises(NcnnFormatError, match=f"{path}.*announces 1 layers"):
        read_param(path)


def test_weights_float32_float16_and_raw_in_sequence() -> None:
    a = np.array([1.5, -2.25, 3.0], np.float32)
    b = np.array([0.5, 0.25, -1.0], np.float32)  # 3 halves = 6 bytes, padded to 8
    c = np.array([7.0, 8.0], np.float32)
    reader = NcnnWeights(flagged(a) + flagged(b, fp16=True) + raw(c))
    np.testing.assert_array_equal(reader.flagged(3, "a"), a)
    np.testing.assert_array_equal(reader.flagged(3, "b"), b)
    np.testing.assert_array_equal(reader.raw(2, "c"), c)
    assert reader.remaining == 0


def test_float16_rounding_is_ncnns() -> None:
    values = np.array([0.1, 1 / 3], np.float32)
    got = NcnnWeights(flagged(values, fp16=True)).flagged(2, "w")
    np.testing.assert_array_equal(got, values.astype(np.float16).astype(np.float32))


@pytest.mark.parametrize("tag", [0x000D4B38, 0x0002C056, 0x01020304])
def test_quantised_storage_is_refused(tag: int) -> None:
    data = tag.to_bytes(4, "little") + bytes(1024 + 16)
    with pytest.raises(NcnnFormatError, match=f"tag 0x{tag:08x}.*only float32 and float16"):
        NcnnWeights(data).flagged(4, "layer x weights")


def test_short_weights_say_what_and_where() -> None:
    reader = NcnnWeights(flagged(np.zeros(2)) + raw(np.zeros(1)))
    reader.flagged(2, "first")
    with pytest.raises(NcnnFormatError, match=r"layer b bias needs 8 bytes at offset 12, 4 are"):
        reader.raw(2, "layer b bias")
    with pytest.raises(NcnnFormatError, match="ends early"):
        NcnnWeights(TAG_FLOAT16.to_bytes(4, "little") + bytes(2)).flagged(2, "w")
