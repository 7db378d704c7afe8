#!/usr/bin/env python3
"""Writes a random-weight BertForPreTraining checkpoint of bert-base-cased's shape (12 x 768, 3072 FFN, 28996 vocab,
with the masked-LM head tied to the word embeddings and the NSP head, as bert-base-cased ships them) for timing:
bert-base-cased itself cannot be downloaded on this project's machines.
Needs only numpy. Usage: make-random-bert.py OUTDIR [--minilm DIR]"""
import json
import os
import struct
import sys

import numpy as np

out = sys.argv[1]
minilm = os.path.join(
    os.environ.get("BERTSCOPE_HOME", os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "bertscope")),
    "models", "all-MiniLM-L6-v2")
def has_heads(path):
    """True when the checkpoint at path already carries the cls.* heads (older versions of this script wrote none)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return "cls.predictions.bias" in json.loads(f.read(n))


if os.path.exists(os.path.join(out, "model.safetensors")) and has_heads(os.path.join(out, "model.safetensors")):
    print(f"random-bert: already in {out}")
    sys.exit(0)

H, L, I, V, P, TV = 768, 12, 3072, 28996, 512, 2
rng = np.random.default_rng(0)
tensors = {}


def dense(name, o, i):
    tensors[name + ".weight"] = (rng.standard_normal((o, i), dtype=np.float32) * 0.02)
    tensors[name + ".bias"] = (rng.standard_normal(o, dtype=np.float32) * 0.02)


def norm(name):
    tensors[name + ".weight"] = np.ones(H, dtype=np.float32) + rng.standard_normal(H, dtype=np.float32) * 0.02
    tensors[name + ".bias"] = rng.standard_normal(H, dtype=np.float32) * 0.02


tensors["embeddings.word_embeddings.weight"] = rng.standard_normal((V, H), dtype=np.float32) * 0.02
tensors["embeddings.position_embeddings.weight"] = rng.standard_normal((P, H), dtype=np.float32) * 0.02
tensors["embeddings.token_type_embeddings.weight"] = rng.standard_normal((TV, H), dtype=np.float32) * 0.02
norm("embeddings.LayerNorm")
for l in range(L):
    p = f"encoder.layer.{l}."
    for n in ("query", "key", "value"):
        dense(p + "attention.self." + n, H, H)
    dense(p + "attention.output.dense", H, H)
    norm(p + "attention.output.LayerNorm")
    dense(p + "intermediate.dense", I, H)
    dense(p + "output.dense", H, I)
    norm(p + "output.LayerNorm")
dense("pooler.dense", H, H)
# BertPreTrainingHeads: the MLM transform and bias (decoder tied to the word embeddings), and NSP.
dense("cls.predictions.transform.dense", H, H)
norm("cls.predictions.transform.LayerNorm")
tensors["cls.predictions.bias"] = rng.standard_normal(V, dtype=np.float32) * 0.02
dense("cls.seq_relationship", 2, H)

os.makedirs(out, exist_ok=True)
header, offset = {"__metadata__": {"format": "pt"}}, 0
for name in sorted(tensors):
    t = tensors[name]
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + t.nbytes]}
    offset += t.nbytes
hbytes = json.dumps(header, separators=(",", ":")).encode()
hbytes += b" " * (-len(hbytes) % 8)
tmp = os.path.join(out, "model.safetensors.partial")
with open(tmp, "wb") as f:
    f.write(struct.pack("<Q", len(hbytes)))
    f.write(hbytes)
    for name in sorted(tensors):
        f.write(tensors[name].tobytes())
os.replace(tmp, os.path.join(out, "model.safetensors"))

config = {"architectures": ["BertForPreTraining"], "model_type": "bert", "hidden_size": H, "num_hidden_layers": L,
          "num_attention_heads": 12, "intermediate_size": I, "vocab_size": V, "max_position_embeddings": P,
          "type_vocab_size": TV, "layer_norm_eps": 1e-12, "hidden_act": "gelu", "pad_token_id": 0}
json.dump(config, open(os.path.join(out, "config.json"), "w"), indent=2)
# A vocabulary of the right size: MiniLM's (when installed) cut to 28996 entries, else synthetic pieces.
words = []
if os.path.exists(os.path.join(minilm, "vocab.txt")):
    words = [w.rstrip("\n") for w in open(os.path.join(minilm, "vocab.txt"), encoding="utf-8")][:V]
if len(words) < V:
    specials = ["[PAD]"] + [f"[unused{i}]" for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    words = specials + [f"w{i}" for i in range(V - len(specials))]
open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8").write("\n".join(words) + "\n")
json.dump({"do_lower_case": False}, open(os.path.join(out, "tokenizer_config.json"), "w"))
print(f"random-bert: wrote {out} ({offset / 1e6:.0f} MB of weights)")
