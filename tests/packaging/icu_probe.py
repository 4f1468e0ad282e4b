"""Prints what Qt computes through ICU (run by test_icu_trim.py against the full and the trimmed
data library, which must agree), and the path of the ICU data library this process loaded."""

from __future__ import annotations

import functools
import json

from PySide6.QtCore import QCollator, QLocale, Qt

WORDS = [
    "Zebra", "apple", "Äpfel", "éclair", "ångström", "zoo", "Öl", "ostrich", "张三", "李四",
    "王五", "阿姨", "中文", "photo 10.png", "photo 9.png", "Photo 1.png", "Ω", "straße",
    "strasse", "ıi", "İstanbul", "ﾃｽﾄ", "テスト", "漢字", "cote", "côte", "coté", "côté",
]  # fmt: skip
LOCALES = ["en_US", "de_DE", "sv_SE", "zh_CN", "ja_JP", "tr_TR", "fr_FR"]


def collated(locale: str, numeric: bool, case: Qt.CaseSensitivity) -> list[str]:
    collator = QCollator(QLocale(locale))
    collator.setNumericMode(numeric)
    collator.setCaseSensitivity(case)
    return sorted(WORDS, key=functools.cmp_to_key(collator.compare))


def main() -> None:
    out: dict[str, object] = {}
    for locale in LOCALES:
        for numeric in (False, True):
            for case in (Qt.CaseSensitivity.CaseSensitive, Qt.CaseSensitivity.CaseInsensitive):
                out[f"sort {locale} {numeric} {case.name}"] = collated(locale, numeric, case)
        loc = QLocale(locale)
        out[f"case {locale}"] = [loc.toUpper("istanbul straße ǆ"), loc.toLower("İSTANBUL ΣΑΣ")]
        out[f"number {locale}"] = [loc.toString(1234567.891, "f", 2), loc.toString(-42)]
        out[f"names {locale}"] = [loc.nativeLanguageName(), loc.nativeTerritoryName()]
    with open("/proc/self/maps", encoding="utf-8") as maps:
        icu = sorted({line.split()[-1] for line in maps if "libicudata" in line})
    print(json.dumps({"results": out, "icu": icu}, ensure_ascii=False))


if __name__ == "__main__":
    main()
