"""Qt-free core: models, engine, tiling and image I/O shared by the CLI, the GUI and the tests.

Nothing below this package may import PySide6 (a test checks it).
"""
