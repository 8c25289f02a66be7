#!/usr/bin/env python3
"""Writes one-page PDFs whose Japanese words are broken by line wraps and by spacing in the PDF text layer.

LibreOffice lays out narrow-column documents (flat ODT written here) and exports them to PDF
(soffice --headless --convert-to pdf), so each word of words.txt is cut by a line end at a position that a varying
run of filler characters before it decides. narrow.pdf: plain left-aligned text; spaced.pdf: the same words with
letter spacing and justification, which makes PDF text extraction put spaces between Japanese characters.
Usage: python3 tests/data/wrapped/generate.py   (needs soffice: libreoffice-writer-nogui, fonts-noto-cjk)
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FILLER = "あいうえおかきくけこさしすせそ"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"')


def document(words, spaced):
    spacing = ' fo:letter-spacing="0.12cm"' if spaced else ""
    align = ' fo:text-align="justify"' if spaced else ""
    paragraphs = []
    for i, word in enumerate(words):
        # A different count of filler characters before each word moves the line end to a different place in it.
        lead = "".join(FILLER[(i + k) % len(FILLER)] for k in range(1 + i % 5))
        paragraphs.append(f"<text:p text:style-name=\"P\">{lead}{word}。</text:p>")
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="Noto Sans CJK JP" svg:font-family="'Noto Sans CJK JP'"/></office:font-face-decls>
 <office:styles><style:style style:name="P" style:family="paragraph"><style:paragraph-properties{align}/>
  <style:text-properties style:font-name="Noto Sans CJK JP" style:font-name-asian="Noto Sans CJK JP" fo:font-size="10pt"
   style:font-size-asian="10pt" style:language-asian="ja" style:country-asian="JP"{spacing}/></style:style></office:styles>
 <office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="3.2cm"
   fo:page-height="80cm" fo:margin-left="0.3cm" fo:margin-right="0.3cm" fo:margin-top="0.5cm" fo:margin-bottom="0.5cm"/>
  </style:page-layout></office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
 <office:body><office:text>{"".join(paragraphs)}</office:text></office:body>
</office:document>
'''


def main():
    with open(os.path.join(HERE, "words.txt"), encoding="utf-8") as f:
        words = [w.strip() for w in f if w.strip() and not w.startswith("#")]
    work = tempfile.mkdtemp(prefix="fs-wrapped-")
    try:
        for name, spaced in (("narrow", False), ("spaced", True)):
            source = os.path.join(work, name + ".fodt")
            with open(source, "w", encoding="utf-8") as f:
                f.write(document(words, spaced))
            subprocess.run(["soffice", "-env:UserInstallation=file://" + os.path.join(work, "profile"), "--headless",
                            "--convert-to", "pdf", "--outdir", work, source],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
            shutil.move(os.path.join(work, name + ".pdf"), os.path.join(HERE, name + ".pdf"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
