# shellcheck shell=bash
# 売上実績_2025Q1.xlsx: sheet 売上 (one row per month, branch and product, with a SUM total row) and sheet 集計
# (SUMIFS per branch and month). Every formula cell carries its cached value, computed here, so a reader that
# only looks at cached values (as text extractors do) sees the right numbers.

# month branch product amount(yen)
SALES_ROWS=(
  "2025年1月 東京 文書管理クラウド 12400000" "2025年1月 東京 保守サービス 6350000"
  "2025年1月 大阪 文書管理クラウド 8900000" "2025年1月 大阪 保守サービス 4120000"
  "2025年1月 名古屋 文書管理クラウド 5600000" "2025年1月 名古屋 保守サービス 2830000"
  "2025年2月 東京 文書管理クラウド 11800000" "2025年2月 東京 保守サービス 6410000"
  "2025年2月 大阪 文書管理クラウド 9250000" "2025年2月 大阪 保守サービス 4180000"
  "2025年2月 名古屋 文書管理クラウド 5300000" "2025年2月 名古屋 保守サービス 2870000"
  "2025年3月 東京 文書管理クラウド 15600000" "2025年3月 東京 保守サービス 6520000"
  "2025年3月 大阪 文書管理クラウド 10700000" "2025年3月 大阪 保守サービス 4260000"
  "2025年3月 名古屋 文書管理クラウド 6900000" "2025年3月 名古屋 保守サービス 2950000"
)
SALES_MONTHS=(2025年1月 2025年2月 2025年3月)
SALES_BRANCHES=(東京 大阪 名古屋)

fods_text() { printf '<table:table-cell office:value-type="string" table:style-name="%s"><text:p>%s</text:p></table:table-cell>' "${2:-Head}" "$1"; }
fods_number() { printf '<table:table-cell office:value-type="float" office:value="%s" table:style-name="Yen"><text:p>%s</text:p></table:table-cell>' "$1" "$1"; }
fods_formula() { printf '<table:table-cell table:formula="of:=%s" office:value-type="float" office:value="%s" table:style-name="%s"><text:p>%s</text:p></table:table-cell>' "$1" "$2" "${3:-Yen}" "$2"; }

sales_sum() { # month|'' branch|'' -> total yen
  local total=0 row m b p a
  for row in "${SALES_ROWS[@]}"; do
    read -r m b p a <<<"$row"
    [[ -z $1 || $1 == "$m" ]] && [[ -z $2 || $2 == "$b" ]] && total=$((total + a))
  done
  echo "$total"
}

sales_sheet() {
  local n=${#SALES_ROWS[@]} row m b p a
  echo '<table:table table:name="売上"><table:table-column table:default-cell-style-name="Default" table:style-name="ColA"/><table:table-column table:style-name="ColB"/><table:table-column table:style-name="ColC"/><table:table-column table:style-name="ColD"/>'
  echo "<table:table-row>$(fods_text 月)$(fods_text 支店)$(fods_text 商品)$(fods_text 売上金額)</table:table-row>"
  for row in "${SALES_ROWS[@]}"; do
    read -r m b p a <<<"$row"
    echo "<table:table-row>$(fods_text "$m" Default)$(fods_text "$b" Default)$(fods_text "$p" Default)$(fods_number "$a")</table:table-row>"
  done
  echo "<table:table-row>$(fods_text 合計)<table:table-cell/><table:table-cell/>$(fods_formula "SUM([.D2:.D$((n + 1))])" "$(sales_sum '' '')" Total)</table:table-row>"
  echo '</table:table>'
}

summary_sheet() {
  local n=$((${#SALES_ROWS[@]} + 1)) b i col cells last=$((${#SALES_BRANCHES[@]} + 1)) cols=(B C D)
  local range="[\$'売上'.\$D\$2:.\$D\$$n];[\$'売上'.\$A\$2:.\$A\$$n]"
  echo '<table:table table:name="集計"><table:table-column table:style-name="ColA"/><table:table-column table:number-columns-repeated="4" table:style-name="ColD"/>'
  echo "<table:table-row>$(fods_text 支店)$(fods_text "${SALES_MONTHS[0]}")$(fods_text "${SALES_MONTHS[1]}")$(fods_text "${SALES_MONTHS[2]}")$(fods_text 四半期計)</table:table-row>"
  local r=2
  for b in "${SALES_BRANCHES[@]}"; do
    cells=$(fods_text "$b" Default)
    for i in 0 1 2; do
      col=${cols[i]}
      cells+=$(fods_formula "SUMIFS($range;[.${col}\$1];[\$'売上'.\$B\$2:.\$B\$$n];[.\$A$r])" "$(sales_sum "${SALES_MONTHS[i]}" "$b")")
    done
    cells+=$(fods_formula "SUM([.B$r:.D$r])" "$(sales_sum '' "$b")")
    echo "<table:table-row>$cells</table:table-row>"
    r=$((r + 1))
  done
  cells=$(fods_text 合計)
  for i in 0 1 2; do
    col=${cols[i]}
    cells+=$(fods_formula "SUM([.${col}2:.${col}$last])" "$(sales_sum "${SALES_MONTHS[i]}" '')" Total)
  done
  cells+=$(fods_formula "SUM([.E2:.E$last])" "$(sales_sum '' '')" Total)
  echo "<table:table-row>$cells</table:table-row></table:table>"
}

make_sales() {
  local src="$WORK/sales.fods"
  {
    cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:meta><dc:title>2025年度第1四半期 売上実績</dc:title><meta:initial-creator>経理部 佐々木 誠</meta:initial-creator><dc:creator>経理部 佐々木 誠</dc:creator><meta:creation-date>2025-04-03T11:20:00</meta:creation-date><dc:date>2025-04-03T11:20:00</dc:date><dc:language>ja-JP</dc:language></office:meta>
 <office:styles>
  <style:default-style style:family="table-cell"><style:text-properties style:font-name-asian="Noto Sans CJK JP" style:font-name="Noto Sans CJK JP" fo:font-size="10pt"/></style:default-style>
  <number:number-style style:name="N3"><number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
  <style:style style:name="Default" style:family="table-cell"/>
  <style:style style:name="Head" style:family="table-cell"><style:table-cell-properties fo:background-color="#d9e2f3"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
  <style:style style:name="Yen" style:family="table-cell" style:data-style-name="N3"/>
  <style:style style:name="Total" style:family="table-cell" style:data-style-name="N3"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="ColA" style:family="table-column"><style:table-column-properties style:column-width="2.6cm"/></style:style>
  <style:style style:name="ColB" style:family="table-column"><style:table-column-properties style:column-width="2.2cm"/></style:style>
  <style:style style:name="ColC" style:family="table-column"><style:table-column-properties style:column-width="4.2cm"/></style:style>
  <style:style style:name="ColD" style:family="table-column"><style:table-column-properties style:column-width="3.2cm"/></style:style>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
EOF
    sales_sheet
    summary_sheet
    echo ' </office:spreadsheet></office:body>'
    echo '</office:document>'
  } >"$src"
  office_convert 'xlsx:Calc MS Excel 2007 XML' "$src" 売上実績_2025Q1.xlsx
  normalise_zip "$HERE/売上実績_2025Q1.xlsx"
}
