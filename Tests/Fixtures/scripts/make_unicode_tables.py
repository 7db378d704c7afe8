#!/usr/bin/env python3
"""Generates Sources/BertKit/Tokenizer/Unicode/UnicodeTables+Data.swift: every character property bertscope's
tokenizer needs, asked of HuggingFace's `tokenizers` library itself, one code point at a time, over all 17 planes.

Run by hand in a venv with transformers 5 and tokenizers (about two minutes on one core):

    /tmp/hfvenv/bin/python Tests/Fixtures/scripts/make_unicode_tables.py

Nothing here reads Python's `unicodedata` for an answer: each property is what a `tokenizers` component does to
a probe string (the Rust crates inside it, `unicode_categories`, `unicode-normalization-alignments`, Rust's
`char` methods and the `regex` crate, each have their own Unicode version). Surrogates (U+D800-DFFF) cannot
reach the tokenizer from UTF-8 and are left out. The tables are run-length coded in string literals
(compile time matters more than a few kilobytes of text), decoded once at first use.
"""

import os
import sys

import tokenizers
import transformers
from tokenizers import normalizers, pre_tokenizers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "Sources", "BertKit", "Tokenizer", "Unicode", "UnicodeTables+Data.swift")

# Flag bits; UnicodeTables.swift has the same names.
FLAGS = [
    ("cleanRemoved", "BertNormalizer clean_text drops it (NUL, U+FFFD, its is_control: categories C*)"),
    ("cleanSpace", "BertNormalizer clean_text turns it into a space (its is_whitespace)"),
    ("chinese", "BertNormalizer handle_chinese_chars puts spaces around it (its CJK ranges)"),
    ("nonspacingMark", "BertNormalizer strip_accents drops it after NFD (unicode_categories Mn)"),
    ("combiningMark", "StripAccents drops it (unicode-normalization-alignments is_combining_mark)"),
    ("whitespace", "BertPreTokenizer and WhitespaceSplit split on it (Rust char::is_whitespace)"),
    ("punctuation", "BertPreTokenizer and Punctuation isolate it (ASCII or unicode_categories P*)"),
    ("regexWord", "the Whitespace pre-tokenizer's \\w (Rust regex crate)"),
    ("regexSpace", "the Whitespace pre-tokenizer's \\s (Rust regex crate)"),
    ("numeric", "Digits isolates it (Rust char::is_numeric)"),
]
BIT = {name: 1 << i for i, (name, _) in enumerate(FLAGS)}

clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
chinese = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=True, strip_accents=False, lowercase=False)
strip_nfd = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
strip_accents = normalizers.StripAccents()
lowercase = normalizers.Lowercase()
nfd, nfkd, nfc, nfkc = normalizers.NFD(), normalizers.NFKD(), normalizers.NFC(), normalizers.NFKC()
bert_pre = pre_tokenizers.BertPreTokenizer()
ws_split = pre_tokenizers.WhitespaceSplit()
punct = pre_tokenizers.Punctuation()
ws_regex = pre_tokenizers.Whitespace()
digits = pre_tokenizers.Digits(individual_digits=True)


def code_points():
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        yield cp


def flags_of(cp):
    c = chr(cp)
    probe = "a" + c + "b"
    f = 0
    cleaned = clean.normalize_str(probe)
    if cleaned == "ab":
        f |= BIT["cleanRemoved"]
    elif cleaned == "a b":
        f |= BIT["cleanSpace"]
    if chinese.normalize_str(c) == " " + c + " ":
        f |= BIT["chinese"]
    if nfd.normalize_str(c) == c and strip_nfd.normalize_str("a" + c) == "a":
        f |= BIT["nonspacingMark"]
    if strip_accents.normalize_str("a" + c) == "a":
        f |= BIT["combiningMark"]
    if len(ws_split.pre_tokenize_str(probe)) == 2:
        f |= BIT["whitespace"]
    if len(punct.pre_tokenize_str(probe)) == 3:
        f |= BIT["punctuation"]
    pieces = ws_regex.pre_tokenize_str(probe)
    if len(pieces) == 1:
        f |= BIT["regexWord"]
    elif len(pieces) == 2:
        f |= BIT["regexSpace"]
    if len(digits.pre_tokenize_str(probe)) == 3:
        f |= BIT["numeric"]
    return f


def bert_pre_agrees(cp, f):
    """BertPreTokenizer must be exactly whitespace-then-punctuation of the two flags above."""
    pieces = bert_pre.pre_tokenize_str("a" + chr(cp) + "b")
    if f & BIT["whitespace"]:
        return len(pieces) == 2
    return len(pieces) == (3 if f & BIT["punctuation"] else 1)


# Canonical combining classes, measured through NFD's canonical reordering: probes are put before and after the
# character and we watch what moves. Python's unicodedata only picks one probe per class it knows; each probe's
# place in the order is itself checked against tokenizers, and a character between two probes stops the script.
def pick_probes():
    import unicodedata

    candidates = {}
    for cp in code_points():
        c = chr(cp)
        v = unicodedata.combining(c)
        if v and unicodedata.decomposition(c) == "" and nfd.normalize_str(c) == c:
            candidates.setdefault(v, []).append(c)
    # A character newer than tokenizers' tables is a starter there: take the first one it knows.
    kept = {}
    for v in sorted(candidates):
        known = [c for c in candidates[v] if not is_starter(c) and all(compare(c, p) > 0 for p in kept.values())]
        if known:
            kept[v] = known[0]
        else:
            print(f"combining class {v}: no character of it known to tokenizers", file=sys.stderr)
    return kept


def is_starter(c):
    # With a starter between them, the 230 and 220 marks are in separate runs and keep their order.
    return nfd.normalize_str("a\u0301" + c + "\u0316") == "a\u0301" + c + "\u0316"


def compare(c, probe):
    """-1, 0, 1 as ccc(c) is below, equal to, above the probe's class."""
    if c == probe:
        return 0
    if nfd.normalize_str("a" + c + probe) == "a" + probe + c:
        return 1
    if nfd.normalize_str("a" + probe + c) == "a" + c + probe:
        return -1
    return 0


def ccc_of(c, probes):
    if is_starter(c):
        return 0
    for value in sorted(probes):
        r = compare(c, probes[value])
        if r == 0:
            return value
        if r < 0:
            sys.exit(f"U+{ord(c):04X}: a combining class below {value} that no probe has")
    sys.exit(f"U+{ord(c):04X}: a combining class above every probe")


def runs(values):
    """(start, value) for every change of value; absent code points (surrogates) continue the run before."""
    out = []
    last = None
    for cp, v in values:
        if v != last:
            out.append((cp, v))
            last = v
    return out


def swift_string(name, doc, tokens):
    lines, line = [], ""
    for t in tokens:
        if len(line) + len(t) + 1 > 110:
            lines.append(line)
            line = ""
        line += (" " if line else "") + t
    if line:
        lines.append(line)
    body = "\n".join("        " + line for line in lines)
    return f'    /// {doc}\n    static let {name} = """\n{body}\n        """\n'


def hexseq(s):
    return ",".join(f"{ord(ch):x}" for ch in s)


def main():
    flag_values, ccc_values = [], []
    lower, decomp, compat, compose = [], [], [], []
    probes = pick_probes()
    for cp in code_points():
        c = chr(cp)
        f = flags_of(cp)
        if not bert_pre_agrees(cp, f):
            sys.exit(f"U+{cp:04X}: BertPreTokenizer disagrees with WhitespaceSplit + Punctuation")
        flag_values.append((cp, f))
        d = nfd.normalize_str(c)
        ccc_values.append((cp, ccc_of(c, probes) if d == c else 0))
        lo = lowercase.normalize_str(c)
        if lo != c:
            lower.append(f"{cp:x}>{hexseq(lo)}")
        is_hangul = 0xAC00 <= cp <= 0xD7A3
        if d != c and not is_hangul:
            decomp.append(f"{cp:x}>{hexseq(d)}")
        k = nfkd.normalize_str(c)
        if k != d and not is_hangul:
            compat.append(f"{cp:x}>{hexseq(k)}")
        # Primary composites: NFC keeps them; their pair is (NFC of all but the last decomposed scalar, last).
        if d != c and not is_hangul and nfc.normalize_str(c) == c:
            first = nfc.normalize_str(d[:-1])
            if len(first) != 1 or nfc.normalize_str(first + d[-1]) != c:
                sys.exit(f"U+{cp:04X}: cannot find its composition pair")
            compose.append(f"{ord(first):x},{ord(d[-1]):x}>{cp:x}")
        if cp % 0x10000 == 0:
            print(f"plane {cp >> 16}", file=sys.stderr)
    flag_runs = runs(flag_values)
    ccc_runs = runs(ccc_values)
    flag_doc = "\n".join(f"    ///   bit {i}: {name}, {doc}" for i, (name, doc) in enumerate(FLAGS))
    names = "\n".join(f"    static let {name}: UInt16 = 1 << {i}" for i, (name, _) in enumerate(FLAGS))
    src = f"""// GENERATED by Tests/Fixtures/scripts/make_unicode_tables.py: do not edit; run the script again.
// Asked of transformers {transformers.__version__} with tokenizers {tokenizers.__version__}, every code point of all
// 17 planes (surrogates excepted). {len(flag_runs)} flag runs, {len(ccc_runs)} combining-class runs, {len(lower)} lower-case
// mappings, {len(decomp)} canonical and {len(compat)} compatibility decompositions, {len(compose)} compositions.

extension UnicodeTables {{
    /// The `transformers` version the tables were generated with.
    static let transformersVersion = "{transformers.__version__}"
    /// The `tokenizers` version the tables were generated with.
    static let tokenizersVersion = "{tokenizers.__version__}"

    /// Flag bits of `flagRuns`:
{flag_doc}
{names}

{swift_string("flagRuns", "Runs `start.flags` (hex): the flags hold from `start` to the next run's start.", [f"{s:x}.{v:x}" for s, v in flag_runs])}
{swift_string("combiningClassRuns", "Runs `start.class` (hex) of the canonical combining class NFD orders by.", [f"{s:x}.{v:x}" for s, v in ccc_runs])}
{swift_string("lowercaseMappings", "`scalar>mapped,...` (hex): what the Lowercase normalizer (Rust `to_lowercase`) makes of a scalar.", lower)}
{swift_string("canonicalDecompositions", "`scalar>decomposed,...` (hex): NFD of one scalar (Hangul syllables are algorithmic).", decomp)}
{swift_string("compatibilityDecompositions", "`scalar>decomposed,...` (hex): NFKD of one scalar where it differs from NFD.", compat)}
{swift_string("compositions", "`first,second>composite` (hex): the pairs NFC composes (Hangul is algorithmic).", compose)}}}
"""
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        fh.write(src)
    print(f"wrote {OUT}: {len(flag_runs)} flag runs, {len(ccc_runs)} ccc runs", file=sys.stderr)


if __name__ == "__main__":
    main()
