#!/usr/bin/env python3
"""The README's comparison: the attention heatmap bertscope draws, drawn by matplotlib from HF transformers.

Run by hand in a throwaway venv (never committed):
    /tmp/hfvenv/bin/python Tests/Fixtures/scripts/make_readme_matplotlib.py [--model DIR] [--bertscope BIN]

Writes Tests/ExportTests/Goldens/readme/attention-matplotlib.png: all-MiniLM-L6-v2 (BertModel, eager attention,
fp32), layer 3 (attentions[2]), the mean over heads, for the README's sentence, with matplotlib's defaults
(imshow, magma, a colour bar), at the size bertscope's figure comes out.

With --bertscope it also times, in the same run, a 512-token attention figure: matplotlib drawing a (512, 512)
heatmap with every token labelled to PNG and PDF, against the whole `bertscope render` command (load, tokenize,
encode, draw) to PNG and PDF, and prints the sizes of the files.
"""
import argparse
import os
import pathlib
import subprocess
import tempfile
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402
from transformers import BertModel, BertTokenizerFast  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[3]
SENTENCE = "The bank raised its rates."
LAYER = 3


def heatmap(weights, tokens, title, path, size_px, dpi=100):
    """imshow with token labels on both axes and a colour bar, saved at size_px."""
    fig, ax = plt.subplots(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi)
    im = ax.imshow(weights, cmap="magma", vmin=0, vmax=float(weights.max()))
    ax.set_xticks(range(len(tokens)), tokens, rotation=90)
    ax.set_yticks(range(len(tokens)), tokens)
    ax.set_xlabel("key")
    ax.set_ylabel("query")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, label="attention weight")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.expanduser("~/.cache/bertscope/models/all-MiniLM-L6-v2"))
    ap.add_argument("--bertscope", help="a release bertscope binary, to time both in one run")
    args = ap.parse_args()

    tok = BertTokenizerFast.from_pretrained(args.model)
    model = BertModel.from_pretrained(args.model, attn_implementation="eager").eval()
    enc = tok(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        out = model(**enc, output_attentions=True)
    weights = out.attentions[LAYER - 1][0].mean(dim=0).numpy()
    tokens = tok.convert_ids_to_tokens(enc["input_ids"][0])
    target = ROOT / "Tests/ExportTests/Goldens/readme/attention-matplotlib.png"
    heatmap(weights, tokens, f"layer {LAYER}, mean over heads", target, (520, 525))
    print("wrote", target.relative_to(ROOT))

    if args.bertscope:
        words = " ".join(["word"] * 510)  # [CLS] + 510 + [SEP] = 512 tokens
        long_enc = tok(words, return_tensors="pt")
        with torch.no_grad():
            long_out = model(**long_enc, output_attentions=True)
        w = long_out.attentions[LAYER - 1][0].mean(dim=0).numpy()
        t = tok.convert_ids_to_tokens(long_enc["input_ids"][0])
        with tempfile.TemporaryDirectory() as d:
            for ext in ["png", "pdf"]:
                path = os.path.join(d, "mpl." + ext)
                start = time.perf_counter()
                heatmap(w, t, "512 tokens", path, (2000, 2000))
                mpl = time.perf_counter() - start
                ours = os.path.join(d, "bertscope." + ext)
                start = time.perf_counter()
                subprocess.run([args.bertscope, "render", "--model", args.model, "--layer", str(LAYER), "-o", ours, words],
                               check=True)
                bs = time.perf_counter() - start
                print(f"512 tokens, {ext}: matplotlib {mpl:.2f} s ({os.path.getsize(path)} bytes), "
                      f"bertscope render {bs:.2f} s ({os.path.getsize(ours)} bytes), ratio {bs / mpl:.2f}")


if __name__ == "__main__":
    main()
