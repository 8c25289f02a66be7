using System.Globalization;
using System.Text;

namespace FileSearch.Testing.Degenerate;

/// <summary>
/// PDFs at the edges: zero pages, thousands of pages, huge, tiny, inverted and rotated page boxes, vector-only pages, deep
/// page trees, and cross-reference tables that are wrong, missing or point past the end (which readers repair).
/// Text is ASCII in the standard Helvetica (no font to embed); each file's word is unique.
/// </summary>
internal static class DegeneratePdfs
{
    private const string Vector = "0.5 w 0 0 1 RG 10 10 m 200 200 l S 1 0 0 rg 50 50 100 60 re f 0 g 30 300 m 80 350 130 250 180 300 c S";

    public static void Write(DegenerateCorpus corpus, bool heavy)
    {
        corpus.AddBytes("pdf/zero-pages.pdf", "pdf", Pdf([]), DegenerateExpectation.IndexedOrRefused);
        corpus.AddBytes("pdf/one-blank-page.pdf", "pdf", Pdf([new Page(Content: string.Empty)]));
        var many = heavy ? 5000 : 2000;
        corpus.AddBytes(string.Create(CultureInfo.InvariantCulture, $"pdf/pages-{many}.pdf"), "pdf",
            Pdf([.. Enumerable.Range(0, many).Select(_ => new Page(Content: Text("manypageszebra")))]), word: "manypageszebra");

        foreach (var (name, box, expectation) in new (string, string, DegenerateExpectation)[]
        {
            ("huge-14400", "[0 0 14400 14400]", DegenerateExpectation.Indexed),
            ("huge-200000", "[0 0 200000 200000]", DegenerateExpectation.Indexed),
            ("strip-1x14400", "[0 0 1 14400]", DegenerateExpectation.Indexed),
            ("tiny-1x1", "[0 0 1 1]", DegenerateExpectation.Indexed),
            ("negative-origin", "[-5000 -5000 -4388 -4208]", DegenerateExpectation.Indexed),
            ("inverted", "[612 792 0 0]", DegenerateExpectation.Indexed),
            ("zero-area", "[0 0 0 0]", DegenerateExpectation.IndexedOrRefused),
        })
        {
            var word = "box" + name.Replace("-", string.Empty, StringComparison.Ordinal) + "walrus";
            corpus.AddBytes($"pdf/box/{name}-text.pdf", "pdf", Pdf([new Page(box, Content: Text(word))]), expectation, word);
            corpus.AddBytes($"pdf/box/{name}-vector.pdf", "pdf", Pdf([new Page(box, Content: Vector)]), expectation);
        }

        foreach (var rotate in new[] { 90, 180, 270, -90, 450, 45 })
        {
            var word = "rotated" + (rotate < 0 ? "minus" + (-rotate) : rotate.ToString(CultureInfo.InvariantCulture)) + "okapi";
            corpus.AddBytes(string.Create(CultureInfo.InvariantCulture, $"pdf/rotate/rotate{rotate}.pdf"), "pdf",
                Pdf([new Page(Rotate: rotate, Content: Text(word)), new Page(Rotate: rotate, Content: Vector)]),
                rotate % 90 == 0 ? DegenerateExpectation.Indexed : DegenerateExpectation.IndexedOrRefused, word);
        }

        corpus.AddBytes("pdf/vector-only.pdf", "pdf", Pdf([new Page(Content: Vector), new Page(Content: Vector)]));
        corpus.AddBytes("pdf/no-mediabox.pdf", "pdf", Pdf([new Page(Box: null, Content: Text("nomediaboxheron"))]), DegenerateExpectation.IndexedOrRefused, "nomediaboxheron");
        corpus.AddBytes("pdf/deep-page-tree.pdf", "pdf", DeepTree(60, "deeptreeibis"), word: "deeptreeibis");

        var good = Pdf([new Page(Content: Text("brokenxrefgecko"))]);
        corpus.AddBytes("pdf/xref/offsets-shifted.pdf", "pdf", ShiftOffsets(good), DegenerateExpectation.IndexedOrRefused, "brokenxrefgecko");
        corpus.AddBytes("pdf/xref/startxref-past-end.pdf", "pdf", ReplaceStartXref(good, "99999999"), DegenerateExpectation.IndexedOrRefused, "brokenxrefgecko");
        corpus.AddBytes("pdf/xref/no-xref.pdf", "pdf", CutXref(good), DegenerateExpectation.IndexedOrRefused, "brokenxrefgecko");
        corpus.AddBytes("pdf/xref/no-eof.pdf", "pdf", good.AsSpan(0, good.AsSpan().LastIndexOf("%%EOF"u8)), DegenerateExpectation.IndexedOrRefused, "brokenxrefgecko");
    }

    /// <summary>One page: its MediaBox (null: none), rotation and content stream.</summary>
    private sealed record Page(string? Box = "[0 0 612 792]", int Rotate = 0, string Content = "");

    private static string Text(string word) => $"BT /F1 24 Tf 72 700 Td ({word}) Tj ET";

    /// <summary>Catalog 1, pages 2, font 3, then a page and its content per page (equal contents share one stream).</summary>
    private static byte[] Pdf(IReadOnlyList<Page> pages)
    {
        var objects = new List<byte[]> { Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Array.Empty<byte>(), Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>") };
        var streams = new Dictionary<string, int>(StringComparer.Ordinal);
        var kids = new StringBuilder();
        foreach (var page in pages)
        {
            if (!streams.TryGetValue(page.Content, out var content))
            {
                objects.Add(Stream(page.Content));
                content = objects.Count;
                streams[page.Content] = content;
            }

            var box = page.Box is null ? string.Empty : $" /MediaBox {page.Box}";
            var rotate = page.Rotate == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" /Rotate {page.Rotate}");
            objects.Add(Ascii(string.Create(CultureInfo.InvariantCulture,
                $"<< /Type /Page /Parent 2 0 R{box}{rotate} /Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")));
            kids.Append(CultureInfo.InvariantCulture, $"{objects.Count} 0 R ");
        }

        objects[1] = Ascii(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages /Kids [{kids}] /Count {pages.Count} >>"));
        return PdfFile.Build(objects);
    }

    /// <summary>A page tree <paramref name="depth"/> levels deep with one page at the bottom.</summary>
    private static byte[] DeepTree(int depth, string word)
    {
        // 1 catalog, 2 font, 3 content, 4..depth+3 the Pages nodes, then the page.
        var objects = new List<byte[]> { Ascii("<< /Type /Catalog /Pages 4 0 R >>"), Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"), Stream(Text(word)) };
        var page = depth + 4;
        for (var level = 0; level < depth; level++)
        {
            var self = 4 + level;
            var parent = level == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" /Parent {self - 1} 0 R");
            var kid = level == depth - 1 ? page : self + 1;
            objects.Add(Ascii(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages{parent} /Kids [{kid} 0 R] /Count 1 >>")));
        }

        objects.Add(Ascii(string.Create(CultureInfo.InvariantCulture,
            $"<< /Type /Page /Parent {depth + 3} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>")));
        return PdfFile.Build(objects);
    }

    private static byte[] Stream(string content) =>
        Ascii(string.Create(CultureInfo.InvariantCulture, $"<< /Length {content.Length} >>\nstream\n{content}\nendstream"));

    /// <summary>Every in-use offset of the table moved 7 bytes on: each entry points into the middle of something.</summary>
    private static byte[] ShiftOffsets(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var xref = text.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        var table = System.Text.RegularExpressions.Regex.Replace(text[xref..], @"(\d{10}) 00000 n",
            m => string.Create(CultureInfo.InvariantCulture, $"{long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 7:D10} 00000 n"));
        return Encoding.Latin1.GetBytes(text[..xref] + table);
    }

    private static byte[] ReplaceStartXref(byte[] pdf, string offset)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var at = text.LastIndexOf("startxref\n", StringComparison.Ordinal) + "startxref\n".Length;
        var end = text.IndexOf('\n', at);
        return Encoding.Latin1.GetBytes(text[..at] + offset + text[end..]);
    }

    /// <summary>The table and trailer removed: only the objects and <c>%%EOF</c> are left.</summary>
    private static byte[] CutXref(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var xref = text.LastIndexOf("\nxref\n", StringComparison.Ordinal) + 1;
        return Encoding.Latin1.GetBytes(text[..xref] + "%%EOF\n");
    }

    private static byte[] Ascii(string text) => PdfFile.Ascii(text);
}
