"""Open a model on a device at a precision, with the CPU as the way back.

``device``: ``auto`` (the first GPU of an onnxruntime GPU build, else the CPU), ``cpu``, or a
name from ``detect`` (``cuda``, ``directml``, ``coreml``, ``openvino-gpu``, ``opencl``, ...).
``precision``: ``auto`` (the recorded decision, ``core/devices/precision``) or one precision.
What cannot be had falls back, with one message each, to the CPU in fp32 (the family's runtime):
a device that is not here, a precision it cannot run, a model it cannot load, a run that fails.
"""

from __future__ import annotations

from pathlib import Path

from upscaler.core.devices.detect import (
    CPU,
    ORT_GPU_PROVIDERS,
    Device,
    cpu_device,
    detect_devices,
    is_known_name,
)
from upscaler.core.devices.fallback import DeviceBackend, NoticeFn
from upscaler.core.devices.precision import Plan, check_precision, plan_for
from upscaler.core.errors import ModelError
from upscaler.core.messages import text
from upscaler.core.runtime.base import ORT_FIRST, Backend, first_line
from upscaler.core.runtime.choice import open_backend, requested_runtime
from upscaler.core.runtime.openvino import OpenVinoBackend
from upscaler.core.runtime.ort import OrtBackend

DEVICE_ENV = "UPSCALER_DEVICE"
#: Devices ``auto`` takes when present: the onnxruntime GPU builds, in this order. OpenVINO's and
#: OpenCV's GPU paths are offered by name only: not measured to beat the CPU here.
AUTO_DEVICES = tuple(ORT_GPU_PROVIDERS)


def choose_device(
    name: str = "auto", devices: list[Device] | None = None
) -> tuple[Device, str | None]:
    """The device for ``name``, or the CPU with the reason the named one is not here.

    An unknown name (a typo) is a ModelError listing the names; a known device that is absent
    is not an error: the work still gets done, on the CPU.
    """
    name = (name or "auto").strip().lower()
    if name != "auto" and name != CPU and not is_known_name(name):
        raise ModelError(
            text(
                "unknown device '{device}' (use auto, cpu or one that `upscaler-cli devices` "
                "lists)",
                device=name,
            )
        )
    if name == CPU:
        return cpu_device(), None
    present = detect_devices() if devices is None else devices
    by_name = {d.name: d for d in present}
    if name == "auto":
        for candidate in AUTO_DEVICES:
            if candidate in by_name:
                return by_name[candidate], None
        return by_name.get(CPU) or cpu_device(), None
    if name in by_name:
        return by_name[name], None
    return by_name.get(CPU) or cpu_device(), text(
        "the device {device} is not available on this machine; running on the CPU", device=name
    )


def open_plan(
    plan: Plan, path: Path, outputs: tuple[str, ...] = (), preference: tuple[str, ...] = ORT_FIRST
) -> Backend:
    """Open exactly ``plan``, no fallback (ModelError when it cannot); the self-check uses it."""
    device = plan.device
    data = plan.variant.read_bytes() if plan.variant is not None else None
    if plan.is_reference:
        return open_backend(path, outputs, "auto", preference)
    if plan.runtime == "openvino":
        return OpenVinoBackend(
            path, outputs, device=device.handle or "CPU", precision=plan.precision, data=data
        )
    if plan.runtime == "onnxruntime":
        provider = device.handle if device.is_gpu else "CPUExecutionProvider"
        return OrtBackend(path, outputs, spin=False, provider=provider, data=data)
    if plan.runtime == "opencv":
        from upscaler.core.runtime.opencv import OpenCVBackend

        suffix = "-fp16" if plan.precision == "fp16" else ""
        return OpenCVBackend(path, outputs, target=f"{device.handle}{suffix}")
    raise ModelError(text("unknown runtime '{runtime}'", runtime=plan.runtime), path)


def open_on_device(
    path: Path,
    outputs: tuple[str, ...] = (),
    *,
    model_id: str = "",
    device: str = "auto",
    precision: str = "auto",
    runtime: str = "auto",
    preference: tuple[str, ...] = ORT_FIRST,
    notice: NoticeFn | None = None,
    devices: list[Device] | None = None,
) -> DeviceBackend:
    """Load ``path`` on ``device`` at ``precision``; ``backend.device``/``.precision`` say what
    it got. A forced ``runtime`` (argument or ``$UPSCALER_RUNTIME``) with ``auto`` device and
    precision keeps to that runtime on the CPU in fp32, as before devices existed."""
    path = Path(path)
    messages: list = []
    say = messages.append
    precision = check_precision(precision)
    forced = requested_runtime(runtime) != "auto"
    if forced and precision == "auto" and (device or "auto").lower() in ("auto", CPU):
        chosen, precision = cpu_device(), "fp32"
    else:
        chosen, why = choose_device(device, devices)
        if why:
            say(why)
    plan, why = plan_for(chosen, model_id, path, precision)
    if why:
        say(why)

    def cpu() -> Backend:
        return open_backend(path, outputs, runtime, preference)

    backend: Backend | None = None
    if not plan.is_reference:
        try:
            backend = open_plan(plan, path, outputs, preference)
        except ModelError as err:
            say(
                text(
                    "{device} could not load the model in {precision} ({reason}); running on "
                    "the CPU in fp32",
                    device=plan.device.name,
                    precision=plan.precision,
                    reason=first_line(err),
                )
            )
    if backend is None:
        wrapped = DeviceBackend(cpu(), CPU, "fp32", notice=notice)
    else:
        wrapped = DeviceBackend(
            backend,
            plan.device.name,
            plan.precision,
            fallback=cpu,
            notice=notice,
            memory=plan.device.memory,
        )
    for message in messages:  # after loading: the caller hears what it finally got
        wrapped.notices.append(message)
        if notice is not None:
            notice(message)
    return wrapped
