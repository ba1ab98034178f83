"""Train the class-conditional GAN on Fashion-MNIST (60k training split).

  python3 train.py --out /tmp/atelier-gan/run                        # 6000 steps; resumes if ckpt.pt exists
  python3 train.py --bench 30                                        # seconds per step, nothing saved

Adam (betas 0.5/0.999) with two time-scale learning rates (D 4e-4, G 1e-4),
one D step per G step, hinge loss (or non-saturating BCE with one-sided
label smoothing 0.9), spectral norm in D, a mode-seeking regulariser on G
(pairs of fakes share a class: G is penalised when different z give similar
images), exponential moving average (EMA) of the generator weights (the
exported model), atomic checkpoints with RNG state so an interrupted run
resumes where it stopped (max-steps can be raised on resume; the result equals
one uninterrupted run). At the end the EMA generator's BatchNorm statistics
are recomputed and final.pt is written.

A first run with equal learning rates (2e-4) and no mode-seeking term
collapsed within each class (every z gave the same garment; pairwise
diversity ~0.25 of the real data at step 1000), hence the defaults. With the
mode-seeking weight held at 1 the samples became over-dispersed (noisy,
broken garments; diversity ~1.3x the real data at step 3500), hence the
ramp down to 0.2 over steps 3500-6000.
"""
import argparse
import copy
import json
import math
import os
import time

import torch
import torch.nn.functional as F

import data
from grid import save_grid
from model import Discriminator, Generator, LATENT_DIM, NUM_CLASSES, count_params, recalibrate_bn


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="/tmp/atelier-gan/run")
    p.add_argument("--max-steps", type=int, default=6000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--ch", type=int, default=32, help="base width of G and D")
    p.add_argument("--lr-g", type=float, default=1e-4)
    p.add_argument("--lr-d", type=float, default=4e-4)
    p.add_argument("--loss", choices=["hinge", "bce"], default="hinge")
    p.add_argument("--no-sn", action="store_true", help="no spectral norm in D")
    p.add_argument("--ms-weight", type=float, default=1.0,
                   help="mode-seeking regulariser weight (0 = off)")
    p.add_argument("--ms-decay-start", type=int, default=3500,
                   help="from this step the mode-seeking weight falls linearly ...")
    p.add_argument("--ms-decay-end", type=int, default=6000, help="... to --ms-final at this step")
    p.add_argument("--ms-final", type=float, default=0.2)
    p.add_argument("--ema", type=float, default=0.999)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log-every", type=int, default=100)
    p.add_argument("--ckpt-every", type=int, default=500)
    p.add_argument("--sample-every", type=int, default=1000)
    p.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    p.add_argument("--bench", type=int, default=0, help="time this many steps and exit")
    return p.parse_args()


def ms_weight_at(a, step):
    """Mode-seeking weight for the step about to run: constant, then a linear ramp down."""
    if step < a.ms_decay_start:
        return a.ms_weight
    t = min(1.0, (step - a.ms_decay_start) / max(1, a.ms_decay_end - a.ms_decay_start))
    return a.ms_weight + t * (a.ms_final - a.ms_weight)


def d_loss_fn(kind, d_real, d_fake):
    if kind == "hinge":
        return F.relu(1.0 - d_real).mean() + F.relu(1.0 + d_fake).mean()
    return (F.binary_cross_entropy_with_logits(d_real, torch.full_like(d_real, 0.9))
            + F.binary_cross_entropy_with_logits(d_fake, torch.zeros_like(d_fake)))


def g_loss_fn(kind, d_fake):
    if kind == "hinge":
        return -d_fake.mean()
    return F.binary_cross_entropy_with_logits(d_fake, torch.ones_like(d_fake))


@torch.no_grad()
def ema_update(ema, model, decay):
    for pe, pm in zip(ema.parameters(), model.parameters()):
        pe.mul_(decay).add_(pm.detach(), alpha=1.0 - decay)
    for be, bm in zip(ema.buffers(), model.buffers()):
        be.copy_(bm)


def atomic_save(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    images, labels = data.load("train")
    X = data.to_tensor(images)
    Y = torch.from_numpy(labels)
    n = X.shape[0]

    G = Generator(a.ch)
    D = Discriminator(a.ch, spectral=not a.no_sn)
    G_ema = copy.deepcopy(G).eval()
    for p in G_ema.parameters():
        p.requires_grad_(False)
    opt_g = torch.optim.Adam(G.parameters(), lr=a.lr_g, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=a.lr_d, betas=(0.5, 0.999))
    data_gen = torch.Generator().manual_seed(a.seed + 1)   # batch order
    noise_gen = torch.Generator().manual_seed(a.seed + 2)  # z and fake classes
    fixed_z = torch.randn(100, LATENT_DIM, generator=torch.Generator().manual_seed(12345))
    fixed_y = torch.arange(NUM_CLASSES).repeat_interleave(10)

    step, perm, pos, history, train_seconds = 0, torch.randperm(n, generator=data_gen), 0, [], 0.0
    ckpt_path = os.path.join(a.out, "ckpt.pt")
    if not a.bench:
        os.makedirs(a.out, exist_ok=True)
        if os.path.exists(ckpt_path):
            ck = torch.load(ckpt_path)
            G.load_state_dict(ck["G"]); D.load_state_dict(ck["D"]); G_ema.load_state_dict(ck["G_ema"])
            opt_g.load_state_dict(ck["opt_g"]); opt_d.load_state_dict(ck["opt_d"])
            data_gen.set_state(ck["data_gen"]); noise_gen.set_state(ck["noise_gen"])
            torch.set_rng_state(ck["torch_rng"])
            step, perm, pos, history = ck["step"], ck["perm"], ck["pos"], ck["history"]
            train_seconds = ck["train_seconds"]
            print(f"resumed from step {step} ({train_seconds / 60:.1f} min trained)", flush=True)
        else:
            with open(os.path.join(a.out, "args.json"), "w") as f:
                json.dump(vars(a), f, indent=1)
    print(f"G {count_params(G):,} params, D {count_params(D):,} params, loss={a.loss}, "
          f"sn={not a.no_sn}, ms={a.ms_weight}, lr_d={a.lr_d}, lr_g={a.lr_g}, batch={a.batch}, threads={torch.get_num_threads()}", flush=True)

    def checkpoint():
        atomic_save({"G": G.state_dict(), "D": D.state_dict(), "G_ema": G_ema.state_dict(),
                     "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(),
                     "data_gen": data_gen.get_state(), "noise_gen": noise_gen.get_state(),
                     "torch_rng": torch.get_rng_state(), "step": step, "perm": perm, "pos": pos,
                     "history": history, "train_seconds": train_seconds, "args": vars(a)}, ckpt_path)

    acc = {"d": 0.0, "g": 0.0, "dr": 0.0, "df": 0.0, "pair": 0.0, "n": 0}
    G.train(); D.train()
    last_steps = a.bench if a.bench else a.max_steps
    t_seg = time.time()
    t_bench = None
    while step < last_steps:
        if a.bench and step == 3:
            t_bench = time.time()
        if pos + a.batch > n:
            perm, pos = torch.randperm(n, generator=data_gen), 0
        idx = perm[pos:pos + a.batch]
        pos += a.batch
        x_real, y_real = X[idx], Y[idx]
        z = torch.randn(a.batch, LATENT_DIM, generator=noise_gen)
        # fakes come in pairs: sample i and i + batch/2 share a class but not z
        half = torch.randint(0, NUM_CLASSES, (a.batch // 2,), generator=noise_gen)
        y_fake = torch.cat([half, half])

        x_fake = G(z, y_fake)
        # discriminator step
        d_real = D(x_real, y_real)
        d_fake = D(x_fake.detach(), y_fake)
        loss_d = d_loss_fn(a.loss, d_real, d_fake)
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        # generator step (same fake batch, D after its update)
        d_gen = D(x_fake, y_fake)
        loss_g = g_loss_fn(a.loss, d_gen)
        # mode seeking (Mao et al. 2019): same class, different z should give different
        # images; penalise 1 / (image distance / latent distance) over the pairs
        h = a.batch // 2
        img_d = (x_fake[:h] - x_fake[h:]).abs().mean(dim=(1, 2, 3))
        z_d = (z[:h] - z[h:]).abs().mean(dim=1)
        pair_l2 = ((x_fake[:h] - x_fake[h:]) / 2).flatten(1).norm(dim=1).mean().item()  # [0, 1] pixels
        w_ms = ms_weight_at(a, step)
        if w_ms > 0:
            loss_g = loss_g + w_ms / ((img_d / z_d).mean() + 1e-5)
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        step += 1
        decay = min(a.ema, (1 + step) / (10 + step))
        ema_update(G_ema, G, decay)

        acc["d"] += loss_d.item(); acc["g"] += loss_g.item()
        acc["dr"] += d_real.mean().item(); acc["df"] += d_fake.mean().item()
        acc["pair"] += pair_l2; acc["n"] += 1
        if a.bench:
            continue
        if step % a.log_every == 0:
            now = time.time()
            train_seconds += now - t_seg
            t_seg = now
            k = acc["n"]
            rec = {"step": step, "epoch": round(step * a.batch / n, 3), "loss_d": acc["d"] / k,
                   "loss_g": acc["g"] / k, "d_real": acc["dr"] / k, "d_fake": acc["df"] / k, "pair_l2": acc["pair"] / k,
                   "minutes": round(train_seconds / 60, 2), "ms_weight": w_ms}
            history.append(rec)
            acc = {"d": 0.0, "g": 0.0, "dr": 0.0, "df": 0.0, "pair": 0.0, "n": 0}
            print(f"step {step:6d} ep {rec['epoch']:5.2f} loss_d {rec['loss_d']:.4f} loss_g {rec['loss_g']:.4f} "
                  f"D(real) {rec['d_real']:+.3f} D(fake) {rec['d_fake']:+.3f} pairL2 {rec['pair_l2']:.2f} "
                  f"ms {w_ms:.2f} [{rec['minutes']:.1f} min]", flush=True)
            if not all(math.isfinite(rec[k2]) for k2 in ("loss_d", "loss_g")):
                raise SystemExit("non-finite loss")
        if step % a.sample_every == 0 or step == a.max_steps:
            with torch.no_grad():
                G_ema.train()  # batch statistics for the preview; final stats come from recalibrate_bn
                save_grid(G_ema(fixed_z, fixed_y).numpy(), 10, 10, os.path.join(a.out, f"ema_{step:06d}.png"), scale=2)
                G_ema.eval()
        if step % a.ckpt_every == 0 or step == a.max_steps:
            train_seconds += time.time() - t_seg
            t_seg = time.time()
            checkpoint()

    if a.bench:
        dt = (time.time() - t_bench) / (a.bench - 3)
        print(f"{dt:.4f} s/step, {a.batch / dt:.0f} images/s, epoch = {n / a.batch:.0f} steps "
              f"= {n / a.batch * dt / 60:.1f} min", flush=True)
        return

    recalibrate_bn(G_ema)
    G_ema.eval()
    atomic_save({"G_ema": G_ema.state_dict(), "ch": a.ch, "step": step, "history": history,
                 "train_seconds": train_seconds, "args": vars(a),
                 "params_G": count_params(G), "params_D": count_params(D)},
                os.path.join(a.out, "final.pt"))
    with open(os.path.join(a.out, "history.json"), "w") as f:
        json.dump(history, f, indent=0)
    print(f"done: {step} steps, {train_seconds / 60:.1f} min of training; wrote final.pt", flush=True)


if __name__ == "__main__":
    main()
