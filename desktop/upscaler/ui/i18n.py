"""Language choice: English (the source strings) or Simplified Chinese, live-switchable.

The translator is owned here and swapped on the running application; Qt then sends every widget a
LanguageChange event and each widget re-applies its texts (see ``retranslate`` methods).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from upscaler.core.paths import resources_dir

#: Language code -> its name written in that language (menus show each in its own script).
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def system_language() -> str:
    """The supported language closest to the system locale (Chinese locales get zh_CN)."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


def resolve(choice: str) -> str:
    """Turn a setting ("system", "en", "zh_CN") into a language code we ship."""
    return (
        system_language() if choice == "system" else (choice if choice in LANGUAGE_NAMES else "en")
    )


def qm_path(code: str) -> str:
    return str(resources_dir() / "i18n" / f"upscaler_{code}.qm")


class Translations:
    """Holds the installed translators so that switching removes the previous ones."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, code: str) -> bool:
        """Install ``code``'s translations; False if its catalogue could not be loaded."""
        app = QCoreApplication.instance()
        assert app is not None, "translations need the application object"
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.language = code
        if code == "en":
            return True
        ours = QTranslator()
        if not ours.load(qm_path(code)):
            self.language = "en"
            return False
        qt_own = QTranslator()  # standard dialog buttons (OK, Cancel...) from Qt itself
        if qt_own.load(
            f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            app.installTranslator(qt_own)
            self._installed.append(qt_own)
        app.installTranslator(ours)
        self._installed.append(ours)
        return True
