#!/usr/bin/env bash
# Installs what FileSearch needs from Debian's packages (only what is missing).
# Usage: scripts/install-prerequisites.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail

# imagemagick + libheif1 decode iPhone (HEVC) HEIC photos for thumbnails, in a separate, limited process.
# libjemalloc2: the native allocator the ./filesearch launcher preloads (scripts/allocator.sh says why).
# LibreOffice (headless, no GUI) + python3-uno: the supervised converter for Word and PowerPoint 97-2003 files, driven
# over UNO by src/FileSearch.Extraction/LibreOffice/lo_convert.py.
packages=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-osd poppler-utils libmecab2 mecab-ipadic-utf8 fonts-noto-cjk
  imagemagick libheif1 libjemalloc2 libacl1
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(time)
  # acl (setfacl) and util-linux (runuser, setpriv): the permission tests set POSIX ACLs and ask the OS as other users.
  packages+=(acl util-linux)
  # chromium: the browser the web UI tests (tests/FileSearch.Server.Tests/Browser) drive through Playwright, which
  # cannot download its own browser builds here.
  packages+=(chromium)
  # Real photographs (and other wallpapers as distractors) for the image-embedder evaluation
  # (tests/FileSearch.Embeddings.Onnx.Tests) and bench embed.
  packages+=(mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers gnome-backgrounds)
  # node + npm run the AWS stand-ins (fauxqs, dynalite) the AWS adapter tests talk to.
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}" >&2
if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "error: missing packages ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
