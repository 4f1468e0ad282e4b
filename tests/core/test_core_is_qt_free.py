"""The core must stay importable and usable without Qt (the CLI and tests share it)."""

import ast
import subprocess
import sys
from pathlib import Path

QT_MODULES = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
CORE = Path(__file__).resolve().parents[2] / "desktop" / "upscaler" / "core"


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
            ]
    assert offenders == []


def test_importing_core_and_cli_does_not_load_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, upscaler.core as c, upscaler.cli\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('upscaler.core.' + m.name)\n"
        "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
