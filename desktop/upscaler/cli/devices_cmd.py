"""`upscaler-cli devices`: the compute devices here, each with a one-line self-check."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from upscaler.core.devices.detect import Device, detect_devices
from upscaler.core.devices.open import choose_device
from upscaler.core.devices.selfcheck import check_device
from upscaler.core.paths import is_frozen
from upscaler.core.runtime import openvino as ov_runtime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "devices",
        help="list the compute devices (CPU, GPUs) and check each one works",
        description=(
            "List the devices this machine offers for --device, each checked by running a small "
            "built-in network at each of its precisions and comparing with the CPU in fp32."
        ),
    )
    parser.add_argument(
        "--no-check", action="store_true", help="only list the devices; run nothing on them"
    )
    parser.set_defaults(func=run)


def describe(device: Device, check: bool) -> str:
    """``name  label [runtime]: precision results``: one line."""
    head = f"{device.name:<14} {device.label} [{device.runtime}]"
    if not check:
        return f"{head}: {', '.join(device.precisions)}"
    results = [c.describe() for c in check_device(device)]
    if "int8" in device.precisions:
        results.append("int8: models with an int8 file")
    return f"{head}: {'; '.join(results)}"


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    devices = detect_devices()
    for device in devices:
        print(describe(device, not args.no_check), file=out, flush=True)
    auto, _ = choose_device("auto", devices)
    print(f"--device auto uses: {auto.name}", file=out)
    if not ov_runtime.available():
        how = (
            "this bundle was built without it (packaging/build.py --openvino)"
            if is_frozen()
            else "pip install 'upscaler[openvino]'"
        )
        print(f"OpenVINO is not installed: bf16/fp16 on the CPU need it ({how})", file=out)
    return 0
