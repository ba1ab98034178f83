"""Small CNN trained on the real Fashion-MNIST training split. Used only to
measure the GAN: does a sample generated for class c look like class c to a
classifier that never saw generated images, and a Frechet distance on its
penultimate features (an FID-like number on this data set's own features).

  python3 classifier.py --out /tmp/atelier-gan/classifier.pt     # ~3 epochs, prints test accuracy
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import data


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 3, 1, 1)
        self.c2 = nn.Conv2d(32, 64, 3, 1, 1)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)
        self.drop = nn.Dropout(0.3)

    def features(self, x):  # x in [-1, 1], [n, 1, 28, 28] -> [n, 128]
        h = F.max_pool2d(F.relu(self.c1(x)), 2)
        h = F.max_pool2d(F.relu(self.c2(h)), 2)
        return F.relu(self.fc1(h.flatten(1)))

    def forward(self, x):
        return self.fc2(self.drop(self.features(x)))


@torch.no_grad()
def predict(model, x, batch=500):
    model.eval()
    return torch.cat([model(x[i:i + batch]).argmax(1) for i in range(0, len(x), batch)])


@torch.no_grad()
def features(model, x, batch=500):
    model.eval()
    return torch.cat([model.features(x[i:i + batch]) for i in range(0, len(x), batch)])


def load(path):
    m = Classifier()
    m.load_state_dict(torch.load(path)["model"])
    return m.eval()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="/tmp/atelier-gan/classifier.pt")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--max-batches", type=int, default=0, help="smoke test: stop after this many batches")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xi, yi = data.load("train")
    X, Y = data.to_tensor(xi), torch.from_numpy(yi)
    xt, yt = data.load("test")
    Xt, Yt = data.to_tensor(xt), torch.from_numpy(yt)
    model = Classifier()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    g = torch.Generator().manual_seed(a.seed)
    t0, done = time.time(), 0
    for ep in range(a.epochs):
        model.train()
        perm = torch.randperm(len(X), generator=g)
        for i in range(0, len(X), 128):
            idx = perm[i:i + 128]
            x = X[idx]
            # light augmentation: random horizontal flip (garments are left/right symmetric enough)
            flip = torch.rand(len(idx), generator=g) < 0.5
            x = torch.where(flip[:, None, None, None], x.flip(3), x)
            loss = F.cross_entropy(model(x), Y[idx])
            opt.zero_grad(); loss.backward(); opt.step()
            done += 1
            if a.max_batches and done >= a.max_batches:
                break
        acc = (predict(model, Xt) == Yt).float().mean().item()
        print(f"epoch {ep + 1}: test accuracy {acc:.4f} ({time.time() - t0:.0f} s)", flush=True)
        if a.max_batches and done >= a.max_batches:
            break
    per_class = [(predict(model, Xt[Yt == c]) == c).float().mean().item() for c in range(10)]
    torch.save({"model": model.state_dict(), "test_accuracy": acc, "test_accuracy_per_class": per_class}, a.out)
    print("per class:", " ".join(f"{data.CLASSES[c]}={per_class[c]:.3f}" for c in range(10)))


if __name__ == "__main__":
    main()
