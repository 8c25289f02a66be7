using System.Globalization;
using Spectre.Console;

namespace FileSearch.Bench.Commands.Bench.Pipeline;

/// <summary>The tables of <c>bench pipeline</c> and its RESULT line.</summary>
internal static class PipelineReport
{
    /// <summary>Writes the tables and the per-file comparison; returns the comparison, whose problems fail the run.</summary>
    public static IReadOnlyList<FileComparison> Write(RunFigures pipeline, RunFigures baseline, int concurrency, double maxCer, string extraFields = "")
    {
        var summary = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{pipeline.Files.Count} files, {Environment.ProcessorCount} cores, pipeline concurrency {concurrency}[/]");
        summary.AddColumn("");
        summary.AddColumn(new TableColumn("pipeline").RightAligned());
        summary.AddColumn(new TableColumn("seed-style baseline").RightAligned());
        Row(summary, "wall time s", pipeline.Wall.TotalSeconds, baseline.Wall.TotalSeconds);
        Row(summary, "files/min", pipeline.FilesPerMinute, baseline.FilesPerMinute);
        Row(summary, "pages", pipeline.Pages, baseline.Pages);
        Row(summary, "pages/s", pipeline.PagesPerSecond, baseline.PagesPerSecond);
        Row(summary, "p50 file s", pipeline.LatencySeconds(0.5), baseline.LatencySeconds(0.5));
        Row(summary, "p95 file s", pipeline.LatencySeconds(0.95), baseline.LatencySeconds(0.95));
        Row(summary, "CPU s (process + children)", pipeline.Cpu.TotalSeconds, baseline.Cpu.TotalSeconds);
        Row(summary, "CPU s per file", pipeline.Cpu.TotalSeconds / pipeline.Files.Count, baseline.Cpu.TotalSeconds / Math.Max(1, baseline.Files.Count));
        Row(summary, "failed files", pipeline.Failed, baseline.Failed);
        Row(summary, "peak RSS MB (process + largest child)", pipeline.PeakRssMb, baseline.PeakRssMb);
        Row(summary, "of which the largest child MB", pipeline.ChildPeakRssMb, baseline.ChildPeakRssMb);
        AnsiConsole.Write(summary);
        AnsiConsole.Write(Stages(pipeline, baseline));
        AnsiConsole.Write(Kinds(pipeline, baseline));

        foreach (var failed in pipeline.Files.Concat(baseline.Files).Where(f => !f.Indexed).Take(10))
        {
            AnsiConsole.MarkupLine($"[red]not indexed[/] {Markup.Escape(failed.Key)}: {Markup.Escape(failed.Error ?? "unknown")}");
        }

        var comparison = PipelineComparison.Compare(pipeline.Indexed, baseline.Indexed, maxCer);
        var mismatches = comparison.Where(c => c.Problem is not null).ToList();
        var ocr = comparison.Where(c => c.Ocr).ToList();
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Same results: {comparison.Count - mismatches.Count} of {comparison.Count} files agree (type, pages; text exact, or CER <= {maxCer:P0} where OCR'd: {ocr.Count} files, largest CER {MaxCer(comparison):P1}).")));
        foreach (var mismatch in mismatches)
        {
            AnsiConsole.MarkupLine($"[red]MISMATCH[/] {Markup.Escape(mismatch.Key)}: {Markup.Escape(mismatch.Problem!)}");
        }

        Console.WriteLine(ResultLine(pipeline, baseline, comparison) + extraFields);
        return comparison;
    }

    public static string ResultLine(RunFigures pipeline, RunFigures baseline, IReadOnlyList<FileComparison> comparison) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT pipeline files={pipeline.Files.Count} files_per_min={pipeline.FilesPerMinute:F2} baseline_files_per_min={baseline.FilesPerMinute:F2} ratio={pipeline.FilesPerMinute / baseline.FilesPerMinute:F2} p95_file_s={pipeline.LatencySeconds(0.95):F2} peak_rss_mb={pipeline.PeakRssMb:F0} baseline_peak_rss_mb={baseline.PeakRssMb:F0} max_ocr_cer={MaxCer(comparison):F4} mismatches={comparison.Count(c => c.Problem is not null)} passed={(comparison.All(c => c.Problem is null) ? "true" : "false")}");

    private static double MaxCer(IReadOnlyList<FileComparison> comparison) => comparison.Where(c => c.Ocr).Select(c => c.Cer).DefaultIfEmpty(0).Max();

    /// <summary>Time per stage summed over all files; with concurrency the pipeline's sum exceeds its wall time.</summary>
    private static Table Stages(RunFigures pipeline, RunFigures baseline)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Time per stage, summed over files (s)[/]");
        table.AddColumns("stage", "pipeline", "share", "baseline", "share");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        var ours = pipeline.StageTotals().ToDictionary(s => s.Stage, s => s.Total.TotalSeconds, StringComparer.Ordinal);
        var theirs = baseline.StageTotals().ToDictionary(s => s.Stage, s => s.Total.TotalSeconds, StringComparer.Ordinal);
        var (ourSum, theirSum) = (ours.Values.Sum(), theirs.Values.Sum());
        foreach (var stage in ours.Keys.Union(theirs.Keys, StringComparer.Ordinal))
        {
            var (a, b) = (ours.GetValueOrDefault(stage), theirs.GetValueOrDefault(stage));
            table.AddRow(stage, F(a), Share(a, ourSum), F(b), Share(b, theirSum));
        }

        return table;
    }

    private static Table Kinds(RunFigures pipeline, RunFigures baseline)
    {
        // Latency in the mixed run: files of one type wait behind files of others, so this is not a per-type throughput
        // (see --per-type for that).
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Mean seconds per file by type (latency in this run)[/]");
        table.AddColumns("type", "files", "pages", "pipeline", "baseline");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        var theirs = baseline.Files.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var group in pipeline.Files.GroupBy(f => Corpus.CorpusGenerator.CategoryOf(f.Key), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var mine = group.ToList();
            var other = mine.Select(f => theirs.GetValueOrDefault(f.Key)).OfType<FileFigure>().ToList();
            table.AddRow(group.Key, mine.Count.ToString(CultureInfo.InvariantCulture), mine.Sum(f => f.Pages).ToString(CultureInfo.InvariantCulture),
                F(mine.Average(f => f.Duration.TotalSeconds)), other.Count == 0 ? "-" : F(other.Average(f => f.Duration.TotalSeconds)));
        }

        return table;
    }

    private static void Row(Table table, string label, double a, double b) => table.AddRow(label, F(a), F(b));

    private static string Share(double part, double total) => total <= 0 ? "-" : (part / total).ToString("P0", CultureInfo.InvariantCulture);

    private static string F(double value) => value < 0 ? "n/a" : value.ToString("0.##", CultureInfo.InvariantCulture);
}
