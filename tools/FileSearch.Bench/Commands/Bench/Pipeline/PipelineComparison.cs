using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Testing.Ocr;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>What one side stored for a file: detected type, page count, how the text was obtained, and the text.</summary>
internal sealed record StoredDocument(FileKind Kind, int Pages, string? Method, string Text, bool Truncated)
{
    public static StoredDocument From(DocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Kind, record.PageCount ?? 0, record.ExtractionMethod, record.Text ?? string.Empty, record.Truncated);
    }

    /// <summary>Whether any of the text came from OCR (images, scanned or mixed PDFs).</summary>
    public bool Ocr => Kind.IsImage() || (Method?.Contains("ocr", StringComparison.Ordinal) ?? false);
}

/// <summary>How the two runs' results for one file compare; <see cref="Problem"/> is null when they agree.</summary>
internal sealed record FileComparison(string Key, double Cer, bool Ocr, string? Problem);

/// <summary>
/// The check of <c>bench pipeline</c> that both runs did the same work: for every file, the same detected type, the same
/// page count, and the same text: exactly (after NFKC, whitespace removed) where it came from a text layer or a
/// document format, within <c>maxCer</c> character error rate (the baseline's text as the reference) where any of it came
/// from OCR, since the two sides preprocess pages differently. A file indexed by only one side is a mismatch too.
/// </summary>
internal static class PipelineComparison
{
    public static IReadOnlyList<FileComparison> Compare(IReadOnlyDictionary<string, StoredDocument> pipeline, IReadOnlyDictionary<string, StoredDocument> baseline, double maxCer)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(baseline);
        var results = new List<FileComparison>();
        foreach (var key in pipeline.Keys.Union(baseline.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!pipeline.TryGetValue(key, out var ours) || !baseline.TryGetValue(key, out var theirs))
            {
                results.Add(new FileComparison(key, 1, false, $"indexed by the {(ours is null ? "baseline" : "pipeline")} only"));
                continue;
            }

            results.Add(Compare(key, ours, theirs, maxCer));
        }

        return results;
    }

    public static FileComparison Compare(string key, StoredDocument ours, StoredDocument theirs, double maxCer)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        // The pipeline stores at most its text cap; compare the baseline's text over the same length.
        var reference = ours.Truncated && theirs.Text.Length > ours.Text.Length ? theirs.Text[..ours.Text.Length] : theirs.Text;
        var cer = Cer(reference, ours.Text);
        var ocr = ours.Ocr || theirs.Ocr;
        var problems = new List<string>();
        if (ours.Kind != theirs.Kind)
        {
            problems.Add($"type {ours.Kind} vs {theirs.Kind}");
        }

        if (ours.Pages != theirs.Pages)
        {
            problems.Add(Invariant($"pages {ours.Pages} vs {theirs.Pages}"));
        }

        if (ocr ? cer > maxCer : CharacterErrorRate.Normalize(reference) != CharacterErrorRate.Normalize(ours.Text))
        {
            problems.Add(ocr ? Invariant($"OCR text differs: CER {cer:P1} > {maxCer:P1}") : Invariant($"text differs (not OCR, must be equal): CER {cer:P2}"));
        }

        return new FileComparison(key, cer, ocr, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>CER of <paramref name="text"/> against <paramref name="reference"/>; an empty reference read as non-empty counts as 1.</summary>
    public static double Cer(string reference, string text) => CharacterErrorRate.Normalize(reference).Length == 0
        ? (CharacterErrorRate.Normalize(text).Length == 0 ? 0 : 1)
        : CharacterErrorRate.Of(reference, text);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
