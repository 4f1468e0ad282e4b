"""Train UpNet for x2, x3 and x4 at once: one shared body, one upsampler per scale (MDSR-style).

Every step sums the L1 losses of one batch per scale, so the body learns from all three scales.
The low-resolution patches are degraded on the fly by the config's recipe mixture
(``degradations.py``). A run folder holds ``checkpoint.pt`` (full precision, every
``checkpoint_every_s``), ``log.jsonl`` (loss, learning rate and Set5 PSNR under each validation
degradation) and the current ONNX models in ``export/``. With ``--compact PATH`` the run also
writes a small resumable checkpoint (weights, Adam moments in bfloat16 when they fit, step, every
RNG state, the config's hash) meant to be committed, so a training can span sessions whose
``runs/`` folder does not survive:

    nice -n 10 python models/training/train.py --config models/training/configs/upnet_v2.json \
        --run models/training/runs/upnet_v2 --compact models/training/checkpoints/upnet_v2.pt
    # later, in a fresh clone: the same command with --resume-from the committed checkpoint
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from pathlib import Path

# On CPU cores shared with other work, spinning OpenMP threads burn the time they wait for a
# preempted partner (measured: 1.34 vs 0.61 CPU-s per step); passive waiting does not.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from data import DIV2K_BGR_MEAN, DegradingSampler, list_images, load_images, to_bgr  # noqa: E402
from degradations import Mixture  # noqa: E402
from export_onnx import export  # noqa: E402
from metrics import psnr_y  # noqa: E402
from PIL import Image  # noqa: E402
from upnet_model import UpNet, UpNetBody, UpNetTail  # noqa: E402

REPO = HERE.parents[1]
#: Where ``shared/...`` config paths live: the folder beside the repository, unless overridden
#: (the same variable the tests read).
SHARED = Path(os.environ.get("UPSCALER_SHARED_DIR", REPO.parent / "shared"))
#: Largest compact checkpoint that may be committed; bigger ones drop the Adam moments.
COMPACT_LIMIT = 2_000_000
DEFAULT_VALIDATION = ["bicubic"]


class MultiScale(nn.Module):
    """The shared body and the per-scale upsamplers, as one module for the optimiser."""

    def __init__(self, channels: int, blocks: int, scales: list[int]) -> None:
        super().__init__()
        self.body = UpNetBody(channels, blocks)
        self.tails = nn.ModuleDict({str(s): UpNetTail(channels, s) for s in scales})

    def for_scale(self, scale: int) -> UpNet:
        return UpNet(self.body, self.tails[str(scale)])

    def train_forward(self, x: torch.Tensor, scale: int, bf16: bool) -> torch.Tensor:
        """UpNet's forward, with the body and residual conv in bfloat16 autocast when asked; the
        bicubic skip stays in float32, where it must be exact to a fraction of a grey level."""
        up = self.tails[str(scale)]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            residual = up.tail(self.body(x * (1 / 255)))
        return up.shuffle(up.skip(x) + residual.float() * 255)


def degradation_phases(cfg: dict) -> list[tuple[int, Mixture]]:
    """(first step, mixture) pairs: ``degradations`` from step 0, then each of the optional
    ``degradation_phases`` (``{"from_step": N, "degradations": [...]}``) from its step on."""
    phases = [(0, Mixture(cfg.get("degradations", [{"kind": "simple"}])))]
    for phase in cfg.get("degradation_phases", []):
        phases.append((int(phase["from_step"]), Mixture(phase["degradations"])))
    return sorted(phases, key=lambda p: p[0])


def cosine_lr(step: int, total: int, base: float, floor: float, warmup: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    t = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + 0.5 * (base - floor) * (1 + math.cos(math.pi * t))


def data_path(text: str) -> Path:
    """``shared/...`` resolves under SHARED (and ``../shared/...``, the v1 configs' form);
    anything else relative to the repository."""
    for prefix in ("../shared/", "shared/"):
        if text.startswith(prefix):
            return SHARED / text[len(prefix) :]
    path = Path(text)
    return path if path.is_absolute() else (REPO / path).resolve()


def config_hash(cfg: dict) -> str:
    """Hash of everything that shapes the training (not the bookkeeping)."""
    skip = {"val_every", "checkpoint_every_s", "compact_every_s", "comment"}
    shaping = {k: v for k, v in cfg.items() if k not in skip}
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]


def validation_sets(cfg: dict, scales: list[int]) -> dict[str, dict[int, list]]:
    """Set5 (HR, LR) pairs per validation degradation and scale, made as `bench quality` does."""
    from upscaler.bench.quality import crop_to_scale, degrade, parse_degradation

    images = [
        (p.name, to_bgr(Image.open(p).convert("RGB")))
        for p in list_images(data_path(cfg["validation"]))
    ]
    out: dict[str, dict[int, list]] = {}
    for spec in cfg.get("validation_degradations", DEFAULT_VALIDATION):
        degradation = parse_degradation(spec)
        out[spec] = {}
        for s in scales:
            pairs = []
            for name, image in images:
                hr = crop_to_scale(image, s)
                pairs.append((hr, degrade(hr, s, degradation, name=name)))
            out[spec][s] = pairs
    return out


def validate(net: MultiScale, val: dict[str, dict[int, list]]) -> dict[str, dict[str, float]]:
    """Mean Y PSNR (border = scale) of whole validation images, output rounded to uint8."""
    mean = torch.tensor(DIV2K_BGR_MEAN).view(1, 3, 1, 1)
    out: dict[str, dict[str, float]] = {}
    net.eval()
    with torch.no_grad():
        for spec, by_scale in val.items():
            out[spec] = {}
            for s, pairs in by_scale.items():
                model = net.for_scale(s)
                scores = []
                for hr, lr in pairs:
                    x = torch.from_numpy(lr.transpose(2, 0, 1)[None].astype(np.float32)) - mean
                    y = (model(x) + mean).clamp(0, 255).round()[0].permute(1, 2, 0).numpy()
                    scores.append(psnr_y(y.astype(np.uint8), hr, s))
                out[spec][f"x{s}"] = round(float(np.mean(scores)), 3)
    net.train()
    return out


# --- initialisation from a published ONNX model -------------------------------------------------


def _embed(target: torch.Tensor, source: torch.Tensor) -> torch.Tensor:
    """``source`` in the leading corner of ``target`` (Net2Net-style widening): the old outputs
    read nothing from new input channels (zeros there), new outputs keep their initialisation."""
    out = target.clone()
    if source.dim() == 1:
        out[: source.shape[0]] = source
        return out
    o, i = source.shape[:2]
    if source.shape[2:] != target.shape[2:] or o > target.shape[0] or i > target.shape[1]:
        raise ValueError(f"cannot embed {tuple(source.shape)} in {tuple(target.shape)}")
    out[:o, :i] = source
    out[:o, i:] = 0.0
    return out


def init_from_onnx(net: MultiScale, pattern: str, scales: list[int]) -> int:
    """Load weights from exported models (``pattern`` with ``{scale}``), undoing the export's
    folding of the 1/255 input scaling. A wider or deeper network starts as the source network
    exactly: extra channels are not read by the old ones, extra blocks start as the identity."""
    import onnx
    from onnx import numpy_helper

    loaded = 0
    state = net.state_dict()
    source_blocks: set[str] = set()
    for n, s in enumerate(scales):
        model = onnx.load(str(data_path(pattern.format(scale=s))))
        weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        for name, value in weights.items():
            tensor = torch.from_numpy(value.copy())
            if name == "body.head.weight":
                tensor = tensor * 255.0
            elif name.startswith("up.tail."):
                tensor = tensor / 255.0
            if name.startswith("body.") and n == 0:
                target = name
                if name.startswith("body.blocks."):
                    source_blocks.add(name.split(".")[2])
            elif name.startswith("up."):
                target = f"tails.{s}.{name[3:]}"
            else:
                continue
            state[target] = _embed(state[target], tensor)
            loaded += 1
    net.load_state_dict(state)
    with torch.no_grad():
        for i, block in enumerate(net.body.blocks):
            if str(i) not in source_blocks:
                block.conv2.weight.zero_()
                block.conv2.bias.zero_()
    return loaded


# --- checkpoints --------------------------------------------------------------------------------


def rng_state(samplers: dict[int, DegradingSampler]) -> dict:
    return {
        "torch": torch.get_rng_state(),
        "python": random.getstate(),
        "samplers": {s: p.rng.bit_generator.state for s, p in samplers.items()},
    }


def restore_rng(state: dict, samplers: dict[int, DegradingSampler]) -> None:
    torch.set_rng_state(state["torch"])
    random.setstate(state["python"])
    for s, p in samplers.items():
        p.rng.bit_generator.state = state["samplers"][s]


def _atomic_save(obj: dict, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    size = tmp.stat().st_size
    tmp.replace(path)
    return size


def _cast_optimizer(state: dict, dtype: torch.dtype, slots: tuple[str, ...] | None = None) -> dict:
    """The optimiser state with its tensors in ``dtype``, keeping only ``slots`` (all if None)."""
    out = {"param_groups": state["param_groups"], "state": {}}
    for key, values in state["state"].items():
        out["state"][key] = {
            k: v.to(dtype) if torch.is_tensor(v) and v.is_floating_point() and v.dim() else v
            for k, v in values.items()
            if slots is None or k in slots or k == "step"
        }
    return out


def checkpoint(net, opt, step: int, samplers, cfg: dict, extra: dict) -> dict:
    return {
        "format": "upnet-train-1",
        "model": net.state_dict(),
        "optimizer": opt.state_dict(),
        "step": step,
        "rng": rng_state(samplers),
        "config": cfg,
        "config_hash": config_hash(cfg),
        **extra,
    }


def save_compact(path: Path, full: dict) -> int:
    """The committed checkpoint, the most precise that fits under COMPACT_LIMIT: float32 weights
    and bfloat16 Adam moments; float16 weights; float16 weights and only the second moment (the
    first re-estimates within ~10 steps at beta1 0.9, the second needs ~1,000); weights alone (a
    resume from it warms the learning rate up again while Adam re-estimates both)."""
    attempts = [
        (torch.float32, ("exp_avg", "exp_avg_sq")),
        (torch.float16, ("exp_avg", "exp_avg_sq")),
        (torch.float16, ("exp_avg_sq",)),
        (torch.float16, None),
    ]
    size = 0
    for dtype, slots in attempts:
        compact = dict(full)
        compact["format"] = "upnet-compact-1"
        compact["model"] = {k: v.to(dtype) for k, v in full["model"].items()}
        compact["optimizer"] = (
            _cast_optimizer(full["optimizer"], torch.bfloat16, slots) if slots else None
        )
        size = _atomic_save(compact, path)
        if size <= COMPACT_LIMIT:
            return size
    raise RuntimeError(f"{path}: even float16 weights alone take {size} bytes")


def load_checkpoint(path: Path) -> dict:
    """A full or compact checkpoint with float32 tensors; a first moment the compact one left
    out comes back as zeros."""
    state = torch.load(path, weights_only=False, map_location="cpu")
    state["model"] = {k: v.float() for k, v in state["model"].items()}
    if state.get("optimizer") is not None:
        state["optimizer"] = _cast_optimizer(state["optimizer"], torch.float32)
        for slots in state["optimizer"]["state"].values():
            if "exp_avg" not in slots:
                slots["exp_avg"] = torch.zeros_like(slots["exp_avg_sq"])
    return state


def append_log(run: Path, record: dict) -> None:
    """One JSON line in ``log.jsonl`` (opened per record: a killed run loses nothing logged)."""
    with (run / "log.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")
    print(json.dumps(record), flush=True)


# --- the loop -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--run", type=Path, required=True, help="run folder (resumes from it)")
    parser.add_argument(
        "--resume-from",
        type=Path,
        help="a checkpoint (full or compact) to continue from when the run folder has none",
    )
    parser.add_argument("--compact", type=Path, help="also keep a small committable checkpoint")
    parser.add_argument("--channels", type=int)
    parser.add_argument("--blocks", type=int)
    parser.add_argument("--scales", type=int, nargs="+")
    parser.add_argument("--total-steps", type=int, help="override (the cosine follows it)")
    parser.add_argument("--lr", type=float, help="override the peak learning rate")
    parser.add_argument("--warmup-steps", type=int, help="override the warm-up")
    parser.add_argument(
        "--init-from",
        type=Path,
        help="start a new run from another run's checkpoint weights (fine-tuning one scale)",
    )
    parser.add_argument("--stop-after-s", type=float, help="stop (with a checkpoint) after this")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    cfg = json.loads(args.config.read_text())
    for key in ("channels", "blocks", "scales", "total_steps", "lr", "warmup_steps"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    run = args.run.resolve()
    run.mkdir(parents=True, exist_ok=True)
    (run / "config.json").write_text(json.dumps(cfg, indent=1))
    torch.set_num_threads(args.threads)
    torch.manual_seed(cfg["seed"])
    random.seed(cfg["seed"])

    scales = cfg["scales"]
    sources = [(data_path(s["folder"]), s["shrink"]) for s in cfg["train_sources"]]
    tag = "_".join(f"{p.parent.name}-{p.name}{shrink}" for p, shrink in sources)
    tag = hashlib.sha256(tag.encode()).hexdigest()[:12]
    images = load_images(sources, run.parent / "cache" / f"hr_{tag}.npz")  # shared by runs
    phases = degradation_phases(cfg)
    mixture = phases[0][1]
    samplers = {
        s: DegradingSampler(images, s, cfg["lr_patch"], mixture, cfg["seed"] + s) for s in scales
    }
    print(f"{len(images)} training images; recipes {mixture.names}", flush=True)
    val = validation_sets(cfg, scales)

    net = MultiScale(cfg["channels"], cfg["blocks"], scales)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"], betas=(0.9, 0.999))
    step, best, rewarm_from = 0, {}, None
    ckpt = run / "checkpoint.pt"
    source = ckpt if ckpt.exists() else args.resume_from
    if source is not None:
        state = load_checkpoint(source)
        if state.get("config_hash") not in (None, config_hash(cfg)):
            print(f"warning: {source} was trained with a different config", flush=True)
        net.load_state_dict(state["model"])
        if state.get("optimizer") is not None:
            opt.load_state_dict(state["optimizer"])
        else:
            rewarm_from = state["step"]
        step, best = state["step"], state.get("best", {})
        restore_rng(state["rng"], samplers)
        print(f"resumed from {source} at step {step}", flush=True)
    elif args.init_from is not None:
        weights = load_checkpoint(args.init_from)["model"]
        keep = {k: v for k, v in weights.items() if k in net.state_dict()}
        net.load_state_dict(keep, strict=False)
        cfg["init_from"] = str(args.init_from)
        print(f"initialised from {args.init_from} ({len(keep)} tensors)", flush=True)
    elif cfg.get("init_from_onnx"):
        count = init_from_onnx(net, cfg["init_from_onnx"], scales)
        print(f"initialised from {cfg['init_from_onnx']} ({count} tensors)", flush=True)

    net = net.to(memory_format=torch.channels_last)  # oneDNN's fast layout on the CPU
    total = cfg["total_steps"]
    bf16_until = int(total * cfg.get("bf16_fraction", 0.0))
    name = cfg.get("export_name", "UpNet")
    started = last_ckpt = last_compact = time.monotonic()
    losses: list[float] = []
    if step == 0:
        scores = validate(net, val)
        append_log(run, {"step": 0, "psnr": scores})
    while step < total:
        current = next(m for start, m in reversed(phases) if step >= start)
        if current is not mixture:
            mixture = current
            for sampler in samplers.values():
                sampler.mixture = mixture
            print(f"step {step}: recipes {mixture.names}, weights {mixture.weights}", flush=True)
        lr = cosine_lr(step, total, cfg["lr"], cfg["lr_min"], cfg["warmup_steps"])
        if rewarm_from is not None:  # moments lost: warm up again over the usual warm-up length
            lr *= min(1.0, (step - rewarm_from + 1) / max(1, cfg["warmup_steps"]))
        for group in opt.param_groups:
            group["lr"] = lr
        loss = torch.zeros(())
        for s in scales:
            x, y = samplers[s].batch(cfg["batch"])
            x_t = torch.from_numpy(x).contiguous(memory_format=torch.channels_last)
            out = net.train_forward(x_t, s, bf16=step < bf16_until)
            loss = loss + (out - torch.from_numpy(y)).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        losses.append(loss.item() / len(scales))

        now = time.monotonic()
        if step % 50 == 0:
            print(f"step {step} {time.strftime('%H:%M:%S')} l1 {np.mean(losses):.3f}", flush=True)
        done = step == total or bool(args.stop_after_s and now - started > args.stop_after_s)
        if step % cfg["val_every"] == 0 or done:
            scores = validate(net, val)
            for s in scales:
                export(net.for_scale(s), run / "export" / f"{name}_x{s}.onnx")
            for spec, by_scale in scores.items():
                for key, value in by_scale.items():
                    best[f"{spec} {key}"] = max(best.get(f"{spec} {key}", 0.0), value)
            record = {
                "step": step,
                "lr": lr,
                "l1": float(np.mean(losses)),
                "psnr": scores,
                "elapsed_s": round(now - started, 1),
                "time": time.strftime("%Y-%m-%d %H:%M:%S"),
            }
            losses = []
            append_log(run, record)
        save_full = done or now - last_ckpt > cfg["checkpoint_every_s"]
        save_small = args.compact and (done or now - last_compact > cfg.get("compact_every_s", 600))
        if save_full or save_small:
            full = checkpoint(net, opt, step, samplers, cfg, {"best": best})
            if save_full:
                _atomic_save(full, ckpt)
                last_ckpt = now
            if save_small:
                size = save_compact(args.compact.resolve(), full)
                print(f"compact checkpoint at step {step}: {size} bytes", flush=True)
                last_compact = now
        if done:
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
