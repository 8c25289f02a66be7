using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Spectre.Console;

namespace FileSearch.Cli.Rendering;

/// <summary>How <c>show</c> prints a document's OCR facts: a one-line count summary and a table of its OCR'd pages.</summary>
internal static class OcrSummaryView
{
    private const int PreviewPages = 30;

    /// <summary>"12 recognised (2 weak, 1 retried, 5 reused), 3 not OCR'd (page limit), 1 cut at deadline".</summary>
    public static string Counts(OcrSummary ocr)
    {
        var details = new List<string>();
        Add(details, ocr.Weak, "weak");
        Add(details, ocr.Retried, "retried");
        Add(details, ocr.Reused, "reused from checkpoint");
        if (ocr.NothingToRead)
        {
            return "no text found (a picture without text; nothing to read)";
        }

        var line = Invariant($"{ocr.Recognized} recognised") + (details.Count > 0 ? $" ({string.Join(", ", details)})" : string.Empty);
        if (ocr.NotRecognized > 0)
        {
            line += Invariant($", {ocr.NotRecognized} not OCR'd (page limit or not rasterized)");
        }

        if (ocr.TimedOut > 0)
        {
            line += Invariant($", {ocr.TimedOut} cut at deadline");
        }

        return ocr.Incomplete ? line + "; INCOMPLETE" : line;
    }

    /// <summary>Page numbers matching <paramref name="predicate"/> as ranges ("3, 7-9"), or null when none.</summary>
    public static string? PageList(OcrSummary ocr, Func<OcrPageSummary, bool> predicate)
    {
        var numbers = ocr.Pages.Where(predicate).Select(p => p.Number).ToList();
        if (numbers.Count == 0)
        {
            return null;
        }

        var ranges = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var j = i;
            while (j + 1 < numbers.Count && numbers[j + 1] == numbers[j] + 1)
            {
                j++;
            }

            ranges.Add(j == i ? Invariant($"{numbers[i]}") : Invariant($"{numbers[i]}-{numbers[j]}"));
            i = j + 1;
        }

        return string.Join(", ", ranges);
    }

    /// <summary>One row per OCR'd page (the first 30 unless <paramref name="all"/>).</summary>
    public static void WritePages(OcrSummary ocr, bool all)
    {
        if (ocr.Pages.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title("OCR pages");
        foreach (var column in new[] { "page", "status", "confidence", "flags", "operations" })
        {
            table.AddColumn(column);
        }

        var shown = all ? ocr.Pages : ocr.Pages.Take(PreviewPages);
        foreach (var page in shown)
        {
            table.AddRow(
                new Text(page.Number.ToString(CultureInfo.InvariantCulture)),
                new Text(page.NoText ? "no text found" : Status(page.Status)),
                new Text(page.Confidence?.ToString("F0", CultureInfo.InvariantCulture) ?? "-"),
                new Text(Flags(page)),
                new Text(page.Operations));
        }

        AnsiConsole.Write(table);
        if (!all && ocr.Pages.Count > PreviewPages)
        {
            AnsiConsole.MarkupLine(Invariant($"[dim]... {ocr.Pages.Count - PreviewPages} more pages (--full-text)[/]"));
        }
    }

    private static string Status(OcrPageStatus status) => status switch
    {
        OcrPageStatus.Recognized => "recognised",
        OcrPageStatus.TimedOut => "cut at deadline",
        _ => "not OCR'd",
    };

    private static string Flags(OcrPageSummary page) =>
        string.Join(' ', new[] { page.Weak ? "weak" : null, page.Retried ? "retried" : null, page.Reused ? "reused" : null }.OfType<string>());

    private static void Add(List<string> details, int count, string label)
    {
        if (count > 0)
        {
            details.Add(Invariant($"{count} {label}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
