#!/usr/bin/env bash
# Installs the Debian packages bertscope builds and tests with, only those missing.
set -euo pipefail
# Build: ncurses, OpenBLAS, libpng, cairo + pango (figures), utf8proc (display width).
# Run and test: tmux, ncurses-term (the -direct true-colour terminfo entries), fonts for every script,
# poppler-utils (pdfinfo/pdftoppm read the PDFs back in tests).
pkgs=(libncursesw5-dev libopenblas-dev libpng-dev pkg-config tmux ncurses-term
      libcairo2-dev libpango1.0-dev libutf8proc-dev
      fonts-dejavu-core fonts-noto-cjk fonts-noto-color-emoji poppler-utils)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all installed (${pkgs[*]})"
  exit 0
fi
echo "deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
