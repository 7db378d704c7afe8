#!/usr/bin/env python3
"""Reference values of issue 13's analyses (where information flows), numpy over HF transformers' outputs and weights.

Run by hand in a throwaway venv (never committed):
    /tmp/hfvenv/bin/python Tests/Fixtures/scripts/make_flow_fixtures.py [--minilm DIR]

Writes Tests/Fixtures/reference/flow-minilm.safetensors and flow-tiny-bert.safetensors; per case c (SENTENCES):
  c.input_ids, c.token_type_ids    what HF's tokenizer gives (I64)
  c.rollout.{i}                    (T, T) attention rollout (Abnar & Zuidema 2020) through attentions.{i}:
                                   A_l = 0.5 * mean over heads + 0.5 * I, rows renormalised; A_i @ ... @ A_0
  c.attention_norms.{i}            (heads, T, T) value-weighted norms (Kobayashi et al. 2020):
                                   || alpha_ij^h * f^h(x_j) ||, f^h(x) = (x W_V^h + b_V^h) W_O^h, x = hidden_states[i]
  c.attention_norms_summed.{i}     (T, T) || sum_h alpha_ij^h f^h(x_j) || (the paper's layer-level norm)
  c.flow.{i}                       (T, T) attention flow (Abnar & Zuidema 2020) at the layer of attentions.{i}:
                                   networkx maximum flows through the reference code's graph (get_adjmat with
                                   the residual-mixed A_l of rollout), each row divided by its sum (compute_flows)
  c.head_roles                     (layers, heads, 7) Clark et al. 2019, columns: [CLS], [SEP], punctuation
                                   (shares of attention, mean over rows), previous, same, next (mean attention to
                                   q-1, q, q+1 over the rows that have one), row entropy in nats (mean over rows)
BertModel eager fp32, no padding, batch dimension dropped.
"""
import argparse
import json
import os
import pathlib
import unicodedata

import networkx as nx
import numpy as np
import torch
from safetensors.numpy import save_file
from transformers import BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "Tests" / "Fixtures"

SENTENCES = [
    ("The bank raised its rates, again.", None),
    ("She sat on the river bank.", "Then (at last) she left!"),
]


def is_punctuation(ch):
    """BERT's _is_punctuation."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def rollout(attentions):
    out, acc = [], None
    for a in attentions:  # (heads, T, T)
        t = a.shape[-1]
        m = 0.5 * a.astype(np.float64).mean(0) + 0.5 * np.eye(t)
        m = m / m.sum(-1, keepdims=True)
        acc = m if acc is None else m @ acc
        out.append(acc.astype(np.float32))
    return out


def mixed(attentions):
    res = []
    for a in attentions:
        t = a.shape[-1]
        m = a.astype(np.float64).mean(0) + np.eye(t)
        res.append(m / m.sum(-1, keepdims=True))
    return np.stack(res)  # (layers, T, T)


def flows(attentions):
    """samiraabnar/attention_flow: get_adjmat + compute_flows (edmonds_karp), one (T, T) per layer."""
    mat = mixed(attentions)
    n_layers, t, _ = mat.shape
    adj = np.zeros(((n_layers + 1) * t, (n_layers + 1) * t))
    for i in range(1, n_layers + 1):
        for k_f in range(t):
            for k_t in range(t):
                adj[i * t + k_f][(i - 1) * t + k_t] = mat[i - 1][k_f][k_t]
    g = nx.DiGraph()
    for u, v in zip(*np.nonzero(adj)):
        g.add_edge(int(u), int(v), capacity=float(adj[u, v]))
    out = []
    for i in range(1, n_layers + 1):
        f = np.zeros((t, t))
        for q in range(t):
            for k in range(t):
                f[q, k] = nx.maximum_flow_value(g, i * t + q, k, flow_func=nx.algorithms.flow.edmonds_karp)
            f[q] /= f[q].sum()
        out.append(f.astype(np.float32))
    return out


def norms(model, hidden_states, attentions, summed=False):
    cfg = model.config
    heads, d = cfg.num_attention_heads, cfg.hidden_size // cfg.num_attention_heads
    out = []
    for i, layer in enumerate(model.encoder.layer):
        x = hidden_states[i].astype(np.float64)  # (T, hidden)
        wv = layer.attention.self.value.weight.detach().double().numpy()  # (out, in)
        bv = layer.attention.self.value.bias.detach().double().numpy()
        wo = layer.attention.output.dense.weight.detach().double().numpy()  # (out, in)
        v = x @ wv.T + bv  # (T, hidden)
        if summed:
            a = attentions[i].astype(np.float64)  # (heads, T, T)
            f = np.stack([v[:, h * d:(h + 1) * d] @ wo[:, h * d:(h + 1) * d].T for h in range(heads)])
            weighted = a[:, :, :, None] * f[:, None, :, :]  # (heads, T query, T key, hidden)
            out.append(np.linalg.norm(weighted.sum(0), axis=-1).astype(np.float32))
            continue
        per_head = []
        for h in range(heads):
            f = v[:, h * d:(h + 1) * d] @ wo[:, h * d:(h + 1) * d].T  # (T, hidden)
            fn = np.linalg.norm(f, axis=-1)  # (T,)
            per_head.append(attentions[i][h].astype(np.float64) * fn[None, :])
        out.append(np.stack(per_head).astype(np.float32))
    return out


def head_roles(tokens, attentions):
    t = len(tokens)
    cls = np.array([tok == "[CLS]" for tok in tokens], dtype=np.float64)
    sep = np.array([tok == "[SEP]" for tok in tokens], dtype=np.float64)
    punct = np.array([tok not in ("[CLS]", "[SEP]") and len(tok) > 0 and all(is_punctuation(c) for c in tok)
                      for tok in tokens], dtype=np.float64)
    res = np.zeros((len(attentions), attentions[0].shape[0], 7))
    for l, a in enumerate(attentions):
        a = a.astype(np.float64)  # (heads, T, T)
        res[l, :, 0] = (a @ cls).mean(-1)
        res[l, :, 1] = (a @ sep).mean(-1)
        res[l, :, 2] = (a @ punct).mean(-1)
        n = max(t - 1, 1)
        res[l, :, 3] = (a * np.eye(t, t, -1)).sum((-1, -2)) / n
        res[l, :, 4] = (a * np.eye(t)).sum((-1, -2)) / t
        res[l, :, 5] = (a * np.eye(t, t, 1)).sum((-1, -2)) / n
        with np.errstate(divide="ignore", invalid="ignore"):
            plogp = np.where(a > 0, a * np.log(a), 0.0)
        res[l, :, 6] = (-plogp.sum(-1)).mean(-1)
    return res.astype(np.float32)


def save_reference(name, model, tok):
    tensors = {}
    for c, (a, b) in enumerate(SENTENCES):
        enc = tok(a, b, return_tensors="pt")
        with torch.no_grad():
            out = model(**enc, output_hidden_states=True, output_attentions=True)
        hs = [h[0].numpy() for h in out.hidden_states]
        at = [x[0].numpy() for x in out.attentions]
        tokens = tok.convert_ids_to_tokens(enc["input_ids"][0].tolist())
        tensors[f"{c}.input_ids"] = enc["input_ids"][0].numpy().astype(np.int64)
        tensors[f"{c}.token_type_ids"] = enc["token_type_ids"][0].numpy().astype(np.int64)
        for i, r in enumerate(rollout(at)):
            tensors[f"{c}.rollout.{i}"] = np.ascontiguousarray(r)
        for i, n in enumerate(norms(model, hs, at)):
            tensors[f"{c}.attention_norms.{i}"] = np.ascontiguousarray(n)
        for i, n in enumerate(norms(model, hs, at, summed=True)):
            tensors[f"{c}.attention_norms_summed.{i}"] = np.ascontiguousarray(n)
        for i, f in enumerate(flows(at)):
            tensors[f"{c}.flow.{i}"] = np.ascontiguousarray(f)
        tensors[f"{c}.head_roles"] = np.ascontiguousarray(head_roles(tokens, at))
    meta = {"sentences": json.dumps(SENTENCES, ensure_ascii=False)}
    save_file(tensors, str(FIX / "reference" / f"flow-{name}.safetensors"), metadata=meta)


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
