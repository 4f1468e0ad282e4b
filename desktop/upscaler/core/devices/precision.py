"""Which precision (and runtime) runs a model: a recorded decision per model, never a probe.

``auto`` takes the model's list in ``measured.AUTO``: the precisions whose measured loss stayed
within the limits (at most 0.05 dB PSNR on Set5/Set14 for faithful models; at least 40 dB PSNR
against the fp32 output for generative ones) and that ran at least 1.3x faster than the family's
own fp32 runtime, fastest first, each with the runtime that ran it fastest, then fp32 on the
family's runtime. The first one this machine
can run (runtime installed, the CPU has the units, the int8 file is present and verified) is used.
So the same model on the same machine always runs the same way, however busy the machine was; a
model not in the table runs in fp32.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from upscaler.core.devices import measured
from upscaler.core.devices.detect import PRECISIONS, Device
from upscaler.core.devices.quantized import find_variant
from upscaler.core.errors import ModelError
from upscaler.core.messages import Text, text
from upscaler.core.runtime import openvino as ov_runtime
from upscaler.core.runtime import ort

#: Loss limits for ``auto`` (issue 15): faithful models may lose this much PSNR on Set5/Set14...
MAX_FAITHFUL_LOSS_DB = 0.05
#: ...generative ones must stay at least this close (PSNR) to their own fp32 output.
MIN_GENERATIVE_PSNR_DB = 40.0

FP32_FAMILY = ("fp32", "")


@dataclass(frozen=True)
class Plan:
    """How one model will run: where, at what precision, on which runtime, from which file."""

    device: Device
    precision: str
    #: ``""``: the family's own fp32 runtime rule (``runtime.choice``).
    runtime: str
    #: The reduced-precision file to run instead of the model's own (int8), if any.
    variant: Path | None = None

    @property
    def is_reference(self) -> bool:
        """The plain CPU fp32 path every other plan falls back to."""
        return not self.device.is_gpu and self.runtime == ""


def check_precision(precision: str) -> str:
    precision = precision.strip().lower()
    if precision != "auto" and precision not in PRECISIONS:
        raise ModelError(
            text(
                "unknown precision '{precision}' (use auto, {precisions})",
                precision=precision,
                precisions=", ".join(PRECISIONS),
            )
        )
    return precision


def auto_choices(model_id: str) -> tuple[tuple[str, str], ...]:
    """The recorded choices for ``model_id``, fastest first, ending with fp32."""
    choices = tuple(measured.AUTO.get(model_id, ()))
    return choices if FP32_FAMILY in choices else (*choices, FP32_FAMILY)


def speedup(model_id: str, precision: str, runtime: str) -> float:
    """How much faster than onnxruntime fp32 the recorded choice ran (1.0 when not recorded)."""
    return float(measured.SPEEDUP.get(model_id, {}).get(f"{precision}/{runtime}", 1.0))


def _runtime_ready(runtime: str) -> bool:
    return {"openvino": ov_runtime.available(), "onnxruntime": ort.available()}.get(runtime, True)


def _cpu_plan(
    device: Device, model_id: str, source: Path, precision: str, runtime: str
) -> tuple[Plan | None, str | None]:
    """A CPU plan for one precision on one runtime, or None with why it cannot run here."""
    if precision == "fp32" and runtime == "":
        return Plan(device, "fp32", ""), None
    if precision not in device.precisions:
        return None, text("this CPU or its runtimes cannot run {precision}", precision=precision)
    if not _runtime_ready(runtime):
        return None, text("{runtime} is not installed", runtime=runtime)
    if precision == "int8":
        variant, reason = find_variant(model_id, "int8", source)
        if variant is None:
            return None, reason or text("this model has no int8 file")
        return Plan(device, "int8", runtime, variant), None
    return Plan(device, precision, runtime), None


def _explicit_cpu_runtime(model_id: str, precision: str) -> str:
    """The runtime for a precision the user asked for: the recorded fastest, else the one that
    can run it (OpenVINO alone has bf16/fp16; int8 prefers it, as measured)."""
    for choice, runtime in auto_choices(model_id):
        if choice == precision:
            return runtime
    if precision == "int8":
        return "openvino" if ov_runtime.available() else "onnxruntime"
    return "openvino" if precision in ("bf16", "fp16") else ""


def plan_for(
    device: Device, model_id: str, source: Path, precision: str = "auto"
) -> tuple[Plan, Text | None]:
    """The plan for ``model_id`` on ``device``; the notice says why an explicit precision could
    not be had (the plan is then fp32), None otherwise."""
    precision = check_precision(precision)
    if device.is_gpu:
        if precision in ("auto", "fp32"):
            return Plan(device, "fp32", device.runtime), None
        variant = None
        if precision in device.precisions and precision == "int8":
            variant, _ = find_variant(model_id, "int8", source)
        if precision in device.precisions and (precision != "int8" or variant is not None):
            return Plan(device, precision, device.runtime, variant), None
        return Plan(device, "fp32", device.runtime), _cannot(precision, device)
    if precision == "auto":
        for choice, runtime in auto_choices(model_id):
            plan, _ = _cpu_plan(device, model_id, source, choice, runtime)
            if plan is not None:
                return plan, None
        return Plan(device, "fp32", ""), None  # unreachable: fp32 always plans
    if precision == "fp32":
        return Plan(device, "fp32", ""), None
    plan, reason = _cpu_plan(
        device, model_id, source, precision, _explicit_cpu_runtime(model_id, precision)
    )
    if plan is not None:
        return plan, None
    return Plan(device, "fp32", ""), text(
        "{precision} is not available for {model} on the CPU ({reason}); running in fp32",
        precision=precision,
        model=model_id,
        reason=reason,
    )


def _cannot(precision: str, device: Device) -> Text:
    return text(
        "{precision} is not available on {device} (it runs {precisions}); running in fp32",
        precision=precision,
        device=device.name,
        precisions=", ".join(device.precisions),
    )
