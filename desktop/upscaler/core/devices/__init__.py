"""Compute devices and reduced precision over the runtimes (issue 15).

``detect`` finds the devices present, ``precision`` holds the recorded per-model decisions,
``quantized`` the pinned int8 files, ``open`` loads a model on a device with the CPU as the way
back, ``fallback`` keeps a run going when the device fails, ``selfcheck`` proves a device works.
"""
