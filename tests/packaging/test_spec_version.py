"""The PyInstaller spec reads the version on every Python the program supports (3.10 has no
tomllib: the spec imported it unconditionally, so building on 3.10 failed at once)."""

from __future__ import annotations

import ast
import builtins
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "packaging" / "upscaler.spec"


def _project_version_function(hide_tomllib: bool):
    """``project_version`` from the spec, compiled alone (the spec itself needs PyInstaller)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    (node,) = [
        n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "project_version"
    ]
    namespace: dict = {"re": re}
    if hide_tomllib:  # what Python 3.10 gives
        real_import = builtins.__import__

        def no_tomllib(name, *args, **kwargs):
            if name == "tomllib":
                raise ModuleNotFoundError("No module named 'tomllib'")
            return real_import(name, *args, **kwargs)

        namespace["__builtins__"] = {**vars(builtins), "__import__": no_tomllib}
    exec(compile(ast.Module([node], []), str(SPEC), "exec"), namespace)
    return namespace["project_version"]


@pytest.mark.parametrize("hide_tomllib", [True, False])
def test_the_spec_reads_the_project_version(hide_tomllib: bool) -> None:
    if not hide_tomllib and sys.version_info < (3, 11):
        pytest.skip("tomllib is Python 3.11+")
    version = _project_version_function(hide_tomllib)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    from upscaler import __version__

    assert version(pyproject) == __version__
    tricky = '[tool.x]\nversion = "9"\n\n[project]\nname = "u"\nversion = "1.2.3"\n[other]\n'
    assert version(tricky) == "1.2.3"


def test_the_spec_does_not_import_tomllib_at_the_top() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not any(alias.name == "tomllib" for n in top for alias in n.names)
