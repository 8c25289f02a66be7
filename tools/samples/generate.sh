#!/usr/bin/env bash
# Regenerates the Japanese sample documents in this folder (see README.md).
#
# Uses only Debian tools: LibreOffice (headless), ImageMagick 6, zip/unzip, iconv, perl and the Noto CJK fonts.
# Installs nothing; if a tool is missing it says which package to apt-get install.
# Output is deterministic on one machine: fixed seeds, fixed document dates, normalised zip and PDF timestamps.
#
# Usage: tools/samples/generate.sh            # regenerate every file, then verify them
#        tools/samples/generate.sh --verify   # only verify the committed files (pdftotext, unzip, identify, tesseract)
set -euo pipefail

TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HERE=$(cd "$TOOLS/../../samples" && pwd)   # outputs
export TZ=UTC LC_ALL=C.UTF-8
# 2025-04-01 09:00:00 UTC: the timestamp stamped into zip entries and PDF metadata.
FIXED_EPOCH=1743498000
export FIXED_PDF_DATE="D:20250401090000Z'"
SANS=Noto-Sans-CJK-JP
SANS_BOLD=Noto-Sans-CJK-JP-Bold
PAPER='#f6f3ea'

die() { echo "generate.sh: $*" >&2; exit 1; }

check_tools() {
  local missing=() tool pkg
  while read -r tool pkg; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
  done <<'EOF'
soffice libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
convert imagemagick
identify imagemagick
zip zip
unzip unzip
iconv libc-bin
perl perl
pdftotext poppler-utils
pdfinfo poppler-utils
file file
EOF
  local fonts
  fonts=$(fc-list : family 2>/dev/null || true)
  grep -qF 'Noto Sans CJK JP' <<<"$fonts" || missing+=(fonts-noto-cjk)
  grep -qF 'Noto Serif CJK JP' <<<"$fonts" || missing+=(fonts-noto-cjk)
  if ((${#missing[@]})); then
    die "missing tools; install them with: apt-get install -y $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')"
  fi
}

# LibreOffice with a throw-away profile (never the user's) and a Japanese locale so that East Asian text is
# tagged ja-JP and laid out with Japanese fonts. The ja_JP locale is usually not installed, which breaks
# non-ASCII paths, so work files have ASCII names and only the result is renamed.
office_convert() { # filter-spec ascii-source target-name [infilter]
  local base=${2##*/} args=(-env:UserInstallation="file://$WORK/lo-profile" --headless --convert-to "$1" --outdir "$WORK/out")
  [[ $# -ge 4 ]] && args+=(--infilter="$4")
  LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 soffice "${args[@]}" "$2" >"$WORK/soffice.log" 2>&1 || true
  [[ -s $WORK/out/${base%.*}.${3##*.} ]] || { cat "$WORK/soffice.log" >&2; die "LibreOffice failed to convert $3"; }
  mv "$WORK/out/${base%.*}.${3##*.}" "$HERE/$3"
}

# The start of an HTML source, up to its <style>; LibreOffice maps these fields to the document properties.
html_head() { # title author created changed keywords
  cat <<EOF
<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<title>$1</title>
<meta name="author" content="$2">
<meta name="created" content="$3">
<meta name="changed" content="$4">
<meta name="keywords" content="$5">
EOF
}

# Rewrites an OOXML package with fixed entry times, [Content_Types].xml first (as Office writes it), no extra fields.
normalise_zip() { # file
  local dir="$WORK/zip.$$" list
  rm -rf "$dir" && mkdir -p "$dir"
  unzip -q "$1" -d "$dir"
  list=$(unzip -Z1 "$1" | grep -vxF '[Content_Types].xml')
  find "$dir" -exec touch -h -d "@$FIXED_EPOCH" {} +
  rm -f "$1"
  (cd "$dir" && printf '%s\n' '[Content_Types].xml' "$list" | zip -X -D -q -9 "$1" -@)
  rm -rf "$dir"
}

# Replaces the PDF's creation/modification dates, document ID and LibreOffice's /DocChecksum (an MD5 over the
# content, dates included) with fixed values of the same length, so the cross-reference offsets stay valid.
normalise_pdf() { # file
  perl -0777 -pi -e '
    my $fixed = "5A4D504C" x 8;
    sub same_len { substr($fixed, 0, length $_[0]) }
    s{/(CreationDate|ModDate)\(D:\d{14}[^)]*\)}{"/$1($ENV{FIXED_PDF_DATE})"}ge;
    s{(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)>}{$1.same_len($2).$3.same_len($4).">"}ge;
    s{(/DocChecksum\s*/)([0-9A-Fa-f]+)}{$1.same_len($2)}ge;' "$1"
}

# Appends an EXIF APP1 segment holding only Orientation (tag 0x0112) right after the JPEG's SOI marker.
set_exif_orientation() { # file value(1-8)
  local tmp="$1.tmp"
  {
    head -c 2 "$1"
    printf '\xff\xe1\x00\x22Exif\x00\x00'              # APP1, length 34, "Exif\0\0"
    printf 'MM\x00\x2a\x00\x00\x00\x08'                # big-endian TIFF header, IFD0 at offset 8
    printf "\\x00\\x01\\x01\\x12\\x00\\x03\\x00\\x00\\x00\\x01\\x00\\x0$2\\x00\\x00" # 1 entry: SHORT Orientation
    printf '\x00\x00\x00\x00'                          # no next IFD
    tail -c +3 "$1"
  } >"$tmp"
  mv "$tmp" "$1"
}

# Common "scanner" finish: grey, a slight skew, uneven light, sensor noise, a touch of blur.
scan_finish() { # in out angle seed [extra convert args...]
  local in=$1 out=$2 angle=$3 seed=$4
  shift 4
  local size
  size=$(identify -format '%wx%h' "$in")
  convert "$in" -colorspace Gray -background "$PAPER" -rotate "$angle" -gravity center -extent "$size" +repage \
    \( -size "$size" gradient:'#ffffff-#e8e8e8' \) -compose Multiply -composite \
    -seed "$seed" -attenuate 0.35 +noise Gaussian -blur 0x0.6 \
    -colorspace Gray -depth 8 -strip -units PixelsPerInch -density 150 "$@" "$out"
}

source "$TOOLS/generate.d/contract.sh"
source "$TOOLS/generate.d/report.sh"
source "$TOOLS/generate.d/sales.sh"
source "$TOOLS/generate.d/minutes.sh"
source "$TOOLS/generate.d/scans.sh"
source "$TOOLS/generate.d/photo.sh"
source "$TOOLS/generate.d/slides.sh"
source "$TOOLS/generate.d/verify.sh"

main() {
  check_tools
  if [[ ${1:-} == --verify ]]; then
    verify_all
    return
  fi
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  mkdir -p "$WORK/out"
  make_contract
  make_report
  make_sales
  make_minutes
  make_invoice_scan
  make_delivery_scan
  make_photo
  make_slides
  verify_all
}

main "$@"
