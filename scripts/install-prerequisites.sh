#!/usr/bin/env bash
# Installs what FileSearch needs from Debian's packages (only what is missing).
# Usage: scripts/install-prerequisites.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail

# imagemagick + libheif1 decode iPhone (HEVC) HEIC photos for thumbnails, in a separate, limited process.
# libjemalloc2: the native allocator the ./filesearch launcher preloads (scripts/allocator.sh says why).
# LibreOffice (headless, no GUI) + python3-uno: the supervised converter for Word and PowerPoint 97-2003 files, driven
# over UNO by src/FileSearch.Extraction/LibreOffice/lo_convert.py.
# unidic-mecab + mecab-utils: UniDic lemmas for the normalised search field (notation variants); Debian ships UniDic as
# sources, compiled below once into /var/lib/mecab/dic/unidic (about a minute, 800 MB).
packages=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-osd poppler-utils libmecab2 mecab-ipadic-utf8 fonts-noto-cjk
  imagemagick libheif1 libjemalloc2 libacl1
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno unidic-mecab mecab-utils)
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

unidic_src=/usr/share/mecab/dic/unidic
unidic_dir=/var/lib/mecab/dic/unidic
compile_unidic() {
  if [[ -f "$unidic_dir/sys.dic" && -f "$unidic_dir/matrix.bin" ]]; then
    return 0
  fi
  echo "Compiling UniDic into $unidic_dir (once; about a minute)" >&2
  "${sudo[@]}" mkdir -p "$unidic_dir"
  "${sudo[@]}" /usr/lib/mecab/mecab-dict-index -d "$unidic_src" -o "$unidic_dir" -f UTF-8 -t UTF-8 >/dev/null
  "${sudo[@]}" ln -sf "$unidic_src/dicrc" "$unidic_dir/dicrc"
  # unidic-mecab makes itself the system default dictionary; FileSearch names its dictionaries, others expect ipadic.
  "${sudo[@]}" update-alternatives --set mecab-dictionary /var/lib/mecab/dic/ipadic-utf8 >/dev/null 2>&1 || true
}

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  sudo=()
fi

if ((${#missing[@]} == 0)); then
  compile_unidic
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
compile_unidic
