"""The core's messages in the window's language.

The core gives English (``upscaler.core.messages.Text``: the English ``str`` plus the template and
values it came from). Here the template is looked up in the catalogue's ``CoreMessages`` context
(filled by ``resources/i18n/update_core_messages.py``) and the translation is formatted with the
same values. Anything that cannot be translated is shown in English; nothing here raises.
``QCoreApplication.translate`` is thread-safe, so workers may call these too.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from upscaler.core.errors import UpscalerError
from upscaler.core.messages import Text

CONTEXT = "CoreMessages"


def localized(message: str) -> str:
    """``message`` translated if it is a core :class:`Text` with a usable translation, else as
    it is (English). Values that are core messages themselves are translated too."""
    if not isinstance(message, Text):
        return str(message)
    try:
        translated = QCoreApplication.translate(CONTEXT, message.template)
        params = {
            name: localized(value) if isinstance(value, Text) else value
            for name, value in message.params.items()
        }
        return translated.format(**params)
    except Exception:  # noqa: BLE001 - a broken translation must not hide the message
        return str(message)


def localized_all(messages: Iterable[str]) -> list[str]:
    """Each of ``messages`` (warnings, for instance) in the window's language."""
    return [localized(m) for m in messages]


def error_text(err: BaseException) -> str:
    """What ``str(err)`` says, in the window's language: ``"<path>: <message>"`` for a core
    error that names a file (as :class:`UpscalerError` does), the bare message otherwise."""
    if not isinstance(err, UpscalerError) or not isinstance(err.message, str):
        return str(err)
    message = localized(err.message)
    return f"{err.path}: {message}" if err.path is not None else message
