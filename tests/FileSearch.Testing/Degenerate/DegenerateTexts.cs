using System.Text;

namespace FileSearch.Testing.Degenerate;

/// <summary>
/// Text files at the edges: megabytes without a newline, NUL bytes, UTF-16 without a byte-order mark, a byte-order mark
/// and nothing else, lines in three Japanese encodings in one file, invalid UTF-8 sequences, CR-only line ends.
/// </summary>
internal static class DegenerateTexts
{
    public static void Write(DegenerateCorpus corpus, bool heavy)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var utf8 = new UTF8Encoding(false);
        var megabytes = heavy ? 16 : 2;

        corpus.AddBytes("text/one-byte.txt", "text", "a"u8);
        corpus.AddBytes("text/newline-only.txt", "text", "\n"u8);
        corpus.AddBytes("text/bom-only.txt", "text", [0xEF, 0xBB, 0xBF]);
        corpus.AddBytes("text/utf16-bom-only.txt", "text", [0xFF, 0xFE]);
        corpus.AddBytes("text/spaces-only.txt", "text", utf8.GetBytes(new string(' ', 100_000)));
        corpus.AddBytes("text/newlines-only.txt", "text", utf8.GetBytes(new string('\n', 1_000_000)));

        var ascii = "noNewlineAscii" + new string('x', megabytes * 1024 * 1024);
        corpus.AddBytes("text/ascii-no-newline.txt", "text", utf8.GetBytes(ascii));
        var word = "改行無長文";
        corpus.AddBytes("text/japanese-no-newline.txt", "text", utf8.GetBytes(word + string.Concat(Enumerable.Repeat("あいうえお漢字カタカナ", megabytes * 1024 * 1024 / 33))), word: word);
        corpus.AddBytes("text/japanese-no-newline-sjis.txt", "text",
            Encoding.GetEncoding(932).GetBytes("改行無シフト" + string.Concat(Enumerable.Repeat("あいうえお漢字カタカナ", 100_000))), word: "改行無シフト");

        var nulWord = "空文字混入";
        corpus.AddBytes("text/nul-sprinkled.txt", "text", utf8.GetBytes($"{nulWord}の試験\0です。\0\0行の途中\0に NUL。\n" + string.Concat(Enumerable.Repeat("本文\0", 2000))));
        corpus.AddBytes("text/nul-only.txt", "text", new byte[4096]);
        corpus.AddBytes("text/utf16le-no-bom.txt", "text", Encoding.Unicode.GetBytes("バイト順無し文書の本文です。\n二行目。"), word: "バイト順");
        corpus.AddBytes("text/utf16be-bom.txt", "text", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("ビッグエンディアン文書")]);

        var mixed = new List<byte>();
        mixed.AddRange(utf8.GetBytes("混在符号化の一行目はUTF-8です。\n"));
        mixed.AddRange(Encoding.GetEncoding(932).GetBytes("二行目はシフトJISです。\n"));
        mixed.AddRange(Encoding.GetEncoding(51932).GetBytes("三行目はEUC-JPです。\n"));
        corpus.AddBytes("text/mixed-encodings.txt", "text", [.. mixed]);
        // A few damaged sequences in a page of UTF-8 (a damaged copy, not a different encoding).
        var prose = utf8.GetBytes(string.Concat(Enumerable.Repeat("壊れた符号列の前後にも日本語の文章が続きます。\n", 10)));
        corpus.AddBytes("text/invalid-utf8.txt", "text", [.. prose, 0xC3, 0x28, 0xE2, 0x82, 0xFF, 0xFE, .. prose], word: "壊れた");
        corpus.AddBytes("text/cr-only.txt", "text", utf8.GetBytes(string.Join('\r', Enumerable.Repeat("復帰のみの行", 5000))), word: "復帰");
        corpus.AddBytes("text/long-lines.csv", "text", utf8.GetBytes(string.Join("\r\n", Enumerable.Range(0, 20).Select(i => string.Join(',', Enumerable.Repeat($"列{i}", 20_000))))));
    }
}
