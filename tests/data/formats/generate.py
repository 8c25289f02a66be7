#!/usr/bin/env python3
"""Writes the format corpus in this folder: one small file per format, each with Japanese words of its own.

Word, Excel, PowerPoint 97-2003, OpenDocument and RTF files are converted by LibreOffice from flat OpenDocument
sources written here (soffice --headless --convert-to); the text formats and mails are written directly, in the
encodings the share has (Shift_JIS, ISO-2022-JP, UTF-8). Outlook .msg files are not here: nothing on a Linux machine
writes them, so the tests write one with NPOI's OLE2 writer (tests/FileSearch.Extraction.Tests/OutlookMsgWriter.cs).
Usage: python3 tests/data/formats/generate.py   (needs soffice: libreoffice-writer/calc/impress-nogui)
Expected words per file: expected.tsv (file, word); the tests read it.
"""
import base64
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

OFFICE_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'office:version="1.2"'
)


def text_document(title, body, cell_a, cell_b, header):
    """A flat ODT: a heading, a paragraph, a two-cell table and a page header."""
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {OFFICE_NS} office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="Noto Sans CJK JP" svg:font-family="'Noto Sans CJK JP'"/></office:font-face-decls>
 <office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Noto Sans CJK JP"
   style:font-name-asian="Noto Sans CJK JP" fo:language="ja" fo:country="JP" style:language-asian="ja" style:country-asian="JP"/></style:default-style></office:styles>
 <office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/>
  <style:header-style/></style:page-layout></office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p>{header}</text:p></style:header></style:master-page></office:master-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">{title}</text:h>
  <text:p>{body}</text:p>
  <table:table table:name="表1"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell office:value-type="string"><text:p>{cell_a}</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>{cell_b}</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:text></office:body>
</office:document>
'''


def spreadsheet(sheets):
    """A flat ODS: sheets of (name, rows of cells); numbers stay numbers."""
    out = []
    for name, rows in sheets:
        out.append(f'<table:table table:name="{name}">')
        for row in rows:
            out.append('<table:table-row>')
            for cell in row:
                if isinstance(cell, (int, float)):
                    out.append(f'<table:table-cell office:value-type="float" office:value="{cell}"><text:p>{cell}</text:p></table:table-cell>')
                else:
                    out.append(f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>')
            out.append('</table:table-row>')
        out.append('</table:table>')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {OFFICE_NS} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:body><office:spreadsheet>{"".join(out)}</office:spreadsheet></office:body>
</office:document>
'''


def presentation(slides):
    """A flat ODP: slides of (title, body, notes)."""
    pages = []
    for i, (title, body, notes) in enumerate(slides, 1):
        pages.append(f'''<draw:page draw:name="page{i}" draw:master-page-name="Default">
  <draw:frame presentation:class="title" svg:x="2cm" svg:y="1cm" svg:width="24cm" svg:height="3cm"><draw:text-box><text:p>{title}</text:p></draw:text-box></draw:frame>
  <draw:frame presentation:class="outline" svg:x="2cm" svg:y="5cm" svg:width="24cm" svg:height="10cm"><draw:text-box><text:p>{body}</text:p></draw:text-box></draw:frame>
  <presentation:notes><draw:frame presentation:class="notes" svg:x="2cm" svg:y="15cm" svg:width="17cm" svg:height="10cm"><draw:text-box><text:p>{notes}</text:p></draw:text-box></draw:frame></presentation:notes>
 </draw:page>''')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {OFFICE_NS} office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:master-styles><style:master-page style:name="Default"/></office:master-styles>
 <office:body><office:presentation>{"".join(pages)}</office:presentation></office:body>
</office:document>
'''


def convert(source_name, content, target_ext, output_name, work):
    source = os.path.join(work, source_name)
    with open(source, "w", encoding="utf-8") as f:
        f.write(content)
    out = os.path.join(work, "out")
    profile = "file://" + os.path.join(work, "profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target_ext, "--outdir", out, source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    produced = os.path.join(out, os.path.splitext(source_name)[0] + "." + target_ext.split(":")[0])
    shutil.move(produced, os.path.join(HERE, output_name))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def mail_iso2022jp():
    subject = "=?ISO-2022-JP?B?" + base64.b64encode("納品遅延のお詫び".encode("iso2022_jp")).decode() + "?="
    sender = "=?ISO-2022-JP?B?" + base64.b64encode("山田太郎".encode("iso2022_jp")).decode() + "?= <yamada@example.co.jp>"
    body = "お世話になっております。\r\n検収書の送付が遅れましたことをお詫びします。\r\n".encode("iso2022_jp")
    head = (f"From: {sender}\r\nTo: sato@example.co.jp\r\nSubject: {subject}\r\nDate: Tue, 14 Jan 2025 10:00:00 +0900\r\n"
            "Message-ID: <iso2022jp@example.co.jp>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
            "Content-Transfer-Encoding: 7bit\r\n\r\n").encode("ascii")
    return head + body


def mail_utf8_html():
    html = "<html><body><p>年末調整の書類を添付します。</p><script>var x = '除外スクリプト';</script></body></html>"
    attachment = base64.b64encode(b"%PDF-1.4 placeholder").decode()
    name = "源泉徴収票.pdf"
    subject = "=?UTF-8?B?" + base64.b64encode("書類送付のご案内".encode()).decode() + "?="
    return (f"From: keiri@example.co.jp\r\nTo: all@example.co.jp\r\nSubject: {subject}\r\n"
            "Date: Mon, 1 Dec 2025 09:30:00 +0900\r\nMessage-ID: <utf8html@example.co.jp>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            "--b1\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64.encodebytes(html.encode()).decode().replace("\n", "\r\n")
            + "\r\n--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: attachment; filename*=UTF-8''{''.join('%%%02X' % b for b in name.encode())}\r\n\r\n"
            f"{attachment}\r\n--b1--\r\n").encode("ascii")


def rtf_shift_jis():
    """RTF as Japanese Word writes it: \\ansicpg932, a Shift_JIS font, text as \\'xx escapes, \\uN with a 2-byte fallback."""
    def escaped(text):
        return "".join("\\'%02x" % b for b in text.encode("cp932"))
    fallback = escaped("表")
    return ("{\\rtf1\\ansi\\ansicpg932\\deff0{\\fonttbl{\\f0\\fnil\\fcharset128 \\'82\\'6c\\'82\\'72 \\'96\\'be\\'92\\'a9;}}"
            "{\\info{\\title \\'95\\'5c\\'8e\\'86}}\r\n"
            "\\pard\\f0 " + escaped("請求書の") + "\r\n" + escaped("送付について") + "\\par\r\n"
            "\\uc2\\u34920" + fallback + escaped("計算") + "\\tab 100\\par\r\n}").encode("ascii")


def main():
    work = tempfile.mkdtemp(prefix="fs-corpus-")
    try:
        word = text_document("稟議書", "新規サーバー購入の承認をお願いします。", "承認者", "部長", "機密区分")
        convert("word.fodt", word, "doc", "稟議書.doc", work)
        convert("rtf.fodt", text_document("見積依頼書", "下記の件につき見積をお願いします。", "品名", "数量", "営業部"), "rtf", "見積依頼書.rtf", work)
        convert("odt.fodt", text_document("就業規則", "始業時刻は午前九時とする。", "条項", "内容", "人事部"), "odt", "就業規則.odt", work)
        convert("xls.fods", spreadsheet([("倉庫", [["在庫管理表", ""], ["品目", "数量"], ["段ボール", 120]]), ("発注", [["発注先", "株式会社東京"]])]),
                "xls", "在庫管理表.xls", work)
        convert("ods.fods", spreadsheet([("集計", [["勤怠集計", ""], ["氏名", "残業時間"], ["鈴木", 12.5]])]), "ods", "勤怠集計.ods", work)
        slides = [("事業計画", "来期の売上目標", "発表者メモ：質疑応答の準備"), ("体制", "プロジェクト推進室", "")]
        convert("ppt.fodp", presentation(slides), "ppt", "事業計画.ppt", work)
        convert("odp.fodp", presentation([("製品ロードマップ", "次世代モデルの発売", "ノート：価格は未定")]), "odp", "製品ロードマップ.odp", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    write("社内報.html", '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>社内報 1月号</title><style>p {color: red}</style></head>\n'
          '<body><h1>社内報</h1><p>新年のご挨拶&amp;抱負&#x3002;</p><script>document.write("除外スクリプト")</script></body></html>\n'.encode("utf-8"))
    write("健康診断.htm", ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>お知らせ</title></head>\n'
                       '<body><p>健康診断の日程は&nbsp;二月です。</p><table><tr><td>会場</td><td>本社会議室</td></tr></table></body></html>\n').encode("cp932"))
    write("取引先一覧.csv", "取引先一覧,担当\r\n株式会社大阪,高橋\r\n名古屋商事,伊藤\r\n".encode("cp932"))
    write("備品台帳.tsv", "備品台帳\t数量\nノートパソコン\t25\n".encode("utf-8"))
    write("開発手順書.md", "# 開発手順書\n\n1. リポジトリを取得する\n2. `ビルド` を実行する\n".encode("utf-8"))
    write("部署一覧.json", b'{"title": "\\u90e8\\u7f72\\u4e00\\u89a7", "departments": [{"name": "\\u7dcf\\u52d9\\u90e8", "floor": 3}]}\n')
    write("出張申請.xml", '<?xml version="1.0" encoding="Shift_JIS"?>\n<申請><件名>出張申請</件名><行先>福岡支店</行先><![CDATA[宿泊費込み]]></申請>\n'.encode("cp932"))
    write("請求書送付.rtf", rtf_shift_jis())
    write("納品遅延.eml", mail_iso2022jp())
    write("書類送付.eml", mail_utf8_html())

    expected = [
        ("稟議書.doc", "稟議書"), ("稟議書.doc", "機密区分"), ("稟議書.doc", "承認者"),
        ("見積依頼書.rtf", "見積依頼書"), ("請求書送付.rtf", "請求書の送付について"), ("請求書送付.rtf", "表計算"), ("就業規則.odt", "就業規則"), ("就業規則.odt", "人事部"),
        ("在庫管理表.xls", "在庫管理表"), ("在庫管理表.xls", "倉庫"), ("在庫管理表.xls", "株式会社東京"),
        ("勤怠集計.ods", "勤怠集計"), ("事業計画.ppt", "事業計画"), ("事業計画.ppt", "発表者メモ"), ("事業計画.ppt", "プロジェクト推進室"),
        ("製品ロードマップ.odp", "製品ロードマップ"), ("製品ロードマップ.odp", "価格は未定"),
        ("社内報.html", "新年のご挨拶&抱負。"), ("健康診断.htm", "健康診断"), ("健康診断.htm", "本社会議室"),
        ("取引先一覧.csv", "取引先一覧"), ("備品台帳.tsv", "備品台帳"), ("開発手順書.md", "開発手順書"),
        ("部署一覧.json", "総務部"), ("出張申請.xml", "出張申請"), ("出張申請.xml", "宿泊費込み"),
        ("納品遅延.eml", "納品遅延のお詫び"), ("納品遅延.eml", "検収書"), ("納品遅延.eml", "山田太郎"),
        ("書類送付.eml", "年末調整"), ("書類送付.eml", "源泉徴収票.pdf"), ("書類送付.eml", "書類送付のご案内"),
    ]
    with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8") as f:
        f.write("file\tword\n")
        for name, w in expected:
            f.write(f"{name}\t{w}\n")


if __name__ == "__main__":
    sys.exit(main())
