#!/usr/bin/env python3
"""Writes the fuzz seed corpora (Tests/Fuzz/Corpus/<target>/) from the repository's fixtures; stdlib only.

Run from anywhere: python3 Tests/Fuzz/make-seeds.py. Seeds are small valid (and a few nearly valid) inputs, so
the fuzzer starts from the formats' real structure."""
import json
import pathlib
import struct

here = pathlib.Path(__file__).resolve().parent
root = here.parent.parent
corpus = here / "Corpus"
tiny = root / "Tests/Fixtures/models/tiny-bert"


def write(target, name, data):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def safetensors(tensors, metadata=None, pad=True):
    header, offset, body = {}, 0, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        body += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + body


f32 = lambda *v: struct.pack("<%df" % len(v), *v)
write("safetensors", "two-f32", safetensors({"a": ("F32", [2], f32(1, 2)), "b": ("F32", [1, 1], f32(3))}))
write("safetensors", "f16-bf16-i64", safetensors({
    "h": ("F16", [2], b"\x00\x3c\x00\xc0"), "b": ("BF16", [1], b"\x80\x3f"), "i": ("I64", [1], struct.pack("<q", 7))}))
write("safetensors", "metadata", safetensors({"x": ("F32", [1], f32(0))}, {"format": "pt", "model": "tiny"}))
write("safetensors", "empty-tensor", safetensors({"e": ("F32", [0, 4], b""), "x": ("U8", [3], b"abc")}))
write("safetensors", "unpadded", safetensors({"x": ("F32", [1], f32(5))}, pad=False))

config = json.loads((tiny / "config.json").read_text())
write("config", "tiny-bert.json", json.dumps(config, indent=2))
write("config", "minimal.json", json.dumps({k: config[k] for k in [
    "vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size"]}))
write("config", "typed.json", json.dumps(dict(config, is_decoder=False, add_cross_attention=False,
                                              position_embedding_type="absolute", layer_norm_eps=1e-5)))

vocab = (tiny / "vocab.txt").read_text(encoding="utf-8").split("\n")[:300]
write("vocab", "tiny-300.txt", "\n".join(vocab) + "\n")
write("vocab", "crlf.txt", "\r\n".join(vocab[:50]))
write("vocab", "specials-only.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n")

words = {w: i for i, w in enumerate(vocab[:120])}
write("tokenizer-json", "wordpiece.json", json.dumps({
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [{"id": words.get("[CLS]", 2), "content": "[CLS]", "special": True, "normalized": False,
                      "lstrip": False, "rstrip": False, "single_word": False}],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                   "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {"type": "TemplateProcessing",
                       "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                                  {"Sequence": {"id": "A", "type_id": 0}},
                                  {"SpecialToken": {"id": "[SEP]", "type_id": 0}}]},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
              "max_input_chars_per_word": 100, "vocab": words}}))

for i, text in enumerate([
        "\x00Hello, my dog is cute", "\x01The bank raised its rates.\x00She sat on the river bank.",
        "\x0cCafé naïve ΟΔΟΣ straße", "\x02你好世界 한국어 ภาษาไทย العربية עברית हिन्दी",
        "\x0a👩‍👩‍👧 🇫🇷 a\u200bb \ufeff\u0378\ufffe", "\x0e" + "a" * 150 + " " + "x" * 101,
        "\x03[CLS] [MASK] [SEP]\x00[UNK]", "\x04\t\r\n  \u3000 e\u0301 \u2126"]):
    write("tokenizer", "text-%d" % i, text)

for theme in sorted((root / "themes").glob("*.toml")):
    write("theme", theme.name, theme.read_bytes())
write("theme", "partial.toml", '[roles]\nborder = "#445566"\n\n[scales]\nattention = ["#000000", "#ffffff"]\n')

write("deck", "talk.tsv", "The cat sat on the mat.\tIt was tired.\tlayer=3\thead=mean\n"
      "The bank of the river.\tview=grid\n# a comment\n\nHello\thead=2\tview=activations\n")
write("deck", "crlf.tsv", "One.\r\nTwo.\tlayer=1\r\n")


def keys(*pairs):
    return bytes(b for pair in pairs for b in pair)


paste = [(0x00, 0)] + [(0xE0, ord(c)) for c in "pasted text"] + [(0x00, 1)]
sgr = [(0x00, 2)] + [(0xE0, ord(c)) for c in "0;10;5M"] + [(0x00, 2)] + [(0xE0, ord(c)) for c in "64;3;3m"]
x10 = [(0x00, 3), (0xE0, 32), (0xE0, 40), (0xE0, 40)]
typed = [(0xE0, ord(c)) for c in "hi\x7f\x1b"] + [(0x20, 2), (0x20, 3), (0x41, 0x4e)]
write("input", "paste", keys(*paste))
write("input", "mouse", keys(*sgr, *x10))
write("input", "typing", keys(*typed))
write("input", "unterminated", keys((0x00, 0), (0xE3, ord("a")), (0xE3, ord("b"))))
