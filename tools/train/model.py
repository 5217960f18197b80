"""The default model: a small bidirectional transformer (pre-norm, rotary positions, tied embeddings).

Input token ids [B, T] -> logits [B, T, V] for every position (not shifted: position i predicts token i).
Written with operations that torch 1.13 exports to ONNX opset 17 with a dynamic sequence axis.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# The export (torch 1.13 here) writes the plain matmul-softmax graph; newer torch trains with the fused kernel.
FUSED_ATTENTION = hasattr(F, 'scaled_dot_product_attention')


class Rotary(nn.Module):
    def __init__(self, head_dim, max_length, base):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, head_dim, 2).float() / head_dim))
        angles = torch.outer(torch.arange(max_length).float(), inv_freq)  # [L, hd/2]
        self.register_buffer('cos', torch.cat([angles.cos(), angles.cos()], dim=-1), persistent=False)
        self.register_buffer('sin', torch.cat([angles.sin(), angles.sin()], dim=-1), persistent=False)

    def forward(self, x):  # x: [B, H, T, hd]
        t = x.shape[2]
        cos = self.cos[:t]
        sin = self.sin[:t]
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + rotated * sin


class Block(nn.Module):
    def __init__(self, dim, heads, ffn_mult):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.proj = nn.Linear(dim, dim, bias=False)
        self.norm2 = nn.LayerNorm(dim)
        self.up = nn.Linear(dim, ffn_mult * dim, bias=False)
        self.down = nn.Linear(ffn_mult * dim, dim, bias=False)

    def forward(self, x, rotary):
        b, t, d = x.shape
        h = self.heads
        q, k, v = self.qkv(self.norm1(x)).reshape(b, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        q = rotary(q)
        k = rotary(k)
        if FUSED_ATTENTION and not torch.onnx.is_in_onnx_export():
            # Training on a GPU: flash/memory-efficient kernels (torch >= 2.0); same function. Under
            # autocast the rotary product leaves q and k in float32 and v in bfloat16: one dtype for all.
            attn = F.scaled_dot_product_attention(q.to(v.dtype), k.to(v.dtype), v)
        else:
            scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d // h))
            attn = torch.matmul(scores.softmax(dim=-1), v)  # bidirectional: no causal mask
        x = x + self.proj(attn.transpose(1, 2).reshape(b, t, d))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class DiffusionLM(nn.Module):
    def __init__(self, vocab_size, dim, layers, heads, ffn_mult, max_length, rope_base):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        self.rotary = Rotary(dim // heads, max_length, rope_base)
        self.blocks = nn.ModuleList([Block(dim, heads, ffn_mult) for _ in range(layers)])
        self.norm = nn.LayerNorm(dim)
        nn.init.normal_(self.embed.weight, std=0.02)
        for block in self.blocks:
            for lin in (block.qkv, block.up):
                nn.init.normal_(lin.weight, std=0.02)
            for lin in (block.proj, block.down):
                nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * layers))

    def forward(self, input_ids):
        x = self.embed(input_ids)
        for block in self.blocks:
            x = block(x, self.rotary)
        return F.linear(self.norm(x), self.embed.weight)  # tied output projection


def build(model_config, vocab_size):
    c = model_config
    return DiffusionLM(vocab_size, c['dim'], c['layers'], c['heads'], c['ffnMult'], c['maxLength'], c['ropeBase'])
