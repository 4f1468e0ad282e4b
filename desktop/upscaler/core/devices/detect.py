"""Which compute devices this machine offers, found at run time and cheaply (no model is run).

A device is a place a network runs plus the runtime that drives it: the CPU (onnxruntime or OpenCV
DNN in fp32; OpenVINO for bf16/fp16/int8 when installed), GPUs through onnxruntime's execution
providers (CUDA, DirectML, CoreML: present only in those onnxruntime builds), OpenVINO's Intel GPUs,
and OpenCV's OpenCL/CUDA targets where the cv2 build and drivers have them. Being listed means
"present"; whether it works is known only when a model loads on it (``core/devices/open.py`` falls
back to the CPU when it does not) or from ``selfcheck``.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from upscaler.core.runtime import openvino as ov_runtime
from upscaler.core.runtime import ort
from upscaler.core.runtime.choice import opencv_available

CPU = "cpu"

#: onnxruntime execution providers the program uses, by device name, in ``auto``'s order: a GPU
#: build of onnxruntime is something the user installed on purpose.
ORT_GPU_PROVIDERS = {
    "cuda": "CUDAExecutionProvider",
    "directml": "DmlExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
}
#: What each precision means to the user, in the order the CLI lists them.
PRECISIONS = ("fp32", "bf16", "fp16", "int8")


@dataclass(frozen=True)
class Device:
    """One place to run networks. ``name`` is what ``--device`` and the settings store."""

    name: str
    #: ``cpu`` or ``gpu``.
    kind: str
    #: The runtime that drives it: ``onnxruntime``, ``openvino``, ``opencv``; the CPU's is
    #: ``auto`` (the family's runtime in fp32, OpenVINO for bf16/fp16, int8 on either).
    runtime: str
    #: What the hardware calls itself, for the user.
    label: str
    #: Precisions the device can run at all (a model may still lack an int8 file).
    precisions: tuple[str, ...]
    #: The runtime's own name for it: provider, OpenVINO device or cv2 target.
    handle: str = ""
    #: Device memory in bytes when the runtime tells (GPUs); sizes tiles on the device.
    memory: int | None = None

    @property
    def is_gpu(self) -> bool:
        return self.kind == "gpu"


def cpu_name() -> str:
    """The processor's marketing name (``/proc/cpuinfo`` on Linux), else what Python knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "CPU"


def cpu_device() -> Device:
    """The CPU: always present. bf16/fp16 come from OpenVINO when it is installed and reports
    the CPU's units for them (AVX512_BF16 or AMX for bf16); int8 runs on onnxruntime or OpenVINO."""
    precisions = ["fp32"]
    caps = ov_runtime.capabilities("CPU") if "CPU" in ov_runtime.device_names() else set()
    precisions += [p for p, cap in (("bf16", "BF16"), ("fp16", "FP16")) if cap in caps]
    if ort.available() or "INT8" in caps:
        precisions.append("int8")
    threads = os.cpu_count() or 1
    return Device(CPU, "cpu", "auto", f"{cpu_name()} ({threads} threads)", tuple(precisions), "CPU")


def ort_gpu_devices() -> list[Device]:
    offered = set(ort.providers())
    return [
        Device(name, "gpu", "onnxruntime", f"{provider} (onnxruntime)", ("fp32",), provider)
        for name, provider in ORT_GPU_PROVIDERS.items()
        if provider in offered
    ]


def openvino_gpu_devices() -> list[Device]:
    found = []
    for handle in ov_runtime.device_names():
        if not handle.upper().startswith("GPU"):
            continue
        suffix = handle[3:].lstrip(".")
        name = "openvino-gpu" + (f".{suffix}" if suffix and suffix != "0" else "")
        label = ov_runtime.device_property(handle, "FULL_DEVICE_NAME") or handle
        memory = ov_runtime.device_property(handle, "GPU_DEVICE_TOTAL_MEM_SIZE")
        caps = ov_runtime.capabilities(handle)
        precisions = ("fp32", *(p for p, c in (("fp16", "FP16"), ("int8", "INT8")) if c in caps))
        found.append(
            Device(
                name,
                "gpu",
                "openvino",
                f"{label} (OpenVINO)",
                precisions,
                handle,
                int(memory) if memory else None,
            )
        )
    return found


def opencv_gpu_devices() -> list[Device]:
    """OpenCV DNN's OpenCL target (needs an OpenCL driver) and CUDA backend (custom builds),
    where OpenCV is installed at all."""
    if not opencv_available():
        return []
    import cv2

    found = []
    try:
        if cv2.ocl.haveOpenCL():
            default = cv2.ocl.Device.getDefault()
            if default.available():
                found.append(
                    Device(
                        "opencl",
                        "gpu",
                        "opencv",
                        f"{default.name()} (OpenCV OpenCL)",
                        ("fp32", "fp16"),
                        "opencl",
                        int(default.globalMemSize()) or None,
                    )
                )
    except cv2.error:
        pass
    try:
        if cv2.cuda.getCudaEnabledDeviceCount() > 0:
            found.append(
                Device(
                    "opencv-cuda", "gpu", "opencv", "CUDA (OpenCV DNN)", ("fp32", "fp16"), "cuda"
                )
            )
    except (cv2.error, AttributeError):
        pass
    return found


def detect_devices() -> list[Device]:
    """Every device present, the CPU first, then the GPUs in ``auto``'s order of preference."""
    return [cpu_device(), *ort_gpu_devices(), *openvino_gpu_devices(), *opencv_gpu_devices()]


#: Every device name the program knows, present here or not (``--device`` accepts these).
KNOWN_PREFIXES = (CPU, *ORT_GPU_PROVIDERS, "openvino-gpu", "opencl", "opencv-cuda")


def is_known_name(name: str) -> bool:
    return name in KNOWN_PREFIXES or name.startswith("openvino-gpu.")
