#!/usr/bin/env python3
"""HF transformers + torch (CPU, fp32, eager attention) timings on the same inputs as `bertscope bench`.
Run with a venv's python that has torch and transformers. Prints one JSON object per line:
  {"model": NAME, "tokens": N, "median_ms": .., "min_ms": .., "runs": ..}
and, with --cold, the time of a fresh python process going from start to printed result."""
import argparse
import json
import os
import subprocess
import sys
import time

PARAGRAPH = ("The quick brown fox jumps over the lazy dog while the orchestra tunes its instruments, and a "
             "researcher in a quiet terminal watches attention heads light up token by token, wondering why the "
             "pooler output disagrees with the classification vector it was computed from.")

COLD = r"""
import time, sys
t0 = time.time()
import torch
from transformers import BertModel, BertTokenizer
tok = BertTokenizer.from_pretrained(sys.argv[1])
model = BertModel.from_pretrained(sys.argv[1], attn_implementation="eager").eval()
with torch.no_grad():
    out = model(**tok("Hello, my dog is cute", return_tensors="pt"), output_hidden_states=True, output_attentions=True)
print(out.last_hidden_state.shape, out.pooler_output[0, :3])
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--name", default=None)
    ap.add_argument("--tokens", default="8,16,32,64,128")
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--cold", type=int, default=0, help="also time N cold python processes")
    args = ap.parse_args()

    import torch
    from transformers import BertModel, BertTokenizer

    name = args.name or os.path.basename(os.path.normpath(args.model_dir))
    tok = BertTokenizer.from_pretrained(args.model_dir)
    model = BertModel.from_pretrained(args.model_dir, attn_implementation="eager").eval()
    for n in [int(x) for x in args.tokens.split(",")]:
        text = PARAGRAPH
        enc = tok(text, truncation=True, max_length=n, return_tensors="pt")
        while enc["input_ids"].shape[1] < n:
            text += " " + PARAGRAPH
            enc = tok(text, truncation=True, max_length=n, return_tensors="pt")
        with torch.no_grad():
            for _ in range(3):
                model(**enc, output_hidden_states=True, output_attentions=True)
            times = []
            deadline = time.perf_counter() + args.seconds
            while len(times) < 10 or (time.perf_counter() < deadline and len(times) < 2000):
                t = time.perf_counter()
                model(**enc, output_hidden_states=True, output_attentions=True)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(json.dumps({"model": name, "tokens": int(enc["input_ids"].shape[1]), "median_ms": times[len(times) // 2],
                          "min_ms": times[0], "runs": len(times), "torch_threads": torch.get_num_threads()}), flush=True)
    for _ in range(args.cold):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD, args.model_dir], check=True, capture_output=True,
                       env=dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1"))
        print(json.dumps({"model": name, "cold_start_s": time.perf_counter() - t}), flush=True)


if __name__ == "__main__":
    main()
