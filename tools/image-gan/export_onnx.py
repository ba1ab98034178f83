"""Export the EMA generator to ONNX + atelier.json, and write a PyTorch
reference for verify_onnx.mjs.

  python3 export_onnx.py --ckpt /tmp/atelier-gan/run/final.pt \
      --out ../../resources/models/starter-gan --ref /tmp/atelier-gan/reference.json

generator.onnx: inputs  z        float32 [batch, 64]  (standard normal)
                        class_id int64   [batch]      (0..9, index into atelier.json "classes")
                outputs image    float32 [batch, 1, 28, 28] in [-1, 1] (black background = -1)
"""
import argparse
import json
import os
import warnings

import torch

import data
from evaluate import load_generator
from model import LATENT_DIM

warnings.filterwarnings("ignore", message="The shape inference of prim::Constant")

KEYWORDS = {
    "t-shirt/top": ["t-shirt", "tshirt", "t shirt", "tee", "tees", "top", "tops", "tank top", "vest", "camisole"],
    "trouser": ["trouser", "trousers", "pants", "jeans", "slacks", "leggings", "chinos", "joggers"],
    "pullover": ["pullover", "sweater", "jumper", "sweatshirt", "hoodie", "knit", "cardigan"],
    "dress": ["dress", "dresses", "gown", "frock", "sundress"],
    "coat": ["coat", "coats", "jacket", "overcoat", "parka", "raincoat", "blazer", "anorak"],
    "sandal": ["sandal", "sandals", "flip-flop", "flip-flops", "flipflop", "slipper", "slippers", "heels"],
    "shirt": ["shirt", "shirts", "blouse", "button-down", "button-up", "flannel"],
    "sneaker": ["sneaker", "sneakers", "trainer", "trainers", "shoe", "shoes", "running shoe", "kicks"],
    "bag": ["bag", "bags", "handbag", "purse", "tote", "backpack", "satchel", "clutch"],
    "ankle boot": ["ankle boot", "ankle boots", "boot", "boots", "bootie", "booties", "chelsea boot"],
}


class Export(torch.nn.Module):
    def __init__(self, G):
        super().__init__()
        self.G = G

    def forward(self, z, class_id):
        # onnxruntime's Tanh can return -1.0000001; Clip makes [-1, 1] exact for consumers
        return torch.clamp(self.G(z, class_id), -1.0, 1.0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ckpt", default="/tmp/atelier-gan/run/final.pt")
    p.add_argument("--out", default="../../resources/models/starter-gan")
    p.add_argument("--ref", default="/tmp/atelier-gan/reference.json")
    p.add_argument("--opset", type=int, default=17)
    a = p.parse_args()
    torch.set_num_threads(1)
    G, ck = load_generator(a.ckpt)
    m = Export(G).eval()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "generator.onnx")
    z = torch.randn(3, LATENT_DIM)
    y = torch.tensor([0, 5, 9])
    torch.onnx.export(m, (z, y), path, input_names=["z", "class_id"], output_names=["image"],
                      dynamic_axes={"z": {0: "batch"}, "class_id": {0: "batch"}, "image": {0: "batch"}},
                      opset_version=a.opset, do_constant_folding=True)
    try:
        import onnx
        model = onnx.load(path)
        # the Resize ops hide the static 1 x 28 x 28 from torch's shape inference; state it
        dims = model.graph.output[0].type.tensor_type.shape.dim
        for d, v in zip(dims[1:], (1, 28, 28)):
            d.ClearField("dim_param")
            d.dim_value = v
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, path)
        for v in list(model.graph.input) + list(model.graph.output):
            t = v.type.tensor_type
            print(f"  {v.name}: {onnx.TensorProto.DataType.Name(t.elem_type)} "
                  f"[{', '.join(d.dim_param or str(d.dim_value) for d in t.shape.dim)}]")
        ops = sorted({n.op_type for n in model.graph.node})
        print("onnx checker OK; opset", model.opset_import[0].version, "ops:", " ".join(ops))
    except ImportError:
        print("python onnx package not installed; skipped the checker")

    assert set(KEYWORDS) == set(data.CLASSES)
    meta = {"kind": "gan", "latentDim": LATENT_DIM, "classes": data.CLASSES,
            "keywords": {c: KEYWORDS[c] for c in data.CLASSES}, "imageSize": 28, "channels": 1}
    with open(os.path.join(a.out, "atelier.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")

    # reference: one batch of 20 (two per class), fixed seed, plus a batch of 1
    g = torch.Generator().manual_seed(7)
    cases = []
    for n in (20, 1):
        zr = torch.randn(n, LATENT_DIM, generator=g)
        yr = torch.arange(n) % 10 if n > 1 else torch.tensor([7])
        with torch.no_grad():
            out = m(zr, yr)
        cases.append({"z": zr.flatten().tolist(), "class_id": yr.tolist(), "batch": n,
                      "image": out.flatten().tolist()})
    with open(a.ref, "w") as f:
        json.dump({"cases": cases}, f)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.2f} MB), atelier.json, reference {a.ref}")


if __name__ == "__main__":
    main()
