#!/usr/bin/env python3
"""Tiny random BERT checkpoints with heads, and HF transformers' outputs of those heads, for the parity tests.

Run by hand in a throwaway venv (never committed):
    /tmp/hfvenv/bin/python Tests/Fixtures/scripts/make_head_fixtures.py [--minilm DIR]

Writes, under Tests/Fixtures/:
  models/heads-ARCH-STYLE/     one checkpoint per head class, in two key styles:
                               hf      what save_pretrained writes (bert. prefix, LayerNorm.weight/bias)
                               legacy  the original TF conversion's names (bert. prefix, LayerNorm.gamma/beta)
                               ARCH is pretraining (untied decoder.weight in the file), mlm (decoder tied to the
                               word embeddings, not in the file), nsp, seqcls, multilabel, tokcls.
  reference/heads-ARCH.safetensors   HF's outputs for the SENTENCES (both styles hold the same weights), per case:
                               input_ids, token_type_ids, pooler_output, and what the head returns under HF's
                               names: prediction_logits (T, vocab), seq_relationship_logits (2),
                               logits (labels) or (T, labels); for MLM heads also lens_logits.{p} (L+1, vocab),
                               the MLM head applied to hidden_states[l][p] for every layer l, for p in lens_positions.
Eager attention, fp32, no padding, batch dimension dropped.
"""
import argparse
import json
import os
import pathlib

import numpy as np
import torch
from safetensors.numpy import save_file
from transformers import (BertConfig, BertForMaskedLM, BertForNextSentencePrediction, BertForPreTraining,
                          BertForSequenceClassification, BertForTokenClassification, BertTokenizer)

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "Tests" / "Fixtures"

SENTENCES = [
    ("The capital of France is [MASK].", None),
    ("The man went to the [MASK] and bought a [MASK] of milk.", "He left the house."),
    ("She sat on the river bank.", "The [MASK] raised its rates."),
]


def small_vocab(minilm_dir):
    """[PAD], the four specials, single characters, the commonest words and some ## pieces of MiniLM's vocab."""
    words = [w.rstrip("\n") for w in open(os.path.join(minilm_dir, "vocab.txt"), encoding="utf-8")]
    keep = words[:1] + words[100:104] + words[999:1100] + words[1996:2700] + [w for w in words if w.startswith("##")][:100]
    seen, vocab = set(), []
    for w in keep:
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    return vocab


ARCHS = {
    "pretraining": (BertForPreTraining, {"tie_word_embeddings": False}),
    "mlm": (BertForMaskedLM, {}),
    "nsp": (BertForNextSentencePrediction, {}),
    "seqcls": (BertForSequenceClassification, {"num_labels": 3, "id2label": {0: "negative", 1: "neutral", 2: "positive"}}),
    "multilabel": (BertForSequenceClassification, {"num_labels": 4, "problem_type": "multi_label_classification"}),
    "tokcls": (BertForTokenClassification, {"num_labels": 5,
                                            "id2label": {0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC", 4: "I-LOC"}}),
}


def legacy(name):
    return name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")


def write_dir(path, state, config_dict, vocab):
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "config.json", "w") as f:
        json.dump(config_dict, f, indent=2, sort_keys=True)
    with open(path / "vocab.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(path / "tokenizer_config.json", "w") as f:
        json.dump({"do_lower_case": True, "tokenizer_class": "BertTokenizer"}, f)
    save_file(state, str(path / "model.safetensors"), metadata={"format": "pt"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minilm", default=os.path.expanduser("~/.cache/bertscope/models/all-MiniLM-L6-v2"))
    args = ap.parse_args()
    vocab = small_vocab(args.minilm)
    models = FIX / "models"
    tmp_vocab = models / "heads-vocab.txt"
    models.mkdir(parents=True, exist_ok=True)
    tmp_vocab.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizer(str(tmp_vocab), do_lower_case=True)
    tmp_vocab.unlink()

    for seed, (arch, (cls, extra)) in enumerate(ARCHS.items()):
        torch.manual_seed(100 + seed)
        cfg = BertConfig(
            vocab_size=len(vocab), hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
            max_position_embeddings=32, type_vocab_size=2, layer_norm_eps=1e-12, hidden_act="gelu",
            attn_implementation="eager", **extra)
        model = cls(cfg).eval()
        with torch.no_grad():
            for p in model.parameters():
                p.normal_(0, 0.3 if p.dim() > 1 else 0.1)
        state = {k: v.detach().contiguous().numpy().copy() for k, v in model.state_dict().items()
                 if "position_ids" not in k}
        if arch == "pretraining":
            # Untied: the decoder has its own weight and bias (transformers 5 ties decoder.bias to
            # cls.predictions.bias only when it ties the weights), both in the file.
            dec = model.cls.predictions.decoder.weight
            assert not torch.equal(dec, model.bert.embeddings.word_embeddings.weight), "decoder should be untied"
        else:
            # Tied: save_pretrained stores the word embeddings once; the decoder's weight and bias are aliases.
            state.pop("cls.predictions.decoder.weight", None)
            state.pop("cls.predictions.decoder.bias", None)

        cdict = json.loads(cfg.to_json_string())
        cdict = {k: v for k, v in cdict.items() if k in (
            "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
            "max_position_embeddings", "type_vocab_size", "layer_norm_eps", "hidden_act", "pad_token_id",
            "model_type", "position_embedding_type", "problem_type", "id2label", "label2id",
            "tie_word_embeddings")}
        cdict["architectures"] = [cls.__name__]
        if arch == "multilabel":
            # Labels missing from id2label: bertscope (like HF) falls back to LABEL_i.
            cdict["id2label"] = {"0": "sports", "1": "politics"}
            cdict.pop("label2id", None)
        write_dir(models / f"heads-{arch}-hf", state, cdict, vocab)
        write_dir(models / f"heads-{arch}-legacy", {legacy(k): v for k, v in state.items()}, cdict, vocab)

        tensors = {}
        for n, (a, b) in enumerate(SENTENCES):
            enc = tok(a, b, return_tensors="pt")
            with torch.no_grad():
                out = model(**enc, output_hidden_states=True)
                base = model.bert(**enc)
            ids = enc["input_ids"][0]
            tensors[f"{n}.input_ids"] = ids.numpy().astype(np.int64)
            tensors[f"{n}.token_type_ids"] = enc["token_type_ids"][0].numpy().astype(np.int64)
            if base.pooler_output is not None:  # BertForMaskedLM has no pooler
                tensors[f"{n}.pooler_output"] = base.pooler_output[0].numpy()
            tensors[f"{n}.last_hidden_state"] = base.last_hidden_state[0].numpy()
            if arch in ("pretraining", "mlm"):
                logits = out.prediction_logits if arch == "pretraining" else out.logits
                tensors[f"{n}.prediction_logits"] = logits[0].numpy()
                predictions = model.cls.predictions
                masks = (ids == tok.mask_token_id).nonzero().flatten().tolist()
                positions = masks + [1]
                tensors[f"{n}.lens_positions"] = np.array(positions, dtype=np.int64)
                with torch.no_grad():
                    for p in positions:
                        rows = torch.stack([h[0, p] for h in out.hidden_states])
                        tensors[f"{n}.lens_logits.{p}"] = predictions(rows).numpy()
            if arch in ("pretraining",):
                tensors[f"{n}.seq_relationship_logits"] = out.seq_relationship_logits[0].numpy()
            if arch == "nsp":
                tensors[f"{n}.seq_relationship_logits"] = out.logits[0].numpy()
            if arch in ("seqcls", "multilabel", "tokcls"):
                tensors[f"{n}.logits"] = out.logits[0].numpy()
        tensors = {k: np.ascontiguousarray(v) for k, v in tensors.items()}
        (FIX / "reference").mkdir(parents=True, exist_ok=True)
        meta = {"sentences": json.dumps(SENTENCES, ensure_ascii=False), "architecture": cls.__name__}
        save_file(tensors, str(FIX / "reference" / f"heads-{arch}.safetensors"), metadata=meta)
        print(f"heads-{arch}: {len(vocab)} words, {sum(v.nbytes for v in state.values())} bytes of weights")


if __name__ == "__main__":
    main()
