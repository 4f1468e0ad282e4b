"""Core messages are English ``str``s that remember their template and values (for the GUI)."""

from __future__ import annotations

import ast
import copy
import pickle
from pathlib import Path

import pytest

from upscaler.core import download, errors
from upscaler.core.errors import ImageReadError, UpscalerError
from upscaler.core.imageio import read_image
from upscaler.core.messages import Text, text

CORE = Path(__file__).parents[2] / "desktop" / "upscaler" / "core"


def test_text_is_exactly_the_english_f_string_and_keeps_template_and_values() -> None:
    size, limit, name = 3.25e9, 40e6, "a.png"
    made = text(
        "the file {name!r} is {gigabytes:.1f} GB, over {limit:.0f} MP",
        name=name,
        gigabytes=size / 1e9,
        limit=limit / 1e6,
    )
    assert made == f"the file {name!r} is {size / 1e9:.1f} GB, over {limit / 1e6:.0f} MP"
    assert isinstance(made, str) and isinstance(made, Text)
    assert made.template == "the file {name!r} is {gigabytes:.1f} GB, over {limit:.0f} MP"
    assert made.params == {"name": name, "gigabytes": size / 1e9, "limit": limit / 1e6}
    assert str(made) == made and type(str(made)) is str
    assert text("no values") == "no values" and text("no values").params == {}


def test_text_survives_pickling_and_copying() -> None:
    made = text("{count} files", count=3)
    for again in (pickle.loads(pickle.dumps(made)), copy.copy(made), copy.deepcopy(made)):
        assert again == "3 files" and isinstance(again, Text)
        assert (again.template, again.params) == ("{count} files", {"count": 3})


def test_an_error_keeps_the_text_and_says_the_same_english(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ImageReadError) as info:
        read_image(empty)
    assert str(info.value) == f"{empty}: the file is empty (0 bytes)"
    assert isinstance(info.value.message, Text)
    assert info.value.message.template == "the file is empty (0 bytes)"


def test_a_message_built_from_parts_keeps_each_part_translatable() -> None:
    reason = download._network_reason(ConnectionResetError(), 5)
    assert isinstance(reason, Text) and reason.template == "the server closed the connection"
    amount = download._of(10, 20)
    assert amount == "10 of 20 bytes" and amount.params == {"done": 10, "total": 20}


ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, UpscalerError)
} | {
    "PlanError",
    "OutputExistsError",
    "SameAsInputError",
    "FolderNotWritableError",
    "DownloadCancelled",
    "UnsupportedGraph",
}


def test_no_core_error_is_raised_with_an_untranslatable_f_string_or_literal() -> None:
    """An f-string (or a bare literal) given to a core error would stay English in the GUI."""
    found = []
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in ERRORS and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) or (
                    isinstance(first, ast.Constant) and isinstance(first.value, str)
                ):
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []
