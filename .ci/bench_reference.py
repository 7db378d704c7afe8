#!/usr/bin/env python3
"""HF transformers + torch (CPU, fp32, eager attention) timings on the same inputs as `bertscope bench`.
Run with a venv's python that has torch and transformers. Prints one JSON object per line:
  {"model": NAME, "tokens": N, "median_ms": .., "min_ms": .., "runs": ..}
and, with --cold, the time of a fresh python process going from start to printed result; for a checkpoint with
the pre-training heads (cls.*), also {"model", "heads_tokens", "head_fill_mask_ms", "head_lens_ms"}: torch's
BertLMPredictionHead on the 3 mask rows, and on one token's L+1 hidden states (the logit lens)."""
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


def median_ms(fn, seconds):
    for _ in range(3):
        fn()
    times = []
    deadline = time.perf_counter() + seconds
    while len(times) < 10 or (time.perf_counter() < deadline and len(times) < 2000):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2]


def time_heads(args, name, tok):
    """The MLM head where bertscope runs it: the masks' last hidden states, and one token's every layer."""
    import torch
    from safetensors import safe_open
    from transformers import BertForPreTraining
    with safe_open(os.path.join(args.model_dir, "model.safetensors"), "pt") as f:
        if "cls.predictions.bias" not in f.keys():
            return
    model = BertForPreTraining.from_pretrained(args.model_dir, attn_implementation="eager").eval()
    text = PARAGRAPH
    enc = tok(text, truncation=True, max_length=32, return_tensors="pt")
    with torch.no_grad():
        out = model.bert(**enc, output_hidden_states=True)
        n = enc["input_ids"].shape[1]
        masks = out.last_hidden_state[0, [n // 6, n // 2, 5 * n // 6]]
        lens = torch.stack([h[0, n // 2] for h in out.hidden_states])
        head = model.cls.predictions
        fill = median_ms(lambda: head(masks), args.seconds)
        layers = median_ms(lambda: head(lens), args.seconds)
    print(json.dumps({"model": name, "heads_tokens": int(n), "head_fill_mask_ms": fill, "head_lens_ms": layers}), flush=True)


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
    time_heads(args, name, tok)
    for _ in range(args.cold):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD, args.model_dir], check=True, capture_output=True,
                       env=dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1"))
        print(json.dumps({"model": name, "cold_start_s": time.perf_counter() - t}), flush=True)


if __name__ == "__main__":
    main()
