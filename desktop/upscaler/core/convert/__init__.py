"""Converters from other frameworks' model files to ONNX, in pure numpy (no framework installed)."""
