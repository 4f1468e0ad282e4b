"""Language choice: the system locale decides unless the user picked one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from upscaler.ui.i18n import Translations, resolve


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_CN.UTF-8", "zh_CN"), ("zh_TW.UTF-8", "zh_CN"), ("de_DE.UTF-8", "en"), ("C", "en")],
)
def test_the_system_locale_picks_the_language(lang: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=lang, LANGUAGE="", QT_QPA_PLATFORM="offscreen")
    code = "from upscaler.ui.i18n import resolve; print(resolve('system'))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == expected


def test_an_explicit_choice_wins() -> None:
    assert resolve("en") == "en"
    assert resolve("zh_CN") == "zh_CN"
    assert resolve("fr") == "en"


def test_installing_and_removing_the_chinese_catalogue(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    translations = Translations()
    assert translations.apply("zh_CN") is True
    assert QCoreApplication.translate("Actions", "&File") == "文件(&F)"
    assert translations.apply("en") is True
    assert QCoreApplication.translate("Actions", "&File") == "&File"
