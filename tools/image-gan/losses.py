"""Summarise a training run's loss history as a markdown table.

  python3 losses.py /tmp/atelier-gan/run/final.pt [--every 1000]
"""
import argparse

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ckpt")
    p.add_argument("--every", type=int, default=1000, help="steps per row")
    a = p.parse_args()
    ck = torch.load(a.ckpt)
    hist = ck["history"]
    print(f"loss: {ck['args']['loss']}; rows average the logged values (each itself a 100-step mean)\n")
    print("| steps | epoch | minutes | loss D | loss G | D(real) | D(fake) |")
    print("|---|---|---|---|---|---|---|")
    for start in range(0, hist[-1]["step"], a.every):
        rows = [h for h in hist if start < h["step"] <= start + a.every]
        if not rows:
            continue
        m = lambda k: sum(r[k] for r in rows) / len(rows)
        print(f"| {start + 1}-{rows[-1]['step']} | {rows[-1]['epoch']:.1f} | {rows[-1]['minutes']:.1f} | "
              f"{m('loss_d'):.3f} | {m('loss_g'):.3f} | {m('d_real'):+.3f} | {m('d_fake'):+.3f} |")


if __name__ == "__main__":
    main()
