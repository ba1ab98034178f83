"""Measure the trained generator (EMA weights, recalibrated BatchNorm, eval mode).

  python3 evaluate.py --ckpt /tmp/atelier-gan/run/final.pt --classifier /tmp/atelier-gan/classifier.pt \
                      --out /tmp/atelier-gan/eval.json --grid ../../resources/models/starter-gan/samples.png

Per class c (N generated samples for c, N real test images of c, both in [0, 1]):
  diversity ratio   = mean pairwise L2 distance among generated / same among real
                      (~1 healthy; << 1 = mode collapse, the samples look alike)
  novelty ratio     = mean L2 from each generated sample to its nearest training image of c
                      / same for real test images (<< 1 would mean copying training images)
  classifier acc.   = share of generated samples for c that the real-data classifier labels c
and overall a Frechet distance between classifier features (128-d, penultimate
layer) of 1000 generated and 1000 real test images per class ("FD-clf"; the
real-train vs real-test value is given as the floor).
"""
import argparse
import json

import numpy as np
import torch

import classifier as clf
import data
from grid import save_grid
from model import Generator, LATENT_DIM, NUM_CLASSES


def load_generator(path):
    ck = torch.load(path)
    G = Generator(ck["ch"])
    G.load_state_dict(ck["G_ema"])
    return G.eval(), ck


def mean_pairwise_l2(x):
    """x [n, d] -> mean over i<j of ||x_i - x_j||."""
    d = torch.cdist(x, x)
    n = x.shape[0]
    return (d.sum() / (n * (n - 1))).item()


def frechet(f1, f2):
    f1, f2 = f1.double().numpy(), f2.double().numpy()
    m1, m2 = f1.mean(0), f2.mean(0)
    s1, s2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    w, v = np.linalg.eigh(s1)
    r1 = (v * np.sqrt(np.clip(w, 0, None))) @ v.T          # sqrt(s1)
    tr_sqrt = np.sqrt(np.clip(np.linalg.eigvalsh(r1 @ s2 @ r1), 0, None)).sum()
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt)


@torch.no_grad()
def generate(G, class_id, n, seed, z_scale=1.0):
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(n, LATENT_DIM, generator=g) * z_scale
    return G(z, torch.full((n,), class_id, dtype=torch.long))


@torch.no_grad()
def sample_grid(G, path):
    """Row = class, column = seed s (z drawn from torch.Generator().manual_seed(s)); same z down a column."""
    zs = torch.cat([torch.randn(1, LATENT_DIM, generator=torch.Generator().manual_seed(s)) for s in range(10)])
    rows = [G(zs, torch.full((10,), c, dtype=torch.long)) for c in range(NUM_CLASSES)]
    save_grid(torch.cat(rows).numpy(), 10, 10, path, scale=4, labels=data.CLASSES)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", default="/tmp/atelier-gan/run/final.pt")
    p.add_argument("--classifier", default="/tmp/atelier-gan/classifier.pt")
    p.add_argument("--n", type=int, default=200, help="samples per class for diversity / novelty")
    p.add_argument("--n-fd", type=int, default=1000, help="samples per class for the Frechet distance")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--z-scale", type=float, default=1.0,
                   help="multiply z ~ N(0, I) by this (< 1 trades diversity for fidelity)")
    p.add_argument("--out", default="/tmp/atelier-gan/eval.json")
    p.add_argument("--grid", default=None)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    G, ck = load_generator(a.ckpt)
    C = clf.load(a.classifier)
    clf_ck = torch.load(a.classifier)
    xtr, ytr = data.load("train")
    xte, yte = data.load("test")
    Xtr, Xte = data.to_tensor(xtr), data.to_tensor(xte)
    Ytr, Yte = torch.from_numpy(ytr), torch.from_numpy(yte)
    rng = torch.Generator().manual_seed(a.seed)

    rows, gen_feats, real_feats = [], [], []
    for c in range(NUM_CLASSES):
        fake = generate(G, c, a.n_fd, a.seed + c, a.z_scale)
        fake_n = fake[:a.n]
        real_c = Xte[Yte == c]
        real_n = real_c[torch.randperm(len(real_c), generator=rng)[:a.n]]
        train_c = Xtr[Ytr == c]
        flat = lambda t: ((t + 1) / 2).flatten(1)           # [0, 1] pixels
        div_fake, div_real = mean_pairwise_l2(flat(fake_n)), mean_pairwise_l2(flat(real_n))
        nn_fake = torch.cdist(flat(fake_n), flat(train_c)).min(1).values.mean().item()
        nn_real = torch.cdist(flat(real_n), flat(train_c)).min(1).values.mean().item()
        acc = (clf.predict(C, fake) == c).float().mean().item()
        gen_feats.append(clf.features(C, fake))
        real_feats.append(clf.features(C, real_c[:a.n_fd]))
        rows.append({"class": data.CLASSES[c], "diversity_generated": div_fake, "diversity_real": div_real,
                     "diversity_ratio": div_fake / div_real, "nn_train_generated": nn_fake,
                     "nn_train_real_test": nn_real, "novelty_ratio": nn_fake / nn_real,
                     "classifier_acc_generated": acc,
                     "classifier_acc_real_test": clf_ck["test_accuracy_per_class"][c],
                     "pixel_mean_generated": flat(fake).mean().item(),
                     "pixel_mean_real": flat(real_c).mean().item()})
    fd = frechet(torch.cat(gen_feats), torch.cat(real_feats))
    # floor: 1000 real training images per class vs the same test images
    tr_feats = torch.cat([clf.features(C, Xtr[Ytr == c][:a.n_fd]) for c in range(NUM_CLASSES)])
    fd_floor = frechet(tr_feats, torch.cat(real_feats))
    summary = {"step": ck["step"], "z_scale": a.z_scale, "train_minutes": ck["train_seconds"] / 60, "n_per_class": a.n,
               "classifier_test_accuracy": clf_ck["test_accuracy"],
               "classifier_acc_generated_mean": float(np.mean([r["classifier_acc_generated"] for r in rows])),
               "diversity_ratio_mean": float(np.mean([r["diversity_ratio"] for r in rows])),
               "diversity_ratio_min": float(np.min([r["diversity_ratio"] for r in rows])),
               "fd_clf_generated_vs_test": fd, "fd_clf_train_vs_test_floor": fd_floor, "per_class": rows}
    with open(a.out, "w") as f:
        json.dump(summary, f, indent=1)
    print(f"step {ck['step']}, {summary['train_minutes']:.1f} min, z scale {a.z_scale}; classifier test acc {clf_ck['test_accuracy']:.4f}")
    print("| class | diversity gen | diversity real | ratio | NN-dist ratio | clf acc (gen) | clf acc (real) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['class']} | {r['diversity_generated']:.2f} | {r['diversity_real']:.2f} | "
              f"{r['diversity_ratio']:.2f} | {r['novelty_ratio']:.2f} | {r['classifier_acc_generated']:.3f} | "
              f"{r['classifier_acc_real_test']:.3f} |")
    print(f"mean diversity ratio {summary['diversity_ratio_mean']:.3f} (min {summary['diversity_ratio_min']:.3f}), "
          f"mean clf acc on generated {summary['classifier_acc_generated_mean']:.3f}, "
          f"FD-clf {fd:.2f} (real train vs test floor {fd_floor:.2f})")
    if a.grid:
        sample_grid(G, a.grid)
        print("wrote", a.grid)


if __name__ == "__main__":
    main()
