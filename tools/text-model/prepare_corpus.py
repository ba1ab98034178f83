#!/usr/bin/env python3
"""Build the training corpus for the Atelier starter text model.

Source: the King James Version of the Bible as shipped by Debian's
`bible-kjv-text` package (data) and read with the `bible` program from
`bible-kjv`. The KJV text is in the public domain.

Output (plain UTF-8 text): one document per chapter, documents separated by
the special token <|endoftext|> on its own line-free boundary; verse numbers
and book/chapter references are removed and the verses of a chapter are
joined into prose paragraphs (a paragraph closes once it holds at least
PARA_CHARS characters). The last HOLDOUT fraction of chapters (by characters,
in canonical book order) is written to a separate held-out file.

Usage: python3 prepare_corpus.py --out /tmp/atelier-text
"""
import argparse
import json
import os
import re
import subprocess

EOT = "<|endoftext|>"
PARA_CHARS = 450
HOLDOUT = 0.05

REF = re.compile(r"^([1-3]?[A-Za-z]+)(\d+):(\d+) (.*)$")


def read_kjv():
    out = subprocess.run(
        ["bible", "-f", "-l100000", "gen1:1-rev22:21"],
        check=True, capture_output=True, text=True, cwd="/tmp",
    ).stdout
    chapters = []  # list of (book, chapter, [verses])
    for line in out.splitlines():
        line = line.strip()
        if not line:
            continue
        m = REF.match(line)
        if not m:
            raise SystemExit(f"unexpected line: {line[:80]!r}")
        book, chap, _verse, text = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        if not chapters or chapters[-1][0] != book or chapters[-1][1] != chap:
            chapters.append((book, chap, []))
        chapters[-1][2].append(clean_verse(text))
    return chapters


def clean_verse(text):
    text = text.replace("\t", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return text


def chapter_to_prose(verses):
    paras, cur = [], []
    for v in verses:
        cur.append(v)
        if sum(len(x) + 1 for x in cur) >= PARA_CHARS:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/atelier-text")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    chapters = read_kjv()
    docs = [chapter_to_prose(v) for _, _, v in chapters]
    total = sum(len(d) for d in docs)
    # held-out split: the last HOLDOUT of the characters, on a chapter boundary
    acc, split = 0, len(docs)
    for i, d in enumerate(docs):
        if acc >= total * (1 - HOLDOUT):
            split = i
            break
        acc += len(d)
    train, held = docs[:split], docs[split:]
    for name, part in (("train.txt", train), ("holdout.txt", held)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(EOT.join(part))
    info = {
        "source": "Debian packages bible-kjv-text + bible-kjv (King James Version, public domain)",
        "chapters": len(docs), "train_chapters": len(train), "holdout_chapters": len(held),
        "holdout_starts_at": f"{chapters[split][0]} {chapters[split][1]}",
        "train_chars": sum(len(d) for d in train), "holdout_chars": sum(len(d) for d in held),
        "verses": sum(len(v) for _, _, v in chapters),
    }
    with open(os.path.join(args.out, "corpus_info.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
