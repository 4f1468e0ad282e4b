"""Benchmarks behind ``upscaler-cli bench`` (quality and speed); development tools, not part of
the frozen bundle."""
