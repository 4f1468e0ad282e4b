"""Messages for the user that the GUI can translate.

The core speaks English: every message it gives the user (an error, a warning) is a complete
English sentence, and the CLI prints it as it is. A message made by :func:`text` is still that
English ``str``, but it also carries the English template it was formatted from and the values
that filled it, so the GUI can look the template up in its catalogue (context ``CoreMessages``)
and format the translation with the same values. Nothing here imports Qt.

Write ``text("cannot read {name} ({reason})", name=..., reason=...)`` instead of an f-string;
the template must be a string literal (``resources/i18n/update_core_messages.py`` finds them by
reading the source). Joining two messages with ``+`` gives a plain ``str``: make one template.
"""

from __future__ import annotations

import os
import unicodedata
from typing import Any

#: Characters that would break a message's one line or drive the terminal: control characters
#: (newline, escape...) and Unicode's line and paragraph separators.
_UNPRINTABLE_CATEGORIES = ("Cc", "Zl", "Zp")


class Text(str):
    """An English message (its ``str`` value) with the ``template`` and ``params`` it came from."""

    __slots__ = ("params", "template")

    template: str
    params: dict[str, Any]

    def __new__(cls, value: str, template: str | None = None, params: dict[str, Any] | None = None):
        self = super().__new__(cls, value)
        self.template = value if template is None else template
        self.params = dict(params or {})
        return self

    def __reduce__(self):  # keep template and params through pickling/copying
        return (Text, (str(self), self.template, self.params))


def printable(name: str | os.PathLike[str]) -> str:
    """A file name as it can be shown on one line: control characters escaped the way Python
    writes them (``a\\nb.png``), so a name holding a newline or a terminal escape cannot split a
    message or recolour the terminal."""
    value = os.fspath(name)
    if not any(unicodedata.category(c) in _UNPRINTABLE_CATEGORIES for c in value):
        return value
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in _UNPRINTABLE_CATEGORIES else c for c in value
    )


def text(template: str, /, **params: Any) -> Text:
    """``template.format(**params)`` as a :class:`Text` that remembers both; file names (path
    values) are made :func:`printable`."""
    params = {k: printable(v) if isinstance(v, os.PathLike) else v for k, v in params.items()}
    return Text(template.format(**params), template, params)
