#!/usr/bin/env python3
"""Byte-level BPE tokenizer (GPT-2 style), trained from scratch.

* Pre-tokenization: the GPT-2 split regex (contractions, letter runs with an
  optional leading space, number runs, punctuation runs, whitespace runs),
  applied to raw text; each piece is turned into bytes and every byte is
  mapped to a printable unicode character (the GPT-2 byte-to-unicode table),
  so the base alphabet is exactly 256 symbols and nothing is ever unknown.
* Training: merges are learned greedily by pair frequency over the
  pre-token word counts (ties: the lexicographically smallest pair wins, so
  training is deterministic).
* Encoding: within each piece the lowest-ranked merge is applied repeatedly.
* The special token <|endoftext|> (last id) separates documents.
* Saves a Hugging Face `tokenizer.json` (BPE model, ByteLevel pre-tokenizer
  and decoder) that the HF tokenizers libraries load and encode identically.

Usage:
  python3 bpe_tokenizer.py train --data /tmp/atelier-text --vocab-size 4096
  (writes tokenizer.json into --data and encodes train/holdout to .npy)
"""
import argparse
import heapq
import json
import os
import time
from collections import Counter, defaultdict

import numpy as np
import regex

EOT = "<|endoftext|>"
# GPT-2 pre-tokenization pattern (same as the HF ByteLevel pre-tokenizer).
SPLIT_PATTERN = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
)


def bytes_to_unicode():
    """Map each byte 0..255 to a printable unicode character.

    Printable latin-1 bytes map to themselves; the other 68 bytes (controls,
    space, etc.) are shifted to code points 256, 257, ... in byte order.
    """
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {c: b for b, c in BYTE_ENCODER.items()}


def pretokenize(text):
    """Split text into GPT-2 pieces, each rendered in the byte-level alphabet."""
    return ["".join(BYTE_ENCODER[b] for b in piece.encode("utf-8")) for piece in SPLIT_PATTERN.findall(text)]


def train_bpe(texts, vocab_size):
    """Learn merges; returns (vocab dict token->id, merges list of pairs)."""
    counts = Counter()
    for t in texts:
        for piece in pretokenize(t):
            counts[piece] += 1
    words = [list(w) for w in sorted(counts)]
    freqs = [counts[w] for w in sorted(counts)]
    vocab = {BYTE_ENCODER[b]: b for b in range(256)}
    n_merges = vocab_size - 256 - 1  # last id is <|endoftext|>

    pair_counts = defaultdict(int)
    where = defaultdict(set)
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    heap = [(-c, p) for p, c in pair_counts.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negc or negc == 0:
            continue  # stale heap entry
        a, b = pair
        new = a + b
        merges.append(pair)
        vocab[new] = len(vocab)
        changed = set()
        for i in sorted(where.pop(pair, ())):
            w = words[i]
            if len(w) < 2:
                continue
            f = freqs[i]
            # remove old pair counts of this word
            for p in zip(w, w[1:]):
                pair_counts[p] -= f
                changed.add(p)
            out, j = [], 0
            while j < len(w):
                if j < len(w) - 1 and w[j] == a and w[j + 1] == b:
                    out.append(new)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for p in zip(out, out[1:]):
                pair_counts[p] += f
                where[p].add(i)
                changed.add(p)
        pair_counts.pop(pair, None)
        for p in changed:
            c = pair_counts.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
            elif p in pair_counts:
                del pair_counts[p]
    vocab[EOT] = len(vocab)
    return vocab, merges


class BPETokenizer:
    def __init__(self, vocab, merges):
        self.vocab = dict(vocab)
        self.inv = {i: t for t, i in self.vocab.items()}
        self.ranks = {tuple(m): r for r, m in enumerate(merges)}
        self.merges = [tuple(m) for m in merges]
        self.eot_id = self.vocab[EOT]
        self.cache = {}

    @classmethod
    def from_hf_json(cls, path):
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        merges = [m.split(" ") if isinstance(m, str) else m for m in j["model"]["merges"]]
        return cls(j["model"]["vocab"], merges)

    def _bpe(self, piece):
        if piece in self.cache:
            return self.cache[piece]
        w = list(piece)
        while len(w) > 1:
            best, best_rank = None, None
            for p in zip(w, w[1:]):
                r = self.ranks.get(p)
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = p, r
            if best is None:
                break
            a, b = best
            out, j = [], 0
            while j < len(w):
                if j < len(w) - 1 and w[j] == a and w[j + 1] == b:
                    out.append(a + b)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            w = out
        ids = [self.vocab[t] for t in w]
        self.cache[piece] = ids
        return ids

    def encode(self, text):
        ids = []
        parts = text.split(EOT)
        for k, part in enumerate(parts):
            if k:
                ids.append(self.eot_id)
            for piece in pretokenize(part):
                ids.extend(self._bpe(piece))
        return ids

    def decode(self, ids):
        out, buf = [], []
        for i in ids:
            if i == self.eot_id:
                out.append(bytes(buf).decode("utf-8", errors="replace"))
                out.append(EOT)
                buf = []
            else:
                buf.extend(BYTE_DECODER[c] for c in self.inv[i])
        out.append(bytes(buf).decode("utf-8", errors="replace"))
        return "".join(out)

    def to_hf_json(self, path):
        j = {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [{
                "id": self.eot_id, "content": EOT, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": True, "special": True,
            }],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": True},
            "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "model": {
                "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                "vocab": self.vocab,
                "merges": [f"{a} {b}" for a, b in self.merges],
            },
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(j, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["train"])
    ap.add_argument("--data", default="/tmp/atelier-text")
    ap.add_argument("--vocab-size", type=int, default=4096)
    args = ap.parse_args()
    with open(os.path.join(args.data, "train.txt"), encoding="utf-8") as f:
        train = f.read()
    with open(os.path.join(args.data, "holdout.txt"), encoding="utf-8") as f:
        held = f.read()
    t0 = time.time()
    vocab, merges = train_bpe(train.split(EOT), args.vocab_size)
    print(f"trained {len(merges)} merges, vocab {len(vocab)} in {time.time() - t0:.1f}s")
    tok = BPETokenizer(vocab, merges)
    tok.to_hf_json(os.path.join(args.data, "tokenizer.json"))
    tok = BPETokenizer.from_hf_json(os.path.join(args.data, "tokenizer.json"))
    stats = {}
    for name, text in (("train", train), ("holdout", held)):
        ids = tok.encode(text)
        assert tok.decode(ids) == text, f"{name}: decode(encode(text)) != text"
        np.save(os.path.join(args.data, f"{name}.npy"), np.array(ids, dtype=np.uint16))
        stats[name] = {"tokens": len(ids), "chars": len(text), "bytes": len(text.encode("utf-8")),
                       "chars_per_token": len(text) / len(ids)}
        print(name, stats[name])
    with open(os.path.join(args.data, "token_stats.json"), "w") as f:
        json.dump(stats, f, indent=1)


if __name__ == "__main__":
    main()
