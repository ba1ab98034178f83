#!/usr/bin/env python3
"""Train the Atelier starter GPT on the prepared corpus (CPU, 1 thread).

Deterministic given --seed: the batch of step s is drawn from a generator
seeded with (seed, s) and the dropout RNG is reseeded from (seed, s) at every
step, so a run resumed from its checkpoint continues exactly as an unbroken
run would. A checkpoint (model + optimizer + step + log) is written
atomically every --ckpt-every steps; rerunning the same command resumes.

Usage:
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 train.py \
      --data /tmp/atelier-text --out /tmp/atelier-text/run --max-steps 1400
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch

from model import GPT, GPTConfig


def get_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/atelier-text")
    ap.add_argument("--out", default="/tmp/atelier-text/run")
    ap.add_argument("--seed", type=int, default=1611)
    ap.add_argument("--n-layer", type=int, default=6)
    ap.add_argument("--n-embd", type=int, default=192)
    ap.add_argument("--n-head", type=int, default=6)
    ap.add_argument("--block", type=int, default=256)
    ap.add_argument("--dropout", type=float, default=0.05)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--max-steps", type=int, default=1400)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--min-lr", type=float, default=1e-4)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--eval-windows", type=int, default=32)
    ap.add_argument("--ckpt-every", type=int, default=50)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    return ap.parse_args()


def lr_at(step, a):
    """Linear warmup then cosine decay from lr to min_lr at max_steps."""
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    t = (step - a.warmup) / max(1, a.max_steps - a.warmup)
    return a.min_lr + 0.5 * (a.lr - a.min_lr) * (1 + math.cos(math.pi * min(1.0, t)))


def fixed_windows(data, n, block):
    """n evenly spaced windows (deterministic) for periodic evaluation."""
    starts = np.linspace(0, len(data) - block - 1, n).astype(np.int64)
    x = torch.stack([data[s:s + block] for s in starts])
    y = torch.stack([data[s + 1:s + 1 + block] for s in starts])
    return x, y


@torch.no_grad()
def evaluate(model, x, y, bs=8):
    model.eval()
    tot, n = 0.0, 0
    for i in range(0, len(x), bs):
        _, loss = model(x[i:i + bs], y[i:i + bs])
        tot += loss.item() * x[i:i + bs].numel()
        n += x[i:i + bs].numel()
    model.train()
    return tot / n


def save_atomic(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    a = get_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    train = torch.from_numpy(np.load(os.path.join(a.data, "train.npy")).astype(np.int64))
    held = torch.from_numpy(np.load(os.path.join(a.data, "holdout.npy")).astype(np.int64))
    cfg = GPTConfig(vocab_size=4096, n_positions=a.block, n_embd=a.n_embd, n_layer=a.n_layer,
                    n_head=a.n_head, dropout=a.dropout)
    torch.manual_seed(a.seed)
    model = GPT(cfg)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=a.lr, betas=(0.9, 0.95), eps=1e-8)
    ckpt_path = os.path.join(a.out, "ckpt.pt")
    step, log, train_time = 0, [], 0.0
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, log, train_time = ck["step"], ck["log"], ck["train_time"]
        print(f"resumed at step {step}", flush=True)
    else:
        print(f"params {model.num_params()} ({model.num_params() / 1e6:.2f}M); "
              f"train tokens {len(train)}, held-out tokens {len(held)}", flush=True)
    ex_h, ey_h = fixed_windows(held, a.eval_windows, a.block)
    ex_t, ey_t = fixed_windows(train, a.eval_windows, a.block)
    logf = open(os.path.join(a.out, "log.jsonl"), "a")

    def record(entry):
        log.append(entry)
        logf.write(json.dumps(entry) + "\n")
        logf.flush()
        print(json.dumps(entry), flush=True)

    def checkpoint():
        save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "log": log,
                     "train_time": train_time, "config": cfg.to_dict(), "args": vars(a)}, ckpt_path)

    model.train()
    acc_loss, acc_n, t_last = 0.0, 0, time.time()
    while step < a.max_steps:
        t0 = time.time()
        g = torch.Generator().manual_seed(a.seed * 1_000_003 + step)
        offs = torch.randint(0, len(train) - a.block - 1, (a.batch,), generator=g)
        x = torch.stack([train[o:o + a.block] for o in offs])
        y = torch.stack([train[o + 1:o + 1 + a.block] for o in offs])
        torch.manual_seed(a.seed * 7919 + step)  # dropout masks for this step
        lr = lr_at(step, a)
        for group in opt.param_groups:
            group["lr"] = lr
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        step += 1
        train_time += time.time() - t0
        acc_loss += loss.item()
        acc_n += 1
        if step % a.log_every == 0:
            now = time.time()
            record({"step": step, "lr": round(lr, 7), "train_loss": round(acc_loss / acc_n, 4),
                    "grad_norm": round(float(gnorm), 3), "tok_per_s": round(a.log_every * a.batch * a.block / (now - t_last)),
                    "tokens_seen": step * a.batch * a.block, "train_time_s": round(train_time, 1)})
            acc_loss, acc_n, t_last = 0.0, 0, now
        if step % a.eval_every == 0 or step == a.max_steps:
            record({"step": step, "eval_train_loss": round(evaluate(model, ex_t, ey_t), 4),
                    "eval_heldout_loss": round(evaluate(model, ex_h, ey_h), 4)})
            t_last = time.time()
        if step % a.ckpt_every == 0 or step == a.max_steps:
            checkpoint()
    torch.save({"model": model.state_dict(), "config": cfg.to_dict(), "step": step, "log": log,
                "train_time": train_time, "args": vars(a)}, os.path.join(a.out, "final.pt"))
    print("done", flush=True)


if __name__ == "__main__":
    main()
