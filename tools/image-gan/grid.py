"""Save a rows x cols grid of [-1, 1] images as a PNG, upscaled by nearest neighbour."""
import numpy as np
from PIL import Image


def save_grid(images, rows, cols, path, scale=4, pad=2, labels=None):
    """images: array-like [rows*cols, 1, H, W] in [-1, 1]; labels: optional row captions."""
    x = np.asarray(images, dtype=np.float32).reshape(rows * cols, images.shape[-2], images.shape[-1])
    x = np.clip((x + 1.0) * 127.5 + 0.5, 0, 255).astype(np.uint8)
    h, w = x.shape[1] * scale, x.shape[2] * scale
    left = 0
    if labels is not None:
        left = 96
    canvas = np.full((rows * (h + pad) + pad, left + cols * (w + pad) + pad), 255, np.uint8)
    for i in range(rows * cols):
        r, c = divmod(i, cols)
        tile = x[i].repeat(scale, 0).repeat(scale, 1)
        y0, x0 = pad + r * (h + pad), left + pad + c * (w + pad)
        canvas[y0:y0 + h, x0:x0 + w] = tile
    img = Image.fromarray(canvas, mode="L")
    if labels is not None:
        from PIL import ImageDraw
        d = ImageDraw.Draw(img)
        for r, text in enumerate(labels):
            d.text((4, pad + r * (h + pad) + h // 2 - 6), text, fill=0)
    img.save(path, optimize=True)
