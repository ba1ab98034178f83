"""GPT-2 style decoder-only transformer (written for Atelier's starter model).

Learned absolute position embeddings, pre-LayerNorm blocks, causal multi-head
self-attention, GELU (tanh approximation, as GPT-2) MLP, final LayerNorm, LM
head tied to the token embedding. The forward pass optionally takes an
attention mask, explicit position ids and a key/value cache so that the same
module is exported to ONNX with the Hugging Face / Optimum decoder signature.
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GPTConfig:
    vocab_size: int = 4096
    n_positions: int = 256
    n_embd: int = 256
    n_layer: int = 6
    n_head: int = 8
    dropout: float = 0.05  # embedding and residual dropout
    attn_dropout: float = 0.0  # dropout on attention probabilities
    layer_norm_epsilon: float = 1e-5

    def to_dict(self):
        return asdict(self)


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))


class SelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.attn_drop = nn.Dropout(cfg.attn_dropout)
        self.resid_drop = nn.Dropout(cfg.dropout)

    def forward(self, x, bias, past_k=None, past_v=None):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.n_head, self.head_dim).transpose(1, 2)
        k = k.view(B, T, self.n_head, self.head_dim).transpose(1, 2)
        v = v.view(B, T, self.n_head, self.head_dim).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        att = att + bias  # bias: 0 where allowed, large negative where masked
        att = F.softmax(att, dim=-1)
        att = self.attn_drop(att)
        y = torch.matmul(att, v).transpose(1, 2).reshape(B, T, C)
        return self.resid_drop(self.c_proj(y)), k, v


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.drop(self.c_proj(gelu_tanh(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.attn = SelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.mlp = MLP(cfg)

    def forward(self, x, bias, past_k=None, past_v=None):
        a, k, v = self.attn(self.ln_1(x), bias, past_k, past_v)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, k, v


NEG = -1e9


class GPT(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.register_buffer(
            "causal_bias",
            torch.triu(torch.full((cfg.n_positions, cfg.n_positions), NEG), diagonal=1),
            persistent=False,
        )
        self.apply(self._init)
        # GPT-2: scale residual projections by 1/sqrt(2 * n_layer)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())

    def logits(self, x):
        return F.linear(self.ln_f(x), self.wte.weight)  # tied LM head

    def forward(self, idx, targets=None):
        """Training / evaluation path: full causal attention, no cache."""
        B, T = idx.shape
        pos = torch.arange(T, device=idx.device)
        x = self.drop(self.wte(idx) + self.wpe(pos)[None])
        bias = self.causal_bias[:T, :T]
        for blk in self.h:
            x, _, _ = blk(x, bias)
        logits = self.logits(x)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss

    def forward_cached(self, input_ids, attention_mask, position_ids, past):
        """Inference path with the HF decoder signature.

        input_ids, position_ids: [B, T]; attention_mask: [B, P + T] (1 keep,
        0 padding); past: list of (key, value) each [B, H, P, head_dim].
        Returns logits [B, T, V] and the list of present (key, value) with
        length P + T.
        """
        T = input_ids.shape[1]
        P = past[0][0].shape[2]
        S = attention_mask.shape[1]
        x = self.wte(input_ids) + self.wpe(position_ids)
        # query i sits at absolute slot P + i and may see key slots j <= P + i
        q_pos = torch.arange(T, device=input_ids.device).unsqueeze(1) + P
        k_pos = torch.arange(S, device=input_ids.device).unsqueeze(0)
        allowed = (k_pos <= q_pos).unsqueeze(0).unsqueeze(0)  # [1, 1, T, S]
        keep = attention_mask.unsqueeze(1).unsqueeze(2) > 0  # [B, 1, 1, S]
        zero = torch.zeros((), dtype=x.dtype)
        neg = torch.full((), NEG, dtype=x.dtype)
        bias = torch.where(allowed & keep, zero, neg)  # [B, 1, T, S]
        presents = []
        for blk, (pk, pv) in zip(self.h, past):
            x, k, v = blk(x, bias, pk, pv)
            presents.append((k, v))
        return self.logits(x), presents
