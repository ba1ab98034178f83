#!/usr/bin/env python3
"""Export a trained checkpoint to resources/models/starter-text in the
Hugging Face ONNX layout (config.json, generation_config.json, tokenizer.json,
tokenizer_config.json, special_tokens_map.json, onnx/model.onnx) and write
PyTorch reference outputs for the Node verification scripts.

ONNX signature (Optimum / transformers.js decoder with past):
  inputs  input_ids [b, s] int64, attention_mask [b, p + s] int64,
          position_ids [b, s] int64,
          past_key_values.{i}.key / .value [b, heads, p, head_dim] float32
  outputs logits [b, s, vocab] float32,
          present.{i}.key / .value [b, heads, p + s, head_dim] float32

Usage: python3 export_onnx.py --ckpt /tmp/atelier-text/run/final.pt \
         --data /tmp/atelier-text --out ../../resources/models/starter-text \
         --ref /tmp/atelier-text/reference.json
"""
import argparse
import json
import os
import shutil

import torch

from bpe_tokenizer import BPETokenizer, EOT
from model import GPT, GPTConfig

OPSET = 14


class OnnxDecoder(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model
        self.n_layer = model.cfg.n_layer

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.n_layer)]
        logits, presents = self.model.forward_cached(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def load_model(ckpt_path):
    ck = torch.load(ckpt_path)
    cfg = GPTConfig(**ck["config"])
    model = GPT(cfg)
    model.load_state_dict(ck["model"])
    model.eval()
    return model, ck


def export(model, path):
    cfg = model.cfg
    hd = cfg.n_embd // cfg.n_head
    B, T, P = 2, 3, 4  # trace with a non-empty past; all dims are dynamic
    ids = torch.randint(0, cfg.vocab_size, (B, T))
    mask = torch.ones(B, P + T, dtype=torch.int64)
    pos = torch.arange(P, P + T).unsqueeze(0).repeat(B, 1)
    past = []
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
            "position_ids": {0: "batch_size", 1: "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(cfg.n_layer):
        for kv in ("key", "value"):
            past.append(torch.randn(B, cfg.n_head, P, hd))
            name = f"past_key_values.{i}.{kv}"
            in_names.append(name)
            axes[name] = {0: "batch_size", 2: "past_sequence_length"}
            oname = f"present.{i}.{kv}"
            out_names.append(oname)
            axes[oname] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    wrapper = OnnxDecoder(model).eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, (ids, mask, pos, *past), path, input_names=in_names,
                          output_names=out_names, dynamic_axes=axes, opset_version=OPSET,
                          do_constant_folding=False)  # keep one copy of the tied embedding
    model.eval()  # export restores the wrapper's mode; make sure dropout stays off


@torch.no_grad()
def greedy(model, ids, n_new):
    ids = list(ids)
    for _ in range(n_new):
        x = torch.tensor([ids[-model.cfg.n_positions:]])
        logits, _ = model(x)
        ids.append(int(logits[0, -1].argmax()))
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default="/tmp/atelier-text/run/final.pt")
    ap.add_argument("--data", default="/tmp/atelier-text")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../resources/models/starter-text"))
    ap.add_argument("--ref", default="/tmp/atelier-text/reference.json")
    ap.add_argument("--metrics", default="/tmp/atelier-text/metrics.json",
                    help="output of evaluate.py, copied into config.json's atelier block when present")
    args = ap.parse_args()
    torch.manual_seed(0)
    model, ck = load_model(args.ckpt)
    cfg = model.cfg
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    export(model, os.path.join(out, "onnx", "model.onnx"))

    tok = BPETokenizer.from_hf_json(os.path.join(args.data, "tokenizer.json"))
    shutil.copyfile(os.path.join(args.data, "tokenizer.json"), os.path.join(out, "tokenizer.json"))
    eot = tok.eot_id
    metrics = {}
    if os.path.exists(args.metrics):
        with open(args.metrics) as f:
            metrics = json.load(f)
    config = {
        "model_type": "gpt2",
        "architectures": ["GPT2LMHeadModel"],
        "vocab_size": cfg.vocab_size,
        "n_positions": cfg.n_positions,
        "n_ctx": cfg.n_positions,
        "n_embd": cfg.n_embd,
        "n_layer": cfg.n_layer,
        "n_head": cfg.n_head,
        "n_inner": None,
        "activation_function": "gelu_new",
        "resid_pdrop": cfg.dropout,
        "embd_pdrop": cfg.dropout,
        "attn_pdrop": cfg.attn_dropout,
        "layer_norm_epsilon": cfg.layer_norm_epsilon,
        "initializer_range": 0.02,
        "scale_attn_weights": True,
        "tie_word_embeddings": True,
        "use_cache": True,
        "bos_token_id": eot,
        "eos_token_id": eot,
        "torch_dtype": "float32",
        "atelier": {
            "starter": True,
            "name": "Atelier starter text model",
            "task": "text-generation",
            "corpus": "King James Version of the Bible (Debian package bible-kjv-text), public domain",
            "parameters": model.num_params(),
            "train_steps": ck["step"],
            "tokens_seen": ck["step"] * ck["args"]["batch"] * ck["args"]["block"],
            "train_time_s": round(ck["train_time"]),
            "onnx_opset": OPSET,
            **({"train_loss": metrics["train"]["loss_nats_per_token"],
                "heldout_loss": metrics["heldout"]["loss_nats_per_token"],
                "heldout_bits_per_char": metrics["heldout"]["bits_per_char"]} if metrics else {}),
            "note": "A small model trained inside the project so the app works offline out of the box; import a real model for serious work.",
        },
    }
    gen = {"bos_token_id": eot, "eos_token_id": eot, "pad_token_id": eot, "max_length": cfg.n_positions,
           "do_sample": True, "temperature": 0.8, "top_k": 40, "top_p": 0.95, "repetition_penalty": 1.1}
    tok_cfg = {"tokenizer_class": "GPT2Tokenizer", "bos_token": EOT, "eos_token": EOT, "unk_token": EOT,
               "pad_token": EOT, "add_bos_token": False, "add_prefix_space": False,
               "clean_up_tokenization_spaces": False, "model_max_length": cfg.n_positions,
               "errors": "replace"}
    special = {"bos_token": EOT, "eos_token": EOT, "unk_token": EOT, "pad_token": EOT}
    for name, obj in (("config.json", config), ("generation_config.json", gen),
                      ("tokenizer_config.json", tok_cfg), ("special_tokens_map.json", special)):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2, ensure_ascii=False)
            f.write("\n")

    # reference outputs for verify_onnx.mjs / verify_tokenizer.mjs / verify_transformers.mjs
    prompt = "And it came to pass, when the king heard these words, that he"
    p_ids = tok.encode(prompt)
    with torch.no_grad():
        full_logits, _ = model(torch.tensor([p_ids]))
    g_prompt = "In the beginning"
    tok_tests = ["Hello, world!", "In the beginning God created the heaven and the earth.",
                 "  two  spaces,\tand a tab\n\nnew paragraph   ", "naïve café — “quotes” 😀 日本語 ñ",
                 "It's 2024: they'll say I'd've won 3,141.59 times.", "<|endoftext|>And then<|endoftext|>",
                 "trailing newline\n", "   \n\t  ", "x" * 40, "Ünïcödé\u00a0nbsp and ZWJ 👩‍👩‍👧",
                 "", "a", "Lord", " \u00a0 \u2003 end", "tab\tsep\r\nCRLF", "emoji🙂🙂🙂", "Ελληνικά кириллица",
                 "THE LORD IS MY SHEPHERD; I SHALL NOT WANT.", "line one\nline two\n\n\n   indented"]
    ref = {
        "prompt": prompt, "prompt_ids": p_ids,
        "logits": [[round(float(v), 6) for v in row] for row in full_logits[0]],
        "greedy_prompt": g_prompt, "greedy_prompt_ids": tok.encode(g_prompt),
        "greedy_ids": greedy(model, tok.encode(g_prompt), 32),
        "tokenizer_tests": [{"text": t, "ids": tok.encode(t)} for t in tok_tests],
        "config": {"n_layer": cfg.n_layer, "n_head": cfg.n_head, "head_dim": cfg.n_embd // cfg.n_head,
                   "vocab_size": cfg.vocab_size},
    }
    ref["greedy_text"] = tok.decode(ref["greedy_ids"])
    # the cached inference path in PyTorch agrees with the training path
    with torch.no_grad():
        hd = cfg.n_embd // cfg.n_head
        x = torch.tensor([p_ids])
        empty = [(torch.zeros(1, cfg.n_head, 0, hd), torch.zeros(1, cfg.n_head, 0, hd))] * cfg.n_layer
        lc, pres = model.forward_cached(x[:, :5], torch.ones(1, 5, dtype=torch.int64), torch.arange(5)[None], empty)
        rows = [lc[0]]
        for s in range(5, len(p_ids)):
            lc, pres = model.forward_cached(x[:, s:s + 1], torch.ones(1, s + 1, dtype=torch.int64),
                                            torch.tensor([[s]]), pres)
            rows.append(lc[0])
        d = float((torch.cat(rows) - full_logits[0]).abs().max())
    print(f"PyTorch cached path vs training path: max |diff| = {d:.3e}")
    assert d < 1e-4
    with open(args.ref, "w", encoding="utf-8") as f:
        json.dump(ref, f, ensure_ascii=False)
    size = os.path.getsize(os.path.join(out, "onnx", "model.onnx"))
    print(f"exported {out}/onnx/model.onnx ({size / 1e6:.2f} MB), params {model.num_params()}")
    print("greedy:", repr(ref["greedy_text"]))


if __name__ == "__main__":
    main()
