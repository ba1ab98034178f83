#!/usr/bin/env python3
"""Measure the trained model: loss (nats/token) on the whole held-out split
and on an equally sized, evenly spaced sample of the training split, plus
bits per character on both (sliding windows of the full context, stride half
a context: every token after the first window is scored with at least half a
context of history). Characters are those of the text the tokens decode to,
with each <|endoftext|> document separator counted as one character.
Also writes unedited samples at two temperatures.

Usage: python3 evaluate.py --ckpt /tmp/atelier-text/run/final.pt --data /tmp/atelier-text
"""
import argparse
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

from bpe_tokenizer import BPETokenizer, EOT
from model import GPT, GPTConfig


@torch.no_grad()
def sliding_nll(model, ids, block, stride):
    """Sum of next-token NLL over ids[1:], each scored once."""
    ids = torch.as_tensor(ids, dtype=torch.int64)
    total, count, scored_to = 0.0, 0, 0  # scored_to: targets ids[1..scored_to] done
    start = 0
    while scored_to < len(ids) - 1:
        end = min(start + block + 1, len(ids))
        x, y = ids[start:end - 1][None], ids[start + 1:end][None]
        logits, _ = model(x)
        nll = F.cross_entropy(logits[0], y[0], reduction="none")
        first_new = scored_to - start  # index in y of the first target not yet scored
        total += float(nll[first_new:].sum())
        count += len(nll) - first_new
        scored_to = end - 1
        start += stride
    return total, count


def chars_of(tok, ids):
    return sum(1 if i == tok.eot_id else len(tok.decode([i])) for i in ids)


@torch.no_grad()
def sample(model, tok, prompt, n, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    ids = tok.encode(prompt)
    for _ in range(n):
        logits, _ = model(torch.tensor([ids[-model.cfg.n_positions:]]))
        logits = logits[0, -1] / temperature
        if top_k:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[-1]] = -float("inf")
        nxt = int(torch.multinomial(F.softmax(logits, -1), 1, generator=g))
        if nxt == tok.eot_id:
            break
        ids.append(nxt)
    return tok.decode(ids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="/tmp/atelier-text/run/final.pt")
    ap.add_argument("--data", default="/tmp/atelier-text")
    ap.add_argument("--out", default="/tmp/atelier-text/metrics.json")
    ap.add_argument("--samples", type=int, default=120, help="tokens per sample")
    args = ap.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(args.ckpt)
    model = GPT(GPTConfig(**ck["config"]))
    model.load_state_dict(ck["model"])
    model.eval()
    tok = BPETokenizer.from_hf_json(os.path.join(args.data, "tokenizer.json"))
    block = model.cfg.n_positions
    held = np.load(os.path.join(args.data, "holdout.npy")).astype(np.int64)
    train = np.load(os.path.join(args.data, "train.npy")).astype(np.int64)
    # evenly spaced train chunks totalling the held-out size
    n_chunks, chunk = 16, len(held) // 16
    starts = np.linspace(0, len(train) - chunk, n_chunks).astype(np.int64)
    res = {}
    for name, parts in (("heldout", [held]), ("train", [train[s:s + chunk] for s in starts])):
        tot, cnt, chars = 0.0, 0, 0
        for p in parts:
            t, c = sliding_nll(model, p, block, block // 2)
            tot, cnt, chars = tot + t, cnt + c, chars + chars_of(tok, p[1:])
        res[name] = {"tokens_scored": cnt, "chars": chars, "loss_nats_per_token": round(tot / cnt, 4),
                     "bits_per_char": round(tot / math.log(2) / chars, 4),
                     "perplexity": round(math.exp(tot / cnt), 2)}
        print(name, res[name], flush=True)
    prompts = ["In the beginning", "And the king said unto", "The morning came, and",
               "Love is", "She opened the door and saw"]
    res["samples"] = []
    for temp in (0.7, 1.0):
        for k, p in enumerate(prompts):
            s = sample(model, tok, p, args.samples, temp, 40, seed=1000 + k)
            res["samples"].append({"prompt": p, "temperature": temp, "top_k": 40, "seed": 1000 + k, "text": s})
            print(f"--- T={temp} prompt={p!r}\n{s}\n", flush=True)
    res["step"] = ck["step"]
    res["train_time_s"] = round(ck["train_time"], 1)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
