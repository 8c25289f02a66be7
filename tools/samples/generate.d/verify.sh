# shellcheck shell=bash
# Checks that every sample opens with an independent tool and that the search words land where README.md says.

SAMPLES=(契約書_業務委託_2025.pdf 営業報告書_2025年1月.docx 売上実績_2025Q1.xlsx 議事録_sjis.txt
  スキャン_請求書.png スキャン_納品書.jpg photo_office.jpg 会社案内.pptx)

# Text a search engine would extract (images have none without OCR).
text_of() { # file
  case $1 in
    *.pdf) pdftotext -enc UTF-8 "$1" - ;;
    *.docx) unzip -p "$1" word/document.xml | sed 's/<[^>]*>//g' ;;
    *.xlsx) unzip -p "$1" xl/sharedStrings.xml xl/workbook.xml | sed 's/<[^>]*>//g; s/name="\([^"]*\)"/\1/g' ;;
    *.pptx) unzip -p "$1" 'ppt/slides/*.xml' 'ppt/notesSlides/*.xml' | sed 's/<[^>]*>//g' ;;
    *.txt) iconv -f CP932 -t UTF-8 "$1" ;;
  esac
}

# grep -q on a pipe would end the writer early with SIGPIPE, which pipefail reports as failure; so read it all.
contains() { # text fixed-string
  [[ $1 == *"$2"* ]]
}

expect_files_with() { # word expected-files...
  local word=$1 f found=()
  shift
  for f in "${SAMPLES[@]}"; do
    contains "$(text_of "$HERE/$f" | tr -d ' \n')" "$word" && found+=("$f")
  done
  [[ "${found[*]}" == "$*" ]] || die "'$word' found in [${found[*]}], expected [$*]"
  echo "  $word -> ${found[*]}"
}

verify_ocr() { # image word
  local text
  text=$(tesseract "$HERE/$1" - -l jpn+eng --psm 3 2>/dev/null | tr -d ' ')
  contains "$text" "$2" || die "tesseract did not read '$2' in $1"
  echo "  OCR $1: '$2' recognised"
}

verify_all() {
  local f
  echo "verifying samples in $HERE"
  for f in "${SAMPLES[@]}"; do [[ -s $HERE/$f ]] || die "missing $f"; done
  [[ $(pdfinfo "$HERE/契約書_業務委託_2025.pdf" | awk '/^Pages:/ {print $2}') == 2 ]] || die "contract PDF must have 2 pages"
  for f in 営業報告書_2025年1月.docx 売上実績_2025Q1.xlsx 会社案内.pptx; do
    unzip -tq "$HERE/$f" >/dev/null || die "$f is not a valid zip"
  done
  contains "$(unzip -p "$HERE/営業報告書_2025年1月.docx" word/document.xml)" '<w:tbl>' || die "report has no table"
  contains "$(unzip -p "$HERE/売上実績_2025Q1.xlsx" xl/worksheets/sheet1.xml)" "D2:D19)</f><v>$(sales_sum '' '')</v>" \
    || die "xlsx total row lacks its formula or cached value"
  [[ $(unzip -Z1 "$HERE/会社案内.pptx" | grep -c '^ppt/notesSlides/notesSlide[0-9]*\.xml$') == 3 ]] || die "pptx needs 3 notes"
  ! iconv -f UTF-8 -t UTF-8 "$HERE/議事録_sjis.txt" >/dev/null 2>&1 || die "minutes must not be valid UTF-8"
  ! contains "$(file -b "$HERE/議事録_sjis.txt")" UTF-8 || die "minutes detected as UTF-8"
  for f in スキャン_請求書.png スキャン_納品書.jpg photo_office.jpg; do identify "$HERE/$f" >/dev/null; done
  [[ $(identify -format '%[EXIF:Orientation]' "$HERE/photo_office.jpg") == 6 ]] || die "photo lacks EXIF orientation 6"
  echo "search words (text layers only):"
  expect_files_with 契約 契約書_業務委託_2025.pdf 議事録_sjis.txt
  expect_files_with 売上 営業報告書_2025年1月.docx 売上実績_2025Q1.xlsx
  expect_files_with 営業 営業報告書_2025年1月.docx 議事録_sjis.txt
  expect_files_with 委託料 契約書_業務委託_2025.pdf 議事録_sjis.txt
  expect_files_with 予算 議事録_sjis.txt
  expect_files_with 会社案内 会社案内.pptx
  expect_files_with 振込期限
  expect_files_with 検収
  if command -v tesseract >/dev/null 2>&1; then
    verify_ocr スキャン_請求書.png 振込期限
    verify_ocr スキャン_納品書.jpg 検収
  else
    echo "  tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-jpn): OCR check skipped"
  fi
  local total
  total=$(cat "${SAMPLES[@]/#/$HERE/}" | wc -c)
  ((total < 2000000)) || die "samples total $total bytes, limit 2 MB"
  echo "all samples OK, $total bytes"
}
