"""The window's modules form no import loop: each can be read (and tested) without the ones that
use it. Imports under ``if TYPE_CHECKING:`` count too: a loop for the type checker is a sign of
two modules that know each other."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "upscaler" / "ui"
PACKAGE = "upscaler.ui"


def ui_imports(path: Path) -> set[str]:
    """The ``upscaler.ui`` modules ``path`` imports, by module name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith(PACKAGE + ".")}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == PACKAGE:  # from upscaler.ui import about
                found |= {f"{PACKAGE}.{a.name}" for a in node.names}
            elif node.module.startswith(PACKAGE + "."):
                found.add(node.module)
    return found


def graph() -> dict[str, set[str]]:
    modules = {f"{PACKAGE}.{p.stem}": p for p in UI.glob("*.py") if p.stem != "__init__"}
    return {name: ui_imports(path) & modules.keys() for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import loop, each once, as the modules along it."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(node: str, path: list[str]) -> None:
        for target in sorted(edges.get(node, ())):
            if target in path:
                loop = path[path.index(target) :]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    found.append([*loop, target])
            elif len(path) < len(edges):
                walk(target, [*path, target])

    for start in sorted(edges):
        walk(start, [start])
    return found


def test_the_cycle_finder_finds_a_loop() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_every_kind_of_import() -> None:
    edges = graph()
    assert "upscaler.ui.about" in edges["upscaler.ui.menu_commands"]  # from upscaler.ui import
    assert "upscaler.ui.document" in edges["upscaler.ui.main_window"]


def test_no_import_loops_between_ui_modules() -> None:
    assert cycles(graph()) == []
