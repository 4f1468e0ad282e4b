"""Inference runtimes behind one protocol (:class:`~upscaler.core.runtime.base.Backend`).

``base`` is the protocol, ``opencv`` and ``ort`` the two runtimes, ``choice`` the rule that picks
one for a model (the family's preference, the first that loads it).
"""
