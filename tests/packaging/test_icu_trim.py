"""packaging/icu_trim.py: Qt's ICU data package read and written back exactly, the trimmed
library built, and Qt computing the same collation, case mapping and locale results with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "packaging"))

import icu_trim  # noqa: E402

ICU = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
PROBE = Path(__file__).with_name("icu_probe.py")


def test_the_package_is_read_and_written_back_byte_for_byte() -> None:
    _symbol, offset, size = icu_trim._data_symbol(ICU)
    blob = ICU.read_bytes()[offset : offset + size]
    header, items = icu_trim.read_package(blob)
    assert len(items) > 1000 and items[0][0].startswith("icudt")
    assert icu_trim.write_package(header, items) == blob


def test_a_trimmed_package_still_finds_every_item_it_keeps() -> None:
    _symbol, offset, size = icu_trim._data_symbol(ICU)
    header, items = icu_trim.read_package(ICU.read_bytes()[offset : offset + size])
    kept = icu_trim.trimmed(items)
    assert icu_trim.read_package(icu_trim.write_package(header, kept)) == (header, kept)


def test_only_the_items_the_program_never_asks_for_are_unused() -> None:
    for name in ("lang/de.res", "zone/zh.res", "curr/en.res", "unit/fr.res", "region/ja.res",
                 "translit/root.res", "rbnf/en.res", "brkitr/cjdict.dict", "gb18030.cnv",
                 "unames.icu"):  # fmt: skip
        assert icu_trim.unused(f"icudt73l/{name}"), name
    for name in ("coll/zh.res", "coll/ucadata.icu", "coll/root.res", "res_index.res", "zh.res",
                 "en_US.res", "likelySubtags.res", "nfkc.nrm", "uts46.nrm", "cnvalias.icu",
                 "brkitr/line.brk", "supplementalData.res", "pool.res"):  # fmt: skip
        assert not icu_trim.unused(f"icudt73l/{name}"), name


def _probe(library_dir: Path | None) -> dict:
    env = dict(os.environ)
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)
    done = subprocess.run(
        [sys.executable, str(PROBE)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries: Linux only")
def test_qt_gives_the_same_results_with_the_trimmed_library(tmp_path: Path) -> None:
    trimmed = tmp_path / ICU.name
    shutil.copy2(ICU, trimmed)
    saved = icu_trim.trim_library(trimmed)
    assert saved > 20_000_000 and trimmed.stat().st_size < 10_000_000
    full, small = _probe(None), _probe(tmp_path)
    assert full["icu"] == [str(ICU)] and small["icu"] == [str(trimmed)]
    assert small["results"] == full["results"]
    assert small["results"]["sort zh_CN False CaseSensitive"][0] == "阿姨"  # pinyin order
