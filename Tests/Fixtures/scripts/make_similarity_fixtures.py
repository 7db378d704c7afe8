#!/usr/bin/env python3
"""Reference values of issue 13's "how tokens change" analyses, numpy over HF transformers' hidden states.

Run by hand in a throwaway venv (never committed):
    /tmp/hfvenv/bin/python Tests/Fixtures/scripts/make_similarity_fixtures.py [--minilm DIR]

Writes Tests/Fixtures/reference/similarity-minilm.safetensors and similarity-tiny-bert.safetensors; per case c
(SENTENCES, each a pair of sentences encoded separately):
  c.input_ids, c.compare_input_ids  what HF's tokenizer gives sentence a and b, each alone (I64)
  c.similarity.{l}               (T, T) cosine matrix of sentence a's hidden_states[l], l = 0...L
  c.mean_off_diagonal            (L+1,) mean of the T(T-1) off-diagonal cosines of each layer
  c.intra_sentence               (L+1,) Ethayarajh 2019: mean over tokens of cos(h_i, mean_j h_j)
  c.change_to_embeddings         (T, L+1) cos(h_l[i], h_0[i]) for every token i of sentence a
  c.change_to_previous           (T, L+1) cos(h_l[i], h_(l-1)[i]), 1 at l = 0
  c.match                        (Ta,) I64 the token of b matched with each token of a by a longest common
                                 subsequence of the ids (ties towards a's earliest tokens), -1 unmatched
  c.compare                      (Ta, L+1) cos(a's h_l[i], b's h_l[match(i)]), 0 where unmatched
BertModel eager fp32, no padding, batch dimension dropped; cosines in float64 from HF's float32 outputs.
"""
import argparse
import json
import os
import pathlib

import numpy as np
import torch
from safetensors.numpy import save_file
from transformers import BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "Tests" / "Fixtures"

SENTENCES = [
    ("the bank of the river", "the bank raised its rates"),
    ("She sat on the river bank, again.", "On the bank she sat."),
]


def unit_rows(h):
    n = np.linalg.norm(h, axis=-1, keepdims=True)
    return np.where(n > 0, h / np.where(n > 0, n, 1), 0)


def cosine(a, b):
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    return 0.0 if na == 0 or nb == 0 else float(a @ b / (na * nb))


def lcs_match(a, b):
    """For each element of a, its match in b (-1 unmatched): the LCS walk from the front over a suffix table."""
    n, m = len(a), len(b)
    t = np.zeros((n + 1, m + 1), dtype=np.int64)
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            t[i, j] = t[i + 1, j + 1] + 1 if a[i] == b[j] else max(t[i + 1, j], t[i, j + 1])
    match = [-1] * n
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j] and t[i, j] == t[i + 1, j + 1] + 1:
            match[i] = j
            i, j = i + 1, j + 1
        elif t[i + 1, j] >= t[i, j + 1]:
            i += 1
        else:
            j += 1
    return match


def hidden(model, tok, text):
    enc = tok(text, return_tensors="pt")
    with torch.no_grad():
        out = model(**enc, output_hidden_states=True)
    return enc["input_ids"][0].numpy().astype(np.int64), [h[0].numpy().astype(np.float64) for h in out.hidden_states]


def save_reference(name, model, tok):
    tensors = {}
    for c, (a, b) in enumerate(SENTENCES):
        ids_a, hs_a = hidden(model, tok, a)
        ids_b, hs_b = hidden(model, tok, b)
        tensors[f"{c}.input_ids"] = ids_a
        tensors[f"{c}.compare_input_ids"] = ids_b
        t, layers = len(ids_a), len(hs_a)
        off, intra = [], []
        for l, h in enumerate(hs_a):
            u = unit_rows(h)
            s = u @ u.T
            np.fill_diagonal(s, 1.0)
            tensors[f"{c}.similarity.{l}"] = s.astype(np.float32)
            off.append((s.sum() - np.trace(s)) / (t * (t - 1)))
            mean = h.mean(0)
            intra.append(np.mean([cosine(h[i], mean) for i in range(t)]))
        tensors[f"{c}.mean_off_diagonal"] = np.array(off, dtype=np.float32)
        tensors[f"{c}.intra_sentence"] = np.array(intra, dtype=np.float32)
        first = np.array([[cosine(hs_a[l][i], hs_a[0][i]) for l in range(layers)] for i in range(t)])
        prev = np.array([[1.0 if l == 0 else cosine(hs_a[l][i], hs_a[l - 1][i]) for l in range(layers)]
                         for i in range(t)])
        tensors[f"{c}.change_to_embeddings"] = first.astype(np.float32)
        tensors[f"{c}.change_to_previous"] = prev.astype(np.float32)
        match = lcs_match(ids_a.tolist(), ids_b.tolist())
        tensors[f"{c}.match"] = np.array(match, dtype=np.int64)
        cmp = np.array([[0.0 if match[i] < 0 else cosine(hs_a[l][i], hs_b[l][match[i]]) for l in range(layers)]
                        for i in range(t)])
        tensors[f"{c}.compare"] = cmp.astype(np.float32)
    meta = {"sentences": json.dumps(SENTENCES, ensure_ascii=False)}
    save_file(tensors, str(FIX / "reference" / f"similarity-{name}.safetensors"), metadata=meta)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minilm", default=os.path.expanduser("~/.cache/bertscope/models/all-MiniLM-L6-v2"))
    args = ap.parse_args()
    tiny_dir = FIX / "models" / "tiny-bert"
    tiny = BertModel.from_pretrained(str(tiny_dir), attn_implementation="eager").eval()
    save_reference("tiny-bert", tiny, BertTokenizerFast(str(tiny_dir / "vocab.txt"), do_lower_case=True))
    mini = BertModel.from_pretrained(args.minilm, attn_implementation="eager").eval()
    save_reference("minilm", mini, BertTokenizerFast.from_pretrained(args.minilm))


if __name__ == "__main__":
    main()
