namespace FileSearch.Benchmarks;

/// <summary>The repository's <c>samples/</c> files, copied next to the benchmark assembly at build time.</summary>
internal static class Samples
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "samples");

    public static string Pdf => Sample("契約書_業務委託_2025.pdf");

    public static string Docx => Sample("営業報告書_2025年1月.docx");

    public static string Xlsx => Sample("売上実績_2025Q1.xlsx");

    public static string ShiftJisText => Sample("議事録_sjis.txt");

    /// <summary>Every sample file (text, PDF, Office, scans, photo), sorted by name.</summary>
    public static string[] All() =>
        [.. Directory.GetFiles(Folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)];

    private static string Sample(string name)
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Sample {name} is missing from {Folder}; rebuild the benchmark project", path);
    }
}
