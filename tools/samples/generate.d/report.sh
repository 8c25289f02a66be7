# shellcheck shell=bash
# 営業報告書_2025年1月.docx: a monthly sales report with headings, paragraphs, a list and a table.
# It mentions 営業 and 売上 but deliberately never 契約. January figures match 売上実績_2025Q1.xlsx.

make_report() {
  local src="$WORK/report.html"
  {
    html_head '営業報告書（2025年1月度）' '山田 花子' 2025-02-05T09:30:00 2025-02-05T17:10:00 '月次報告, 支店別実績'
    cat <<'EOF'
<style>
body, p, h1, h2, td, th, li { font-family: "Noto Sans CJK JP"; font-size: 10.5pt; }
h1 { font-size: 16pt; text-align: center; }
h2 { font-size: 12pt; margin-top: 12pt; }
p.meta { text-align: right; margin: 0; }
th { background: #d9e2f3; }
td.num { text-align: right; }
</style>
</head>
<body>
<h1>営業報告書（2025年1月度）</h1>
<p class="meta">提出日：2025年2月5日</p>
<p class="meta">営業部 第一グループ　山田 花子</p>

<h2>1. 概況</h2>
<p>1月の売上高は全社で4,020万円となり、月間目標3,950万円に対して達成率101.8%、前年同月比106.9%と堅調に推移した。東京支店では年度末に向けたクラウド移行案件の前倒し受注が寄与し、名古屋支店でも製造業向けの新規顧客2社を獲得した。一方、大阪支店は大型案件の導入時期が2月にずれ込んだ影響で目標を下回った。</p>

<h2>2. 支店別実績</h2>
<table border="1" cellpadding="4" cellspacing="0">
<tr><th>支店</th><th>実績（万円）</th><th>目標（万円）</th><th>達成率</th><th>前年同月比</th></tr>
<tr><td>東京</td><td class="num">1,875</td><td class="num">1,800</td><td class="num">104.2%</td><td class="num">108.3%</td></tr>
<tr><td>大阪</td><td class="num">1,302</td><td class="num">1,350</td><td class="num">96.4%</td><td class="num">101.2%</td></tr>
<tr><td>名古屋</td><td class="num">843</td><td class="num">800</td><td class="num">105.4%</td><td class="num">112.6%</td></tr>
<tr><td><b>合計</b></td><td class="num"><b>4,020</b></td><td class="num"><b>3,950</b></td><td class="num"><b>101.8%</b></td><td class="num"><b>106.9%</b></td></tr>
</table>

<h2>3. 主な活動</h2>
<ul>
<li>文書管理クラウドの新規提案：12件（うち受注4件）</li>
<li>既存顧客への定期訪問：38社</li>
<li>製造業向けオンラインセミナー開催（1月22日、参加者64名）</li>
</ul>

<h2>4. 課題と来月の重点施策</h2>
<p>大阪支店の導入遅延案件については、2月第2週までに顧客側の検証環境を整備し、導入作業を確実に完了させる。また、年度末の需要期に備え、保守サービスの提案資料を刷新し、既存顧客へのアップセルを強化する。</p>
</body>
</html>
EOF
  } >"$src"
  office_convert 'docx:MS Word 2007 XML' "$src" 営業報告書_2025年1月.docx "HTML (StarWriter)"
  normalise_zip "$HERE/営業報告書_2025年1月.docx"
}
