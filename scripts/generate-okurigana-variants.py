#!/usr/bin/env python3
"""Generates src/FileSearch.Core/Text/okurigana-variants.tsv, the okurigana-variant folding table (送り仮名の揺れ:
申し込み / 申込み / 申込) of the normalised search field, from the UniDic lexicon that Debian's unidic-mecab package
installs (lex_3_1.csv: every spelling of a word is an entry with the same lemma id).

Usage: scripts/generate-okurigana-variants.py [--lexicon /usr/share/mecab/dic/unidic/lex_3_1.csv]
           [--out src/FileSearch.Core/Text/okurigana-variants.tsv] [--measure FILE_OR_FOLDER ...]

Rules (each spelling of a group is folded to the group's shortest spelling, never the other way round):
- A group is one UniDic lemma id of a common noun (名詞-普通名詞, uninflected) whose spellings (surface forms) are
  written in kanji and hiragana only and are read alike (same kana).
- The spellings of a group differ only in their okurigana: the same kanji as the lemma in the same order, at least two
  of them (single-kanji words such as 話し / 話 are left alone: their okurigana-free form is also the stem of a verb;
  spellings with a kanji written in kana, 申しこみ, are left out).
- A spelling that UniDic also reads as another word (a surface with an entry whose lemma reading is not a conjugation
  of the group's, such as 上り = のぼり next to 上がり) is left out; a group left with one spelling is dropped.
- Spellings are taken after the variant-kanji folding of kanji-variants.tsv, as the search field applies both.
The folding is a character mapping (longest match, left to right), so it also applies inside compounds (申込書) and to
the same letters of a verb form (申し込みます): documents and queries go through the same mapping.
--measure tokenizes the given texts (.txt files, .mo message catalogs: their translations) with MeCab + UniDic
(libmecab.so.2, /var/lib/mecab/dic/unidic) and counts the places where a mapping applies: the word of its group
(tokens spelling the key, read as the group), the stem of a verb of the same word (置き換え in 置き換える), or a false
fold (anything else: another word, or letters across two words); it prints the false folds.
Run it again when unidic-mecab changes and commit the table with its header.
"""

import argparse
import csv
import ctypes
import gettext
import os
import re
import sys
from collections import defaultdict

KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff々]")
KANJI_HIRAGANA = re.compile(r"^[\u3041-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff々]+$")


def skeleton(text):
    return "".join(KANJI.findall(text))


def related(reading, other):
    """True when two lemma readings are one word's (a conjugation: モウシコミ and モウシコメル share モウシコ)."""
    common = 0
    for a, b in zip(reading, other):
        if a != b:
            break
        common += 1
    return common >= min(len(reading), len(other)) - 1 and common >= 2


def load_kanji_folds(path):
    folds = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line and not line.startswith("#"):
                parts = line.rstrip("\n").split("\t")
                folds[parts[0]] = parts[1]
    return folds


def build(lexicon, kanji_folds):
    fold = lambda s: "".join(kanji_folds.get(c, c) for c in s)
    groups = defaultdict(dict)
    lemma_readings = defaultdict(set)
    with open(lexicon, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            surface = fold(row[0])
            lemma_readings[surface].add(row[10])
            if row[4] != "名詞" or row[5] != "普通名詞" or row[8] != "*" or not KANJI_HIRAGANA.match(surface):
                continue
            groups[(row[32], row[24])].setdefault(surface, row[11])

    rows = []
    for (lemma_id, reading), spellings in groups.items():
        lemma = next(iter(spellings.values()))
        kanji = skeleton(fold(lemma))
        kept = [s for s in spellings if skeleton(s) == kanji and all(related(reading, r) for r in lemma_readings[s])]
        if len(kept) < 2 or len(kanji) < 2:
            continue
        canonical = min(kept, key=lambda s: (len(s), s))
        for spelling in kept:
            if spelling != canonical:
                rows.append((spelling, canonical, reading, lemma))
    # One spelling, one target: a spelling in two groups (two lemma ids read alike) keeps the shorter target.
    best = {}
    for row in sorted(rows, key=lambda r: (len(r[1]), r[1])):
        best.setdefault(row[0], row)
    return sorted(best.values(), key=lambda r: (r[1], r[0]))


def longest_matches(text, table, longest):
    i = 0
    while i < len(text):
        for length in range(min(longest, len(text) - i), 0, -1):
            key = text[i:i + length]
            if key in table:
                yield i, key
                i += length
                break
        else:
            i += 1


def read_texts(paths):
    for path in paths:
        files = [os.path.join(d, f) for d, _, fs in os.walk(path) for f in sorted(fs)] if os.path.isdir(path) else [path]
        for file in files:
            if file.endswith(".mo"):
                with open(file, "rb") as handle:
                    catalog = gettext.GNUTranslations(handle)
                yield from (v for k, v in catalog._catalog.items() if k)  # the translations, one message each
            elif file.endswith(".txt"):
                with open(file, encoding="utf-8", errors="replace") as handle:
                    yield handle.read().replace("\n", "")


def measure(rows, paths):
    mecab = ctypes.CDLL("libmecab.so.2")
    mecab.mecab_new2.restype = ctypes.c_void_p
    mecab.mecab_new2.argtypes = [ctypes.c_char_p]
    mecab.mecab_sparse_tostr.restype = ctypes.c_char_p
    mecab.mecab_sparse_tostr.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    tagger = mecab.mecab_new2(b"-d /var/lib/mecab/dic/unidic")
    if not tagger:
        sys.exit("error: MeCab with UniDic not available (apt-get install libmecab2 unidic-mecab; scripts/install-prerequisites.sh compiles it)")
    table = {r[0]: r for r in rows}
    longest = max(len(k) for k in table)
    texts = chars = applied = conjugated = false = 0
    examples = []
    for text in read_texts(paths):
        texts += 1
        chars += len(text)
        matches = list(longest_matches(text, table, longest))
        if not matches:
            continue
        output = mecab.mecab_sparse_tostr(tagger, text.encode("utf-8")).decode("utf-8")
        starts, offset = {}, 0
        for line in output.split("\n"):
            if not line or line == "EOS":
                continue
            surface, _, features = line.partition("\t")
            fields = next(csv.reader([features]))
            kana = fields[20] if len(fields) > 20 else ""
            lemma_reading = fields[6] if len(fields) > 6 else ""
            at = text.find(surface, offset)
            if at < 0:
                continue
            starts[at] = (surface, kana, lemma_reading)
            offset = at + len(surface)
        for at, key in matches:
            applied += 1
            covered, kana, position = "", "", at
            while position in starts and len(covered) < len(key):
                surface, reading, _ = starts[position]
                covered += surface
                kana += reading
                position += len(surface)
            if covered == key and kana == table[key][2]:
                continue
            # The stem of a verb of the same word (置き換える for 置き換え): folded alike in documents and queries.
            first = starts.get(at)
            if first and first[0].startswith(key) and related(table[key][2], first[2]):
                conjugated += 1
            else:
                false += 1
                examples.append(f"{key}->{table[key][1]} in {text[max(0, at - 8):at + len(key) + 8]!r}")
    for example in examples:
        print("false fold:", example)
    rate = false / applied if applied else 0.0
    print(f"RESULT okurigana-false-folds texts={texts} chars={chars} applied={applied} word={applied - conjugated - false} "
          f"verb_stem={conjugated} false={false} false_rate={rate:.4f}")


def main():
    root = os.path.join(os.path.dirname(__file__), "..")
    parser = argparse.ArgumentParser()
    parser.add_argument("--lexicon", default="/usr/share/mecab/dic/unidic/lex_3_1.csv")
    parser.add_argument("--kanji", default=os.path.join(root, "src", "FileSearch.Core", "Text", "kanji-variants.tsv"))
    parser.add_argument("--out", default=os.path.join(root, "src", "FileSearch.Core", "Text", "okurigana-variants.tsv"))
    parser.add_argument("--measure", nargs="*", default=[])
    args = parser.parse_args()
    if not os.path.exists(args.lexicon):
        sys.exit(f"error: {args.lexicon} not found (apt-get install unidic-mecab)")

    rows = build(args.lexicon, load_kanji_folds(args.kanji))
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Okurigana variants folded to the group's shortest spelling by the normalised search field.\n")
        out.write("# GENERATED by scripts/generate-okurigana-variants.py: do not edit by hand.\n")
        out.write(f"# Source: UniDic ({os.path.basename(args.lexicon)}, Debian unidic-mecab), spellings of one lemma id of a common noun; BSD/GPL/LGPL.\n")
        out.write("# Columns: spelling, folded spelling, reading (kana), UniDic lemma.\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows written to {os.path.normpath(args.out)}", file=sys.stderr)
    if args.measure:
        measure(rows, args.measure)


if __name__ == "__main__":
    main()
