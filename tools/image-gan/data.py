"""Fashion-MNIST IDX reader (Debian package `dataset-fashion-mnist`).

IDX format: big-endian header; magic 0x00000803 (2051) = uint8 images with
dims [n, rows, cols], magic 0x00000801 (2049) = uint8 labels with dims [n].
"""
import gzip
import os
import struct

import numpy as np

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")

CLASSES = ["t-shirt/top", "trouser", "pullover", "dress", "coat",
           "sandal", "shirt", "sneaker", "bag", "ankle boot"]


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: expected {dims}, got {data.size} bytes")
    return data.reshape(dims)


def load(split="train", data_dir=DATA_DIR):
    """Return (images uint8 [n, 28, 28], labels int64 [n]) for 'train' (60k) or 'test' (10k)."""
    prefix = {"train": "train", "test": "t10k"}[split]
    images = _read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte.gz"))
    labels = _read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    if images.shape[0] != labels.shape[0] or images.shape[1:] != (28, 28):
        raise ValueError(f"unexpected shapes {images.shape} {labels.shape}")
    return images, labels


def to_tensor(images):
    """uint8 [n, 28, 28] -> float32 torch tensor [n, 1, 28, 28] in [-1, 1] (the generator's Tanh range)."""
    import torch
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0).unsqueeze(1)


if __name__ == "__main__":
    for split in ("train", "test"):
        x, y = load(split)
        print(split, x.shape, x.dtype, "labels", np.bincount(y, minlength=10).tolist(),
              "pixel mean", round(float(x.mean()) / 255, 4))
