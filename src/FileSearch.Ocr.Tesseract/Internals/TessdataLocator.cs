namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Finds the tessdata directory and checks that every configured language has its traineddata file.</summary>
internal static class TessdataLocator
{
    public const string EnvironmentVariable = "TESSDATA_PREFIX";

    public static readonly IReadOnlyList<string> WellKnownDirectories =
        ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"];

    public static IReadOnlyList<string> SplitLanguages(string languages) =>
        languages.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The first candidate directory holding every language: <c>TESSDATA_PREFIX</c> (itself, or its
    /// <c>tessdata</c> child as older releases expected), then the Debian 5.x and 4.00 locations.
    /// Falls back to the first existing candidate so the validator can name what is missing; null when none exists.
    /// </summary>
    public static string? Resolve(string? tessdataPrefix, string languages, IReadOnlyList<string>? wellKnown = null)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(tessdataPrefix))
        {
            candidates.Add(tessdataPrefix);
            candidates.Add(Path.Combine(tessdataPrefix, "tessdata"));
        }

        candidates.AddRange(wellKnown ?? WellKnownDirectories);
        var existing = candidates.Where(Directory.Exists).ToList();
        return existing.FirstOrDefault(d => MissingLanguages(d, languages).Count == 0) ?? existing.FirstOrDefault();
    }

    public static IReadOnlyList<string> MissingLanguages(string directory, string languages) =>
        [.. SplitLanguages(languages).Where(l => !File.Exists(Path.Combine(directory, l + ".traineddata")))];

    /// <summary>The Debian package that ships a language: <c>jpn_vert</c> is in <c>tesseract-ocr-jpn-vert</c>.</summary>
    public static string PackageFor(string language) => "tesseract-ocr-" + language.Replace('_', '-').ToLowerInvariant();
}
