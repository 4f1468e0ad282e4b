"""Train UpNet for x2, x3 and x4 at once: one shared body, one upsampler per scale (MDSR-style).

Every step sums the L1 losses of one batch per scale, so the body learns from all three scales;
on two CPU cores that is the cheapest way to get three good models. Training resumes from
``<run>/checkpoint.pt`` (model, optimiser, step, every RNG), logs Set5 PSNR to ``<run>/log.jsonl``
and exports the current ONNX models to ``<run>/export/`` at every validation.

    nice -n 10 python models/training/train.py --run models/training/runs/main
"""

from __future__ import annotations

import argparse
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

from data import PatchSampler, degrade, list_images, load_pairs, load_rgb  # noqa: E402
from export_onnx import export  # noqa: E402
from metrics import psnr_y  # noqa: E402
from upnet_model import DIV2K_BGR_MEAN, UpNet, UpNetBody, UpNetTail  # noqa: E402

REPO = HERE.parents[1]


class MultiScale(nn.Module):
    """The shared body and the per-scale upsamplers, as one module for the optimiser."""

    def __init__(self, channels: int, blocks: int, scales: list[int]) -> None:
        super().__init__()
        self.body = UpNetBody(channels, blocks)
        self.tails = nn.ModuleDict({str(s): UpNetTail(channels, s) for s in scales})

    def for_scale(self, scale: int) -> UpNet:
        return UpNet(self.body, self.tails[str(scale)])


def cosine_lr(step: int, total: int, base: float, floor: float, warmup: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    t = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + 0.5 * (base - floor) * (1 + math.cos(math.pi * t))


def shared_path(text: str) -> Path:
    path = Path(text)
    return path if path.is_absolute() else (REPO / path).resolve()


def validate(net: MultiScale, scales: list[int], val: dict[int, list]) -> dict[int, float]:
    """Mean Y PSNR (border = scale) of whole validation images, output rounded to uint8."""
    mean = torch.tensor(DIV2K_BGR_MEAN).view(1, 3, 1, 1)
    out = {}
    net.eval()
    with torch.no_grad():
        for s in scales:
            model = net.for_scale(s)
            scores = []
            for hr, lr in val[s]:
                x = torch.from_numpy(lr.transpose(2, 0, 1)[None].astype(np.float32)) - mean
                y = (model(x) + mean).clamp(0, 255).round()[0].permute(1, 2, 0).numpy()
                scores.append(psnr_y(y.astype(np.uint8), hr, s))
            out[s] = float(np.mean(scores))
    net.train()
    return out


def rng_state(samplers: dict[int, PatchSampler]) -> dict:
    return {
        "torch": torch.get_rng_state(),
        "python": random.getstate(),
        "samplers": {s: p.rng.bit_generator.state for s, p in samplers.items()},
    }


def restore_rng(state: dict, samplers: dict[int, PatchSampler]) -> None:
    torch.set_rng_state(state["torch"])
    random.setstate(state["python"])
    for s, p in samplers.items():
        p.rng.bit_generator.state = state["samplers"][s]


def save_checkpoint(path: Path, net, opt, step, best, samplers) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": net.state_dict(),
            "optimizer": opt.state_dict(),
            "step": step,
            "best": best,
            "rng": rng_state(samplers),
        },
        tmp,
    )
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--run", type=Path, required=True, help="run folder (resumes from it)")
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
    sources = [(shared_path(s["folder"]), s["shrink"]) for s in cfg["train_sources"]]
    cache_dir = REPO / "models" / "training" / "runs" / "cache"
    samplers = {}
    val = {}
    for s in scales:
        tag = "_".join(f"{p.name}{shrink}" for p, shrink in sources)
        pairs = load_pairs(sources, s, cache_dir / f"train_x{s}_{tag}.npz")
        samplers[s] = PatchSampler(pairs, s, cfg["lr_patch"], cfg["seed"] + s)
        val_dir = shared_path(cfg["validation"])
        val[s] = [degrade(load_rgb(p), s) for p in list_images(val_dir)]

    net = MultiScale(cfg["channels"], cfg["blocks"], scales)
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"], betas=(0.9, 0.999))
    step, best = 0, {}
    ckpt = run / "checkpoint.pt"
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        net.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, best = state["step"], state["best"]
        restore_rng(state["rng"], samplers)
        print(f"resumed at step {step}", flush=True)
    elif args.init_from is not None:
        weights = torch.load(args.init_from, weights_only=False)["model"]
        keep = {k: v for k, v in weights.items() if k in net.state_dict()}
        net.load_state_dict(keep)
        cfg["init_from"] = str(args.init_from)
        (run / "config.json").write_text(json.dumps(cfg, indent=1))
        print(f"initialised from {args.init_from} ({len(keep)} tensors)", flush=True)

    log = (run / "log.jsonl").open("a")
    total = cfg["total_steps"]
    started = last_ckpt = time.monotonic()
    losses = []
    while step < total:
        lr = cosine_lr(step, total, cfg["lr"], cfg["lr_min"], cfg["warmup_steps"])
        for group in opt.param_groups:
            group["lr"] = lr
        loss = torch.zeros(())
        for s in scales:
            x, y = samplers[s].batch(cfg["batch"])
            loss = loss + (net.for_scale(s)(torch.from_numpy(x)) - torch.from_numpy(y)).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        losses.append(loss.item() / len(scales))

        now = time.monotonic()
        if step % 50 == 0:
            print(f"step {step} {time.strftime('%H:%M:%S')} l1 {np.mean(losses):.3f}", flush=True)
        done = step == total or (args.stop_after_s and now - started > args.stop_after_s)
        if step % cfg["val_every"] == 0 or done:
            scores = validate(net, scales, val)
            for s in scales:
                export(net.for_scale(s), run / "export" / f"UpNet_x{s}.onnx")
                best[s] = max(best.get(s, 0.0), scores[s])
            record = {
                "step": step,
                "lr": lr,
                "l1": float(np.mean(losses)),
                "set5_psnr": {f"x{s}": round(v, 3) for s, v in scores.items()},
                "elapsed_s": round(now - started, 1),
                "time": time.strftime("%H:%M:%S"),
            }
            losses = []
            log.write(json.dumps(record) + "\n")
            log.flush()
            print(json.dumps(record), flush=True)
        if done or now - last_ckpt > cfg["checkpoint_every_s"]:
            save_checkpoint(ckpt, net, opt, step, best, samplers)
            last_ckpt = now
        if done:
            break
    log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
