#!/usr/bin/env python3
"""Generates src/FileSearch.Core/Text/kanji-variants.tsv, the variant-kanji (異体字) folding table of the
normalised search field, from the Unicode Han Database (Unihan) that Debian's unicode-data package installs.

Usage: scripts/generate-kanji-variants.py [--unihan /usr/share/unicode] [--out src/FileSearch.Core/Text/kanji-variants.tsv]

Rules (a character is folded to a standard form, never the other way round):
- Pairs come from kZVariant (same abstract character, different glyph) and kSemanticVariant (interchangeable
  meaning). Simplified/traditional pairs (Chinese simplification) and specialised or spoofing variants are not used.
- The target is a Jōyō kanji (kJoyoKanji, the 2010 list); the source is not. Jōyō characters are never folded, so
  two characters of the standard list never meet.
- Jinmeiyō kanji that the list itself names as a variant of a Jōyō kanji (kJinmeiyoKanji 2010:U+....; 澤 of 沢,
  國 of 国) fold to it; this rule wins over the two above.
- KANJIDIC2 (EDRDG, Debian's kanjidic-xml) cross-references of a kanji to its JIS X 0208 variants (澤 to 沢, 邊 to
  辺, 齋 to 斎), read through Unihan's kJis0, fold a non-Jōyō kanji to its only Jōyō variant; this rule wins over
  Unihan's variant pairs, which are written from the Chinese point of view.
- A source with several Jōyō candidates keeps the one a dictionary marks as a Z-variant (for example kMorohashi:Z);
  when none or several are so marked, the character is left alone.
- CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) whose NFKC form is a different character map to that
  form, folded further when the form itself has a row.
Run it again when unicode-data changes and commit the table with its header.
"""

import argparse
import bz2
import gzip
import os
import re
import sys
import unicodedata

USED_FIELDS = ("kZVariant", "kSemanticVariant")


def code(text):
    return chr(int(text[2:], 16))


def read(path):
    opener = bz2.open if path.endswith(".bz2") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                yield None, line
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                yield parts, line


def find(folder, name):
    for candidate in (name, name + ".bz2"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return path
    sys.exit(f"error: {name} not found in {folder} (apt-get install unicode-data)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unihan", default="/usr/share/unicode")
    parser.add_argument("--kanjidic", default="/usr/share/edict/kanjidic2.xml.gz")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "src", "FileSearch.Core", "Text", "kanji-variants.tsv"))
    args = parser.parse_args()

    variants_path = find(args.unihan, "Unihan_Variants.txt")
    mappings_path = find(args.unihan, "Unihan_OtherMappings.txt")

    header = []
    joyo = set()
    jinmeiyo = {}
    jis0 = {}
    for parts, line in read(mappings_path):
        if parts and parts[1] == "kJoyoKanji":
            joyo.add(code(parts[0]))
        elif parts and parts[1] == "kJis0":
            jis0[(int(parts[2][:2]), int(parts[2][2:]))] = code(parts[0])
        elif parts and parts[1] == "kJinmeiyoKanji" and ":U+" in parts[2]:
            jinmeiyo[code(parts[0])] = code(parts[2].split(":")[1])

    candidates = {}
    for parts, line in read(variants_path):
        if parts is None:
            if re.match(r"# (Date|Unicode version):", line):
                header.append(line.strip("# \n"))
            continue
        source, field, values = parts
        if field not in USED_FIELDS:
            continue
        source = code(source)
        for value in values.split(" "):
            target_text, _, tags = value.partition("<")
            target = code(target_text)
            z_marked = field == "kZVariant" or any("Z" in t.partition(":")[2] for t in tags.split(","))
            entry = candidates.setdefault(source, {})
            entry[target] = entry.get(target, False) or z_marked

    folds = {}
    for source, targets in candidates.items():
        if source in joyo:
            continue
        standard = {t: z for t, z in targets.items() if t in joyo}
        if len(standard) == 1:
            folds[source] = next(iter(standard))
        elif len(standard) > 1:
            marked = [t for t, z in standard.items() if z]
            if len(marked) == 1:
                folds[source] = marked[0]

    rows = {source: (target, "unihan") for source, target in folds.items()}
    kanjidic_version = read_kanjidic(args.kanjidic, jis0, joyo, folds, rows)
    for source, target in jinmeiyo.items():
        if source not in joyo and target in joyo:
            folds[source] = target
            rows[source] = (target, "jinmeiyo")
    for cp in list(range(0xF900, 0xFB00)) + list(range(0x2F800, 0x2FA20)):
        char = chr(cp)
        try:
            unicodedata.name(char)
        except ValueError:
            continue
        form = unicodedata.normalize("NFKC", char)
        if form != char and char not in rows:
            rows[char] = (folds.get(form, form), "nfkc")

    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Variant kanji folded to a standard form by the normalised search field (text_norm).\n")
        out.write("# GENERATED by scripts/generate-kanji-variants.py: do not edit by hand.\n")
        out.write(f"# Source: Unihan ({os.path.basename(variants_path)}, {os.path.basename(mappings_path)}), {'; '.join(header[:2])}.\n")
        out.write(f"# Source: KANJIDIC2 ({os.path.basename(args.kanjidic)}), {kanjidic_version}; EDRDG licence (CC BY-SA 4.0).\n")
        out.write("# Columns: variant, standard form, code points, rule (unihan = kZVariant/kSemanticVariant to a Jouyou kanji; kanjidic = KANJIDIC2 JIS X 0208 variant; jinmeiyo = kJinmeiyoKanji variant of a Jouyou kanji; nfkc = compatibility ideograph).\n")
        for source in sorted(rows, key=ord):
            target, rule = rows[source]
            out.write(f"{source}\t{target}\tU+{ord(source):04X}>U+{ord(target):04X}\t{rule}\n")
    print(f"{len(rows)} rows written to {os.path.normpath(args.out)}", file=sys.stderr)


def read_kanjidic(path, jis0, joyo, folds, rows):
    if not os.path.exists(path):
        sys.exit(f"error: {path} not found (apt-get install kanjidic-xml)")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = handle.read()
    version = re.search(r"<database_version>([^<]+)</database_version>", data)
    created = re.search(r"<date_of_creation>([^<]+)</date_of_creation>", data)
    for entry in re.finditer(r"<literal>([^<]+)</literal>(.*?)</character>", data, re.S):
        source, body = entry.group(1), entry.group(2)
        if source in joyo or rows.get(source, ("", ""))[1] == "jinmeiyo":
            continue
        targets = set()
        for kind, value in re.findall(r'<variant var_type="(jis208|ucs)">([^<]+)</variant>', body):
            if kind == "ucs":
                target = chr(int(value, 16))
            else:
                plane, row, cell = (int(x) for x in value.split("-"))
                target = jis0.get((row, cell)) if plane == 1 else None
            if target in joyo:
                targets.add(target)
        if len(targets) == 1:
            target = targets.pop()
            folds[source] = target
            rows[source] = (target, "kanjidic")
    return f"database version {version.group(1) if version else '?'}, created {created.group(1) if created else '?'}"


if __name__ == "__main__":
    main()
