using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>The OCR facts an extraction result carries in its properties (all counts of pages).</summary>
internal static class OcrProperties
{
    public const string Pages = "ocrPages";
    public const string NotRecognized = "ocrPagesNotRecognized";
    public const string TimedOut = "ocrPagesTimedOut";
    public const string Weak = "ocrPagesWeak";
    public const string Retried = "ocrPagesRetried";
    public const string Reused = "ocrPagesReused";
    public const string Incomplete = "ocrIncomplete";
    public const string PageConfidences = "ocrPageConfidences";
    public const string PageOperations = "ocrPageOperations";

    /// <summary>
    /// Adds the counts for <paramref name="results"/>; <paramref name="notRecognized"/> counts pages that never reached
    /// the engine (page limit, rasterizing failed). <c>ocrIncomplete=true</c> flags a document with any page missing.
    /// </summary>
    public static void Add(IDictionary<string, string> properties, IEnumerable<OcrResult> results, int notRecognized)
    {
        var list = results.ToList();
        var notDone = notRecognized + list.Count(r => r.Status == OcrPageStatus.NotRecognized);
        var timedOut = list.Count(r => r.Status == OcrPageStatus.TimedOut);
        properties[Pages] = Invariant(list.Count(r => r.Status == OcrPageStatus.Recognized));
        properties[NotRecognized] = Invariant(notDone);
        properties[TimedOut] = Invariant(timedOut);
        properties[Weak] = Invariant(list.Count(r => r.Weak));
        properties[Retried] = Invariant(list.Count(r => r.Retried));
        properties[Reused] = Invariant(list.Count(r => r.Reused));
        properties[PageConfidences] = string.Join(',', list.Select(r => r.Status == OcrPageStatus.Recognized
            ? r.MeanConfidence.ToString("F0", CultureInfo.InvariantCulture) : "-"));
        if (list.Any(r => r.Operations.Length > 0))
        {
            properties[PageOperations] = string.Join(';', list.Select(r => r.Operations));
        }

        if (notDone + timedOut > 0)
        {
            properties[Incomplete] = "true";
        }
    }

    /// <summary>The metadata summary of the OCR'd pages (page number and result), in page order.</summary>
    public static OcrSummary Summary(IEnumerable<(int Number, OcrResult Result)> pages) => new()
    {
        Pages = [.. pages.OrderBy(p => p.Number).Select(p => new OcrPageSummary(
            p.Number,
            p.Result.Status,
            p.Result.Status == OcrPageStatus.Recognized && !OcrPageSummary.IsNoText(p.Result.Operations)
                ? Math.Round(p.Result.MeanConfidence, 1) : null,
            p.Result.Weak,
            p.Result.Retried,
            p.Result.Reused,
            p.Result.Operations))],
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
