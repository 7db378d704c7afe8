#!/usr/bin/env python3
"""HF's attention probabilities for a 512-token input to all-MiniLM-L6-v2, for the test that runs it on both engines.

Run once by hand in a venv with torch and transformers 5:

    /tmp/hfvenv/bin/python Tests/Fixtures/scripts/make_attention512_fixture.py [--minilm DIR]

Writes Tests/Fixtures/reference/minilm-512.safetensors: the ids of a pair cut to 512 tokens (case 0, in the
layout of make_model_fixtures.py) and, for every layer, the rows ROWS of every head's attention matrix
(`attentions.{l}.rows`, (heads, len(ROWS), 512), fp32, eager attention), with `attention_rows` naming them.
The whole matrices would be 75 MB; these rows are the first, a middle and the last positions.
"""
import argparse
import json
import os
import pathlib

import numpy as np
import torch
from safetensors.numpy import save_file
from transformers import AutoTokenizer, BertModel

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "minilm-512.safetensors"
ROWS = [0, 1, 255, 256, 510, 511]
A = " ".join(f"The {w} number {i} went to the bank of the river." for i, w in enumerate(["first", "second"] * 30))
B = " ".join(f"Rates rose {i}% while ünïcödé, 中文 and emoji 👍 survived." for i in range(40))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minilm", default=os.path.expanduser("~/.cache/bertscope/models/all-MiniLM-L6-v2"))
    args = parser.parse_args()
    tok = AutoTokenizer.from_pretrained(args.minilm)
    model = BertModel.from_pretrained(args.minilm, attn_implementation="eager").eval()
    enc = tok(A, B, return_tensors="pt", truncation=True, max_length=512)
    assert enc["input_ids"].shape[1] == 512
    with torch.no_grad():
        out = model(**enc, output_attentions=True)
    tensors = {
        "0.input_ids": enc["input_ids"][0].numpy().astype(np.int64),
        "0.token_type_ids": enc["token_type_ids"][0].numpy().astype(np.int64),
        "0.attention_rows": np.array(ROWS, dtype=np.int64),
    }
    for i, a in enumerate(out.attentions):
        tensors[f"0.attentions.{i}.rows"] = np.ascontiguousarray(a[0][:, ROWS, :].numpy())
    save_file(tensors, str(OUT), metadata={"sentences": json.dumps([[A, B]], ensure_ascii=False)})
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
