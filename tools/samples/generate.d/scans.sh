# shellcheck shell=bash
# スキャン_請求書.png and スキャン_納品書.jpg: A4 pages at 150 DPI that look scanned (grey, skewed, noisy, no text
# layer). Each carries one word found in no other sample, so tests can prove the text came from OCR:
# 振込期限 (invoice) and 検収 (delivery note).

# Turns a layout spec into ImageMagick drawing arguments, appended to the array named by $1.
# Spec lines: "T gravity x y size R|B text..." for text, "L x1 y1 x2 y2 width" for lines, "R x1 y1 x2 y2 width" for boxes.
layout_args() {
  local -n out=$1
  local kind a b c d e rest
  while read -r kind a b c d e rest; do
    case $kind in
      T) out+=(-stroke none -fill black -gravity "$a" -pointsize "$d")
        [[ $e == B ]] && out+=(-font "$SANS_BOLD") || out+=(-font "$SANS")
        out+=(-annotate "+$b+$c" "$rest") ;;
      L) out+=(-gravity NorthWest -fill none -stroke black -strokewidth "$e" -draw "line $a,$b $c,$d") ;;
      R) out+=(-gravity NorthWest -fill none -stroke black -strokewidth "$e" -draw "rectangle $a,$b $c,$d") ;;
      '' | '#'*) ;;
      *) die "bad layout line: $kind" ;;
    esac
  done
}

render_page() { # spec-file out.png
  local args=()
  layout_args args <"$1"
  convert -density 150 -size 1240x1754 xc:white "${args[@]}" "$2"
}

# Title, number and date, addressee and sender: the same on every form the supplier sends.
form_header() { # title number-line date-line
  cat <<EOF
T North 0 90 28 R $1
L 520 178 720 178 3
T NorthEast 100 210 13 R $2
T NorthEast 100 245 13 R $3
T NorthWest 100 300 20 B 株式会社青葉商事　御中
L 100 362 600 362 2
T NorthWest 720 380 16 B 株式会社みなとシステムズ
T NorthWest 720 425 12 R 〒530-0001 大阪府大阪市北区梅田2-4-9
T NorthWest 720 458 12 R TEL 06-6345-0000
EOF
}

# The frame of an item table (品名, 数量, 単価, 金額) from y=top to y=bottom.
item_table() { # top bottom
  local head=$(($1 + 15))
  cat <<EOF
R 100 $1 1140 $2 2
L 100 $(($1 + 60)) 1140 $(($1 + 60)) 2
L 640 $1 640 $2 1
L 760 $1 760 $2 1
L 940 $1 940 $2 1
T NorthWest 300 $head 13 B 品名
T NorthWest 670 $head 13 B 数量
T NorthWest 820 $head 13 B 単価
T NorthWest 1010 $head 13 B 金額
EOF
}

# One line of an item table with its text at y and its rule below; empty fields are left blank
# (a row without quantity is a total, its label goes in the price column).
item_row() { # y weight(R|B) name quantity unit-price amount
  local x=115
  [[ -z $4 ]] && x=790
  [[ -n $3 ]] && echo "T NorthWest $x $1 12 $2 $3"
  [[ -n $4 ]] && echo "T NorthEast 490 $1 12 $2 $4"
  [[ -n $5 ]] && echo "T NorthEast 310 $1 12 $2 $5"
  [[ -n $6 ]] && echo "T NorthEast 110 $1 12 $2 $6"
  echo "L 100 $(($1 + 52)) 1140 $(($1 + 52)) 1"
}

make_invoice_scan() {
  {
    form_header 請求書 '請求書番号：INV-2025-0142' '発行日：2025年1月31日'
    cat <<'EOF'
T NorthWest 720 491 12 R 登録番号 T5120001098765
T NorthWest 100 560 14 R 下記のとおりご請求申し上げます。
R 100 610 760 690 3
T NorthWest 120 628 20 B 合計金額　　¥605,000-（税込）
T NorthWest 100 730 16 B 振込期限　2025年2月28日
T NorthWest 100 1360 13 B 【お振込先】
T NorthWest 130 1405 13 R みなと銀行　梅田支店　普通 1234567
T NorthWest 130 1445 13 R 口座名義　カ）ミナトシステムズ
T NorthWest 100 1520 12 R ※お振込手数料は貴社にてご負担くださいますようお願い申し上げます。
EOF
    item_table 810 1290
    item_row 888 R 'システム保守サービス（1月分）' 1 500,000 500,000
    item_row 958 R '障害対応 追加作業（4時間）' 4 12,500 50,000
    item_row 1028 R '' '' '' ''
    item_row 1098 R 小計 '' '' 550,000
    item_row 1168 R '消費税（10%）' '' '' 55,000
    item_row 1238 B 合計 '' '' 605,000
  } >"$WORK/invoice.spec"
  render_page "$WORK/invoice.spec" "$WORK/invoice.png"
  scan_finish "$WORK/invoice.png" "$HERE/スキャン_請求書.png" 0.9 20250131 \
    -posterize 32 -define png:exclude-chunks=date,time -define png:compression-level=9
}

make_delivery_scan() {
  {
    form_header 納品書 '納品書番号：DN-2025-0087' '納品日：2025年2月14日'
    cat <<'EOF'
T NorthWest 100 560 14 R 下記のとおり納品いたしましたので、ご検収のほどお願い申し上げます。
T NorthWest 100 1130 13 B 検収欄
R 100 1180 600 1380 2
L 350 1180 350 1380 1
L 100 1230 600 1230 1
T NorthWest 170 1192 12 R 検収日
T NorthWest 420 1192 12 R 検収印
T NorthWest 100 1440 12 R 備考：検収後、受領書にご記入のうえご返送ください。
EOF
    item_table 640 1050
    item_row 718 R 'ノートPC（14型）' 5 148,000 740,000
    item_row 788 R 'ドッキングステーション' 5 22,000 110,000
    item_row 858 R '初期設定作業' 5 8,000 40,000
    item_row 928 R '合計（税抜）' '' '' 890,000
    item_row 998 B '合計（税込）' '' '' 979,000
  } >"$WORK/delivery.spec"
  render_page "$WORK/delivery.spec" "$WORK/delivery.png"
  scan_finish "$WORK/delivery.png" "$HERE/スキャン_納品書.jpg" -1.1 20250214 \
    -sampling-factor 1x1 -quality 72
}
