#!/usr/bin/env python3
"""bertscope against HF transformers + torch, in the same run, as ratios (the README's speed table).

    .ci/bench.py [--bin .build/release/bertscope] [--hf-python /path/to/venv/bin/python]

Runs `bertscope bench --json` and .ci/bench_reference.py on the same models and token counts, then
times process start to printed result (`bertscope inspect`) against a cold python doing the same."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "bertscope", "models")


def lines(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/bertscope")
    ap.add_argument("--hf-python", default=os.environ.get("HF_PYTHON", "/tmp/hfvenv/bin/python"))
    ap.add_argument("--tokens", default="8,16,32,64,128")
    ap.add_argument("--seconds", default="1.0")
    args = ap.parse_args()
    models = [("all-MiniLM-L6-v2", os.path.join(CACHE, "all-MiniLM-L6-v2")),
              ("bert-base-cased-random", os.path.join(CACHE, "bert-base-cased-random"))]
    have_ref = os.path.exists(args.hf_python)
    if not have_ref:
        print(f"note: no HF python at {args.hf_python}; set HF_PYTHON to compare against torch", file=sys.stderr)
    rows = []
    for name, path in models:
        ours = lines([args.bin, "bench", "--json", "--model", path, "--tokens", args.tokens, "--seconds", args.seconds])
        ref = lines([args.hf_python, os.path.join(HERE, "bench_reference.py"), path, "--name", name,
                     "--tokens", args.tokens, "--seconds", args.seconds, "--cold", "3" if name.startswith("all") else "0"]) \
            if have_ref else []
        refs = {r["tokens"]: r for r in ref if "tokens" in r}
        for r in ours:
            if "tokens" in r:
                t = refs.get(r["tokens"])
                rows.append((name, r["tokens"], r["median_ms"], r["min_ms"], r["gflops"],
                             t["median_ms"] if t else None))
            elif "ui_keystroke_to_frame_median_ms" in r:
                layers = int(r.get("ui_layers", 0))
                firsts = [r.get(f"ui_first_frame_layer{l}_median_ms") for l in range(layers + 1)]
                print(f"{name}: UI at {r['ui_width']:.0f}x{r['ui_height']:.0f}, {r['ui_tokens']:.0f} tokens: keystroke to complete frame "
                      f"{r['ui_keystroke_to_frame_median_ms']:.2f} ms median (encode {r['ui_encode_median_ms']:.2f} ms), "
                      f"full redraw {r['ui_full_redraw_median_ms']:.2f} ms; layer step bytes median / max: " +
                      ", ".join(f"{view} view {r[f'ui_layer_step_bytes_{view}_median']:.0f} / {r[f'ui_layer_step_bytes_{view}_max']:.0f}"
                                for view in ("attention", "activations") if f"ui_layer_step_bytes_{view}_median" in r))
                if all(f is not None for f in firsts) and firsts:
                    print(f"{name}: keystroke to first frame (the layer on screen drawn as soon as it is computed), "
                          f"median ms with layer 0..{layers} on screen: " + " ".join(f"{f:.1f}" for f in firsts) +
                          f"; worst up to L/2 = {layers // 2}: {r['ui_keystroke_to_first_frame_max_layer_median_ms']:.1f} ms")
            elif "peak_rss_mb" in r:
                print(f"{name}: peak RSS {r['peak_rss_mb']:.0f} MB = {r['rss_ratio']:.2f}x the weights file ({r['weights_mb']:.0f} MB)")
        heads_ref = next((r for r in ref if "head_fill_mask_ms" in r), None)
        for r in ours:
            if "heads_fill_mask_ms" in r:
                line = (f"{name}: heads at {r['heads_tokens']} tokens: fill-mask for {r['heads_masks']} masks adds "
                        f"{r['heads_fill_mask_ms']:.2f} ms to a {r['heads_encode_ms']:.2f} ms encode, the logit lens of one "
                        f"token {r['heads_lens_ms']:.2f} ms")
                if heads_ref:
                    line += (f"; torch's MLM head alone on the same rows: {heads_ref['head_fill_mask_ms']:.2f} ms and "
                             f"{heads_ref['head_lens_ms']:.2f} ms (ratios {r['heads_fill_mask_ms'] / heads_ref['head_fill_mask_ms']:.2f}x, "
                             f"{r['heads_lens_ms'] / heads_ref['head_lens_ms']:.2f}x)")
                print(line)
        colds = [r["cold_start_s"] for r in ref if "cold_start_s" in r]
        if colds:
            print(f"{name}: python import + from_pretrained + forward: median {statistics.median(colds):.2f} s over {len(colds)} runs")
    print()
    print("| model | tokens | bertscope median ms | min ms | GFLOP/s | torch median ms | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, med, mn, gf, tref in rows:
        ratio = f"{med / tref:.2f}x" if tref else "n/a"
        tstr = f"{tref:.2f}" if tref else "n/a"
        print(f"| {name} | {n} | {med:.2f} | {mn:.2f} | {gf:.0f} | {tstr} | {ratio} |")
    # Process start to printed result.
    times = []
    for _ in range(10):
        t = time.perf_counter()
        subprocess.run([args.bin, "inspect", "Hello, my dog is cute"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    print(f"\nbertscope inspect (MiniLM), process start to printed result: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms over {len(times)} runs")


if __name__ == "__main__":
    main()
