"""PySide6 user interface; all pixel work is delegated to :mod:`upscaler.core`."""
