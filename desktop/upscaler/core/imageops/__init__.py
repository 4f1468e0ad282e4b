"""Pixel operations in NumPy: resampling, channel conversions, filters and warps.

The program ran these through OpenCV; doing them here lets the offline bundle leave OpenCV's
84 MB library out. Each function documents the OpenCV call it replaces and how closely it matches
(the tests compare the two wherever OpenCV is installed).
"""
