"""Qt's ICU data without the parts the program never asks for (Linux bundles; used by build.py).

PySide6's QtCore links ICU, whose data library (``libicudata.so.NN``, 32 MB) is one ICU "common
data" package: a table of named items. Qt calls ICU for collation (sorting names in file
dialogs), case mapping and locale fallback. The display names of languages, regions,
currencies, units and time zones, transliteration, number spell-out, word-break dictionaries
for Thai/Lao/Khmer/Burmese/Chinese and the legacy-charset converters are ICU services that only
ICU's own formatting APIs use; the program shows no such name (Qt's QLocale carries its own CLDR
tables) and reads and writes text as UTF-8. Those items are removed and the library rebuilt
with the same soname and data symbol (needs gcc). Measured: docs/packaging.md.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Items the program does not use, by the path inside the package (after ``icudtNNl/``).
UNUSED = (
    re.compile(r"^(lang|region|curr|unit|zone|translit|rbnf)/"),  # display names, transforms
    re.compile(r"^brkitr/.*\.dict$"),  # word-break dictionaries
    re.compile(r"^[^/]+\.cnv$"),  # legacy charset converters (UTF-8/16/32, Latin-1 need none)
    re.compile(r"^unames\.icu$"),  # Unicode character names
)

_ALIGN = 16  # ICU aligns each item of a common-data package to 16 bytes
_PAD = b"\xaa"  # and pads with this byte (so a package written back unchanged is identical)


class IcuError(Exception):
    """The data library is not the package this module understands."""


def read_package(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, item bytes)...]) of a little-endian ICU common-data package ("CmnD")."""
    (header_size,) = struct.unpack_from("<H", blob, 0)
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise IcuError("not a little-endian ICU common-data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", blob, toc)
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_at, data_at) in enumerate(entries):
        name_end = blob.index(b"\0", toc + name_at)
        end = entries[index + 1][1] if index + 1 < count else len(blob) - toc
        items.append(
            (blob[toc + name_at : name_end].decode("ascii"), blob[toc + data_at : toc + end])
        )
    return blob[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package ``read_package`` reads: ToC (count, name and data offsets), names, items."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    data_start = _aligned(4 + 8 * len(items) + len(names))
    toc = bytearray(struct.pack("<I", len(items)))
    name_at, data_at = 4 + 8 * len(items), data_start
    body = bytearray()
    for name, item in items:
        toc += struct.pack("<II", name_at, data_at)
        name_at += len(name) + 1
        padded = item + _PAD * (_aligned(len(item)) - len(item))
        body += padded
        data_at += len(padded)
    out = bytes(header) + bytes(toc) + names
    return out + _PAD * (len(header) + data_start - len(out)) + bytes(body)


def _aligned(n: int) -> int:
    return (n + _ALIGN - 1) // _ALIGN * _ALIGN


def unused(name: str) -> bool:
    """True for an item (``icudt73l/lang/de.res``) the program never needs."""
    inner = name.split("/", 1)[1] if "/" in name else name
    return any(rule.search(inner) for rule in UNUSED)


def trimmed(items: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    return [(name, item) for name, item in items if not unused(name)]


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the library's ``icudtNN_dat`` symbol."""
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", "-S", str(library)], capture_output=True, text=True
    ).stdout
    found = re.search(
        r"\s([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)", out
    )
    section = re.search(r"\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", out)
    if found is None or section is None:
        raise IcuError(f"{library.name}: no ICU data symbol")
    address, size = int(found[1], 16), int(found[2], 0)
    offset = address - int(section[1], 16) + int(section[2], 16)
    return found[3], offset, size


def trim_library(library: Path) -> int:
    """Rebuild ``library`` without the unused items; returns the bytes saved. Linux with gcc and
    binutils only; elsewhere (or on a library this module does not recognise) nothing is done."""
    gcc = shutil.which("gcc")
    if not sys.platform.startswith("linux") or gcc is None or shutil.which("readelf") is None:
        return 0
    try:
        symbol, offset, size = _data_symbol(library)
        blob = library.read_bytes()[offset : offset + size]
        header, items = read_package(blob)
    except (IcuError, ValueError, struct.error):
        return 0
    package = write_package(header, trimmed(items))
    before = library.stat().st_size
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "icu.dat"
        data.write_bytes(package)
        source = Path(work) / "icu.S"
        source.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "{data}"\n\t.size {symbol}, .-{symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        built = Path(work) / library.name
        subprocess.run(
            [
                gcc,
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{library.name}",
                "-Wl,-s",
                "-o",
                str(built),
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copymode(library, built)
        shutil.move(built, library)
    return before - library.stat().st_size
