using System.Globalization;
using System.Text;
using NetVips;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>The kinds of file in a generated corpus.</summary>
internal enum CorpusKind
{
    TextPdf,
    ScannedPdf,
    MultiPageTiff,
    ScanJpeg,
    Docx,
    Xlsx,
    Pptx,
    ShiftJisText,
    Photo,
    CameraPhoto,
    Screenshot,
    DpiScan,
    Utf8Text,
}

/// <summary>
/// Writes a deterministic mixed corpus of Japanese business files: the same <c>seed</c> and count give the same
/// files (same names, same content) on the same machine. The mix follows a fixed pattern of 20 so any prefix of the
/// corpus has every kind in proportion: 5 text PDFs, 2 scanned PDFs, 1 multi-page TIFF, 2 scanned JPEGs, 2 each of
/// DOCX, XLSX and PPTX, 2 Shift_JIS texts and 2 photos. Another <see cref="CorpusMix"/> (the share mix: camera photos,
/// screenshots, scans at several resolutions, see <see cref="ShareFiles"/>) changes the proportions and kinds.
/// </summary>
internal sealed class CorpusGenerator(string folder, int seed, int maxPages, CorpusMix? mix = null)
{
    private const int LineChars = 40;

    /// <summary>The classic mix's pattern of 20.</summary>
    internal static readonly CorpusKind[] ClassicPattern =
    [
        CorpusKind.TextPdf, CorpusKind.ScannedPdf, CorpusKind.Docx, CorpusKind.ShiftJisText, CorpusKind.Photo,
        CorpusKind.Xlsx, CorpusKind.TextPdf, CorpusKind.ScanJpeg, CorpusKind.Pptx, CorpusKind.TextPdf,
        CorpusKind.MultiPageTiff, CorpusKind.Docx, CorpusKind.TextPdf, CorpusKind.ScannedPdf, CorpusKind.Xlsx,
        CorpusKind.ShiftJisText, CorpusKind.Photo, CorpusKind.Pptx, CorpusKind.TextPdf, CorpusKind.ScanJpeg,
    ];

    private static readonly string[] Titles = ["業務委託契約書", "営業報告書", "議事録", "見積書", "請求書", "納品書", "品質監査報告", "予算計画書", "人事研修資料", "障害対応報告"];

    private readonly IReadOnlyList<CorpusKind> _pattern = (mix ?? CorpusMix.Classic).Pattern;
    private readonly ShareFiles _share = new();

    /// <summary>The kind of the file at <paramref name="index"/> (0-based).</summary>
    public CorpusKind KindAt(int index) => _pattern[index % _pattern.Count];

    /// <summary>
    /// The category <c>bench pipeline --per-type</c> groups a file of a generated corpus by, from its name; other files by
    /// their extension.
    /// </summary>
    public static string CategoryOf(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        return name switch
        {
            _ when name.EndsWith("_カメラ", StringComparison.Ordinal) => "camera-photo",
            _ when name.EndsWith("_写真", StringComparison.Ordinal) => "photo",
            _ when name.EndsWith("_スクショ", StringComparison.Ordinal) => "screenshot",
            _ when name.Contains("_スキャン", StringComparison.Ordinal) && extension == "pdf" => "scanned-pdf",
            _ when name.Contains("_スキャン", StringComparison.Ordinal) => "scan-" + extension,
            _ when name.EndsWith("_FAX", StringComparison.Ordinal) => "fax-tiff",
            _ when extension == "pdf" => "text-pdf",
            _ => extension,
        };
    }

    /// <summary>Writes file number <paramref name="index"/>; returns its path and page count.</summary>
    public (string Path, int Pages) Write(int index)
    {
        var kind = KindAt(index);
        var random = new Random(unchecked((seed * 100_003) + index));
        var text = new JapaneseCorpus(unchecked((seed * 7_919) + index));
        var title = Titles[index % Titles.Length];
        var name = string.Create(CultureInfo.InvariantCulture, $"{index + 1:0000}_{title}");
        string Path(string suffix) => System.IO.Path.Combine(folder, name + suffix);
        switch (kind)
        {
            case CorpusKind.TextPdf:
                {
                    var pdf = new MinimalPdf();
                    var pages = Pages(random, maxPages);
                    for (var p = 0; p < pages; p++)
                    {
                        pdf.AddTextPage(Lines(text, 34), 10.5);
                    }

                    pdf.Save(Path(".pdf"), title);
                    return (Path(".pdf"), pages);
                }

            case CorpusKind.ScannedPdf:
                {
                    var pdf = new MinimalPdf();
                    var pages = Pages(random, Math.Min(3, maxPages));
                    for (var p = 0; p < pages; p++)
                    {
                        using var page = ScanRenderer.Page(ScanLines(title, text, random), random.Next());
                        pdf.AddJpegPage(ScanRenderer.Jpeg(page), page.Width, page.Height);
                    }

                    pdf.Save(Path("_スキャン.pdf"), title);
                    return (Path("_スキャン.pdf"), pages);
                }

            case CorpusKind.MultiPageTiff:
                {
                    var count = Math.Min(maxPages, 2 + random.Next(2));
                    var pages = Enumerable.Range(0, count).Select(_ => ScanRenderer.Page(ScanLines(title, text, random), random.Next())).ToList();
                    ScanRenderer.WriteMultiPageTiff(pages, Path("_FAX.tif"));
                    pages.ForEach(p => p.Dispose());
                    return (Path("_FAX.tif"), count);
                }

            case CorpusKind.ScanJpeg:
                {
                    using var page = ScanRenderer.Page(ScanLines(title, text, random), random.Next());
                    File.WriteAllBytes(Path("_スキャン.jpg"), ScanRenderer.Jpeg(page));
                    return (Path("_スキャン.jpg"), 1);
                }

            case CorpusKind.Docx:
                OfficeWriter.WriteDocx(Path(".docx"), title, Enumerable.Range(0, 10 + random.Next(20)).Select(_ => text.Next(80 + random.Next(120)).Replace("\n", "", StringComparison.Ordinal)));
                return (Path(".docx"), 1);

            case CorpusKind.Xlsx:
                var months = Enumerable.Range(1, 12).Select(m => $"{m}月").Prepend("項目").ToList();
                OfficeWriter.WriteXlsx(Path(".xlsx"), "集計", months, Enumerable.Range(0, 20 + random.Next(180))
                    .Select(_ => (text.Word() + text.Word(), (IReadOnlyList<double>)[.. Enumerable.Range(0, 12).Select(_ => (double)random.Next(1_000_000))])));
                return (Path(".xlsx"), 1);

            case CorpusKind.Pptx:
                var slides = Enumerable.Range(0, Pages(random, Math.Max(3, maxPages))).Select(s =>
                    ($"{title} {s + 1}", (IReadOnlyList<string>)[.. Enumerable.Range(0, 3 + random.Next(4)).Select(_ => text.Next(30).Split('。')[0])])).ToList();
                OfficeWriter.WritePptx(Path(".pptx"), slides);
                return (Path(".pptx"), slides.Count);

            case CorpusKind.ShiftJisText:
                var shiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932) ?? throw new InvalidOperationException("Shift_JIS (code page 932) is not available");
                File.WriteAllBytes(Path("_sjis.txt"), shiftJis.GetBytes($"{title}\r\n\r\n{text.Next(1000 + random.Next(4000)).ReplaceLineEndings("\r\n")}\r\n"));
                return (Path("_sjis.txt"), 1);

            case CorpusKind.CameraPhoto:
                _share.CameraPhoto(unchecked((seed * 31) + index), Path("_カメラ.jpg"));
                return (Path("_カメラ.jpg"), 1);

            case CorpusKind.Screenshot:
                _share.Screenshot(unchecked((seed * 31) + index), Path("_スクショ.png"));
                return (Path("_スクショ.png"), 1);

            case CorpusKind.DpiScan:
                {
                    // The resolutions in turn over the scans of the corpus, whatever the seed.
                    var n = Occurrence(index);
                    var path = Path(string.Create(CultureInfo.InvariantCulture, $"_スキャン{ShareFiles.ScanDpiOf(n)}dpi.jpg"));
                    _share.Scan(n, unchecked(seed * 31), path);
                    return (path, 1);
                }

            case CorpusKind.Utf8Text:
                _share.Note(unchecked((seed * 31) + index), Path("_メモ.txt"));
                return (Path("_メモ.txt"), 1);

            default:
                using (var photo = BenchPhotos.Create(random.Next(), 3000, 2000))
                {
                    photo.Jpegsave(Path("_写真.jpg"), q: 85, keep: Enums.ForeignKeep.None);
                }

                return (Path("_写真.jpg"), 1);
        }
    }

    /// <summary>How many files of the kind at <paramref name="index"/> come before it.</summary>
    private int Occurrence(int index)
    {
        var kind = KindAt(index);
        var perPeriod = _pattern.Count(k => k == kind);
        return (index / _pattern.Count * perPeriod) + _pattern.Take(index % _pattern.Count).Count(k => k == kind);
    }

    private static int Pages(Random random, int max) => 1 + random.Next(Math.Max(1, max));

    private static List<string> Lines(JapaneseCorpus text, int count)
    {
        // Next() counts its line breaks; ask for a fifth more so the flattened text still fills every line.
        var flat = text.Next(count * LineChars * 6 / 5).Replace("\n", "", StringComparison.Ordinal);
        return [.. Enumerable.Range(0, count).Select(i => flat.Substring(i * LineChars, LineChars))];
    }

    /// <summary>A half-page document as scanned: a heading, then 12-20 lines.</summary>
    private static List<string> ScanLines(string title, JapaneseCorpus text, Random random) =>
        [$"{title}（写）", string.Empty, .. Lines(text, 12 + random.Next(9)).Select(l => l[..36])];
}
