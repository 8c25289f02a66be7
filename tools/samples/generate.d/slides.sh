# shellcheck shell=bash
# 会社案内.pptx: a three-slide company profile with speaker notes on every slide, converted by LibreOffice Impress
# from flat ODP. It mentions neither 契約 nor 売上.

# slide number, title, notes, body paragraphs... -> one draw:page
fodp_page() {
  local n=$1 title=$2 notes=$3 body='' item
  shift 3
  for item in "$@"; do body+="<text:list-item><text:p>$item</text:p></text:list-item>"; done
  [[ -n $body ]] && body="<draw:frame presentation:class=\"outline\" presentation:style-name=\"Default-outline1\" svg:x=\"2cm\" svg:y=\"4.2cm\" svg:width=\"24cm\" svg:height=\"10cm\"><draw:text-box><text:list>$body</text:list></draw:text-box></draw:frame>"
  cat <<EOF
  <draw:page draw:name="page$n" draw:master-page-name="Default">
   <draw:rect draw:style-name="Band" svg:x="0cm" svg:y="0cm" svg:width="28cm" svg:height="0.5cm"/>
   <draw:frame presentation:class="title" presentation:style-name="Default-title" svg:x="2cm" svg:y="1cm" svg:width="24cm" svg:height="2.6cm"><draw:text-box><text:p>$title</text:p></draw:text-box></draw:frame>
   $body
   <presentation:notes>
    <draw:page-thumbnail draw:page-number="$n" presentation:class="page" svg:x="1.5cm" svg:y="2cm" svg:width="18cm" svg:height="10.1cm"/>
    <draw:frame presentation:class="notes" presentation:style-name="Default-notes" svg:x="2cm" svg:y="13.5cm" svg:width="17cm" svg:height="13cm"><draw:text-box><text:p>$notes</text:p></draw:text-box></draw:frame>
   </presentation:notes>
  </draw:page>
EOF
}

make_slides() {
  local src="$WORK/slides.fodp"
  {
    cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:meta><dc:title>会社案内 2025</dc:title><meta:initial-creator>広報室 小林 由美</meta:initial-creator><dc:creator>広報室 小林 由美</dc:creator><meta:creation-date>2025-01-20T15:00:00</meta:creation-date><dc:date>2025-01-20T15:00:00</dc:date><dc:language>ja-JP</dc:language></office:meta>
 <office:styles>
  <style:default-style style:family="graphic">
   <style:text-properties fo:font-family="'Noto Sans CJK JP'" style:font-family-asian="'Noto Sans CJK JP'" fo:font-size="22pt" style:font-size-asian="22pt" fo:language="ja" fo:country="JP" style:language-asian="ja" style:country-asian="JP"/>
  </style:default-style>
  <style:style style:name="Default-title" style:family="presentation"><style:graphic-properties draw:stroke="none" draw:fill="none" draw:textarea-vertical-align="middle"/><style:text-properties fo:font-size="32pt" style:font-size-asian="32pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3864"/></style:style>
  <style:style style:name="Default-outline1" style:family="presentation"><style:graphic-properties draw:stroke="none" draw:fill="none" draw:textarea-vertical-align="top"/><style:paragraph-properties fo:margin-top="0.3cm"/><style:text-properties fo:font-size="24pt" style:font-size-asian="24pt" fo:color="#262626"/></style:style>
  <style:style style:name="Default-notes" style:family="presentation"><style:graphic-properties draw:stroke="none" draw:fill="none"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
  <style:style style:name="Band" style:family="graphic"><style:graphic-properties draw:stroke="none" draw:fill="solid" draw:fill-color="#1f3864"/></style:style>
 </office:styles>
 <office:automatic-styles>
  <style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="28cm" fo:page-height="15.75cm" style:print-orientation="landscape"/></style:page-layout>
  <style:page-layout style:name="PM2"><style:page-layout-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Default" style:page-layout-name="PM1">
   <presentation:notes style:page-layout-name="PM2">
    <draw:page-thumbnail presentation:class="page" svg:x="1.5cm" svg:y="2cm" svg:width="18cm" svg:height="10.1cm"/>
    <draw:frame presentation:class="notes" presentation:style-name="Default-notes" svg:x="2cm" svg:y="13.5cm" svg:width="17cm" svg:height="13cm"><draw:text-box/></draw:frame>
   </presentation:notes>
  </style:master-page>
 </office:master-styles>
 <office:body><office:presentation>
EOF
    fodp_page 1 '会社案内' \
      '冒頭で来場へのお礼を述べ、所要時間が約15分であることを伝える。質疑は最後にまとめて受ける。' \
      '株式会社みなとシステムズ' '2025年版'
    fodp_page 2 '会社概要' \
      '従業員数は2025年1月1日現在。名古屋拠点は2023年に開設したことを補足する。' \
      '設立：2008年4月' '資本金：5,000万円' '従業員数：128名' '本社：大阪市北区梅田　拠点：東京・名古屋'
    fodp_page 3 '事業内容' \
      '導入事例は製造業と自治体の2件を口頭で紹介する。具体的な顧客名は出さないこと。' \
      '文書管理クラウドの開発・提供' '業務システムの受託開発' '保守・運用サービス（24時間監視オプションあり）'
    echo ' </office:presentation></office:body>'
    echo '</office:document>'
  } >"$src"
  office_convert 'pptx:Impress MS PowerPoint 2007 XML' "$src" 会社案内.pptx
  normalise_zip "$HERE/会社案内.pptx"
}
